"""`unga import undl`: the official edition from files in the Library's layout, its
reconciliation report, and bad files refused with nothing written."""

from __future__ import annotations

import inspect
import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from helpers import digests, unga

from unga_votes.release.build import build
from unga_votes.sources.undl import import_undl
from unga_votes.sources.undl.layout import VOTING
from unga_votes.validate import validate

CATEGORIES = (
    "date differs", "date precision raised", "meeting added", "declared totals differ",
    "state vote differs", "roll call only in the official record",
    "roll call only in the CC0 data", "resolution only in the official record",
    "resolution only in the CC0 data", "title added",
    "correction superseded by the official record", "state code not mapped", "dirty row handled",
)  # fmt: skip
DIRT = (
    "byte-order mark removed", "CRLF line ends read as line ends", "exact duplicate row dropped",
    "stray spaces in a state name removed", "blank vote read as X (non-voting)",
    "vote written as a word read as its code",
    "meeting symbol written with spaces: spaces removed",
    "resolution symbol written with spaces: spaces removed",
    "session written another way: read as the symbol's session",
    "date given only as a year: taken from the resolutions file or the meeting",
    "state code unknown: the state taken from its name",
    "row for a state that was not a member on that date left out",
    "a second row for one state in one vote left out (the first is kept)",
    "modality written another way: read as its kind",
    "date given only as a year: taken from the voting file or the meeting",
)  # fmt: skip


def test_every_category_is_shown(built) -> None:
    doc = json.loads((built.out / "reconciliation.json").read_text(encoding="utf-8"))
    for name in CATEGORIES:
        assert doc["categories"][name]["count"] > 0, name
    rules = {r["rule"] for r in doc["categories"]["dirty row handled"]["rows"]}
    assert set(DIRT) <= rules, set(DIRT) - rules
    moved = doc["categories"]["date differs"]["rows"][0]
    assert (moved["resolution"], moved["cc0_date"], moved["date"], moved["days"]) == (
        "A/RES/2758(XXVI)", "1971-10-07", "1971-10-25", 18)  # fmt: skip
    unmapped = {r["name"] for r in doc["categories"]["state code not mapped"]["rows"]}
    assert unmapped == {"KOSOVO", "Palestine"}
    md = (built.out / "reconciliation.md").read_text(encoding="utf-8")
    assert "| date differs | 1 |" in md and "## state vote differs" in md


def test_the_edition_validates_and_builds(built) -> None:
    report = validate(built.out / "datapackage.json")
    assert report.valid, report.to_text()
    dist = build(built.out / "datapackage.json", built.out / "dist").out
    con = duckdb.connect(str(dist / "unga-votes.duckdb"), read_only=True)
    row = con.execute(
        "SELECT CAST(r.date AS VARCHAR), r.date_precision, r.meeting, c.meeting, "
        "c.declared_yes, c.declared_no, c.declared_abstain, c.declared_non_voting, "
        "c.totals_source FROM resolutions r JOIN roll_calls c USING (roll_call) "
        "WHERE r.resolution = 'A/RES/62/167'"
    ).fetchone()
    assert row[:8] == ("2007-12-18", "day", "A/62/PV.76", "A/62/PV.76", 101, 22, 59, 10)
    assert row[8] == "https://digitallibrary.un.org/record/1001"
    tally = con.execute(
        "SELECT tallied_yes, tallied_no, tallied_abstain, tallied_non_voting, "
        "totals_agree FROM roll_call_results WHERE roll_call = 4813"
    ).fetchone()
    assert tally == (101, 22, 59, 10, True)
    adoption = dict(con.execute("SELECT resolution, adoption FROM resolutions").fetchall())
    assert adoption["A/RES/75/1"] == "without a vote"
    assert adoption["A/RES/76/20"] == "non-recorded vote"
    new = con.execute(
        "SELECT roll_call, date, tallied_yes + tallied_no + tallied_abstain + tallied_non_voting "
        "FROM roll_call_results WHERE resolution = 'A/RES/75/190'"
    ).fetchone()
    assert new[0] == 10_000_000 + 2001 and str(new[1]) == "2020-12-16" and new[2] == 193
    notes = (dist / "RELEASE_NOTES.md").read_text(encoding="utf-8")
    assert "non-commercial use with attribution" in notes


