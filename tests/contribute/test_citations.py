"""The cited-changes rule of `unga diff --check`: changed votes and declared totals need a cited
corrections row; new roll calls need a source."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import FLIP, RC_4813, unga
from helpers import DiffRepo as Repo


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
    row = "99999,62,2007-12-18,day,A/62/PV.76,procedural,,,,,,,A test motion,{source},99999,,false"
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


def test_check_as_workflow_annotations(repo: Repo) -> None:
    """`unga diff BASE --check --format github`: one annotation per uncited change, exit 1."""
    line = repo.line_of("data/votes.csv", "4813,IND,")
    repo.replace(*FLIP)
    result = unga("diff", "HEAD", "--check", "--format", "github", "--repo", str(repo.root))
    assert result.returncode == 1, result.stderr
    first, summary = result.stdout.strip().split("\n")
    assert first.startswith(
        f"::error file=data/votes.csv,line={line},title=diff.uncited-change::vote: roll call 4813"
    )
    assert summary == "unga diff --check: 1 problem (diff.uncited-change 1)"
    repo.cite("votes", "4813|IND", "vote", "A", "Y", "A/62/PV.76")
    result = unga("diff", "HEAD", "--check", "--format", "github", "--repo", str(repo.root))
    assert (result.returncode, result.stdout) == (0, "unga diff --check: passed\n")


def test_annotations_name_files_from_the_repository_root(
    tmp_path: Path, fixture_root: Path
) -> None:
    """`--package sub/datapackage.json`: the annotation names `sub/data/votes.csv`."""
    top = tmp_path / "top"
    shutil.copytree(fixture_root, top / "sub")
    repo = Repo(top).init()
    line = repo.line_of("sub/data/votes.csv", "4813,IND,")
    repo.replace("sub/" + FLIP[0], *FLIP[1:])
    result = unga(
        "diff", "HEAD", "--check", "--format", "github", "--repo", str(top),
        "--package", "sub/datapackage.json",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(f"::error file=sub/data/votes.csv,line={line},title=")


def test_any_changed_cell_needs_a_citation(repo: Repo) -> None:
    """Not only votes and totals: a description, a state's code, a membership date."""
    repo.replace("data/roll_calls.csv", "Oceans and the law of the sea,", "Oceans and Law,")
    repo.replace("data/states.csv", "AFG,Afghanistan,700,", "AFG,Afghanistan,701,")
    keys = sorted((v.key, v.column) for v in repo.diff()[1])
    assert keys == [("9147", "description"), ("AFG", "cow_code")]
    repo.cite("roll_calls", "9147", "description", "Oceans and the law of the sea",
              "Oceans and Law", "A/74/PV.40")  # fmt: skip
    repo.cite("states", "AFG", "cow_code", "700", "701", "https://correlatesofwar.org/x")
    assert repo.diff()[1] == []


def test_a_removal_is_cited_by_a_whole_row_correction(repo: Repo) -> None:
    """Roll call 3 removed: one `*` correction covers it and its 51 vote rows; a vote row removed
    alone needs its own."""
    for path in ("data/roll_calls.csv", "data/votes.csv"):
        text = repo.read(path)
        repo.write(path, "".join(ln for ln in text.splitlines(True) if not ln.startswith("3,")))
    (v,) = repo.diff()[1]
    assert (v.key, v.column, v.rule) == ("3", "*", "diff.uncited-change")
    assert v.message == "roll call 3 (removed): 'row' → empty"
    repo.cite("roll_calls", "3", "*", "row", "", "A/1/PV.10")
    assert repo.diff()[1] == []
    repo.replace("data/votes.csv", "4813,IND,A\n", "")
    (v,) = repo.diff()[1]
    assert (v.key, v.column) == ("4813|IND", "*")
    repo.cite("votes", "4813|IND", "*", "row", "", "A/62/PV.76")
    assert repo.diff()[1] == []


def test_an_issue_tag_added_to_an_existing_roll_call(repo: Repo) -> None:
    repo.append("data/roll_call_issues.csv", "4813,me")
    (v,) = repo.diff()[1]
    assert (v.key, v.column, v.message) == (
        "4813|me", "*", "roll call issues 4813|me (added to an existing roll call): empty → 'row'",
    )  # fmt: skip
    repo.cite("roll_call_issues", "4813|me", "*", "", "row", "A/62/PV.76")
    assert repo.diff()[1] == []


def test_a_citation_must_cite_something(repo: Repo) -> None:
    """A ledger row whose source is `wikipedia` cites nothing; neither does a new row's."""
    repo.replace(*FLIP)
    repo.cite("votes", "4813|IND", "vote", "A", "Y", "wikipedia")
    (v,) = repo.diff()[1]
    assert v.rule == "diff.uncited-change"
    row = "99999,62,2007-12-18,day,,procedural,,,,,,,A motion,see above,,,false"
    repo.append("data/roll_calls.csv", row)
    assert {v.rule for v in repo.diff()[1]} == {"diff.uncited-change", "diff.new-without-source"}


def test_the_ledger_only_grows(repo: Repo) -> None:
    repo.replace("data/corrections.csv", "Y,A,A/62/PV.76,", "Y,A,A/62/PV.77,")
    (v,) = repo.diff()[1]
    assert (v.rule, v.key, v.column) == ("diff.ledger-rewritten", "1", "source")
    assert v.found == "source 'A/62/PV.76' → 'A/62/PV.77'"


def test_an_exception_is_never_rewritten_but_may_go(repo: Repo) -> None:
    """Its reason and source stay as reviewed; removing it is no finding (validate says
    whether the violation it covered is gone)."""
    text = repo.read("data/exceptions.csv")
    first = text.splitlines()[1]
    rule, key = first.split(",")[:2]
    repo.write(
        "data/exceptions.csv", text.replace(first, f"{rule},{key},Fine.,https://example.com/x")
    )
    found = repo.diff()[1]
    assert {(v.rule, v.key) for v in found} == {("diff.ledger-rewritten", f"{rule}|{key}")}
    assert [v.column for v in found] == ["reason"]  # one finding per row, its first change
    repo.write("data/exceptions.csv", text.replace(first + "\n", ""))
    assert repo.diff()[1] == []


def test_structure_changes_are_findings(repo: Repo) -> None:
    """The descriptor and the schemas are compared as JSON: layout alone is no change."""
    schema = repo.path("schemas/votes.schema.json")
    schema.write_text(json.dumps(json.loads(schema.read_text())), encoding="utf-8")
    assert repo.diff()[1] == []
    repo.replace("schemas/votes.schema.json", '"enum": ["Y", "N", "A", "X"]', '"minLength": 1')
    (v,) = repo.diff()[1]
    assert (v.file, v.rule, v.found) == (
        "schemas/votes.schema.json", "diff.structure-changed", "changed",
    )  # fmt: skip
