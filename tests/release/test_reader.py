"""release/reader.py: the one way a release database is opened for reading, locked down before
its first statement, and refused whole when a view needs more than the database."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from unga_votes.release.reader import LOCKDOWN, NoDatabase, ReleaseReadError, open_release

SRC = Path(__file__).resolve().parents[2] / "src" / "unga_votes"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text("the building machine's secret\n")
    return path


def _copy(dist: Path, tmp_path: Path, *sql: str) -> Path:
    db = tmp_path / "release" / "unga-votes.duckdb"
    db.parent.mkdir()
    shutil.copyfile(dist / "unga-votes.duckdb", db)
    with duckdb.connect(str(db), config={"autoinstall_known_extensions": False}) as con:
        for statement in sql:
            con.execute(statement)
    return db


def test_a_release_opens_read_only_and_locked(dist: Path, secret: Path, tmp_path: Path) -> None:
    con = open_release(dist / "unga-votes.duckdb")
    assert con.execute("SELECT count(*) FROM votes").fetchall()[0][0] > 0
    settings = dict(con.execute(
        "SELECT name, value FROM duckdb_settings() WHERE name IN "
        f"({', '.join(repr(k) for k in LOCKDOWN)})"
    ).fetchall())  # fmt: skip
    assert settings == {k: str(v).lower() for k, v in LOCKDOWN.items()}
    for sql, error in (
        (f"SELECT * FROM read_text('{secret}')", duckdb.PermissionException),
        (f"SELECT * FROM read_csv('{secret}')", duckdb.PermissionException),
        (f"COPY votes TO '{tmp_path}/votes.csv'", duckdb.Error),
        ("SET enable_external_access = true", duckdb.Error),
        ("SET lock_configuration = false", duckdb.Error),
        ("CREATE TABLE t (x INT)", duckdb.Error),  # read-only
        (f"ATTACH '{tmp_path}/other.duckdb' AS other", duckdb.Error),
    ):
        with pytest.raises(error):
            con.execute(sql).fetchall()
    con.close()
    assert not (tmp_path / "votes.csv").exists() and not (tmp_path / "other.duckdb").exists()


@pytest.mark.parametrize("reader", ["read_text", "read_csv"])
def test_a_view_reading_a_local_file_refuses_the_release(
    dist: Path, secret: Path, tmp_path: Path, reader: str
) -> None:
    """Bound when the database is opened: refused before any of it is read, in one line that
    names the view and quotes not a byte of the file."""
    db = _copy(dist, tmp_path, f"CREATE VIEW leak AS SELECT * FROM {reader}('{secret}')")
    with pytest.raises(ReleaseReadError) as caught:
        open_release(db)
    message = str(caught.value)
    assert re.fullmatch(
        rf'Permission Error: Cannot access file "{re.escape(str(secret))}" [^\n]*: view leak '
        rf"of {re.escape(str(db))} needs more than the database itself, and a release may read "
        "nothing else; the release is refused",
        message,
    ), message
    assert "secret\n" not in message and "machine's" not in message
    assert caught.value.exit_code == 1 and not isinstance(caught.value, NoDatabase)


def test_a_view_named_with_control_characters_is_shown_escaped(
    dist: Path, secret: Path, tmp_path: Path
) -> None:
    db = _copy(dist, tmp_path, f"CREATE VIEW \"x\x1b[2J\" AS SELECT * FROM read_text('{secret}')")
    with pytest.raises(ReleaseReadError) as caught:
        open_release(db)
    assert "view x\\x1b[2J of" in str(caught.value) and "\x1b" not in str(caught.value)


@pytest.mark.parametrize(
    ("macro", "name"),
    [
        ("CREATE MACRO min(x) AS current_setting('temp_directory')", "min"),
        ('CREATE MACRO "LENGTH"(x) AS 0', "LENGTH"),
        ("CREATE MACRO count(x) AS 0", "count"),
        ("CREATE MACRO duckdb_views() AS TABLE SELECT 1 AS view_name", "duckdb_views"),
        ("CREATE MACRO current_database() AS 'system'", "current_database"),
    ],
)
def test_a_macro_taking_the_place_of_a_function_refuses_the_release(
    dist: Path, tmp_path: Path, macro: str, name: str
) -> None:
    """A macro named like one of DuckDB's functions replaces it in every query (the checks'
    and the catalogue's too): the release is refused when it is opened."""
    db = _copy(dist, tmp_path, macro)
    with pytest.raises(ReleaseReadError) as caught:
        open_release(db)
    assert str(caught.value) == (
        f"{db}: its macro {name} has the name of a DuckDB function, whose place it would take "
        "in every query; the release is refused"
    )


def test_paths_that_name_no_database(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("root:x:0:0 not a database\n")
    for path, said in (
        (tmp_path / "missing.duckdb", "no such database"),
        (tmp_path, "a directory, not a database file"),
        (Path("/dev/null"), "not a regular file, not a database"),
        (tmp_path / "notes.txt", "cannot open as a DuckDB database (not a DuckDB database"),
        (tmp_path / "db\udcff.duckdb", "the path is not UTF-8; DuckDB cannot open it"),
    ):
        with pytest.raises(NoDatabase) as caught:
            open_release(path)
        assert said in str(caught.value) and caught.value.exit_code == 2
        assert "root:x" not in str(caught.value) and "\n" not in str(caught.value)


def test_every_reader_of_a_release_opens_it_here() -> None:
    """No other module opens a database file read-only by itself (query, site, the release's
    Parquet and the README's examples all go through open_release)."""
    found = [
        f"{p.relative_to(SRC)}:{n}"
        for p in SRC.rglob("*.py")
        if p.name != "reader.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if "read_only=True" in line
    ]
    assert found == []
    users = {p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")
             if "open_release" in p.read_text(encoding="utf-8")}  # fmt: skip
    assert {"client/query.py", "site/data.py", "release/artifacts.py",
            "readme_queries.py"} <= users  # fmt: skip
