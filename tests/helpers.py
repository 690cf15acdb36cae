"""Helpers the tests share: a package copy to damage, a git repository, the CLI, digests."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from unga_votes.report import Report, Violation
from unga_votes.validate import validate

ROOT = Path(__file__).resolve().parent.parent


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


def only(report: Report, rule: str) -> list[Violation]:
    """The report's violations of `rule`, asserting there is at least one."""
    found = [v for v in report.violations if v.rule == rule]
    assert found, f"no {rule} violation in:\n{report.to_text()}"
    return found


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


def connect(descriptor: Path, names: tuple[str, ...]):
    """The data model over some tables of a package (they must read cleanly)."""
    from unga_votes import model
    from unga_votes.package import load_package, read_table

    package = load_package(descriptor)
    tables = {}
    for name in names:
        table, problems = read_table(package, package.resource(name))
        assert table is not None, problems
        tables[name] = table
    return model.connect(tables)
