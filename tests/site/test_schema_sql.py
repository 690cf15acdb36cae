"""schema_sql.py: the release's views and macros as SQL a fresh database accepts, each one
CREATE statement."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from unga_votes.site.data import SiteError
from unga_votes.site.release_files import tables
from unga_votes.site.schema_sql import one_create, schema_sql


@pytest.fixture
def con(dist: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(dist / "unga-votes.duckdb"), read_only=True)
    yield con
    con.close()


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
