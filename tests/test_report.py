"""A report of violations, and its three renderings: text, JSON and GitHub annotations."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

from unga_votes import catalogue
from unga_votes.report import Report, Violation


def report() -> Report:
    return Report(
        violations=[
            Violation(file="data/votes.csv", line=5, column="vote", rule=catalogue.SCHEMA_ENUM,
                      expected="one of Y, N, A, X", found="'Q'", key="4813|IND"),
            Violation(file="data/a,b.csv", line=None, column=None,
                      rule=catalogue.PACKAGE_MISSING_FILE, expected="a file", found="none"),
        ],
        rows=Counter({"data/votes.csv": 10}),
        excepted=2,
        skipped=["votes.count-totals: need roll_calls"],
    )  # fmt: skip


def test_text() -> None:
    lines = report().to_text().split("\n")
    assert lines[0] == "data/votes.csv:5 [schema.enum] vote: expected one of Y, N, A, X, found 'Q'"
    assert lines[1] == "data/a,b.csv [package.missing-file] expected a file, found none"
    assert lines[2] == "skipped: votes.count-totals: need roll_calls"
    assert lines[3] == (
        "unga validate: 2 violations in 2 file(s) (package.missing-file 1, schema.enum 1); "
        "1 files, 10 rows checked, 2 covered by exceptions"
    )


def test_json() -> None:
    doc = json.loads(report().to_json())
    assert doc["valid"] is False and doc["counts"] == {"schema.enum": 1, "package.missing-file": 1}
    assert doc["violations"][0]["key"] == "4813|IND" and doc["excepted"] == 2


def test_github_annotations_escape_their_properties() -> None:
    lines = report().to_github().split("\n")
    assert lines[0].startswith("::error file=data/votes.csv,line=5,title=schema.enum::vote:")
    assert lines[1].startswith("::error file=data/a%2Cb.csv,title=package.missing-file::")
    assert lines[2] == "::warning ::skipped: votes.count-totals: need roll_calls"
    moved = replace(report(), folder="build/official").to_github().split("\n")
    assert moved[0].startswith("::error file=build/official/data/votes.csv,line=5,")


def test_valid_report() -> None:
    empty = Report()
    assert empty.valid and empty.summary().startswith("unga validate: valid;")
