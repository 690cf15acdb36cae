"""Count totals and single membership: the tally of the release's view against the declared
totals and the members on the day."""

from __future__ import annotations

from helpers import PackageCopy, only

VOTES = "data/votes.csv"
ROLL_CALLS = "data/roll_calls.csv"
MEMBERSHIP = ("votes.non-member", "votes.missing-member", "votes.membership-total")


def test_flipped_vote_breaks_the_count_totals(pkg: PackageCopy) -> None:
    """South Africa A -> Y on A/RES/62/167: 101/59 declared, 102/58 tallied."""
    line = pkg.line_of(ROLL_CALLS, "4813,")
    pkg.replace(VOTES, "4813,ZAF,A", "4813,ZAF,Y")
    report = pkg.validate()
    # The corrections ledger records the abstention too (A/62/PV.76), so it objects as well.
    assert sorted(v.rule for v in report.violations) == [
        "corrections.not-applied",
        "votes.count-totals",
    ]
    (v,) = only(report, "votes.count-totals")
    assert (v.file, v.line, v.key) == (ROLL_CALLS, line, "4813")
    assert "4813" in v.message and "A/RES/62/167" in v.message
    assert "yes 101" in v.expected and "abstain 59" in v.expected
    assert "yes 102" in v.found and "abstain 58" in v.found


def test_missing_member(pkg: PackageCopy) -> None:
    line = pkg.line_of(ROLL_CALLS, "4813,")
    pkg.replace(VOTES, "4813,ZAF,A\n", "")
    report = pkg.validate()
    (v,) = only(report, "votes.missing-member")
    assert (v.file, v.line, v.key) == (ROLL_CALLS, line, "4813|ZAF")
    (t,) = only(report, "votes.membership-total")
    assert "192" in t.expected and t.found == "191"


def test_non_member_voting(pkg: PackageCopy) -> None:
    """South Sudan was admitted in 2011: it cannot vote in 2007."""
    line = pkg.append(VOTES, "4813,SSD,X")
    report = pkg.validate()
    (v,) = only(report, "votes.non-member")
    assert (v.file, v.line, v.column, v.key) == (VOTES, line, "state", "4813|SSD")
    assert only(report, "votes.membership-total")[0].found == "193"


def test_vote_before_admission(pkg: PackageCopy) -> None:
    """Montenegro was admitted on 2006-06-28; move the roll call to 2006-06-01."""
    pkg.replace(ROLL_CALLS, "4813,62,2007-12-18", "4813,62,2006-06-01")
    violations = only(pkg.validate(), "votes.non-member")
    assert "4813|MNE" in {v.key for v in violations}


def test_month_precision_accepts_what_the_month_leaves_possible(pkg: PackageCopy) -> None:
    """Roll call 4813 moved to June 2006, dated to the month: Montenegro, admitted on
    2006-06-28, may have voted or not; nobody else changes."""
    pkg.replace(ROLL_CALLS, "4813,62,2007-12-18,day,", "4813,62,2006-06-03,month,")
    pkg.replace("data/resolutions.csv", "A/RES/62/167,62,2007-12-18,day,",
                "A/RES/62/167,62,2006-06-03,month,")  # fmt: skip
    report = pkg.validate()
    assert not [v for v in report.violations if v.rule in MEMBERSHIP], report.to_text()
    pkg.replace(VOTES, "4813,MNE,Y\n", "")  # not shown voting: still possible
    report = pkg.validate()
    assert not [v for v in report.violations if v.rule in MEMBERSHIP], report.to_text()


def test_month_precision_is_not_a_blank_cheque(pkg: PackageCopy) -> None:
    """Dated to June 2006: South Sudan (2011) cannot vote, Serbia (a member all month) must
    have its row."""
    pkg.replace(ROLL_CALLS, "4813,62,2007-12-18,day,", "4813,62,2006-06-03,month,")
    pkg.replace("data/resolutions.csv", "A/RES/62/167,62,2007-12-18,day,",
                "A/RES/62/167,62,2006-06-03,month,")  # fmt: skip
    serbia = next(ln for ln in pkg.read(VOTES).split("\n") if ln.startswith("4813,SRB,"))
    pkg.replace(VOTES, serbia + "\n", "")
    line = pkg.append(VOTES, "4813,SSD,X")
    report = pkg.validate()
    (non,) = only(report, "votes.non-member")
    assert (non.line, non.key) == (line, "4813|SSD") and "(2006-06)" in non.expected
    (missing,) = only(report, "votes.missing-member")
    assert missing.key == "4813|SRB"
    assert not [v for v in report.violations if v.rule == "votes.membership-total"]  # 192 rows
    text = pkg.read(VOTES)
    pkg.write(VOTES, "".join(ln + "\n" for ln in text.split("\n")[:-1] if "4813,A" not in ln))
    (total,) = only(pkg.validate(), "votes.membership-total")  # the A… states gone too
    assert "from 191 to 192 (members in 2006-06, a month date)" in total.expected
