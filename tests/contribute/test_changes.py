"""`unga diff`: a semantic diff between two git versions of the data, and the cited-changes rule.

Each test commits a copy of the fixture package to a temporary git repository, changes it,
and diffs the two versions.
"""

from __future__ import annotations

import time

import helpers
import pytest
from helpers import FLIP
from helpers import DiffRepo as Repo

from unga_votes.contribute.changes import DiffError, data_diff
from unga_votes.contribute.citations import check
from unga_votes.contribute.render import to_json, to_markdown, to_text


def test_no_change(repo: Repo) -> None:
    d, violations = repo.diff()
    assert d.empty and violations == []
    assert "no change to the data" in to_text(d)


def test_unknown_ref(repo: Repo) -> None:
    with pytest.raises(DiffError, match="not a commit"):
        data_diff(repo.root, "no-such-ref")


def test_speed_on_the_full_data(full_repo: helpers.Repo) -> None:
    """A base without the roll calls from 5000 on (~240k votes), and one vote flipped."""
    repo = Repo(full_repo.root)
    real = {p: repo.read(p) for p in ("data/votes.csv", "data/roll_calls.csv")}
    for path, text in real.items():
        header, *rows = text.split("\n")
        kept = [r for r in rows if r and not (r[0].isdigit() and int(r.split(",")[0]) >= 5000)]
        repo.write(path, "\n".join([header, *kept]) + "\n")
    repo.replace(*FLIP)
    repo.commit("fewer roll calls")
    for path, text in real.items():
        repo.write(path, text)
    start = time.perf_counter()
    d = data_diff(repo.root, "HEAD")
    diffed = time.perf_counter()
    report = check(d)
    violations = report.violations
    to_text(d, report), to_markdown(d, report), to_json(d, report)
    done = time.perf_counter()
    added = d.table("votes").added.height
    print(
        f"\ndiff of {added:,} added votes: {diffed - start:.2f} s, check and three renderings "
        f"{done - diffed:.2f} s"
    )
    assert added > 200_000 and d.table("roll_calls").added.height > 1000
    assert [v.key for v in violations] == ["4813|IND"]
