"""Tests run on a copy of the real data package in a temporary directory, damaged on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from unga_votes.report import Report, Violation
from unga_votes.validate import validate

ROOT = Path(__file__).resolve().parent.parent


class PackageCopy:
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


@pytest.fixture
def pkg(tmp_path: Path) -> PackageCopy:
    shutil.copy(ROOT / "datapackage.json", tmp_path)
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return PackageCopy(tmp_path)


def only(report: Report, rule: str) -> list[Violation]:
    """The report's violations of `rule`, asserting there is at least one."""
    found = [v for v in report.violations if v.rule == rule]
    assert found, f"no {rule} violation in:\n{report.to_text()}"
    return found
