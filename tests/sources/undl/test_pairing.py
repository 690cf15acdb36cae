"""The Library's votes paired one to one with the CC0 roll calls that agree with them: the
best pairings of a group decide, interchangeable roll calls are taken in order, the search is
bounded."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from unga_votes.sources.undl import pairing
from unga_votes.sources.undl.pairing import pair

D = dt.date


def candidates(*edges: tuple[int, int, float]) -> pl.DataFrame:
    """(vote, CC0 roll call, agreement): every roll call of one month, no meeting."""
    return pl.DataFrame(
        [(v, c, a, D(1955, 12, v), D(1955, 12, 1), "month", None) for v, c, a in edges],
        schema={"roll_call": pl.Int64, "cc0_roll_call": pl.Int64, "agreement": pl.Float64,
                "date": pl.Date, "cc0_date": pl.Date, "date_precision": pl.String,
                "cc0_meeting": pl.String}, orient="row",
    )  # fmt: skip


def cc0(**patterns: str) -> pl.DataFrame:
    """Each CC0 roll call's votes, one letter a state: r27="YNA"."""
    rows = [(int(name[1:]), f"S{i}", v) for name, votes in patterns.items()
            for i, v in enumerate(votes)]  # fmt: skip
    return pl.DataFrame(rows, schema=["roll_call", "state", "vote"], orient="row")


def test_the_pairing_under_which_most_agree_is_taken() -> None:
    # 1 agrees with 460 alone at its best, 2 with 460 and 461 alike, 3 with 462: the one best
    # pairing is 1-460, 2-461, 3-462 (each vote's own first choice would give 460 twice).
    edges = candidates((1, 460, 1.0), (1, 461, 0.987), (2, 460, 1.0), (2, 461, 1.0),
                       (2, 462, 0.987), (3, 462, 0.987), (3, 461, 0.975))  # fmt: skip
    pairs, unknown = pair(edges, cc0(r460="YYN", r461="YNN", r462="NNN"))
    assert sorted(pairs.rows()) == [(1, 460, 1), (2, 461, 1), (3, 462, 1)]
    assert unknown.is_empty()


def test_interchangeable_roll_calls_are_taken_in_order_and_a_tie_is_listed() -> None:
    # 27 and 28 hold the same votes (the same date, no meeting): votes 1 and 2 take them in
    # order of date. 30 and 31 differ; vote 3 agrees with both alike: listed.
    edges = candidates((2, 27, 1.0), (2, 28, 1.0), (1, 27, 1.0), (1, 28, 1.0),
                       (3, 30, 0.98), (3, 31, 0.98))  # fmt: skip
    pairs, unknown = pair(edges, cc0(r27="YN", r28="YN", r30="YY", r31="NN"))
    assert sorted(pairs.rows()) == [(1, 27, 2), (2, 28, 2)]
    assert unknown.to_list() == [3]


def test_more_votes_than_roll_calls_with_the_same_votes_are_listed() -> None:
    edges = candidates((1, 27, 1.0), (2, 27, 1.0), (3, 27, 0.97))
    pairs, unknown = pair(edges, cc0(r27="YN"))
    assert pairs.is_empty() and unknown.to_list() == [1, 2]  # 3 is no CC0 roll call's


@pytest.mark.parametrize(("votes", "steps"), [(1, 10_000), (64, 3)])
def test_a_group_too_large_to_weigh_is_listed_whole(
    monkeypatch: pytest.MonkeyPatch, votes: int, steps: int
) -> None:
    """A hostile file can hold any number of votes of one day: a group of more votes than the
    search weighs, or one that takes more steps, is listed, never guessed nor searched on."""
    monkeypatch.setattr(pairing, "MAX_VOTES", votes)
    monkeypatch.setattr(pairing, "MAX_STEPS", steps)
    edges = candidates((1, 27, 1.0), (1, 28, 0.98), (2, 28, 1.0), (2, 27, 0.98))
    pairs, unknown = pair(edges, cc0(r27="YN", r28="YY"))
    assert pairs.is_empty() and unknown.to_list() == [1, 2]


def test_no_candidates_no_pairs() -> None:
    pairs, unknown = pair(candidates(), cc0())
    assert pairs.is_empty() and unknown.is_empty()
