"""Foreign keys from the Table Schemas."""

from __future__ import annotations

import polars as pl
from helpers import PackageCopy, only

from unga_votes.package.keys import join_key, key_expr, split_key

VOTES = "data/votes.csv"


def test_unknown_state(pkg: PackageCopy) -> None:
    line = pkg.line_of(VOTES, "4813,ZAF")
    pkg.replace(VOTES, "4813,ZAF,A", "4813,ZZZ,A")
    (v,) = only(pkg.validate(), "schema.foreign-key")
    assert (v.file, v.line, v.column) == (VOTES, line, "state")
    assert "ZZZ" in v.found and "states(state)" in v.expected


def test_resolution_pointing_to_a_missing_roll_call(pkg: PackageCopy) -> None:
    path = "data/resolutions.csv"
    line = pkg.line_of(path, "A/RES/62/167,")
    pkg.replace(path, "recorded vote,4813", "recorded vote,9999")
    violations = [v for v in only(pkg.validate(), "schema.foreign-key") if v.file == path]
    assert [(v.line, v.column) for v in violations] == [(line, "roll_call")]


def test_the_row_key_is_the_same_in_every_engine() -> None:
    """Primary-key values joined by |, an empty value as nothing: polars and Python agree."""
    frame = pl.DataFrame({"roll_call": ["4813", None], "state": ["ZAF", "IND"]})
    keys = frame.select(key_expr(["roll_call", "state"])).to_series().to_list()
    assert keys == ["4813|ZAF", "|IND"]
    assert [join_key(r) for r in frame.rows()] == keys
    assert split_key("4813|ZAF") == ["4813", "ZAF"]
    assert pl.select(key_expr([])).item() is None


def test_typed_frames_carry_the_key(pkg: PackageCopy) -> None:
    from unga_votes.package import load_package, read_table

    package = load_package(pkg.descriptor)
    table, _ = read_table(package, package.resource("votes"))
    typed = table.typed()
    assert typed.filter(pl.col("_key") == "4813|ZAF")["vote"].to_list() == ["A"]
