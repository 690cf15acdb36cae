"""Fault injection on `unga build` (issue 8): SIGKILL at random points, unwritable and full output.

The full data's release, built once per test run by `unga build` (conftest's `full_build`), is
the reference: each trial copies it to a fresh output directory, starts a build of the full data
over it and kills it with SIGKILL after a random (seeded) delay, one in each equal stretch of
the time between 0.2 s and the reference build's duration. The previous release must be left
byte for byte and loadable, or, when the kill comes after the final rename, replaced by a
complete new release. The unwritable and full
outputs are the fixture package's (their errors do not depend on the data's size).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from helpers import ROOT, digests

TRIALS = int(os.environ.get("FAULT_TRIALS", "3"))  # kills at random points (make fuzz: 40)
SEED = 8
DATABASE = "unga-votes.duckdb"


def build_command(out: Path, package: Path = ROOT) -> list[str]:
    return [sys.executable, "-m", "unga_votes", "build", "--package",
            str(package / "datapackage.json"), "--out", str(out)]  # fmt: skip


def vote_count(folder: Path) -> int:
    con = duckdb.connect(str(folder / DATABASE), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM votes").fetchall()[0][0]
    finally:
        con.close()


def release_state(out: Path, before: dict[str, str]) -> str:
    """Whether `out` holds the previous release byte for byte, or else a complete new one.

    A build killed after its final rename has replaced the release: the new one must be whole.
    Its database and SHA256SUMS may differ in bytes (DuckDB files are not byte-reproducible),
    every other file is the same, and the checksums verify.
    """
    now = digests(out)
    if now == before:
        return "previous"
    assert sorted(now) == sorted(before), f"files differ: {sorted(now)}"
    same = [k for k in before if k not in (DATABASE, "SHA256SUMS")]
    assert all(now[k] == before[k] for k in same), "a reproducible file differs"
    check = subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=out, check=False)
    assert check.returncode == 0, "the new release's checksums do not verify"
    return "new"


@pytest.fixture(scope="module")
def reference(full_build) -> tuple[Path, dict[str, str], float]:
    """The full data's release built by the command line, its digests and the build's
    duration in seconds."""
    return full_build.dist, digests(full_build.dist), full_build.seconds


@pytest.mark.slow
def test_sigkill_at_random_points_leaves_the_previous_release(
    reference: tuple[Path, dict[str, str], float], tmp_path: Path
) -> None:
    ref, before, duration = reference
    votes = vote_count(ref)
    assert votes > 900_000
    rng = random.Random(SEED)
    # One kill in each of TRIALS equal stretches of the build, at a random point of it: a few
    # trials still reach every phase (copying, building, packing, the final rename).
    span = max(duration, 0.4) - 0.2
    delays = [0.2 + span * (n + rng.random()) / TRIALS for n in range(TRIALS)]
    outcomes = []
    for n, delay in enumerate(delays):
        out = tmp_path / f"trial-{n}" / "dist"
        shutil.copytree(ref, out)
        proc = subprocess.Popen(
            build_command(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        state = release_state(out, before)
        outcomes.append((round(delay, 2), "finished" if finished else "killed", state))
        assert vote_count(out) == votes, f"trial {n}: after {delay:.2f} s"
        if n < TRIALS - 1:
            shutil.rmtree(out.parent)
    print("\n".join(f"{d:6.2f} s {how:8} -> {state}" for d, how, state in outcomes))
    # Most kills land before the swap; those must leave the previous release, byte for byte.
    assert sum(state == "previous" for _, _, state in outcomes) >= TRIALS // 3, outcomes
    # The next build clears what the killed one left (staging directories) and succeeds.
    last = out
    result = subprocess.run(build_command(last), capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    release_state(last, before)
    assert sorted(p.name for p in last.parent.iterdir()) == ["dist"]


def _one_line_error(out: Path, package: Path, code: int = 2) -> subprocess.CompletedProcess[str]:
    """The build's one-line error: exit 2 for an output it may not write (bad input), 1 for a
    build that failed on the way."""
    result = subprocess.run(build_command(out, package), capture_output=True, text=True)
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("unga build: "), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result


def test_output_where_nothing_may_be_written(fixture_root: Path) -> None:
    """/sys refuses new directories (EPERM), even to root."""
    result = _one_line_error(Path("/sys") / f"unga-dist-{os.getpid()}", fixture_root)
    assert "not permitted" in result.stderr


def test_output_below_a_regular_file(tmp_path: Path, fixture_root: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    result = _one_line_error(blocked / "dist", fixture_root)
    # mkdir of the parent fails with EEXIST (a file is there), deeper paths with ENOTDIR.
    assert "is not a directory" in result.stderr
    _one_line_error(blocked / "deeper" / "dist", fixture_root)
    assert blocked.read_text() == "not a directory"


MARGIN = 2 * 2**20  # bytes free beside the previous release: less than a new one needs


@pytest.fixture
def small_filesystem(fixture_dist: Path, tmp_path: Path):
    """A tmpfs holding the fixture package's previous release and 2 MB more (needs root and
    mount)."""
    release = sum(p.stat().st_size for p in fixture_dist.rglob("*") if p.is_file())
    assert release > 2 * MARGIN, "a new release would fit beside the previous one"
    size = release + MARGIN
    mountpoint = tmp_path / "small"
    mountpoint.mkdir()
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mountpoint)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mount.stderr.strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", str(mountpoint)], check=False)


def test_full_filesystem(fixture_root: Path, fixture_dist: Path, small_filesystem: Path) -> None:
    before = digests(fixture_dist)
    out = small_filesystem / "dist"
    shutil.copytree(fixture_dist, out)
    result = _one_line_error(out, fixture_root, code=1)
    assert "No space left on device" in result.stderr, result.stderr
    assert digests(out) == before
    assert sorted(p.name for p in small_filesystem.iterdir()) == ["dist"]  # no staging left
