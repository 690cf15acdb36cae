"""Corrections must show in the data; exceptions must match a violation or be stale."""

from __future__ import annotations

import pytest
from helpers import PackageCopy, only

from unga_votes.rules.ledger import is_citation

EXCEPTIONS = "data/exceptions.csv"
CORRECTIONS = "data/corrections.csv"
# India abstained on A/RES/62/167; a yes makes the tally 102 yes, 58 abstentions.
FLIP = ("data/votes.csv", "4813,IND,A", "4813,IND,Y")


def test_exception_covers_its_violation(pkg: PackageCopy) -> None:
    before = pkg.validate().excepted
    pkg.replace(*FLIP)
    pkg.append(EXCEPTIONS, "votes.count-totals,4813,The test says so,A/62/PV.76")
    report = pkg.validate()
    assert report.valid, report.to_text()
    assert report.excepted == before + 1


def test_stale_exception_is_an_error(pkg: PackageCopy) -> None:
    line = pkg.append(EXCEPTIONS, "votes.count-totals,4813,Once needed,A/62/PV.76")
    (v,) = only(pkg.validate(), "exceptions.stale")
    assert (v.file, v.line) == (EXCEPTIONS, line)


def test_exception_without_a_source(pkg: PackageCopy) -> None:
    pkg.replace(*FLIP)
    line = pkg.append(EXCEPTIONS, "votes.count-totals,4813,No source given,")
    (v,) = only(pkg.validate(), "schema.required")
    assert (v.file, v.line, v.column) == (EXCEPTIONS, line, "source")


def test_applied_correction_is_valid(pkg: PackageCopy) -> None:
    pkg.replace(
        "data/roll_calls.csv", ",Oceans and the law of the sea,", ",Oceans and the Law of the Sea,"
    )
    pkg.append(CORRECTIONS, "9001,roll_calls,9147,description,Oceans and the law of the sea,"
               "Oceans and the Law of the Sea,A/74/PV.40,Capitals as in the record")  # fmt: skip
    assert pkg.validate().valid


def test_the_same_change_twice_is_a_duplicate(pkg: PackageCopy) -> None:
    line = pkg.append(CORRECTIONS, "9001,votes,4813|ZAF,vote,Y,A,A/62/PV.76,Again")
    (v,) = only(pkg.validate(), "corrections.duplicate")
    assert (v.file, v.line, v.key, v.found) == (
        CORRECTIONS,
        line,
        "9001",
        "the change of correction 1",
    )


def test_a_removed_row_and_an_added_row(pkg: PackageCopy) -> None:
    """Column `*`: a removal (old `row`) must be absent and supersedes the corrections of the
    row's cells before it; an addition (new `row`) must be present."""
    pkg.append(CORRECTIONS, "9001,roll_call_issues,6|hr,*,row,,A/1/PV.1,")
    (v,) = only(pkg.validate(), "corrections.not-applied")
    assert (v.column, v.expected, v.found) == ("key", "roll_call_issues 6|hr absent", "present")
    pkg.replace("data/roll_call_issues.csv", "6,hr\n", "")
    assert pkg.validate().valid
    pkg.append(CORRECTIONS, "9002,roll_call_issues,39|hr,*,,row,A/1/PV.1,")
    (v,) = only(pkg.validate(), "corrections.not-applied")
    assert (v.expected, v.found) == ("roll_call_issues 39|hr present", "no such row")
    pkg.append(CORRECTIONS, "9003,votes,4813|ZAF,*,row,,A/62/PV.76,")  # after correction 1
    names = {v.rule for v in pkg.validate().violations if v.file == CORRECTIONS}
    assert "corrections.unknown-row" not in names  # correction 1 is superseded
    pkg.append(CORRECTIONS, "9004,votes,4813|IND,*,gone,,A/62/PV.76,")
    (v,) = only(pkg.validate(), "corrections.unknown-column")
    assert v.found == "* with old 'gone', new ''"


def test_a_ledger_source_must_cite_something(pkg: PackageCopy) -> None:
    for n, source in enumerate(["asdf", "wikipedia", "see the record", "A/B", "ftp://x.org"]):
        pkg.append(CORRECTIONS, f"{9001 + n},votes,4813|ZAF,vote,Y,A,{source},")
    bad = only(pkg.validate(), "ledger.citation")
    assert [v.found for v in bad] == ["'asdf'", "'wikipedia'", "'see the record'", "'A/B'",
                                      "'ftp://x.org'"]  # fmt: skip
    for source in ("A/RES/ES-10/21", "S/RES/242(1967)", "https://www.un.org/x", "hdl:1/2",
                   "doi:10.1000/1", "E/CN.4/1998/53, para. 4"):  # fmt: skip
        assert is_citation(source), source


