"""`unga site`: the static site of a release, written into a staging folder beside the output
and swapped into place only when complete (outputs.py, as every output of the project).

The release is opened locked down (release/reader.py), the tables of the data model copied out
of it into a database the site owns (owned_copy.py) and the release closed; the copy is
checked (release_checks.py), and every page, chart and Parquet file is made from it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from ..client.cache import cached
from ..outputs import replaced
from ..readme_queries import BLOCK
from ..release.names import DATABASE
from . import geometry, pages, sections
from .assets import ATLAS, checkout, copy_assets, node_modules
from .data import Release, SiteError, open_release, read
from .output import MARKER, MARKER_TEXT, PACKAGE, check_out, inside, is_site
from .owned_copy import copy_release
from .release_checks import check_release
from .release_files import Listed, check_links, check_tables, files
from .release_notes import licences, version
from .search import compare_data, dump, search_index
from .sql_page import statements, write_parquet
from .stats import REFERENCE_STATES

SITE_URL = "https://unga-votes.github.io/unga-votes/"  # where the release workflow publishes it


@dataclass(frozen=True)
class SiteResult:
    out: Path
    version: str
    pages: dict[str, int]  # kind -> pages written
    files: int
    bytes: int


def default_database() -> Path:
    """dist/unga-votes.duckdb when there is one (`make release`), else the downloaded release."""
    built = Path("dist") / DATABASE
    if built.is_file():
        return built
    release = cached()
    if release is None:
        raise SiteError("no database: give --db, or build one (`make release`) or download one")
    return release.database


def build_site(database: Path | None, out: Path) -> SiteResult:
    database = default_database() if database is None else database
    modules = node_modules(checkout())
    target = check_out(out, database)
    try:
        con, tag, listed = _checked_copy(database)
        try:
            release = read(con, database)
            schema = statements(con, database)
            examples = _examples()
            with replaced(target, "site", is_site, protected=[database, PACKAGE]) as staging:
                counts = _write(staging, release, modules, tag, listed, examples, schema)
                (inside(staging, MARKER)).write_text(MARKER_TEXT, encoding="utf-8")
        finally:
            con.close()
    # A hostile release that gets past every check still fails in one line.
    except (OSError, duckdb.Error, pa.ArrowException, UnicodeError) as e:
        raise SiteError(f"site not written, {out} left as it was: {e}") from e
    written = [p for p in target.rglob("*") if p.is_file()]
    return SiteResult(target, tag, counts, len(written), sum(p.stat().st_size for p in written))


def _checked_copy(database: Path) -> tuple[duckdb.DuckDBPyConnection, str, Listed]:
    """The site's checked copy of the release at `database` (the release closed again), the
    release's version and its files (from the folder beside it)."""
    source = open_release(database)
    try:
        check_links(database)
        tag = version(database)
        listed = files(database, tag)
        check_tables(listed, source, database)
        con = copy_release(source, database)
    finally:
        source.close()
    try:
        check_release(con, database)
    except BaseException:
        con.close()
        raise
    return con, tag, listed


def _write(
    site: Path,
    release: Release,
    modules: Path,
    tag: str,
    listed: Listed,
    examples: list[tuple[str, str]],
    schema: list[str],
) -> dict[str, int]:
    assets = inside(site, "assets")
    notice = copy_assets(modules, assets)
    m49 = {s.code: s.m49 for s in release.states.values() if s.m49}
    world, dots, drawn = geometry.world(modules / ATLAS, set(m49.values()))
    inside(assets, f"map/{geometry.COARSE}").write_bytes(world)
    inside(assets, "map/dots.json").write_text(dump(dots), encoding="utf-8")
    shared = {s.code: {"m49": s.m49, "region": s.region} for s in release.states.values()}
    inside(assets, "states.json").write_text(dump(shared), encoding="utf-8")
    release.drawn = {code for code, code_m49 in m49.items() if code_m49 in drawn}
    parquet = write_parquet(release.con, inside(site, "parquet"))
    refs = tuple(r for r in REFERENCE_STATES if r in release.states)

    writer = pages.Writer(site, tag, licences(release.path))
    for rc in release.roll_calls.values():
        pages.roll_call_page(writer, release, rc)
    own = [r for r in release.resolutions.values()
           if pages.resolution_url(release, r.symbol).startswith("res/")]  # fmt: skip
    for res in own:
        pages.resolution_page(writer, res)
    counts = {
        "roll calls": len(release.roll_calls),
        "resolutions": len(release.resolutions),
        "resolution pages (no roll call)": len(own),
        "states": sections.state_pages(writer, release, refs),
        "sessions": sections.session_pages(writer, release),
    }
    sections.index_pages(writer, release, {
        "roll_calls": f"{counts['roll calls']:,}", "resolutions": f"{counts['resolutions']:,}",
        "states": f"{counts['states']:,}", "sessions": f"{counts['sessions']:,}",
    })  # fmt: skip
    sections.compare_page(writer, release, refs)
    inside(site, "compare.json").write_text(dump(compare_data(release)), encoding="utf-8")
    inside(site, "search.json").write_text(dump(search_index(release)), encoding="utf-8")
    writer.page("downloads.html", "downloads.html", files=listed,
                site_url=SITE_URL, notice=notice)  # fmt: skip
    writer.page("sql.html", "sql.html", examples=examples,
                setup={"parquet": parquet, "schema": schema})  # fmt: skip
    inside(site, ".nojekyll").write_text("", encoding="utf-8")
    inside(assets, "notice.json").write_text(json.dumps(notice, indent=1), encoding="utf-8")
    counts["pages in all"] = writer.pages
    return counts


def _examples() -> list[tuple[str, str]]:
    """(what it asks, SQL) of each example query of the README of the checkout the site is
    built from: the paragraph before the query says what it asks."""
    readme = checkout() / "README.md"
    if not readme.is_file():
        return []
    text = readme.read_text(encoding="utf-8")
    out = []
    for match in BLOCK.finditer(text):
        before = text[: match.start()].rstrip().rsplit("\n\n", 1)[-1]
        label = " ".join(before.split()).rstrip(":")
        out.append((label if len(label) <= 140 else label[:139] + "…", match["sql"].strip()))
    return out
