"""`unga build`: every release file, reproducible, atomic, and refused for invalid data."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from helpers import RELEASE_FILES as EXPECTED
from helpers import PackageCopy, digests

from unga_votes.release import build as build_module
from unga_votes.release.build import BuildError, build


def test_build_writes_every_release_file(fixture_root: Path, tmp_path: Path) -> None:
    result = build(fixture_root / "datapackage.json", tmp_path / "dist")
    assert sorted(result.files) == EXPECTED


def test_release_directory_is_readable_by_all(dist: Path) -> None:
    assert dist.stat().st_mode & 0o777 == 0o755


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
    assert result.returncode == 2
    assert result.stderr.startswith("unga build: cannot write beside")
    assert "Traceback" not in result.stderr


def test_an_output_path_that_is_not_utf8_is_refused(tmp_path: Path, fixture_root: Path) -> None:
    """DuckDB takes UTF-8 paths only: a folder name of other bytes is refused before any work."""
    out = tmp_path / b"dist\xff".decode("utf-8", "surrogateescape")
    result = subprocess.run(
        [sys.executable, "-m", "unga_votes", "build", "--package",
         str(fixture_root / "datapackage.json"), "--out", str(out)],
        capture_output=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert (
        result.stderr.decode()
        == f"unga build: --out {tmp_path}/dist\\udcff: the path is not UTF-8; choose another\n"
    )
    assert list(tmp_path.iterdir()) == []