@pytest.mark.parametrize(
    "source",
    ["A/62/PV.76", "A/RES/2758(XXVI)", "A/ES-10/PV.1", "A/S-27/PV.1", "A/C.3/62/L.32",
     "A/RES/62/167/Add.1", "ST/SGB/2019/1", "S/1", "A/62/PV.76 (p. 12)",
     "A/62/PV.76; A/RES/62/167", "https://correlatesofwar.org/data-sets/x/",
     "hdl:1902.1/12379 (voeten2016_votes.csv.gz, rcid 993)", "doi:10.7910/DVN/LEJUQZ"],
)  # fmt: skip
def test_a_citation_comes_first_and_whole(source: str) -> None:
    assert is_citation(source)


@pytest.mark.parametrize(
    "source",
    ["wikipedia, see above S/1", "trust me, E/2", "E/1 is not the source, wikipedia is",
     "my-notes/A/1", "A/62/PV.76 lol", "A/1/PV.99 ::error::x", "A/62/PV.", "A/-/PV.1",
     "A/RES/0/0", "ST/0", "A/RES/", "https://", "https://localhost", "http://x.org", "hdl:",
     "doi:10.1/x", "\u0410/62/PV.76", "A/62/PV.76\u200b", " A/62/PV.76"],
)  # fmt: skip
def test_text_that_only_holds_a_citation_somewhere_is_none(source: str) -> None:
    """Free text around a symbol-like word, an unfinished symbol, a look-alike letter or a
    hidden character: no reader could look it up from what is written."""
    assert not is_citation(source)


def test_correction_not_in_the_data(pkg: PackageCopy) -> None:
    line = pkg.append(CORRECTIONS, "9001,votes,4813|ZAF,vote,A,Y,A/62/PV.76,")
    (v,) = only(pkg.validate(), "corrections.not-applied")
    assert (v.file, v.line, v.column) == (CORRECTIONS, line, "new")
    assert v.found == "'A'"


def test_correction_of_a_missing_row_or_column(pkg: PackageCopy) -> None:
    row = pkg.append(CORRECTIONS, "9001,votes,4813|XXX,vote,A,Y,A/62/PV.76,")
    column = pkg.append(CORRECTIONS, "9002,votes,4813|ZAF,colour,A,Y,A/62/PV.76,")
    report = pkg.validate()
    assert only(report, "corrections.unknown-row")[0].line == row
    assert only(report, "corrections.unknown-column")[0].line == column


def test_correction_without_a_source(pkg: PackageCopy) -> None:
    pkg.append(CORRECTIONS, "9001,votes,4813|ZAF,vote,Y,A,,")
    (v,) = only(pkg.validate(), "schema.required")
    assert v.column == "source"


def test_later_correction_supersedes_an_earlier_one(pkg: PackageCopy) -> None:
    """Correction 1 made South Africa abstain; a later one of the same cell is what must hold."""
    pkg.replace("data/votes.csv", "4813,ZAF,A", "4813,ZAF,N")
    pkg.replace("data/roll_calls.csv", ",101,22,59,10,", ",101,23,58,10,")
    pkg.append(CORRECTIONS, "8,votes,4813|ZAF,vote,A,N,https://example.org/record,test")
    pkg.append(CORRECTIONS, "9,roll_calls,4813,declared_no,22,23,https://example.org/record,t")
    pkg.append(CORRECTIONS, "10,roll_calls,4813,declared_abstain,59,58,https://example.org/r,t")
    report = pkg.validate()
    assert report.valid, report.to_text()


def test_an_exception_of_a_rule_that_could_not_run_is_not_stale(pkg: PackageCopy) -> None:
    """roll_calls.csv cannot be read: the dates rules do not run on it, so its exceptions
    (dates.outside-session for roll calls 804 and 4521) say nothing, and are not stale."""
    pkg.write("data/roll_calls.csv", "garbage\n")
    report = pkg.validate()
    assert [v.rule for v in report.violations if v.rule == "exceptions.stale"] == []
    assert any(s.startswith("dates.outside-session:") for s in report.skipped)
