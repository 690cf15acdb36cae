"""The headline: how far the CC0 data agree with the Library's roll calls, per decade."""

from __future__ import annotations

import datetime as dt

import polars as pl

from unga_votes.sources.undl.headline import headline


def test_shares_per_decade() -> None:
    records = pl.DataFrame({
        "cc0_roll_call": [1, 2, 3, None],
        "date": [dt.date(1985, 1, 1), dt.date(1986, 1, 1), dt.date(2007, 1, 1),
                 dt.date(2021, 1, 1)],
    })  # fmt: skip
    old = pl.DataFrame({
        "roll_call": [1, 2, 3],
        "declared_yes": [10, 10, None], "declared_no": [1, 2, None],
        "declared_abstain": [0, 0, None], "declared_non_voting": [None, None, None],
        "total_yes": [10, 10, 9], "total_no": [1, 1, 1], "total_abstentions": [0, 0, 0],
        "total_non_voting": [3, 3, 3],
    })  # fmt: skip
    differs = pl.DataFrame({"roll_call": [2, 2]})
    out = headline(records, old, differs)
    assert out.rows() == [
        ("1980s", 2, 2, 2, 1, 0.5, 1, 0.5),
        ("2000s", 1, 1, 0, 0, None, 1, 1.0),
        ("2020s", 1, 0, 0, 0, None, 0, None),
        ("all", 4, 3, 2, 1, 0.5, 2, 0.6667),
    ]
