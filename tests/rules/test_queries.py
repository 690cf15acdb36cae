"""The SQL rules (rules/sql/): links between resolutions and roll calls, symbols, dates,
memberships and names."""

from __future__ import annotations

import pytest
from helpers import PackageCopy, only

VOTES = "data/votes.csv"
ROLL_CALLS = "data/roll_calls.csv"
RESOLUTIONS = "data/resolutions.csv"
MEMBERSHIPS = "data/memberships.csv"
NAMES = "data/state_names.csv"


def test_date_before_the_first_meeting(pkg: PackageCopy) -> None:
    line = pkg.append(
        RESOLUTIONS, "A/RES/1(I),1,1946-01-01,day,A title,without a vote,,,A/RES/1(I)"
    )
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
    row = f"{symbol},{session},{date},day,A title,without a vote,,,{symbol}"
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


def test_month_dates_against_the_first_meeting_and_the_session(pkg: PackageCopy) -> None:
    """January 1946, to the month, may be on or after 1946-01-10; December 1945 cannot. A
    session-74 resolution dated to September 2020 (the window's last month) passes."""
    ok = pkg.append(RESOLUTIONS, "A/RES/1(I),1,1946-01-01,month,A title,without a vote,,,x")
    bad = pkg.append(RESOLUTIONS, "A/RES/2(I),1,1945-12-20,month,A title,without a vote,,,x")
    pkg.replace(RESOLUTIONS, "A/RES/74/166,74,2019-12-18,day,", "A/RES/74/166,74,2020-09-30,month,")
    report = pkg.validate()
    assert [v.line for v in report.violations if v.rule == "dates.before-assembly"] == [bad]
    assert ok not in [v.line for v in report.violations]
    assert not [v for v in report.violations if v.rule == "dates.outside-session"]
