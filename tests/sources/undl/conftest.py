"""The official edition of the fixture package, built once from files written in the
Library's layout (tests/undl_fixture.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from undl_fixture import write_undl_files

from unga_votes.sources.undl import EditionSummary, import_undl


@dataclass(frozen=True)
class Built:
    out: Path
    summary: EditionSummary
    voting: Path
    resolutions: Path
    package: Path  # the CC0 package's descriptor


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, fixture_root: Path) -> Built:
    work = tmp_path_factory.mktemp("undl")
    voting, resolutions = write_undl_files(work / "files", fixture_root)
    descriptor = fixture_root / "datapackage.json"
    summary = import_undl(voting, resolutions, work / "official", descriptor)
    return Built(work / "official", summary, voting, resolutions, descriptor)
