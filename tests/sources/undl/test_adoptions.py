"""The edition's resolutions: which the two files place, and which roll calls keep a symbol."""

from __future__ import annotations

import polars as pl

from unga_votes.sources.undl.adoptions import placeable, unlink
from unga_votes.sources.undl.clean import Log


def test_a_roll_call_keeps_its_resolution_only_if_the_resolution_names_it_back() -> None:
    roll_calls = pl.DataFrame({"roll_call": [1, 2, 3], "resolution": ["A/RES/1", "A/RES/2", None]})
    resolutions = pl.DataFrame(
        {"resolution": ["A/RES/1", "A/RES/2"], "roll_call": [1, None]},
        schema_overrides={"roll_call": pl.Int64},
    )
    # A/RES/2 was adopted without a vote: roll call 2 no longer names it.
    assert unlink(roll_calls, resolutions).rows() == [(1, "A/RES/1"), (2, None), (3, None)]


def test_a_resolution_whose_vote_is_ambiguous_is_left_out_and_counted_if_a_row_of_the_file() -> (
    None
):
    official = pl.DataFrame({
        "resolution": ["A/RES/1", "A/RES/2", "A/RES/3"], "line": [2, None, 4],
        "from_votes": [False, True, False],
    })  # fmt: skip
    log = Log("r.csv")
    kept = placeable(official, pl.Series(["A/RES/1", "A/RES/2"]), log)
    assert kept["resolution"].to_list() == ["A/RES/3"]
    # A/RES/2 was taken from the voting file: no row of the resolutions file to count.
    (dirt,) = log.rows
    assert (dirt.count, dirt.left_out, dirt.examples) == (1, True, ["A/RES/1 (line 2)"])
