"""RELEASE_NOTES.md: counts, coverage, and the changes since a previous release."""

from __future__ import annotations

from pathlib import Path

from helpers import PackageCopy

from unga_votes.release.build import build


def test_release_notes_compare_with_the_previous_release(pkg: PackageCopy, dist: Path) -> None:
    pkg.replace("data/votes.csv", "4813,IND,A", "4813,IND,Y")
    pkg.replace("data/roll_calls.csv", ",101,22,59,10,", ",102,22,58,10,")
    pkg.append("data/corrections.csv", "8,roll_calls,4813,declared_yes,101,102,A/62/PV.76,test")
    pkg.append("data/corrections.csv", "9,roll_calls,4813,declared_abstain,59,58,A/62/PV.76,test")
    pkg.append("data/corrections.csv", "10,votes,4813|IND,vote,A,Y,A/62/PV.76,test")
    notes = build(pkg.descriptor, pkg.root / "dist", previous=dist).out / "RELEASE_NOTES.md"
    text = notes.read_text()
    votes = pkg.read("data/votes.csv").count("\n") - 1
    roll_calls = pkg.read("data/roll_calls.csv").count("\n") - 1
    assert f"| `votes` | {votes:,} | {votes:,} | 0 | 0 | 1 |" in text
    assert f"| `roll_calls` | {roll_calls:,} | {roll_calls:,} | 0 | 0 | 1 |" in text
    assert "| `corrections` | 7 | 10 | 3 | 0 | 0 |" in text
    assert "| 62 |" in text and "version" not in text.split("\n")[0]
