"""An edition is never written where git would commit it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from helpers import ROOT

from unga_votes.sources.undl.checkout import checkout_tracking


def test_a_tracked_folder_of_this_checkout_is_refused_an_ignored_one_not() -> None:
    """`data/official` showed as untracked, not ignored: one `git add` from a commit."""
    for tracked in ("data/official", "src/unga_votes/official", "official"):
        assert checkout_tracking(ROOT / tracked) == ROOT.resolve(), tracked
    assert checkout_tracking(ROOT / "build" / "official") is None


def test_any_checkout_counts_and_none_outside_one(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text("editions/\n", encoding="utf-8")
    assert checkout_tracking(repo / "notes" / "official") == repo.resolve()
    assert checkout_tracking(repo / "editions" / "official") is None
    assert checkout_tracking(tmp_path / "elsewhere" / "official") is None
