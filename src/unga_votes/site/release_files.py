"""The release's files beside its database, as the downloads page lists them: each with its
checksum (SHA256SUMS read in release/sums.py's one grammar) and download address, under the
release workflow's tag. Nothing in the folder is read through a link, and no file of it is
copied onto the site: the site's own Parquet files are written from its checked copy of the
database (sql_page.py)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import duckdb

from ..client.addresses import asset_name, release_url
from ..client.limits import MAX_FILES, MAX_SUMS_BYTES
from ..release.names import CHECKSUMS, CSV_BUNDLE, DATABASE, NOTES, PARQUET
from ..release.sums import SumsError, read_release_sums, sha256
from ..release.tag import release_tag
from .data import SiteError

Listed = list[tuple[str, int | None, str, str]]  # (name, bytes, sha256, download address)


def check_links(database: Path) -> None:
    """Nothing the site may read beside the database (SHA256SUMS, the notes, the CSV zip, the
    parquet folder and what it holds, a database of the release's name beside another) is a
    link: a release folder's file is read as it is, never as a file elsewhere on the machine
    (a link to a local file would be hashed, sized and, before, copied onto the site)."""
    folder = database.parent
    names = [CHECKSUMS, NOTES, CSV_BUNDLE, PARQUET, DATABASE]
    parquet = folder / PARQUET
    if parquet.is_dir() and not parquet.is_symlink():
        names += [f"{PARQUET}/{entry}" for entry in sorted(os.listdir(parquet))]
    for name in names:
        path = folder / name
        if path == database:  # the database the user named, as named
            continue
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            continue
        except OSError as e:
            raise SiteError(f"{path}: cannot be read ({e.strerror})") from e
        if stat.S_ISLNK(mode):
            raise SiteError(f"{path}: a link, in the release folder; the site reads the "
                            "release's own files only, never through a link")  # fmt: skip


def download_tag(version: str) -> str:
    """The tag the downloads page links the release's files under: the release workflow's
    (release/tag.py), or `latest` for a release that states no version."""
    return "latest" if version == "unversioned" else release_tag(version)


def files(database: Path, version: str) -> Listed:
    """(name, bytes, sha256, download address) of every file SHA256SUMS lists beside the
    database, or of the database alone when there is no SHA256SUMS; the addresses are under
    the tag of the release's `version` (`download_tag`)."""
    base = release_url(download_tag(version))
    sums = database.parent / CHECKSUMS
    if not sums.is_file():
        return [(DATABASE, database.stat().st_size, sha256(database), f"{base}/{DATABASE}")]
    if sums.stat().st_size > MAX_SUMS_BYTES:
        raise SiteError(f"{sums}: {sums.stat().st_size:,} bytes, more than a release's "
                        f"SHA256SUMS holds ({MAX_SUMS_BYTES:,})")  # fmt: skip
    try:  # a release's list, in the one grammar `unga download` reads too
        digests = read_release_sums(sums.read_bytes(), max_files=MAX_FILES)
    except SumsError as e:
        raise SiteError(f"{sums}: {e}") from e
    listed: Listed = []
    for name, digest in digests.items():
        path = database.parent / name
        size = path.stat().st_size if path.is_file() else None
        if size is not None and sha256(path) != digest:  # the page shows this checksum
            raise SiteError(
                f"{path}: does not match its SHA256SUMS line (changed since the release was "
                "built); build or download the release again"
            )
        listed.append((name, size, digest, f"{base}/{asset_name(name)}"))
    listed.append((CHECKSUMS, sums.stat().st_size, "", f"{base}/{CHECKSUMS}"))
    return listed


def check_tables(listed: Listed, con: duckdb.DuckDBPyConnection, database: Path) -> None:
    """The release's SHA256SUMS (when there is one) lists a Parquet file for each table of the
    database and for nothing else: a table dropped from either is not the release."""
    served = {n.removeprefix(f"{PARQUET}/").removesuffix(".parquet")
              for n, *_ in listed if n.startswith(f"{PARQUET}/")}  # fmt: skip
    if not served:  # the database alone: it is the whole release
        return
    held = set(tables(con))
    for name in sorted(served ^ held):
        where = "the database has no such table" if name in served else "SHA256SUMS lists none"
        raise SiteError(f"{database}: not the release its SHA256SUMS describes (table {name}: "
                        f"{where})")  # fmt: skip


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND NOT internal ORDER BY table_name"
        ).fetchall()
    ]
