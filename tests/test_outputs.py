"""Output folders are replaced whole, files renamed into place, and `--out` cannot name what it
would destroy."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import PackageCopy, digests, unga

from unga_votes.outputs import OutputError, replaced, scratch, write_text
from unga_votes.release.build import build
from unga_votes.release.sums import is_release


def boom(*args: object, **kwargs: object) -> None:
    raise OSError("boom")


def never(_: Path) -> bool:
    return False


@pytest.mark.parametrize("target", [".", "data", "schemas", "data/.."])
def test_the_package_and_its_folders_are_refused(pkg: PackageCopy, target: str) -> None:
    before = digests(pkg.root)
    result = unga("build", "--package", str(pkg.descriptor), "--out", str(pkg.root / target))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "which the release is built from" in result.stderr and result.stderr.count("\n") == 1
    assert digests(pkg.root) == before


@pytest.mark.parametrize("target", ["data/dist", "schemas/x/dist"])
def test_a_folder_inside_the_package_s_folders_is_refused(pkg: PackageCopy, target: str) -> None:
    before = digests(pkg.root)
    with pytest.raises(OutputError, match="a folder of the data package") as refused:
        build(pkg.descriptor, pkg.root / target)
    assert refused.value.exit_code == 2 and "\n" not in str(refused.value)
    assert digests(pkg.root) == before


def test_a_file_and_a_foreign_folder_are_refused(pkg: PackageCopy, tmp_path: Path) -> None:
    tmp_path = tmp_path / "elsewhere"  # (the package copy is in tmp_path itself)
    tmp_path.mkdir()
    notes = tmp_path / "notes.txt"
    notes.write_text("mine\n", encoding="utf-8")
    with pytest.raises(OutputError, match="not a folder"):
        build(pkg.descriptor, notes)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("keep\n", encoding="utf-8")
    with pytest.raises(OutputError, match="neither empty nor a previous release"):
        build(pkg.descriptor, mine)
    assert notes.read_text() == "mine\n" and (mine / "thesis.tex").read_text() == "keep\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "notes.txt"]


def test_a_new_path_an_empty_folder_and_a_previous_release_are_accepted(
    pkg: PackageCopy, tmp_path: Path, dist: Path
) -> None:
    assert is_release(dist) and not is_release(pkg.root)
    empty = tmp_path / "empty"
    empty.mkdir()
    for out in (tmp_path / "new" / "dist", empty, empty):  # the third time: a previous release
        assert is_release(build(pkg.descriptor, out).out)


def test_a_kill_between_the_two_renames_is_recovered(tmp_path: Path, dist: Path) -> None:
    """Where the atomic exchange is unavailable, a kill can leave the previous output as
    .NAME.old-PID with no NAME: the next run puts it back first."""
    out = tmp_path / "dist"
    old = tmp_path / ".dist.old-12345"
    os.replace(_copy(dist, tmp_path / "copy"), old)
    building = tmp_path / ".dist.building-x"
    building.mkdir()
    with pytest.raises(RuntimeError), replaced(out, "release", is_release):
        assert out.is_dir() and digests(out) == digests(dist)  # recovered before the run
        raise RuntimeError("the new output fails")
    assert digests(out) == digests(dist)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_two_runs_on_one_output_cannot_interleave(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with (tmp_path / ".site.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        for _ in range(2):  # a refused run leaves the lock of the run that holds it in place
            with (
                pytest.raises(OutputError, match="another run is writing it"),
                replaced(out, "site", never),
            ):
                pass
            assert (tmp_path / ".site.lock").exists()
    assert not out.exists()


def test_a_lock_removed_under_a_waiting_run_is_not_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that opened the lock file just before the holder finished (and removed it) must
    not go on holding a lock that no longer guards anything: a third run could take the new
    one at the same time."""
    out = tmp_path / "site"
    path = tmp_path / ".site.lock"
    with path.open("a") as opened_early:
        path.unlink()  # the holder finished: its lock file is gone, this one is orphaned
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY))  # and a third run made a new one
        real_open = os.open

        def stale(p, flags, mode=0o777, *, dir_fd=None):  # hand the replaced() call the orphan
            return os.dup(opened_early.fileno()) if Path(p) == path else real_open(p, flags, mode)

        monkeypatch.setattr(os, "open", stale)
        with (
            pytest.raises(OutputError, match="another run is writing it"),
            replaced(out, "site", never),
        ):
            pass
        monkeypatch.undo()
    assert not out.exists() and path.exists()  # the third run's lock is left alone


def test_the_swap_replaces_the_whole_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "MARK").write_text("old\n", encoding="utf-8")
    with replaced(out, "thing", lambda p: (p / "MARK").is_file()) as staging:
        (staging / "MARK").write_text("new\n", encoding="utf-8")
        assert (out / "MARK").read_text() == "old\n"  # untouched until the end
    assert (out / "MARK").read_text() == "new\n" and out.stat().st_mode & 0o777 == 0o755
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def _copy(source: Path, dest: Path) -> Path:
    import shutil

    shutil.copytree(source, dest)
    return dest


def test_write_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Written as given (LF), replacing the file; a failed rename leaves the old one alone."""
    path = tmp_path / "reports" / "r.md"
    write_text("# one\n", path)
    write_text("# two\nline\n", path)
    assert path.read_bytes() == b"# two\nline\n"
    monkeypatch.setattr("unga_votes.outputs.os.replace", boom)
    with pytest.raises(OSError, match=r"^boom$"):
        write_text("# three\n", path)
    assert path.read_bytes() == b"# two\nline\n"
    assert [p.name for p in path.parent.iterdir()] == ["r.md"]


def test_written_files_get_the_usual_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_text("x\n", tmp_path / "r.md")
    finally:
        os.umask(umask)
    assert (tmp_path / "r.md").stat().st_mode & 0o777 == 0o644


KILLED_IN_SCRATCH = """
import os, signal, sys
from pathlib import Path
from unga_votes.outputs import scratch
with scratch(Path(sys.argv[1]), "checking") as folder:
    (folder / "votes.csv").write_text("derived rows\\n")
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_scratch_folder_a_kill_leaves_is_beside_the_output_and_cleared_next(
    tmp_path: Path,
) -> None:
    """A run killed (SIGKILL) while it works leaves its folder beside the output, never in the
    system's temporary folder; the next run removes it, but never a live run's."""
    out, tmp = tmp_path / "official", tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    done = subprocess.run([sys.executable, "-c", KILLED_IN_SCRATCH, str(out)], env=env,
                          check=False)  # fmt: skip
    assert done.returncode == -signal.SIGKILL
    left = list(tmp_path.glob(".official.checking-*"))
    assert len(left) == 1 and (left[0] / "votes.csv").is_file() and not list(tmp.iterdir())
    with scratch(out, "checking") as live:
        assert not left[0].exists() and live.parent == tmp_path
        with scratch(out, "checking") as other:  # a second run leaves the first's alone
            assert live.is_dir() and other != live
    assert not list(tmp_path.glob(".official.checking-*"))
