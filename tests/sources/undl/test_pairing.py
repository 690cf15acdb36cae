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


def candidates(*edges: tuple[int, int, float], titles: dict[int, str] | None = None,
               descriptions: dict[int, str] | None = None) -> pl.DataFrame:  # fmt: skip
    """(vote, CC0 roll call, agreement): every roll call of one month, no meeting; the votes'
    titles and the roll calls' descriptions, where given."""
    t, d = titles or {}, descriptions or {}
    return pl.DataFrame(
        [(v, c, a, D(1955, 12, v), D(1955, 12, 1), "month", None, t.get(v), d.get(c))
         for v, c, a in edges],
        schema={"roll_call": pl.Int64, "cc0_roll_call": pl.Int64, "agreement": pl.Float64,
                "date": pl.Date, "cc0_date": pl.Date, "date_precision": pl.String,
                "cc0_meeting": pl.String, "title": pl.String, "cc0_description": pl.String},
        orient="row",
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
    assert sorted(pairs.rows()) == [(1, 460, 1, True), (2, 461, 1, True), (3, 462, 1, True)]
    assert unknown.is_empty()


def test_interchangeable_roll_calls_nothing_tells_apart_are_taken_in_order_marked() -> None:
    # 27 and 28 hold the same votes (the same date, no meeting) and no words tell them apart:
    # votes 1 and 2 take them in order of date, marked not told apart. 30 and 31 differ; vote 3
    # agrees with both alike: listed.
    edges = candidates((2, 27, 1.0), (2, 28, 1.0), (1, 27, 1.0), (1, 28, 1.0),
                       (3, 30, 0.98), (3, 31, 0.98))  # fmt: skip
    pairs, unknown = pair(edges, cc0(r27="YN", r28="YN", r30="YY", r31="NN"))
    assert sorted(pairs.rows()) == [(1, 27, 2, False), (2, 28, 2, False)]
    assert unknown.to_list() == [3]


def test_interchangeable_roll_calls_are_told_apart_by_their_words() -> None:
    """The 1955 admissions: the same votes, date and meeting, each another act. Vote 1 (the
    first in order) is Finland's, which is roll call 28: taken by its words, not its order."""
    edges = candidates((1, 27, 1.0), (1, 28, 1.0), (2, 27, 1.0), (2, 28, 1.0),
                       titles={1: "Admission of Finland to membership in the United Nations",
                               2: "Admission of Ceylon to membership in the United Nations"},
                       descriptions={27: "TO ADMIT CEYLON INTO THE UN", 28: "TO ADMIT FINLAND "
                                     "INTO THE UN"})  # fmt: skip
    pairs, unknown = pair(edges, cc0(r27="YN", r28="YN"))
    assert sorted(pairs.rows()) == [(1, 28, 2, True), (2, 27, 2, True)] and unknown.is_empty()


def test_more_votes_than_roll_calls_with_the_same_votes_one_is_the_roll_call() -> None:
    """Two votes of the Library, one CC0 roll call with their votes: one of them is that roll
    call, the other is only in the Library (neither is left out). Its words tell which; where
    they do not, the first in order takes it, marked not told apart."""
    edges = candidates((1, 27, 1.0), (2, 27, 1.0), (3, 27, 0.97))
    pairs, unknown = pair(edges, cc0(r27="YN"))
    assert pairs.rows() == [(1, 27, 1, False)] and unknown.is_empty()  # 3 is no CC0 roll call's
    told = candidates((1, 27, 1.0), (2, 27, 1.0), titles={1: "Question of Cyprus",
                      2: "Question of Korea"}, descriptions={27: "KOREA QUESTION"})  # fmt: skip
    assert pair(told, cc0(r27="YN"))[0].rows() == [(2, 27, 1, True)]


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
