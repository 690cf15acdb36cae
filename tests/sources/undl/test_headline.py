"""The headline: how far the CC0 data agree with the Library's roll calls, per decade."""

from __future__ import annotations

import datetime as dt

import polars as pl

from unga_votes.sources.undl.headline import headline


def test_shares_per_decade() -> None:
    """A vote matched by date and votes counts as in the CC0 data (`by_votes`); so does one
    several CC0 roll calls agree with (`unplaced`), which no share can compare."""
    records = pl.DataFrame({
        "cc0_roll_call": [1, 2, 3, None],
        "date": [dt.date(1985, 1, 1), dt.date(1986, 1, 1), dt.date(2007, 1, 1),
                 dt.date(2021, 1, 1)],
        "matched_by": ["symbol", "date and votes", "symbol", None],
    })  # fmt: skip
    old = pl.DataFrame({
        "roll_call": [1, 2, 3],
        "declared_yes": [10, 10, None], "declared_no": [1, 2, None],
        "declared_abstain": [0, 0, None], "declared_non_voting": [None, None, None],
        "total_yes": [10, 10, 9], "total_no": [1, 1, 1], "total_abstentions": [0, 0, 0],
        "total_non_voting": [3, 3, 3],
    })  # fmt: skip
    differs = pl.DataFrame({"roll_call": [2, 2]})
    unplaced = pl.DataFrame({"date": [dt.date(1955, 12, 5)]})
    out = headline(records, old, differs, unplaced)
    assert out.rows() == [
        ("1950s", 1, 1, 0, 1, 0, 0, None, 0, None),
        ("1980s", 2, 2, 1, 0, 2, 1, 0.5, 1, 0.5),
        ("2000s", 1, 1, 0, 0, 0, 0, None, 1, 1.0),
        ("2020s", 1, 0, 0, 0, 0, 0, None, 0, None),
        ("all", 5, 4, 1, 1, 2, 1, 0.5, 2, 0.6667),
    ]
