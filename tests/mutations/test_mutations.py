"""Every defect class of the corpus is caught with its rule at its place; the real data pass."""

from __future__ import annotations

import functools
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from mutations.corpus import ANY, BY_NAME, CORPUS, ROOT, Copy, Where
from unga_votes.package import load_package
from unga_votes.report import Report
from unga_votes.validate import validate

DETECTION = ROOT / "docs" / "detection.md"


@dataclass(frozen=True)
class Workdir:
    path: Path  # where the copies go
    source: Path  # the package they copy: the fixture package


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory, fixture_root: Path) -> Workdir:
    return Workdir(tmp_path_factory.mktemp("mutations"), fixture_root)


def mutated(name: str, workdir: Workdir) -> tuple[Where, Report]:
    """Apply the class to a fresh copy of the fixture package and validate it."""
    shutil.rmtree(workdir.path / name, ignore_errors=True)
    copy = Copy(workdir.path / name, source=workdir.source)
    try:
        return BY_NAME[name].mutate(copy), validate(copy.descriptor)
    finally:
        shutil.rmtree(copy.root)


def test_corpus_size() -> None:
    assert len(CORPUS) >= 40


def test_real_data_have_no_violation(workdir: Workdir) -> None:
    """The fixture package the classes damage is valid (the full data: test_validate)."""
    report = validate(Copy(workdir.path / "real", source=workdir.source).descriptor)
    assert report.valid, report.to_text()


@functools.cache
def _columns_of_files() -> dict[str, set[str]]:
    package = load_package(ROOT / "datapackage.json")
    return {r.path: set(r.field_names) for r in package.resources.values()}


def _same_file(found: str, expected: str) -> bool:
    return found == expected or found.endswith("/" + expected)


@pytest.mark.parametrize("name", [d.name for d in CORPUS])
def test_defect_is_caught_at_its_place(name: str, workdir: Workdir) -> None:
    """The class is caught by its rule at its place; and every violation's column is a column
    of its file (or a key's columns), never one of the validator's own frames (`tally_rows`
    once was)."""
    where, report = mutated(name, workdir)
    known = _columns_of_files()
    wrong = {(v.rule, v.file, v.column) for v in report.violations
             if v.column is not None and v.file in known
             and not set(v.column.split(",")) <= known[v.file]}  # fmt: skip
    assert not wrong, f"{name}: columns the file does not have: {sorted(wrong)}"
    rule = BY_NAME[name].rule
    of_rule = [v for v in report.violations if v.rule == rule]
    assert of_rule, f"{name}: no {rule} violation in:\n{report.to_text()[:3000]}"
    at = [
        v
        for v in of_rule
        if _same_file(v.file, where.file)
        and v.line == where.line
        and (where.column is ANY or v.column == where.column)
    ]
    assert at, (
        f"{name}: {rule} expected at {where.file}:{where.line} column {where.column!r}, "
        f"reported at {[(v.file, v.line, v.column) for v in of_rule[:5]]}"
    )


def test_detection_table_lists_every_class() -> None:
    """docs/detection.md (written by compare_frictionless.py) covers the corpus exactly."""
    text = DETECTION.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, flags=re.M))
    assert listed == set(BY_NAME), (
        f"missing from docs/detection.md: {sorted(set(BY_NAME) - listed)}; "
        f"no longer in the corpus: {sorted(listed - set(BY_NAME))}"
    )
