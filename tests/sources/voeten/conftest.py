"""The Voeten import of the real vendored files, run once per session (it takes ~5 s)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT

from unga_votes.sources.voeten import import_voeten

OUTPUTS = ("roll_calls", "resolutions", "votes", "roll_call_issues", "corrections", "exceptions",
           # What the Library adds to a resolution: empty, the vendored files give none of it.
           "resolution_subjects", "resolution_documents", "resolution_agenda_titles")  # fmt: skip


@pytest.fixture(scope="session")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/ as a fresh import writes it (reports/import.md beside it)."""
    out = tmp_path_factory.mktemp("import") / "data"
    summary = import_voeten(ROOT, out)
    assert summary.ok, summary.unexpected
    assert summary.roll_calls == 6203
    assert set(summary.files) == {*OUTPUTS, "report"}
    return out
