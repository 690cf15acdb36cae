"""release_files.py: the release's version and files (checksums, download addresses that can
only point at the releases), its Parquet files, and its views and macros as SQL that a fresh
database accepts."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from helpers import RELEASE_FILES

from unga_votes.errors import UngaError
from unga_votes.release.sums import sha256
from unga_votes.site.data import REQUIRED, SiteError
from unga_votes.site.release_files import (
    check_tables,
    files,
    one_create,
    schema_sql,
    tables,
    version,
    write_parquet,
)

BASE = "https://github.com/unga-votes/unga-votes/releases"
TABLES = [n.removeprefix("parquet/").removesuffix(".parquet") for n in RELEASE_FILES
          if n.startswith("parquet/")]  # fmt: skip


@pytest.fixture(autouse=True)
def _default_release_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UNGA_VOTES_RELEASE_URL", raising=False)  # addresses as published


@pytest.fixture
def release(dist: Path, tmp_path: Path) -> Path:
    """A copy of the fixture release, to change; its database."""
    shutil.copytree(dist, tmp_path / "dist")
    return tmp_path / "dist" / "unga-votes.duckdb"


@pytest.fixture
def con(dist: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(dist / "unga-votes.duckdb"), read_only=True)
    yield con
    con.close()


def test_version_from_the_notes(release: Path) -> None:
    assert version(release) == "2026.11.0"
    notes = release.parent / "RELEASE_NOTES.md"
    notes.write_text("# unga-votes 2027.1.0-rc1  \nbody\n", encoding="utf-8")
    assert version(release) == "2027.1.0-rc1"
    for first in ("# unga-votes", "# unga-votes 1 2", "# other 1.0", ""):
        notes.write_text(first + "\n", encoding="utf-8")
        assert version(release) == "unversioned", first
    notes.unlink()
    assert version(release) == "unversioned"


def test_files_are_those_sha256sums_lists(release: Path) -> None:
    listed = files(release, "2026.11.0")
    assert [name for name, *_ in listed] == [*(n for n in RELEASE_FILES if n != "SHA256SUMS"),
                                             "SHA256SUMS"]  # fmt: skip
    for name, size, digest, url in listed[:-1]:
        assert size == (release.parent / name).stat().st_size
        assert digest == sha256(release.parent / name)
        # GitHub's release assets are flat: parquet/votes.parquet is votes.parquet.
        assert url == f"{BASE}/download/2026.11.0/{name.rsplit('/', 1)[-1]}"
    sums = release.parent / "SHA256SUMS"
    assert listed[-1] == (
        "SHA256SUMS",
        sums.stat().st_size,
        "",
        f"{BASE}/download/2026.11.0/SHA256SUMS",
    )


def test_an_unversioned_release_links_the_latest(release: Path) -> None:
    (release.parent / "parquet" / "votes.parquet").unlink()  # listed, but not here
    listed = {name: (size, url) for name, size, _, url in files(release, "unversioned")}
    assert listed["parquet/votes.parquet"] == (None, f"{BASE}/latest/download/votes.parquet")


def test_a_database_alone(tmp_path: Path, dist: Path) -> None:
    db = tmp_path / "unga-votes.duckdb"
    shutil.copyfile(dist / "unga-votes.duckdb", db)
    url = f"{BASE}/download/2026.11.0/unga-votes.duckdb"
    assert files(db, "2026.11.0") == [("unga-votes.duckdb", db.stat().st_size, sha256(db), url)]


@pytest.mark.parametrize("tag", ["javascript:alert(1)", '1"><script>', "../../x", "a b"])
def test_a_version_that_is_no_tag_is_refused_in_one_line(release: Path, tag: str) -> None:
    """A version that is no release tag (a hand-edited RELEASE_NOTES.md) cannot turn the
    download links into other addresses."""
    with pytest.raises(UngaError) as caught:
        files(release, tag)
    assert "\n" not in str(caught.value) and caught.value.exit_code == 2


def test_tables_are_the_databases_own(tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE b (x INT); CREATE TABLE a (x INT); CREATE VIEW v AS SELECT 1")
    con.execute("CREATE TEMP TABLE t (x INT)")
    con.execute(f"ATTACH '{tmp_path / 'other.duckdb'}' AS other")
    con.execute("CREATE TABLE other.c (x INT)")
    assert tables(con) == ["a", "b"]  # no view, temporary or attached table
    con.close()


def test_parquet_copied_from_beside_the_database(release: Path, tmp_path: Path) -> None:
    con = duckdb.connect(str(release), read_only=True)
    names = write_parquet(con, release, tmp_path / "site" / "parquet")
    con.close()
    assert names == [f"{t}.parquet" for t in TABLES]
    for name in names:
        site = tmp_path / "site" / "parquet" / name
        assert site.read_bytes() == (release.parent / "parquet" / name).read_bytes()


def test_parquet_written_when_the_database_came_alone(tmp_path: Path) -> None:
    """Written from the database, quoting names: a table named with a quote, a folder with
    an apostrophe (each would otherwise end the SQL string or identifier)."""
    db = tmp_path / "db.duckdb"
    con = duckdb.connect(str(db))
    for table, columns in REQUIRED.items():
        con.execute(f"CREATE TABLE {table} AS SELECT " + ", ".join(f'1 AS "{c}"' for c in columns))
    con.execute('CREATE TABLE "we""ird" AS SELECT \'x\' AS v')
    dest = tmp_path / "it's" / "parquet"
    names = write_parquet(con, db, dest)
    assert names == sorted([f"{t}.parquet" for t in REQUIRED] + ['we"ird.parquet'])
    written = con.execute("SELECT * FROM read_parquet(?)", [str(dest / 'we"ird.parquet')])
    assert written.fetchall() == [("x",)]
    con.close()


def test_a_required_table_missing_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE votes (roll_call INT)")
    with pytest.raises(SiteError) as caught:
        write_parquet(con, db, tmp_path / "out")
    con.close()
    assert str(caught.value) == f"{db}: no table memberships to serve as Parquet"
    assert caught.value.exit_code == 1


def test_schema_sql_recreates_the_views_and_macros(
    con: duckdb.DuckDBPyConnection, dist: Path
) -> None:
    statements = schema_sql(con)
    kinds = [s.split(" ", 2)[1] for s in statements]
    # Macros first (scalar before table macros, as the page creates them), then views.
    assert kinds == sorted(kinds, key=lambda k: k != "MACRO")
    assert sum("AS TABLE" in s for s in statements) == 2  # agreement, members_on
    assert schema_sql(con) == statements
    # A fresh database with the release's tables accepts every statement, in some order (the
    # page retries until each one binds), and then answers as the release does.
    fresh = duckdb.connect()
    for table in tables(con):
        parquet = dist / "parquet" / f"{table}.parquet"
        fresh.execute(f'CREATE TABLE "{table}" AS SELECT * FROM read_parquet(?)', [str(parquet)])
    pending = list(statements)
    for _ in range(len(pending)):
        for statement in list(pending):
            try:
                fresh.execute(statement)
                pending.remove(statement)
            except duckdb.Error:
                pass
    assert pending == []
    query = "SELECT * FROM roll_call_results ORDER BY ALL"
    assert fresh.execute(query).fetchall() == con.execute(query).fetchall()
    fresh.close()


def test_schema_sql_quotes_names() -> None:
    con = duckdb.connect()
    con.execute('CREATE MACRO "add""one"("x y") AS "x y" + 1')
    con.execute("CREATE MACRO rows_of(n) AS TABLE SELECT * FROM range(n)")
    con.execute('CREATE VIEW "my view" AS SELECT "add""one"(1) AS two')
    statements = schema_sql(con)
    assert statements[0] == 'CREATE MACRO "add""one"("x y") AS ("x y" + 1)'
    assert statements[1].startswith('CREATE MACRO "rows_of"("n") AS TABLE SELECT')
    fresh = duckdb.connect()
    for statement in statements:
        fresh.execute(statement)
    assert fresh.execute('SELECT two FROM "my view"').fetchall() == [(2,)]
    assert fresh.execute("SELECT count(*) FROM rows_of(3)").fetchall() == [(3,)]


def test_a_version_in_the_notes_that_is_no_tag_is_refused(release: Path) -> None:
    notes = release.parent / "RELEASE_NOTES.md"
    notes.write_text('# unga-votes 1"><script>\n', encoding="utf-8")
    with pytest.raises(SiteError, match=r"RELEASE_NOTES\.md: version .* is not a release tag"):
        version(release)


def test_files_must_match_their_sha256sums(release: Path) -> None:
    """The downloads page shows these checksums: a file changed since the build is refused."""
    parquet = release.parent / "parquet" / "votes.parquet"
    parquet.write_bytes(parquet.read_bytes() + b"\0")
    with pytest.raises(SiteError, match=r"votes\.parquet: does not match its SHA256SUMS line"):
        files(release, "2026.11.0")


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "notes.txt"])
def test_sha256sums_naming_anything_but_release_files_is_refused(release: Path, name: str):
    sums = release.parent / "SHA256SUMS"
    sums.write_text(sums.read_text(encoding="utf-8") + f"{'0' * 64}  {name}\n", encoding="utf-8")
    with pytest.raises(SiteError, match="not a file of a release"):
        files(release, "2026.11.0")


def test_the_tables_are_those_sha256sums_lists(release: Path) -> None:
    """A table dropped from the database, or a Parquet line dropped from SHA256SUMS: not the
    release it claims to be."""
    listed = files(release, "2026.11.0")
    with duckdb.connect(str(release)) as con:
        check_tables(listed, con, release)  # as built
        alone = [row for row in listed if row[0] == "unga-votes.duckdb"]
        check_tables(alone, con, release)  # no Parquet listed: the database is the release
        without = [row for row in listed if row[0] != "parquet/roll_call_issues.parquet"]
        with pytest.raises(SiteError, match="table roll_call_issues: SHA256SUMS lists none"):
            check_tables(without, con, release)
        con.execute("DROP TABLE roll_call_issues")
        with pytest.raises(SiteError, match="table roll_call_issues: the database has no such"):
            check_tables(listed, con, release)


def test_each_statement_the_sql_page_runs_is_one_create() -> None:
    """The page runs the release's view and macro SQL as it is, before its lock: a statement
    that is not exactly one CREATE is refused (DuckDB renders them from its catalogue, so this
    guards against a catalogue crafted by hand)."""
    con = duckdb.connect()
    one_create(con, "CREATE VIEW v AS SELECT 1")
    for sql in ("CREATE VIEW v AS SELECT 1; INSTALL httpfs", "SELECT 1", "CREATE VIEW",
                "SET enable_external_access = true"):  # fmt: skip
        with pytest.raises(SiteError, match="the release's view or macro"):
            one_create(con, sql)
    con.execute("CREATE SCHEMA other; CREATE VIEW other.v AS SELECT 1; CREATE MACRO other.m() AS 1")
    assert schema_sql(con) == []  # the page creates objects in its main schema only


def test_the_data_s_licence_from_the_notes(release: Path) -> None:
    """The licence the notes state (the descriptor's); only an https address is a link; none
    without notes."""
    from unga_votes.site.release_files import Licence, licences

    cc0 = "https://creativecommons.org/publicdomain/zero/1.0/"
    assert licences(release) == [Licence("CC0-1.0", "Creative Commons Zero v1.0 Universal", cc0)]
    notes = release.parent / "RELEASE_NOTES.md"
    text = notes.read_text(encoding="utf-8").split("\n## Licence\n")[0]
    notes.write_text(text + "\n## Licence\n\n- UN-DL-terms: non-commercial use <https://x.example/t>"
                     "\n- other: no address <javascript:alert(1)>\n\n## Rows\n- A: B\n",
                     encoding="utf-8")  # fmt: skip
    assert licences(release) == [
        Licence("UN-DL-terms", "non-commercial use", "https://x.example/t"),
        Licence("other", "no address <javascript:alert(1)>", None),
    ]
    notes.unlink()
    assert licences(release) == []
