"""The Library's votes the CC0 data hold without a symbol: matched by session, date and votes,
each to the roll call the best pairings all give it; every ambiguity left unmatched and listed."""

from __future__ import annotations

import datetime as dt

import polars as pl

from unga_votes.sources.undl.official import NO_ROW, RANGE
from unga_votes.sources.undl.twins import NEAR, SAME_DATE, find

D = dt.date
STATES = [f"S{i:02d}" for i in range(40)]  # forty states: one differing vote is 2.5%
RC = {"roll_call": pl.Int64, "session": pl.String, "date": pl.Date, "date_precision": pl.String,
      "meeting": pl.String, "subject": pl.String, "resolution": pl.String}  # fmt: skip


def pattern(seed: int, changed: int = 0) -> list[str]:
    """Forty votes (a different pattern per seed), the first `changed` of them flipped."""
    votes = ["YNAX"[(i * seed + seed) % 4] for i in range(len(STATES))]
    return [("N" if v == "Y" else "Y") if i < changed else v for i, v in enumerate(votes)]


def cc0_votes(roll_calls: dict[int, list[str]]) -> pl.DataFrame:
    rows = [(rc, s, v) for rc, votes in roll_calls.items()
            for s, v in zip(STATES, votes, strict=True)]  # fmt: skip
    schema = {"roll_call": pl.Int64, "state": pl.String, "vote": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row")


def library(votes: dict[int, list[str]], notes: dict[tuple[int, str], str] | None = None):
    rows = [(RANGE + u, s, v, (notes or {}).get((u, s)))
            for u, vs in votes.items() for s, v in zip(STATES, vs, strict=True)]  # fmt: skip
    schema = {"roll_call": pl.Int64, "state": pl.String, "vote": pl.String, "note": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row")


def records(*rows: tuple) -> pl.DataFrame:
    return pl.DataFrame(
        [(RANGE + u, s, d, m) for u, s, d, m in rows],
        schema={"roll_call": pl.Int64, "session": pl.String, "date": pl.Date,
                "meeting": pl.String}, orient="row",
    )  # fmt: skip


def roll_calls(*rows: tuple) -> pl.DataFrame:
    return pl.DataFrame([(*r, "resolution", None) for r in rows], schema=RC, orient="row")


def matched(twins) -> list[tuple[int, int]]:
    return sorted(
        (r - RANGE, c) for r, c in twins.matched.select("roll_call", "cc0_roll_call").rows()
    )


def test_a_month_date_matches_any_day_of_its_month_and_no_other() -> None:
    rc = roll_calls((5, "1", D(1946, 1, 4), "month", None), (6, "1", D(1946, 2, 4), "month", None),
                    (7, "1", D(1946, 3, 4), "day", None))  # fmt: skip
    cc0 = cc0_votes({5: pattern(1), 6: pattern(2), 7: pattern(3)})
    lib = library({1: pattern(1), 2: pattern(2, changed=1), 3: pattern(3), 4: pattern(1)})
    twins = find(records((1, "1", D(1946, 1, 14), None), (2, "1", D(1946, 2, 27), None),
                         (3, "1", D(1946, 3, 5), None),  # 7 is dated to the day: not the 5th
                         (4, "2", D(1946, 1, 14), None)),  # another session
                 lib, rc, cc0)  # fmt: skip
    assert matched(twins) == [(1, 5), (2, 6), (3, 7)]
    assert twins.matched.filter(pl.col("cc0_roll_call") == 6)["agreement"].item() == 0.975
    # 3 is a day off 7 but its votes are 7's, every one: the second rule, counted apart.
    assert twins.matched.sort("roll_call")["rule"].to_list() == [SAME_DATE, SAME_DATE, NEAR]
    assert twins.nearest.is_empty()  # 4 is of another session: no roll call of its own


def test_identical_votes_a_day_or_a_month_off_are_the_same_vote_and_no_others() -> None:
    """The Library's date a day off a CC0 date (a weekend guess of the source) or in the next
    month (a CC0 month known to be wrong): the same vote if every state's vote is the same,
    within WINDOW_DAYS; a vote differing in one state, or further off, is not."""
    rc = roll_calls((11, "1", D(1946, 2, 5), "month", None),
                    (297, "6", D(1952, 1, 2), "day", None), (298, "6", D(1952, 1, 2), "day", None),
                    (299, "6", D(1951, 11, 20), "day", None))  # fmt: skip
    cc0 = cc0_votes({11: pattern(1), 297: pattern(2), 298: pattern(3), 299: pattern(4)})
    lib = library({1: pattern(1), 2: pattern(2), 3: pattern(3, changed=1), 4: pattern(4)})
    twins = find(records((1, "1", D(1946, 3, 1), None), (2, "6", D(1952, 1, 3), None),
                         (3, "6", D(1952, 1, 3), None), (4, "6", D(1952, 1, 3), None)),
                 lib, rc, cc0)  # fmt: skip
    assert matched(twins) == [(1, 11), (2, 297)] and set(twins.matched["rule"]) == {NEAR}
    assert twins.nearest.sort("roll_call").rows() == [
        (RANGE + 3, 298, 0.975),
        (RANGE + 4, 299, 1.0),
    ]


def test_of_several_that_agree_the_best_is_taken_and_a_tie_is_not_guessed() -> None:
    """A vote two CC0 roll calls of its month agree with takes the one that agrees more; two
    that agree as much, with different votes, leave it listed with both."""
    rc = roll_calls((27, "1", D(1946, 12, 1), "month", None),
                    (28, "1", D(1946, 12, 1), "month", None))  # fmt: skip
    cc0 = cc0_votes({27: pattern(1), 28: pattern(1, changed=1)})
    twins = find(records((1, "1", D(1946, 12, 13), None)), library({1: pattern(1)}), rc, cc0)
    assert matched(twins) == [(1, 27)] and twins.ambiguous.is_empty()
    other = pattern(1)
    other[-1] = "N" if other[-1] == "Y" else "Y"  # 28 now differs from the vote as 27 does
    cc0 = cc0_votes({27: pattern(1, changed=1), 28: other})
    twins = find(records((1, "1", D(1946, 12, 13), None)), library({1: pattern(1)}), rc, cc0)
    assert twins.matched.is_empty()
    assert twins.ambiguous.rows() == [(RANGE + 1, "27 (97.5%), 28 (97.5%)")]


def test_one_cc0_roll_call_two_votes_agree_with_goes_to_the_closer() -> None:
    """Of two votes one CC0 roll call agrees with, the closer is it (the other is only the
    Library's); of two identical votes nothing tells apart, the first in order is it, marked
    not told apart, and the other only the Library's: neither is left out."""
    rc = roll_calls((20, "1", D(1946, 12, 1), "month", None))
    cc0 = cc0_votes({20: pattern(1)})
    two = records((1, "1", D(1946, 12, 13), None), (2, "1", D(1946, 12, 14), None))
    twins = find(two, library({1: pattern(1), 2: pattern(1, changed=1)}), rc, cc0)
    assert matched(twins) == [(1, 20)] and twins.ambiguous.is_empty()
    assert twins.nearest.rows() == [(RANGE + 2, 20, 0.975)]
    twins = find(two, library({1: pattern(1), 2: pattern(1)}), rc, cc0)
    assert matched(twins) == [(1, 20)] and twins.ambiguous.is_empty()
    assert twins.matched["told_apart"].to_list() == [False]
    assert twins.nearest.rows() == [(RANGE + 2, 20, 1.0)]


def test_roll_calls_with_the_same_votes_are_paired_in_order() -> None:
    """Three CC0 roll calls with the same votes, three Library votes with them: which is which
    is not known, and no pairing changes a vote: paired in order (the Library's by date)."""
    rc = roll_calls(*[(n, "1", D(1946, 12, 1), "month", None) for n in (27, 28, 29)])
    cc0 = cc0_votes(dict.fromkeys((27, 28, 29), pattern(1)))
    lib = library(dict.fromkeys((1, 2, 3), pattern(1)))
    twins = find(records((1, "1", D(1946, 12, 13), None), (2, "1", D(1946, 12, 9), None),
                         (3, "1", D(1946, 12, 14), None)), lib, rc, cc0)  # fmt: skip
    assert matched(twins) == [(1, 28), (2, 27), (3, 29)]
    assert twins.matched["same_votes"].to_list() == [3, 3, 3]


def test_the_best_pairing_of_the_group_decides() -> None:
    """Vote 2 agrees with 27 and 28 alike; vote 1 agrees with 27 best: 1 is 27, 2 is 28 (the
    pairing under which the votes agree most), though 28 is not 2's first choice alone."""
    rc = roll_calls((27, "1", D(1946, 12, 1), "month", None),
                    (28, "1", D(1946, 12, 1), "month", None))  # fmt: skip
    cc0 = cc0_votes({27: pattern(1), 28: pattern(1, changed=2)})
    lib = library({1: pattern(1), 2: pattern(1, changed=1)})
    twins = find(records((1, "1", D(1946, 12, 13), None), (2, "1", D(1946, 12, 13), None)),
                 lib, rc, cc0)  # fmt: skip
    assert matched(twins) == [(1, 27), (2, 28)]


def test_the_meeting_decides_where_both_give_one() -> None:
    """A CC0 roll call of another meeting is none; of several, the one of the vote's meeting
    is taken."""
    rc = roll_calls((1, "1", D(1946, 12, 1), "month", "A/PV.50"),
                    (2, "1", D(1946, 12, 1), "month", "A/PV.51"),
                    (3, "1", D(1946, 12, 1), "month", None))  # fmt: skip
    cc0 = cc0_votes({1: pattern(1), 2: pattern(1), 3: pattern(1)})
    lib = library({7: pattern(1), 8: pattern(1)})
    twins = find(records((7, "1", D(1946, 12, 13), "A/PV.51"),  # 2 (3 has no meeting)
                         (8, "1", D(1946, 12, 13), "A/PV.99")),  # only 3: 1 and 2 are others
                 lib, rc, cc0)  # fmt: skip
    assert matched(twins) == [(7, 2), (8, 3)]


def test_agreement_below_the_threshold_is_no_match() -> None:
    rc = roll_calls((5, "1", D(1946, 1, 4), "month", None))
    cc0 = cc0_votes({5: pattern(1)})
    twins = find(records((1, "1", D(1946, 1, 14), None)), library({1: pattern(1, changed=3)}),
                 rc, cc0)  # fmt: skip
    assert twins.matched.is_empty() and twins.ambiguous.is_empty()
    assert twins.nearest.rows() == [(RANGE + 1, 5, 0.925)]


def test_a_row_a_rule_left_out_is_not_compared() -> None:
    """Three states whose Library rows a rule left out (X here, the import's filling) do not
    count against the match; a member the Library has no row for does."""
    rc = roll_calls((5, "1", D(1946, 1, 4), "month", None))
    cc0 = cc0_votes({5: pattern(1)})
    lib = library(
        {1: ["X"] * 3 + pattern(1)[3:]},
        {(1, s): "row left out: vote not Y, N, A or X" for s in STATES[:3]},
    )
    left_out = pl.DataFrame({"roll_call": [RANGE + 1], "state": [STATES[5]]})
    twins = find(records((1, "1", D(1946, 1, 14), None)), lib, rc, cc0, left_out)
    assert twins.matched.select("agreement", "states").rows() == [(1.0, 36)]
    silent = library({1: ["X"] * 3 + pattern(1)[3:]}, {(1, s): NO_ROW for s in STATES[:3]})
    twins = find(records((1, "1", D(1946, 1, 14), None)), silent, rc, cc0)
    assert twins.matched.is_empty()  # 37 of 40: the Library's silence is not agreement
