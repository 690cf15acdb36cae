"""release_files.py: the release's files (checksums, download addresses that can only point at
the releases) and its Parquet files."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from helpers import RELEASE_FILES

from unga_votes.errors import UngaError
from unga_votes.release.sums import sha256
from unga_votes.site.data import REQUIRED, SiteError
from unga_votes.site.release_files import check_tables, files, tables, write_parquet

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
