"""`unga diff`: a semantic diff between two git versions of the data, and the cited-changes rule.

Each test commits a copy of the real data package to a temporary git repository, changes it,
and diffs the two versions.
"""

from __future__ import annotations

import json
import time

import helpers
import pytest
from helpers import PackageCopy

from unga_votes.contribute.changes import DiffError, data_diff
from unga_votes.contribute.citations import check
from unga_votes.contribute.render import to_json, to_markdown, to_text

FLIP = ("data/votes.csv", "4813,IND,A", "4813,IND,Y")
RC_4813 = "4813,62,2007-12-18,A/62/PV.76,resolution,A/RES/62/167,101,22,59,10,A/62/PV.76,"


class Repo(helpers.Repo):
    def diff(self, base: str = "HEAD", head: str | None = None):
        """The diff, and the violations of its citation check."""
        d = data_diff(self.root, base, head)
        return d, check(d).violations

    def rendered(self, base: str = "HEAD", head: str | None = None):
        """The diff and its full citation report, for the renderers."""
        d = data_diff(self.root, base, head)
        return d, check(d)

    def cite(self, table: str, key: str, column: str, old: str, new: str, source: str) -> int:
        n = self.read("data/corrections.csv").count("\n")
        return self.append(
            "data/corrections.csv", f"{n},{table},{key},{column},{old},{new},{source},test"
        )


@pytest.fixture
def repo(pkg: PackageCopy) -> Repo:
    return Repo(pkg.root).init()


def test_no_change(repo: Repo) -> None:
    d, violations = repo.diff()
    assert d.empty and violations == []
    assert "no change to the data" in to_text(d)


def test_uncited_vote_change_fails_naming_roll_call_and_state(repo: Repo) -> None:
    line = repo.line_of("data/votes.csv", "4813,IND,")
    repo.replace(*FLIP)
    repo.commit("flip India")
    _, violations = repo.diff("HEAD~1", "HEAD")
    (v,) = violations
    assert (v.file, v.line, v.column, v.rule) == (
        "data/votes.csv",
        line,
        "vote",
        "diff.uncited-change",
    )
    assert "roll call 4813, state IND" in v.message and "'A' → 'Y'" in v.message
    assert v.found == "none in the corrections ledger"
    assert "4813|IND" in v.expected and "old 'A', new 'Y'" in v.expected
    assert "roll call 4813" in v.text() and "IND" in v.text()


def test_cited_change_with_corrected_totals_passes(repo: Repo) -> None:
    rc_line = repo.line_of("data/roll_calls.csv", "4813,")
    repo.replace(*FLIP)
    repo.cite("votes", "4813|IND", "vote", "A", "Y", "A/62/PV.76")
    # The vote alone is cited; the declared totals it now contradicts are changed but not cited.
    repo.replace("data/roll_calls.csv", RC_4813, RC_4813.replace(",101,22,59,", ",102,22,58,"))
    _, violations = repo.diff()
    assert sorted((v.file, v.line, v.column, v.rule) for v in violations) == [
        ("data/roll_calls.csv", rc_line, c, "diff.uncited-change")
        for c in ("declared_abstain", "declared_yes")
    ]
    assert "roll call 4813, declared total" in violations[0].message
    repo.cite("roll_calls", "4813", "declared_yes", "101", "102", "A/62/PV.76")
    repo.cite("roll_calls", "4813", "declared_abstain", "59", "58", "A/62/PV.76")
    assert repo.validate().valid
    assert repo.diff()[1] == []
    repo.commit("cited")
    assert repo.diff("HEAD~1", "HEAD")[1] == []


def test_ledger_row_with_the_wrong_old_value_does_not_cite(repo: Repo) -> None:
    repo.replace(*FLIP)
    ledger_line = repo.cite("votes", "4813|IND", "vote", "N", "Y", "A/62/PV.76")
    _, violations = repo.diff()
    (v,) = [v for v in violations if v.file == "data/votes.csv"]
    assert f"(line {ledger_line})" in v.found and "'N' → 'Y'" in v.found


def test_added_roll_call_without_source_fails(repo: Repo) -> None:
    row = "99999,62,2007-12-18,A/62/PV.76,procedural,,,,,,,A test motion,{source},99999,,false"
    line = repo.append("data/roll_calls.csv", row.format(source=""))
    d, violations = repo.diff()
    assert d.table("roll_calls").added.height == 1
    (v,) = violations
    assert (v.file, v.line, v.column, v.rule) == (
        "data/roll_calls.csv",
        line,
        "source",
        "diff.new-without-source",
    )
    assert "99999" in v.message
    repo.replace("data/roll_calls.csv", row.format(source=""), row.format(source="A/62/PV.76"))
    assert repo.diff()[1] == []


def test_vote_added_to_an_existing_roll_call_must_be_cited(repo: Repo) -> None:
    repo.replace("data/votes.csv", "4813,IND,A\n", "")
    repo.commit("India missing")
    repo.replace("data/votes.csv", "4813,IRL,Y\n", "4813,IND,A\n4813,IRL,Y\n")
    (v,) = repo.diff()[1]
    assert "roll call 4813, state IND (added to an existing roll call)" in v.message
    repo.cite("votes", "4813|IND", "vote", "", "A", "A/62/PV.76")
    assert repo.diff()[1] == []


@pytest.fixture
def correction(repo: Repo) -> Repo:
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


def test_real_correction_passes_and_renders(correction: Repo) -> None:
    votes_line = correction.line_of("data/votes.csv", "4813,ZAF,")
    d, report = correction.rendered()
    violations = report.violations
    assert violations == []
    assert set(d.tables) == {"votes", "roll_calls"}

    text = to_text(d, report)
    assert f"ZAF: Y → A  (data/votes.csv:{votes_line})" in text
    assert "roll call 4813 (2007-12-18, A/RES/62/167)" in text
    assert "4813 declared_yes: '102' → '101' (declared total)" in text
    assert text.endswith("unga diff --check: passed")

    md = to_markdown(d, report)
    assert md.startswith("## Data diff `HEAD` → `working tree`")
    assert f"| 4813 | 2007-12-18 | A/RES/62/167 | ZAF | Y | A | {votes_line} |" in md
    assert "| 4813 | `declared_non_voting` |  | 10 |" in md
    assert "**Check passed:**" in md

    data = json.loads(to_json(d, report))
    (rc,) = data["tables"]["votes"]["roll_calls"]
    assert rc["roll_call"] == "4813" and rc["date"] == "2007-12-18"
    assert rc["changed"] == [
        {"state": "ZAF", "column": "vote", "from": "Y", "to": "A", "line": votes_line}
    ]
    changed = {c["column"]: (c["from"], c["to"]) for c in data["tables"]["roll_calls"]["changed"]}
    assert changed["declared_yes"] == ("102", "101")
    assert changed["declared_non_voting"] == (None, "10")
    assert data["check"] == {"passed": True, "violations": []}


def test_check_failure_renders(correction: Repo) -> None:
    row = "1,votes,4813|ZAF,vote,Y,A,A/62/PV.76,South Africa abstained per the meeting record\n"
    correction.replace("data/corrections.csv", row, "")
    d, report = correction.rendered()
    (v,) = report.violations
    assert "roll call 4813, state ZAF" in v.message
    assert "diff.uncited-change" in to_text(d, report)
    assert "**Check failed:** 1 problem (diff.uncited-change 1)." in to_markdown(d, report)
    assert json.loads(to_json(d, report))["check"]["passed"] is False


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
