"""Helpers the tests share: a package copy to damage, a git repository, the CLI, digests, and
folders made once per test run for every pytest-xdist worker."""

from __future__ import annotations

import csv
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unga_votes.report import Report, Violation
from unga_votes.validate import validate

if TYPE_CHECKING:
    import pytest

ROOT = Path(__file__).resolve().parent.parent
# The tables of the package but states and votes (from its descriptor: no second list).
TABLES = " ".join(
    sorted(
        r["name"]
        for r in json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["resources"]
        if r["name"] not in ("states", "votes")
    )
)
# Every file of a release, as SHA256SUMS lists them (and SHA256SUMS itself).
RELEASE_FILES = [
    "RELEASE_NOTES.md",
    "SHA256SUMS",
    *[f"parquet/{t}.parquet" for t in sorted([*TABLES.split(), "states", "votes"])],
    "unga-votes-csv.zip",
    "unga-votes.duckdb",
]


class PackageCopy:
    """A package in a temporary directory, edited as text."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.descriptor = root / "datapackage.json"

    def path(self, relative: str) -> Path:
        return self.root / relative

    def read(self, relative: str) -> str:
        return self.path(relative).read_text(encoding="utf-8")

    def write(self, relative: str, text: str) -> None:
        self.path(relative).write_bytes(text.encode("utf-8"))

    def replace(self, relative: str, old: str, new: str, count: int = 1) -> None:
        text = self.read(relative)
        assert old in text, f"{old!r} not in {relative}"
        self.write(relative, text.replace(old, new, count))

    def append(self, relative: str, line: str) -> int:
        """Add a row at the end; return its line number."""
        text = self.read(relative)
        self.write(relative, text + line + "\n")
        return text.count("\n") + 1

    def line_of(self, relative: str, prefix: str) -> int:
        """Physical line number (1-based) of the first line starting with `prefix`."""
        for n, line in enumerate(self.read(relative).split("\n"), start=1):
            if line.startswith(prefix):
                return n
        raise AssertionError(f"no line starting {prefix!r} in {relative}")

    def validate(self) -> Report:
        return validate(self.descriptor)


class Repo(PackageCopy):
    """A package copy that is also a git repository."""

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.root), *args], capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    def init(self) -> Repo:
        self.git("init", "--quiet", "--initial-branch=main")
        self.git("config", "user.email", "test@example.org")
        self.git("config", "user.name", "Test")
        self.git("config", "commit.gpgsign", "false")
        self.commit("base")
        return self

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "--quiet", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")


FLIP = ("data/votes.csv", "4813,IND,A", "4813,IND,Y")
RC_4813 = "4813,62,2007-12-18,day,A/62/PV.76,resolution,A/RES/62/167,101,22,59,10,A/62/PV.76,"


class DiffRepo(Repo):
    """A git repository of a package copy, diffed against itself."""

    def diff(self, base: str = "HEAD", head: str | None = None):
        """The diff, and the violations of its citation check."""
        from unga_votes.contribute.changes import data_diff
        from unga_votes.contribute.citations import check_citations

        diff = data_diff(self.root, base, head)
        return diff, check_citations(diff).violations

    def rendered(self, base: str = "HEAD", head: str | None = None):
        """The diff and its full citation report, for the renderers."""
        from unga_votes.contribute.changes import data_diff
        from unga_votes.contribute.citations import check_citations

        diff = data_diff(self.root, base, head)
        return diff, check_citations(diff)

    def cite(self, table: str, key: str, column: str, old: str, new: str, source: str) -> int:
        n = self.read("data/corrections.csv").count("\n")
        return self.append(
            "data/corrections.csv", f"{n},{table},{key},{column},{old},{new},{source},test"
        )


def only(report: Report, rule: str) -> list[Violation]:
    """The report's violations of `rule`, asserting there is at least one."""
    found = [v for v in report.violations if v.rule == rule]
    assert found, f"no {rule} violation in:\n{report.to_text()}"
    return found


def csv_rows(path: Path) -> list[dict[str, str]]:
    """A CSV file's rows, by header name."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file below `folder`, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def unga(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    """The `unga` command in a subprocess, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "unga_votes", *args],
        capture_output=True,
        text=True,
        check=False,
        **kwargs,
    )


def unga_here(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The `unga` command run in this process by typer's runner: the same app, arguments,
    exit code, stdout and stderr as `unga`, without starting Python again (~0.4 s of CPU a
    run). An exception the app lets escape comes back as a process shows it: a traceback on
    stderr, exit 1. What only a process shows (the entry point, signals, stdin, a warning
    printed once per process) is tested with `unga`."""
    import traceback

    from typer.testing import CliRunner

    from unga_votes.cli import app

    before = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args), env=env, prog_name="unga")
    finally:
        os.chdir(before)
    code, stderr = result.exit_code, result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        code = 1
        stderr += "Traceback (most recent call last):\n" + "".join(
            traceback.format_exception(result.exception)
        )
    return subprocess.CompletedProcess(["unga", *args], code, result.stdout, stderr)


def client_cli(*args: str, cache: Path, url: str) -> subprocess.CompletedProcess[str]:
    """`unga` as a user of releases runs it: its user cache in `cache`, releases from `url`."""
    return unga_here(*args, env={"XDG_CACHE_HOME": str(cache), "UNGA_VOTES_RELEASE_URL": url})


def connect(descriptor: Path, names: tuple[str, ...]):
    """The data model over some tables of a package (they must read cleanly)."""
    from unga_votes import package_db
    from unga_votes.package import load_package, read_table

    package = load_package(descriptor)
    tables = {}
    for name in names:
        table, problems = read_table(package, package.resource(name))
        assert table is not None, problems
        tables[name] = table
    return package_db.connect(tables)


def shared(
    config: pytest.Config,
    factory: pytest.TempPathFactory,
    name: str,
    make: Callable[[Path], object],
) -> Path:
    """The folder `name`, made once per test run by `make(folder)` and shared by the pytest-xdist
    workers: the first to ask makes it while the others wait on a lock (read-only for all)."""
    base = factory.getbasetemp()
    run = base if getattr(config, "workerinput", None) is None else base.parent  # this run's
    folder, done = run / name, run / f"{name}.done"
    with (run / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def commands(command: Any, path: tuple[str, ...] = ("unga",)) -> Iterator[tuple[str, Any]]:
    """Every command of the `unga` app (groups included), as typed, with its click command."""
    yield " ".join(path), command
    for name, sub in getattr(command, "commands", {}).items():
        yield from commands(sub, (*path, name))
