"""The data model in DuckDB: the typed tables and the SQL every part shares.

`sql/periods.sql` defines a period and membership on a date (of either precision),
`sql/symbols.sql` the session a resolution symbol names, `sql/members_on.sql` the members on a
date, `sql/roll_call_results.sql` the tally. The validator's rules, the Voeten import,
`unga parse-votes`, `unga members` and the release database all install these same files.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from importlib.resources import files

import duckdb
import polars as pl

from .package import Package, Table
from .package.read import empty_typed
from .roman import int_to_roman

# Each shared SQL file, and the tables it needs.
SHARED_SQL = (
    ("periods.sql", ()),
    ("symbols.sql", ("roman",)),
    ("members_on.sql", ("memberships", "state_names")),
    ("roll_call_results.sql", ("roll_calls", "votes")),
)


def sql(name: str) -> str:
    return files("unga_votes").joinpath("sql", name).read_text(encoding="utf-8")


def install(
    con: duckdb.DuckDBPyConnection,
    present: Iterable[str],
    temporary: bool = False,
    problems: list[str] | None = None,
) -> list[str]:
    """Install the shared SQL whose tables are present; the files installed. `temporary`
    makes its macros and views temporary: seen by this connection only, gone with it. With
    `problems`, a file that cannot be installed (a table lacks a column it reads) is noted
    there and skipped instead of raising."""
    have = set(present)
    done = []
    for name, needs in SHARED_SQL:
        if set(needs) <= have:
            text = sql(name)
            if temporary:
                text = text.replace("CREATE MACRO ", "CREATE TEMP MACRO ")
                text = text.replace("CREATE VIEW ", "CREATE TEMP VIEW ")
            try:
                con.execute(text)
            except duckdb.Error as e:
                if problems is None:
                    raise
                problems.append(f"sql/{name}: {str(e).splitlines()[0]}")
                continue
            done.append(name)
    return done


@functools.cache
def first_meeting() -> dt.date:
    """The Assembly's first meeting, as sql/periods.sql declares it (for Python code)."""
    con = _database().cursor()
    install(con, (), temporary=True)
    (day,) = con.execute("SELECT first_meeting()").fetchall()[0]
    return day


CREATED = re.compile(r"^CREATE\s+(?:TEMP\s+)?(?:VIEW|MACRO)\s+(\w+)", re.MULTILINE | re.IGNORECASE)
VIEWS_SQL = "views.sql"  # the release's own views, over the tables and the shared SQL


def release_sql(tables: Iterable[str]) -> list[str]:
    """The SQL files a release database holds, given its tables: the shared SQL whose tables
    it has, then the release's views."""
    have = set(tables)
    return [name for name, needs in SHARED_SQL if set(needs) <= have] + [VIEWS_SQL]


def release_objects(tables: Iterable[str]) -> set[str]:
    """The views and macros a release database holds, given its tables."""
    return {m.group(1) for name in release_sql(tables) for m in CREATED.finditer(sql(name))}


@functools.cache
def _database() -> duckdb.DuckDBPyConnection:
    # One in-memory database per process: opening one costs ~17 ms, a connection to it ~1 ms.
    return duckdb.connect()


@functools.cache
def roman() -> pl.DataFrame:
    """Roman numerals 1-199, as symbols of sessions 1-30 write the session (canonical only)."""
    return pl.DataFrame({"r": [int_to_roman(n) for n in range(1, 200)], "n": range(1, 200)})


def connect(
    tables: dict[str, Table], package: Package | None = None, problems: list[str] | None = None
) -> duckdb.DuckDBPyConnection:
    """A fresh DuckDB connection with each table registered under its resource name, typed,
    and the shared SQL installed. Resources of `package` that did not load are registered
    empty. Everything it holds is temporary: no other connection sees it."""
    con = _database().cursor()
    con.register("roman", roman())
    for name, table in tables.items():
        con.register(name, table.typed())
    if package is not None:
        for name, res in package.resources.items():
            if name not in tables:
                con.register(name, empty_typed(res))
    present = set(tables if package is None else package.resources) | {"roman"}
    install(con, present, temporary=True, problems=problems)
    return con
