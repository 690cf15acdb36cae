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


@pytest.mark.parametrize("numeral", ["XIIII", "IIX", "VV", "ES-IIII"])
def test_a_numeral_not_written_the_standard_way_is_reported(pkg: PackageCopy, numeral: str) -> None:
    """A/RES/9999(XIIII) names no session: reported, not passed over."""
    symbol = f"A/RES/999({numeral})"
    line = pkg.append(RESOLUTIONS, f"{symbol},14,1959-12-01,day,A title,without a vote,,,{symbol}")
    (v,) = only(pkg.validate(), "resolutions.symbol-session")
    assert (v.line, v.column, v.found) == (line, "resolution", numeral)


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


@pytest.mark.parametrize(
    ("column", "old", "new"),
    [
        ("iso2", "AGO,Angola,540,AO,024,", "AGO,Angola,540,AF,024,"),
        ("m49", "AGO,Angola,540,AO,024,", "AGO,Angola,540,AO,004,"),
        ("cow_code", "AGO,Angola,540,AO,024,", "AGO,Angola,700,AO,024,"),
    ],
)
def test_no_two_states_share_a_code(pkg: PackageCopy, column: str, old: str, new: str) -> None:
    """Reported on the later row, naming the state that holds the code first (AFG)."""
    line = pkg.line_of("data/states.csv", "AGO,")
    pkg.replace("data/states.csv", old, new)
    (v,) = only(pkg.validate(), "states.unique-code")
    assert (v.line, v.column, v.key) == (line, column, "AGO")
    assert v.found.endswith("(also AFG)")


@pytest.mark.parametrize(
    ("symbol", "session", "date", "precision", "column"),
    [
        ("A/RES/999(ES-I)", "ES-1", "1956-01-15", "day", "date"),  # before ES-1 sat
        ("A/RES/999(ES-I)", "ES-1", "1956-10-01", "month", "date"),  # no day of the month
        ("A/RES/S-2/9", "S-2", "1948-06-01", "day", "date"),  # after S-2 closed
        ("A/RES/ES-99/1", "ES-99", "2024-01-10", "day", "session"),  # no such session
        ("A/RES/S-40/1", "S-40", "2024-01-10", "day", "session"),
        ("A/RES/999(ES-I)", "ES-1", "1956-11-04", "day", None),  # valid
        ("A/RES/999(ES-I)", "ES-1", "1956-11-01", "month", None),
        ("A/RES/ES-11/9", "ES-11", "2025-02-24", "day", None),  # adjourned, may be resumed
    ],
)
def test_special_sessions_sit_on_their_days(
    pkg: PackageCopy, symbol: str, session: str, date: str, precision: str, column: str | None
) -> None:
    row = f"{symbol},{session},{date},{precision},A title,without a vote,,,{symbol}"
    line = pkg.append(RESOLUTIONS, row)
    found = [v for v in pkg.validate().violations if v.rule == "sessions.dates"]
    assert [(v.line, v.column) for v in found] == ([] if column is None else [(line, column)])


def test_a_session_closing_before_it_opens(pkg: PackageCopy) -> None:
    line = pkg.line_of("data/sessions.csv", "S-1,")
    pkg.replace("data/sessions.csv", "1947-04-28,1947-05-15", "1947-04-28,1947-03-15")
    found = only(pkg.validate(), "sessions.dates")
    assert ("data/sessions.csv", line, "closed") in [(v.file, v.line, v.column) for v in found]


def test_a_session_kind_its_symbol_contradicts(pkg: PackageCopy) -> None:
    line = pkg.line_of("data/sessions.csv", "S-29,")
    pkg.replace("data/sessions.csv", "S-29,special,", "S-29,emergency special,")
    (v,) = only(pkg.validate(), "sessions.dates")
    assert (v.file, v.line, v.column, v.found) == (
        "data/sessions.csv",
        line,
        "kind",
        "emergency special",
    )
