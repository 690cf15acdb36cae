"""The SQL every part shares, from sql/: installed into a DuckDB connection, and read by Python.

`sql/periods.sql` defines a period and membership on a date (of either precision),
`sql/symbols.sql` the session a resolution symbol names, `sql/members_on.sql` the members on a
date, `sql/roll_call_results.sql` the tally. The validator's rules (`package_db.py`), the Voeten
import, the official edition, `unga parse-votes`, `unga members` and the release database
(`release/views.py`) all install these same files.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from importlib.resources import files

import duckdb
import polars as pl

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


def installable(present: Iterable[str]) -> list[str]:
    """The shared SQL files whose tables are present, in the order they install."""
    have = set(present)
    return [name for name, needs in SHARED_SQL if set(needs) <= have]


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
    done = []
    for name in installable(present):
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
    con = in_memory().cursor()
    install(con, (), temporary=True)
    (day,) = con.execute("SELECT first_meeting()").fetchall()[0]
    return day


@functools.cache
def in_memory() -> duckdb.DuckDBPyConnection:
    """The process's one in-memory database (opening one costs ~17 ms, a connection to it
    (`cursor`) ~1 ms): what a connection installs as temporary, no other connection sees."""
    return duckdb.connect()


@functools.cache
def roman() -> pl.DataFrame:
    """Roman numerals 1-199, as symbols of sessions 1-30 write the session (canonical only)."""
    return pl.DataFrame({"r": [int_to_roman(n) for n in range(1, 200)], "n": range(1, 200)})
