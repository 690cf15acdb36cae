"""stats.py: the figures computed in the database (each state's votes per session, agreement
with the reference states, votes against the majority) and the coverage per session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace

import duckdb
import pytest

from unga_votes.site import stats
from unga_votes.site.data import Release
from unga_votes.site.stats import Agreement, Coverage, Share

D = dt.date


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    """Five roll calls in two sessions and the votes of A, B and C: yes carries 1 and 3, no
    carries 4, and 2 and 5 are ties."""
    con = duckdb.connect()
    con.execute("CREATE TABLE roll_calls (roll_call BIGINT, session VARCHAR, date DATE)")
    con.execute("CREATE TABLE votes (roll_call BIGINT, state VARCHAR, vote VARCHAR)")
    con.executemany("INSERT INTO roll_calls VALUES (?, ?, ?)", [
        (1, "1", "1950-01-01"), (2, "1", "1950-02-01"), (3, "2", "1951-01-01"),
        (4, "2", "1951-01-01"), (5, "2", "1951-03-01"),
    ])  # fmt: skip
    con.executemany("INSERT INTO votes VALUES (?, ?, ?)", [
        (1, "A", "Y"), (1, "B", "Y"), (1, "C", "N"),
        (2, "A", "N"), (2, "B", "Y"), (2, "C", "X"),
        (3, "A", "A"), (3, "B", "A"), (3, "C", "Y"),
        (4, "A", "Y"), (4, "B", "N"), (4, "C", "N"),
        (5, "A", "X"), (5, "B", "Y"), (5, "C", "N"),
    ])  # fmt: skip
    yield con
    con.close()


def test_shares_per_state_and_session(con: duckdb.DuckDBPyConnection) -> None:
    out = stats.shares(con)
    assert out["A"] == [
        Share("1", D(1950, 1, 1), 1, 1, 0, 0),
        Share("2", D(1951, 1, 1), 1, 0, 1, 1),
    ]
    assert out["C"] == [
        Share("1", D(1950, 1, 1), 0, 1, 0, 1),
        Share("2", D(1951, 1, 1), 1, 2, 0, 0),
    ]
    assert [s.cast for s in out["A"]] == [2, 2]  # non-voting is not a vote cast
    assert sorted(out) == ["A", "B", "C"]


def test_agreement_with_references_leaves_out_non_voting(con: duckdb.DuckDBPyConnection) -> None:
    out = stats.agreement(con, ("A", "B"))
    # A and B: session 1 both voted twice, alike once; session 2 three roll calls, but A did
    # not vote on 5: alike on 3 only.
    assert out["A"]["B"] == [
        Agreement("1", D(1950, 1, 1), 2, 1),
        Agreement("2", D(1951, 1, 1), 2, 1),
    ]
    assert "A" not in out["A"]  # never with itself
    # C did not vote on 2 nor A on 5: one roll call with A in session 1, two in 2, none alike.
    assert out["C"]["A"] == [
        Agreement("1", D(1950, 1, 1), 1, 0),
        Agreement("2", D(1951, 1, 1), 2, 0),
    ]
    assert set(out["C"]) == {"A", "B"}
    assert stats.agreement(con, ()) == {}
    assert stats.agreement(con, ("ZZZ",)) == {}  # a reference with no votes


def test_against_the_majority(con: duckdb.DuckDBPyConnection) -> None:
    out = stats.against_majority(con)
    # C's no where yes carried (1, 2 to 1), A's yes where no carried (4, 1 to 2); no vote on a tie
    # (2 and 5) is against anything, and an abstention (3) never is.
    assert out == {"A": [(4, D(1951, 1, 1), "Y", 1, 2)], "C": [(1, D(1950, 1, 1), "N", 2, 1)]}


def test_against_the_majority_newest_first_and_limited(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("INSERT INTO roll_calls VALUES (6, '2', '1951-01-01')")  # the day of 3 and 4
    con.executemany("INSERT INTO votes VALUES (6, ?, ?)", [("A", "N"), ("B", "Y"), ("C", "Y")])
    out = stats.against_majority(con)
    assert [row[0] for row in out["A"]] == [6, 4]  # same day: the higher roll call first
    assert [row[0] for row in stats.against_majority(con, shown=1)["A"]] == [6]


def test_coverage_per_session(tiny: Release) -> None:
    rows = stats.coverage(tiny)
    assert rows == [
        # Session 1: roll calls 1 and 2 (2 known to the month) and resolution A/RES/1(I).
        Coverage("1", D(1946, 2, 1), 2, {"recorded vote": 1}, 2, 3),
        # Session 74: roll call 3 and two resolutions, one to the month.
        Coverage("74", D(2019, 12, 18), 1, {"recorded vote": 1, "without a vote": 1}, 2, 3),
    ]


def test_coverage_of_a_session_with_nothing_in_it() -> None:
    release = SimpleNamespace(roll_calls={}, resolutions={}, sessions=["9"])
    assert stats.coverage(release) == [Coverage("9", None, 0, {}, 0, 0)]
