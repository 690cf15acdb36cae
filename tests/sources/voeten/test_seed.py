"""The seed's cited corrections are the corrections ledger the import writes."""

from __future__ import annotations

import polars as pl
from helpers import ROOT

from unga_votes.sources.voeten import seed


def test_the_ledger_is_the_seed_corrections_that_changed_a_value() -> None:
    """A seed correction the source already agrees with (declared no: 22) needs no ledger row;
    every other is in data/corrections.csv with its source, and the data hold its value."""
    ledger = pl.read_csv(ROOT / "data" / "corrections.csv", infer_schema=False)
    rows = {(r["table"], r["key"], r["column"], r["new"], r["source"]) for r in ledger.to_dicts()}
    seeded = {(t, k, c, new, src) for t, k, c, new, src, _ in seed.CORRECTIONS}
    assert rows <= seeded and len(rows) == 7
    assert {src for *_, src in seeded} == {"A/62/PV.76"}
    roll_calls = pl.read_csv(ROOT / "data" / "roll_calls.csv", infer_schema=False)
    row_4813 = roll_calls.filter(pl.col("roll_call") == "4813").to_dicts()[0]
    for table, key, column, new, _ in seeded - rows:
        assert (table, key, row_4813[column]) == ("roll_calls", "4813", new)


def test_the_resolution_adopted_without_a_vote() -> None:
    (row,) = seed.WITHOUT_VOTE
    assert (row["resolution"], row["adoption"], row["roll_call"]) == (
        "A/RES/74/166", "without a vote", None)  # fmt: skip
