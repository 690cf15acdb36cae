"""`unga diff`: a semantic diff between two git versions of the data, and the cited-changes rule.

Each test commits a copy of the fixture package to a temporary git repository, changes it,
and diffs the two versions.
"""

from __future__ import annotations

import time

import helpers
import pytest
from helpers import FLIP, unga_here
from helpers import DiffRepo as Repo

from unga_votes.contribute.changes import DiffError, data_diff
from unga_votes.contribute.citations import check_citations
from unga_votes.contribute.render import to_json, to_markdown, to_text


def test_no_change(repo: Repo) -> None:
    d, violations = repo.diff()
    assert d.empty and violations == []
    assert "no change to the data" in to_text(d)


def test_unknown_ref(repo: Repo) -> None:
    with pytest.raises(DiffError, match="not a commit"):
        data_diff(repo.root, "no-such-ref")


def test_bad_arguments_exit_2_and_unreadable_data_exit_1(repo: Repo, tmp_path_factory) -> None:
    """A missing folder, a folder outside git, an unknown ref or a --package out of the
    repository is the usage (exit 2); a descriptor that cannot be read is the data (exit 1).
    One line each; an absolute --package inside the repository is accepted."""
    root = str(repo.root)
    tmp_path = tmp_path_factory.mktemp("outside")  # not in the repository
    (tmp_path / "plain").mkdir()
    repo.write("broken.json", "{")
    repo.commit("a broken descriptor")
    cases = [
        (["--repo", str(tmp_path / "nowhere")], 2, "nowhere: no such directory"),
        (["--repo", str(tmp_path / "plain")], 2, "plain: not in a git repository"),
        (["no-such-ref", "--repo", root], 2, "'no-such-ref' is not a commit in"),
        (["--repo", root, "--package", "/etc/datapackage.json"], 2, "not a path inside"),
        (["--repo", root, "--package", "../datapackage.json"], 2, "not a path inside"),
        (["--repo", root, "--package", "missing.json"], 1, "HEAD: missing.json: no such file"),
        (["--repo", root, "--package", "broken.json"], 1, "not a JSON document"),
    ]
    for args, code, message in cases:
        args = args if args[0] == "no-such-ref" else ["HEAD", *args]
        done = unga_here("diff", *args)
        assert done.returncode == code, (args, done.stderr)
        assert done.stderr.count("\n") == 1 and message in done.stderr, (args, done.stderr)
    done = unga_here("diff", "HEAD", "--repo", root, "--package", str(repo.descriptor))
    assert done.returncode == 0 and done.stdout.endswith("\nno change to the data\n"), done.stderr


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
    report = check_citations(d)
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
