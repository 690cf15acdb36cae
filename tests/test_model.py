"""The SQL every part shares: a period, membership on a date, the members on a date, the tally."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pytest
from helpers import connect

from unga_votes import model

D = dt.date


@pytest.fixture(scope="module")
def con(fixture_root: Path) -> duckdb.DuckDBPyConnection:
    names = ("memberships", "state_names", "roll_calls", "votes")
    return connect(fixture_root / "datapackage.json", names)


def test_periods_are_half_open(con: duckdb.DuckDBPyConnection) -> None:
    q = "SELECT in_period(DATE '{}', DATE '2006-06-28', {})"
    assert con.execute(q.format("2006-06-28", "NULL")).fetchone() == (True,)  # the first day counts
    assert con.execute(q.format("2006-06-27", "NULL")).fetchone() == (False,)
    assert con.execute(q.format("2011-07-13", "DATE '2011-07-14'")).fetchone() == (True,)
    stop = con.execute(q.format("2011-07-14", "DATE '2011-07-14'")).fetchone()
    assert stop == (False,)  # the stop day is the first day out


def test_members_on_a_date(con: duckdb.DuckDBPyConnection) -> None:
    count = "SELECT count(*) FROM members_on(DATE '{}')"
    assert con.execute(count.format("2006-06-27")).fetchone() == (191,)
    assert con.execute(count.format("2006-06-28")).fetchone() == (192,)  # Montenegro's first day
    names = dict(con.execute("SELECT * FROM members_on(DATE '2007-12-18')").fetchall())
    assert names["SWZ"] == "Swaziland" and names["MKD"].startswith("The former Yugoslav")


def test_the_tally_of_a_roll_call(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute(
        "SELECT declared_yes, tallied_yes, tallied_no, tallied_abstain, tallied_non_voting, "
        "members, totals_agree FROM roll_call_results WHERE roll_call = 4813"
    ).fetchone()
    assert row == (101, 101, 22, 59, 10, 192, True)


def test_a_roll_call_without_votes_is_in_the_tally_with_zero() -> None:
    con = duckdb.connect()
    con.register("roll_calls", pl.DataFrame({
        "roll_call": [1], "session": ["1"], "date": [D(1946, 2, 1)], "date_precision": ["day"],
        "subject": ["draft"],
        "resolution": [None], "declared_yes": [3], "declared_no": [None],
        "declared_abstain": [None], "declared_non_voting": [None],
    }))  # fmt: skip
    con.register("votes", pl.DataFrame(schema={"roll_call": pl.Int64, "state": pl.String,
                                               "vote": pl.String}))  # fmt: skip
    model.install(con, ("roll_calls", "votes"))
    row = con.execute("SELECT tallied_yes, members, totals_agree FROM roll_call_results").fetchone()
    assert row == (0, 0, False)


def test_the_first_meeting_is_the_sql_s() -> None:
    """Python code (the official record's dates) reads the day sql/periods.sql declares."""
    import datetime as dt

    from unga_votes.model import first_meeting

    assert first_meeting() == dt.date(1946, 1, 10)
