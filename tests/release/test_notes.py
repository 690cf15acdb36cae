"""RELEASE_NOTES.md: counts, coverage, and the changes since a previous release."""

from __future__ import annotations

import zipfile
from pathlib import Path

from helpers import PackageCopy, unga

from unga_votes.release.build import build
from unga_votes.release.names import BUNDLE_FOLDER, CSV_BUNDLE


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


def test_a_previous_that_is_no_release_is_one_line_naming_it(tmp_path: Path, pkg: PackageCopy):
    """Not a zip, a zip without the release's descriptor: the refusal says what and where
    once, exit 1, and nothing is built. No file there (a missing path, a folder without the
    bundle) is bad input: exit 2."""
    (tmp_path / "notes.zip").write_text("not a zip")
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as z:
        z.writestr("elsewhere/datapackage.json", "{}")
    (tmp_path / "folder").mkdir()
    for previous, why in (
        ("notes.zip", "notes.zip: not a zip file"),
        ("other.zip", f"other.zip: {BUNDLE_FOLDER}/datapackage.json: no such file"),
        ("folder", f"--previous: no release CSV bundle at {tmp_path / 'folder' / CSV_BUNDLE}"),
        ("missing.zip", f"--previous: no release CSV bundle at {tmp_path / 'missing.zip'}"),
    ):
        out = tmp_path / "dist"
        done = unga("build", "--package", str(pkg.descriptor), "--out", str(out),
                    "--previous", str(tmp_path / previous))  # fmt: skip
        (line,) = done.stderr.splitlines()
        if why.startswith("--previous"):
            assert (done.returncode, line) == (2, f"unga build: {why}")
        else:
            assert done.returncode == 1
            assert line.startswith("unga build: not a release CSV bundle: ")
            assert line.endswith(why) and line.count("not a release CSV bundle") == 1
        assert not out.exists()
