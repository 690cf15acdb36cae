"""`unga build`: every release file, reproducible, atomic, and refused for invalid data."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from frictionless import validate as frictionless_validate
from helpers import ROOT, PackageCopy, digests

from unga_votes.release import build as build_module
from unga_votes.release.build import BuildError, build

TABLES = "corrections exceptions memberships resolutions roll_call_issues roll_calls state_names"
EXPECTED = [
    "RELEASE_NOTES.md",
    "SHA256SUMS",
    *[f"parquet/{t}.parquet" for t in sorted([*TABLES.split(), "states", "votes"])],
    "unga-votes-csv.zip",
    "unga-votes.duckdb",
]


@pytest.fixture
def dist(fixture_dist: Path) -> Path:
    """The release of the fixture package."""
    return fixture_dist


def test_build_writes_every_release_file(fixture_root: Path, tmp_path: Path) -> None:
    result = build(fixture_root / "datapackage.json", tmp_path / "dist")
    assert sorted(result.files) == EXPECTED


def test_release_directory_is_readable_by_all(dist: Path) -> None:
    assert dist.stat().st_mode & 0o777 == 0o755


def test_checksums_verify(dist: Path) -> None:
    result = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == len(EXPECTED) - 1


def test_database_tables_keys_and_comments(dist: Path) -> None:
    con = duckdb.connect(str(dist / "unga-votes.duckdb"), read_only=True)
    schema = json.loads((ROOT / "schemas" / "votes.schema.json").read_text())
    comments = dict(
        con.sql(
            "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'votes'"
        ).fetchall()
    )
    assert comments == {f["name"]: f["description"] for f in schema["fields"]}
    types = dict(
        con.sql(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'roll_calls'"
        ).fetchall()
    )
    assert (types["roll_call"], types["date"], types["important_vote"]) == (
        "BIGINT",
        "DATE",
        "BOOLEAN",
    )
    constraints = {
        (t, c)
        for t, c in con.sql(
            "SELECT table_name, constraint_text FROM duckdb_constraints()"
        ).fetchall()
    }
    assert ("votes", "PRIMARY KEY(roll_call, state)") in constraints
    assert ("votes", "FOREIGN KEY (state) REFERENCES states(state)") in constraints
    with pytest.raises(duckdb.Error):
        con.execute("INSERT INTO votes VALUES (4813, 'ZAF', 'Y')")  # read-only, and a duplicate
    n = con.sql("SELECT count(*) FROM votes WHERE roll_call = 4813").fetchall()[0]
    assert n == (192,)
    table_comment = con.sql("SELECT comment FROM duckdb_tables() WHERE table_name = 'roll_calls'")
    assert "cycle" in table_comment.fetchall()[0][0]  # the one foreign key DuckDB cannot declare


def test_views_answer_the_seed(dist: Path) -> None:
    con = duckdb.connect(str(dist / "unga-votes.duckdb"), read_only=True)
    row = con.sql(
        "SELECT declared_yes, tallied_yes, tallied_abstain, members, totals_agree "
        "FROM roll_call_results WHERE resolution = 'A/RES/62/167'"
    ).fetchall()[0]
    assert row == (101, 101, 59, 192, True)
    names = dict(
        con.sql(
            "SELECT state, state_name FROM votes_named WHERE roll_call = 4813 "
            "AND state IN ('MKD', 'SWZ', 'TUR')"
        ).fetchall()
    )
    assert names == {
        "MKD": "The former Yugoslav Republic of Macedonia",
        "SWZ": "Swaziland",
        "TUR": "Turkey",
    }
    assert con.sql("SELECT count(*) FROM members_on(DATE '2011-07-14')").fetchall()[0] == (193,)
    usa = con.sql("SELECT * FROM agreement('USA', 'USA')").fetchall()
    assert usa and all(r[-1] == 1.0 for r in usa)


def test_parquet_matches_the_csv(dist: Path, fixture_root: Path) -> None:
    votes = pq.read_table(dist / "parquet" / "votes.parquet")
    assert votes.num_rows == (fixture_root / "data" / "votes.csv").read_text().count("\n") - 1
    assert pq.ParquetFile(dist / "parquet" / "votes.parquet").metadata.row_group(0).column(
        0
    ).compression == ("ZSTD")


def test_csv_bundle_is_a_valid_data_package(dist: Path, tmp_path: Path, fixture_root: Path) -> None:
    with zipfile.ZipFile(dist / "unga-votes-csv.zip") as bundle:
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in bundle.infolist())
        bundle.extractall(tmp_path)
    descriptor = json.loads((tmp_path / "unga-votes" / "datapackage.json").read_text())
    votes = next(r for r in descriptor["resources"] if r["name"] == "votes")
    data = (fixture_root / "data" / "votes.csv").read_bytes()
    assert votes["bytes"] == len(data)
    assert votes["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    report = frictionless_validate(str(tmp_path / "unga-votes" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_two_builds_are_identical(dist: Path, tmp_path: Path, fixture_root: Path) -> None:
    again = build(fixture_root / "datapackage.json", tmp_path / "dist").out
    first, second = digests(dist), digests(again)
    for name in first:
        if name not in ("unga-votes.duckdb", "SHA256SUMS"):
            assert first[name] == second[name], name
    query = "SELECT * FROM roll_call_results ORDER BY roll_call"
    a = duckdb.connect(str(dist / "unga-votes.duckdb"), read_only=True).sql(query).fetchall()
    b = duckdb.connect(str(again / "unga-votes.duckdb"), read_only=True).sql(query).fetchall()
    assert a == b


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


def test_invalid_data_build_nothing(pkg: PackageCopy, dist: Path) -> None:
    out = pkg.root / "dist"
    shutil.copytree(dist, out)
    before = digests(out)
    pkg.replace("data/votes.csv", "4813,IND,A", "4813,IND,Y")
    with pytest.raises(BuildError, match="do not validate"):
        build(pkg.descriptor, out)
    assert digests(out) == before


def test_failure_midway_leaves_the_previous_release(
    dist: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixture_root: Path
) -> None:
    out = tmp_path / "dist"
    shutil.copytree(dist, out)
    before = digests(out)

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "write_csv_bundle", disk_full)
    with pytest.raises(BuildError, match="No space left on device"):
        build(fixture_root / "datapackage.json", out)
    assert digests(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]  # no staging left behind


def test_killed_build_leaves_the_previous_release(
    dist: Path, tmp_path: Path, fixture_root: Path
) -> None:
    out = tmp_path / "dist"
    shutil.copytree(dist, out)
    before = digests(out)
    proc = subprocess.Popen(
        [sys.executable, "-m", "unga_votes", "build", "--package",
         str(fixture_root / "datapackage.json"), "--out", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    # Kill it once it is writing its staging directory.
    for _ in range(600):
        if list(tmp_path.glob(".dist.building-*/*")):
            break
        try:
            proc.wait(timeout=0.05)
            break
        except subprocess.TimeoutExpired:
            continue
    proc.kill()
    proc.wait()
    assert digests(out) == before
    duckdb.connect(str(out / "unga-votes.duckdb"), read_only=True).sql("SELECT 1").fetchall()


def test_unwritable_output_is_a_clear_error(tmp_path: Path, fixture_root: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    result = subprocess.run(
        [sys.executable, "-m", "unga_votes", "build", "--package",
         str(fixture_root / "datapackage.json"), "--out", str(blocked / "dist")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith("unga build: cannot write beside")
    assert "Traceback" not in result.stderr
