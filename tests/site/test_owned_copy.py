"""owned_copy.py: the site's copy of a release holds the data model's tables and columns, of
the data model's types, with no collation and nothing computed when read; whatever else the
release holds is never read."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from site_fixture import owned_copy, tampered_release

from unga_votes.package.types import sql_type
from unga_votes.site.data import SiteError
from unga_votes.site.release_checks import data_model
from unga_votes.site.release_files import tables

from .test_release_checks import checked


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
        "ORDER BY column_index", [table]
    ).fetchall()  # fmt: skip


def test_the_copy_is_the_release_as_the_data_model_types_it(fixture_dist: Path) -> None:
    db = fixture_dist / "unga-votes.duckdb"
    copy = owned_copy(db)
    release = duckdb.connect(str(db), read_only=True)
    package = data_model()
    assert tables(copy) == tables(release) == sorted(package.resources)
    for table in tables(copy):
        fields = package.resource(table).fields
        assert _columns(copy, table) == [(f["name"], sql_type(f)) for f in fields]
        query = f'SELECT * FROM "{table}" ORDER BY ALL'
        assert copy.execute(query).fetchall() == release.execute(query).fetchall(), table
    release.close()
    copy.close()


def test_a_collation_does_not_survive_the_copy(unconstrained: Path, tmp_path: Path) -> None:
    """`VARCHAR COLLATE NOCASE` reads as VARCHAR in the catalogue, and under it 'zaf' = 'ZAF':
    the copy holds the values as they are, so the checks see 'zaf' (and the pages never meet
    a state that is not one)."""
    db = tampered_release(
        unconstrained, tmp_path / "hostile" / "unga-votes.duckdb",
        "ALTER TABLE votes ALTER state SET DATA TYPE VARCHAR COLLATE NOCASE",
        "UPDATE votes SET state = 'zaf' WHERE state = 'ZAF' AND roll_call = 4813",
    )  # fmt: skip
    release = duckdb.connect(str(db), read_only=True)
    hidden = "SELECT count(DISTINCT state) FROM votes WHERE state IN ('ZAF', 'zaf')"
    assert release.execute(hidden).fetchall() == [(1,)]  # what the checks saw before
    release.close()
    copy = owned_copy(db)
    assert copy.execute(hidden).fetchall() == [(2,)]
    assert ("state", "VARCHAR") in _columns(copy, "votes")
    copy.close()
    with pytest.raises(SiteError, match=r"votes\.state: expected a match for \[A-Z\]\{3\}, "
                                        r"found 'zaf'$"):  # fmt: skip
        checked(db)


def test_an_accent_hidden_by_a_collation_is_refused(unconstrained: Path, tmp_path: Path) -> None:
    db = tampered_release(
        unconstrained, tmp_path / "hostile" / "unga-votes.duckdb",
        "ALTER TABLE votes ALTER vote SET DATA TYPE VARCHAR COLLATE NOACCENT.NOCASE",
        "UPDATE votes SET vote = 'ý' WHERE state = 'FRA' AND roll_call = 4813",
    )  # fmt: skip
    with pytest.raises(SiteError, match=r"votes\.vote: expected one of Y, N, A, X, found 'ý'$"):
        checked(db)


def test_what_the_data_model_does_not_declare_is_never_read(
    unconstrained: Path, tmp_path: Path
) -> None:
    """Tables and columns of other names (a NUL in a name, types no Parquet writer takes, a
    value computed when read that fails if it is ever computed) and views are not copied."""
    db = tampered_release(
        unconstrained, tmp_path / "hostile" / "unga-votes.duckdb",
        'CREATE TABLE "a\x00b" ("c\x00d" INTEGER)', "INSERT INTO \"a\x00b\" VALUES (1)",
        "CREATE TABLE iv AS SELECT INTERVAL 1 DAY AS d",
        "CREATE TABLE un (u UNION(a INT, b VARCHAR))", "INSERT INTO un VALUES (1)",
        "CREATE TABLE trap (x INTEGER, y VARCHAR GENERATED ALWAYS AS (CASE WHEN "
        "current_setting('enable_external_access') THEN 'stored' ELSE error('read') END))",
        "INSERT INTO trap (x) VALUES (1)",  # computed (and failing) only when read locked down
        "ALTER TABLE votes ADD COLUMN extra INTERVAL DEFAULT INTERVAL 1 DAY",
        "DROP TABLE roll_call_issues",
        "CREATE VIEW roll_call_issues AS SELECT 1 AS roll_call, 'x' AS issue",
    )  # fmt: skip
    copy = owned_copy(db)
    assert tables(copy) == sorted(set(data_model().resources) - {"roll_call_issues"})
    assert [c for c, _ in _columns(copy, "votes")] == ["roll_call", "state", "vote"]
    copy.close()
    checked(db)


@pytest.mark.parametrize(
    ("sql", "said"),
    [
        (["ALTER TABLE votes ALTER vote SET DATA TYPE INTERVAL USING INTERVAL 1 DAY"],
         "votes.vote: expected VARCHAR (the data model's string), found INTERVAL"),
        (["ALTER TABLE votes ALTER vote SET DATA TYPE UNION(v VARCHAR, n INT)"],
         "votes.vote: expected VARCHAR (the data model's string), found UNION(v VARCHAR, n "
         "INTEGER)"),
        (["ALTER TABLE roll_calls ALTER roll_call SET DATA TYPE HUGEINT"],
         "roll_calls.roll_call: expected BIGINT (the data model's integer), found HUGEINT"),
        (["ALTER TABLE states ALTER name SET DEFAULT 'x'"],
         "states.name: expected stored values, found a value computed when read"),
    ],
)  # fmt: skip
def test_a_declared_column_of_another_type_or_computed_is_refused(
    sql: list[str], said: str, unconstrained: Path, tmp_path: Path
) -> None:
    db = tampered_release(unconstrained, tmp_path / "hostile" / "unga-votes.duckdb", *sql)
    with pytest.raises(SiteError) as caught:
        owned_copy(db)
    assert str(caught.value) == f"{db}: not a release the site can be built from: {said}"
    assert caught.value.exit_code == 1
