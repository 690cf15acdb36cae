"""Fixtures of the `unga diff` tests: a repository that diffs itself, and a real correction."""

from __future__ import annotations

import pytest
from helpers import RC_4813, DiffRepo, PackageCopy


@pytest.fixture
def repo(pkg: PackageCopy) -> DiffRepo:
    """The fixture package as a git repository with one commit, to diff."""
    return DiffRepo(pkg.root).init()


@pytest.fixture
def correction(repo: DiffRepo) -> DiffRepo:
    """The seed correction of roll call 4813, as it was before (base) and after (working tree)."""
    real = {p: repo.read(p) for p in ("data/votes.csv", "data/roll_calls.csv")}
    repo.replace("data/votes.csv", "4813,ZAF,A", "4813,ZAF,Y")
    before = RC_4813.replace(
        ",101,22,59,10,A/62/PV.76,",
        ",102,22,58,,voeten2016_descriptions.csv.gz (hdl:1902.1/12379),",
    )
    repo.replace("data/roll_calls.csv", RC_4813, before)
    repo.commit("as imported")
    for path, text in real.items():
        repo.write(path, text)
    return repo
