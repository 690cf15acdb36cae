"""The Voeten import on the real vendored rows: one import per session into tmp, then checks."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from helpers import ROOT

from unga_votes.sources.voeten import import_voeten
from unga_votes.sources.voeten.sources import SourceChecksumError, verify_checksums

OUTPUTS = ("roll_calls", "resolutions", "votes", "roll_call_issues", "corrections", "exceptions",
           "resolution_subjects", "resolution_documents", "resolution_agenda_titles",
           "resolution_totals")  # fmt: skip


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))
    }


def test_committed_data_is_the_import(imported: Path) -> None:
    """A fresh import writes the committed files byte for byte. They are an earlier import's
    (`make import`, in another process, on another day), so two imports are byte-identical."""
    for name in OUTPUTS:
        assert (ROOT / "data" / f"{name}.csv").read_bytes() == (
            imported / f"{name}.csv"
        ).read_bytes(), f"data/{name}.csv differs from a fresh import"
    assert sorted(digests(imported)) == sorted(f"{name}.csv" for name in OUTPUTS)  # no other
    report = "reports/import.md"
    assert (ROOT / report).read_bytes() == (imported.parent / report).read_bytes()


def test_checksum_mismatch_is_a_clear_error(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "sources", repo / "sources")
    shutil.copytree(ROOT / "data", repo / "data")
    verify_checksums(repo / "sources" / "voeten")
    target = repo / "sources" / "voeten" / "unvotes2021_roll_calls.csv.gz"
    data = bytearray(target.read_bytes())
    data[-1] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(
        SourceChecksumError, match=r"unvotes2021_roll_calls\.csv\.gz: SHA256 mismatch"
    ):
        import_voeten(repo, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_unexplained_violation_writes_nothing(tmp_path: Path) -> None:
    """An import whose output breaks a rule it cannot explain leaves the previous data alone."""
    repo = tmp_path / "repo"
    for part in ("sources/voeten", "schemas", "data"):
        shutil.copytree(ROOT / part, repo / part)
    shutil.copy(ROOT / "datapackage.json", repo)
    names = repo / "data" / "state_names.csv"
    names.write_text(
        names.read_text() + "ZAF,Union of South Africa,1945-11-07,1961-05-31,official,\n"
    )
    before = digests(repo / "data")
    summary = import_voeten(repo)
    assert not summary.ok and not summary.files
    assert any("state_names.official-overlap" in line for line in summary.unexpected)
    assert digests(repo / "data") == before
