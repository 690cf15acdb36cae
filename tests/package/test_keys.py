"""Foreign keys from the Table Schemas."""

from __future__ import annotations

from helpers import PackageCopy, only

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
