"""views.py: the SQL files a release database holds and the views and macros they create."""

from __future__ import annotations

from pathlib import Path

from unga_votes.release.reader import open_release
from unga_votes.release.views import release_objects, release_sql

TABLES = ("memberships", "state_names", "roll_calls", "votes")


def test_the_shared_sql_its_tables_allow_then_the_views() -> None:
    assert release_sql(TABLES) == ["periods.sql", "members_on.sql", "roll_call_results.sql",
                                   "views.sql"]  # fmt: skip
    assert release_sql(()) == ["periods.sql", "views.sql"]


def test_the_objects_are_those_a_release_holds(dist: Path) -> None:
    with open_release(dist / "unga-votes.duckdb") as con:
        tables = [
            name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        ]
        held = {name for (name,) in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal UNION "
            "SELECT function_name FROM duckdb_functions() WHERE NOT internal"
        ).fetchall()}  # fmt: skip
    assert release_objects(tables) == held
    assert {"votes_named", "agreement", "members_on", "roll_call_results"} <= held
