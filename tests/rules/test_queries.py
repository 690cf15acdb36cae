"""The data model's cross-table rules: count totals, single membership, links, symbols, dates."""

from __future__ import annotations

import pytest
from helpers import PackageCopy, only

VOTES = "data/votes.csv"
ROLL_CALLS = "data/roll_calls.csv"
RESOLUTIONS = "data/resolutions.csv"
MEMBERSHIPS = "data/memberships.csv"
NAMES = "data/state_names.csv"


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


def test_date_before_the_first_meeting(pkg: PackageCopy) -> None:
    line = pkg.append(RESOLUTIONS, "A/RES/1(I),1,1946-01-01,A title,without a vote,,,A/RES/1(I)")
    (v,) = only(pkg.validate(), "dates.before-assembly")
    assert (v.file, v.line, v.column) == (RESOLUTIONS, line, "date")


def test_date_outside_its_session(pkg: PackageCopy) -> None:
    line = pkg.line_of(RESOLUTIONS, "A/RES/74/166,")
    pkg.replace(RESOLUTIONS, "A/RES/74/166,74,2019-12-18", "A/RES/74/166,74,2021-01-05")
    (v,) = only(pkg.validate(), "dates.outside-session")
    assert (v.file, v.line, v.found) == (RESOLUTIONS, line, "2021-01-05")


@pytest.mark.parametrize(
    ("symbol", "session", "date", "ok"),
    [
        ("A/RES/1514(XV)", "15", "1960-12-14", True),
        ("A/RES/1514(XV)", "16", "1961-12-14", False),
        ("A/RES/2250Z(XXI)", "21", "1966-12-16", True),
        ("A/RES/ES-10/21", "ES-10", "2023-04-01", True),
        ("A/RES/ES-10/21", "10", "1956-04-01", False),
        ("A/RES/S-27/2", "S-27", "2002-05-10", True),
        ("A/RES/74/399", "73", "2019-03-18", False),
    ],
)
def test_symbol_and_session_agree(
    pkg: PackageCopy, symbol: str, session: str, date: str, ok: bool
) -> None:
    row = f"{symbol},{session},{date},A title,without a vote,,,{symbol}"
    line = pkg.append(RESOLUTIONS, row)
    report = pkg.validate()
    found = [v for v in report.violations if v.rule == "resolutions.symbol-session"]
    assert report.valid if ok else [(v.line, v.column) for v in found] == [(line, "session")]


def test_resolution_without_a_vote_that_has_a_roll_call(pkg: PackageCopy) -> None:
    line = pkg.line_of(RESOLUTIONS, "A/RES/62/167,")
    pkg.replace(RESOLUTIONS, "recorded vote,4813", "without a vote,4813")
    report = pkg.validate()
    assert only(report, "resolutions.adoption")[0].line == line
    assert only(report, "resolutions.without-vote")[0].file == ROLL_CALLS


def test_recorded_vote_without_roll_call(pkg: PackageCopy) -> None:
    line = pkg.line_of(RESOLUTIONS, "A/RES/74/166,")
    title = "Situation of human rights in the Democratic People's Republic of Korea"
    pkg.replace(RESOLUTIONS, f"{title},without a vote,,", f"{title},recorded vote,,")
    (v,) = only(pkg.validate(), "resolutions.adoption")
    assert (v.line, v.column, v.found) == (line, "roll_call", "empty")


def test_resolution_and_its_roll_call_disagree_on_the_date(pkg: PackageCopy) -> None:
    line = pkg.line_of(RESOLUTIONS, "A/RES/62/167,")
    pkg.replace(RESOLUTIONS, "A/RES/62/167,62,2007-12-18", "A/RES/62/167,62,2007-12-19")
    (v,) = only(pkg.validate(), "resolutions.roll-call")
    assert (v.file, v.line) == (RESOLUTIONS, line) and "2007-12-18" in v.found


def test_amendment_vote_cannot_adopt_a_resolution(pkg: PackageCopy) -> None:
    line = pkg.line_of(ROLL_CALLS, "4813,")
    pkg.replace(
        ROLL_CALLS, "A/62/PV.76,resolution,A/RES/62/167", "A/62/PV.76,amendment,A/RES/62/167"
    )
    (v,) = only(pkg.validate(), "roll_calls.resolution")
    assert (v.file, v.line) == (ROLL_CALLS, line)


def test_totals_need_a_source(pkg: PackageCopy) -> None:
    line = pkg.line_of(ROLL_CALLS, "4813,")
    pkg.replace(ROLL_CALLS, ",101,22,59,10,A/62/PV.76,", ",101,22,59,10,,")
    (v,) = only(pkg.validate(), "roll_calls.totals-source")
    assert (v.line, v.column) == (line, "totals_source")


def test_overlapping_membership_spells(pkg: PackageCopy) -> None:
    pkg.append(MEMBERSHIPS, "ZAF,1990-01-01,,,https://www.un.org/en/about-us/member-states")
    violations = only(pkg.validate(), "memberships.overlap")
    assert {v.key for v in violations} == {"ZAF|1990-01-01"}


def test_membership_ending_before_it_starts(pkg: PackageCopy) -> None:
    pkg.append(MEMBERSHIPS, "ZAF,1930-01-01,1920-01-01,,a source")
    (v,) = only(pkg.validate(), "memberships.interval")
    assert v.column == "left" and v.key == "ZAF|1930-01-01"


def test_overlapping_official_names(pkg: PackageCopy) -> None:
    pkg.append(NAMES, "ZAF,Union of South Africa,1945-10-24,1962-01-01,official,")
    violations = only(pkg.validate(), "state_names.official-overlap")
    assert any(v.key == "ZAF|Union of South Africa|1945-10-24" for v in violations) or any(
        "Union of South Africa" in v.expected for v in violations
    )


def test_membership_day_without_an_official_name(pkg: PackageCopy) -> None:
    lines = pkg.read(NAMES).split("\n")
    (line,) = [x for x in lines if x.startswith("SSD,South Sudan,2011-07-14,,official")]
    pkg.replace(NAMES, line, line.replace("2011-07-14", "2011-08-01", 1))
    (v,) = only(pkg.validate(), "state_names.official-gap")
    assert v.file == MEMBERSHIPS and v.found == "none from 2011-07-14 to 2011-08-01"
