"""An edition is never written where git would commit it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from helpers import ROOT

from unga_votes.sources.undl.checkout import checkout_tracking

FILES = ["data/votes.csv", "reconciliation.md", "datapackage.json", ".unga-edition"]


def _root(out: Path, beside: tuple[str, ...] = ()) -> Path | None:
    found = checkout_tracking(out, FILES, beside)
    return found and found[0]


def test_a_tracked_folder_of_this_checkout_is_refused_an_ignored_one_not() -> None:
    """`data/official` showed as untracked, not ignored: one `git add` from a commit."""
    for tracked in ("data/official", "src/unga_votes/official", "official"):
        assert _root(ROOT / tracked) == ROOT.resolve(), tracked
    assert _root(ROOT / "build" / "official", ("building", "checking")) is None


def test_any_checkout_counts_and_none_outside_one(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text("editions/\n", encoding="utf-8")
    assert _root(repo / "notes" / "official") == repo.resolve()
    assert _root(repo / "editions" / "official") is None
    assert _root(tmp_path / "elsewhere" / "official") is None


def test_every_path_is_asked_about_not_one(tmp_path: Path) -> None:
    """`*.csv` ignored: the report, descriptor and marker would still be committed; and a
    folder ignored alone leaves the working folders beside it committable."""
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text("*.csv\n", encoding="utf-8")
    assert checkout_tracking(repo / "official", FILES) == (
        repo.resolve(),
        repo.resolve() / "official" / "reconciliation.md",
    )
    (repo / ".gitignore").write_text("official/\n", encoding="utf-8")
    assert checkout_tracking(repo / "official", FILES) is None
    assert checkout_tracking(repo / "official", FILES, ["checking"]) == (
        repo.resolve(),
        repo.resolve() / ".official.checking-XXXXXXXX" / "data/votes.csv",
    )
    subprocess.run(["git", "-C", str(repo), "add", "-f", ".gitignore"], check=True)
    (repo / ".gitignore").write_text("*\n", encoding="utf-8")  # a tracked file is not ignored
    found = checkout_tracking(repo, [".gitignore"])
    assert found is not None and found[1] == repo.resolve() / ".gitignore"