def test_the_edition_names_its_terms(built) -> None:
    descriptor = json.loads((built.out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"].endswith("-official")
    names = [x["name"] for x in descriptor["licenses"]]
    assert names == ["CC0-1.0", "UN-DL-terms"]
    assert "https://digitallibrary.un.org/record/4060887" in json.dumps(descriptor["sources"])
    assert "non-commercial" in descriptor["description"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"undl_id,resolution,session\n1,A/RES/1(I),1\n", "missing ms_code"),
        (b"", "an empty file"),
        (None, "not UTF-8"),
        (b"", "a row with the wrong number of cells"),
        ((",".join(VOTING) + "\n").encode(), "no usable vote row"),
        ((",".join(VOTING) + "\n" + ",".join(["x"] * len(VOTING)) + "\n").encode(),
         "no usable vote row"),
    ],
)  # fmt: skip
def test_bad_files_leave_the_edition_as_it_was(
    built, tmp_path: Path, data: bytes | None, message: str
) -> None:
    before = digests(built.out)
    bad = tmp_path / "bad.csv"
    whole = built.voting.read_bytes()
    if data is None:  # the real file, with a byte that is not UTF-8
        data = whole.replace(b"FRANCE", b"FRAN\xc7E", 1)
    elif data == b"" and "cells" in message:  # the real file, cut short
        data = whole[: len(whole) // 2]
        data = data[: data.rfind(b",")]
    bad.write_bytes(data)
    result = unga("import", "undl", str(bad), "--out", str(built.out), "--package",
                  str(built.package))  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("unga import undl: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert digests(built.out) == before


def test_out_cannot_be_the_package(built) -> None:
    package = built.package.parent
    result = unga("import", "undl", str(built.voting), "--out", str(package / "data"),
                  "--package", str(built.package))  # fmt: skip
    assert result.returncode == 2 and "which the official edition is built from" in result.stderr


def test_a_previous_edition_is_replaced_only_whole(built, tmp_path: Path) -> None:
    """What an import did not write (a release built into the edition, notes, the Library's
    files themselves) is never deleted with it: the import is refused, naming them."""
    out = tmp_path / "official"
    shutil.copytree(built.out, out, ignore=shutil.ignore_patterns("dist"))  # built by a test
    (out / "dist").mkdir()
    (out / "dist" / "unga-votes.duckdb").write_bytes(b"a release built from the edition")
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    shutil.copy(built.voting, out / "data" / "voting.csv")  # an input inside the edition
    before = digests(out)

    def imported(voting: Path) -> tuple[int, str]:
        done = unga("import", "undl", str(voting), "--resolutions", str(built.resolutions),
                    "--out", str(out), "--package", str(built.package))  # fmt: skip
        assert done.stderr.count("\n") <= 1 and "Traceback" not in done.stderr
        return done.returncode, done.stderr

    code, said = imported(out / "data" / "voting.csv")
    assert code == 2 and "voting.csv, which the official edition is built from" in said
    code, said = imported(built.voting)
    assert code == 2 and "also holds dist, notes.txt, which an import did not write" in said
    assert digests(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["official"]
    shutil.rmtree(out / "dist")
    (out / "notes.txt").unlink()
    (out / "data" / "voting.csv").unlink()
    assert imported(built.voting)[0] == 0
    assert digests(out) == {k: v for k, v in digests(built.out).items() if "dist" not in k}


def test_the_default_out_is_never_committed() -> None:
    """The edition holds the Library's record (not CC0): git ignores where it goes by default."""
    default = inspect.signature(import_undl).parameters["out"].default
    root = Path(__file__).resolve().parents[3]
    probe = (default / "data" / "votes.csv").as_posix()
    done = subprocess.run(["git", "check-ignore", "-q", probe], cwd=root, check=False)
    assert done.returncode == 0, f"{probe} is not ignored by git"
