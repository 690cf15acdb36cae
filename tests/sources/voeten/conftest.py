"""The Voeten import of the real vendored files, run once per test run for every pytest-xdist
worker (it takes ~5 s)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT, shared

from unga_votes.sources.voeten import import_voeten

OUTPUTS = ("roll_calls", "resolutions", "votes", "roll_call_issues", "corrections", "exceptions",
           # What the Library adds to a resolution: empty, the vendored files give none of it.
           "resolution_subjects", "resolution_documents", "resolution_agenda_titles",
           "resolution_totals")  # fmt: skip


def _import(folder: Path) -> None:
    summary = import_voeten(ROOT, folder / "data")
    assert summary.ok, summary.unexpected
    assert summary.roll_calls == 6203
    assert set(summary.files) == {*OUTPUTS, "report"}


@pytest.fixture(scope="session")
def imported(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    """data/ as a fresh import writes it (reports/import.md beside it; read-only)."""
    return shared(pytestconfig, tmp_path_factory, "voeten-import", _import) / "data"
