"""Exceptions for the facts of the source: the expected rules get a reason and a source;
anything else (a date before the first meeting among them) comes back as unexpected text."""

from __future__ import annotations

import datetime as dt

import polars as pl

from unga_votes import catalogue
from unga_votes.report import Violation
from unga_votes.sources.voeten.exceptions import exceptions_for

CITE = "hdl:1902.1/12379"
RC = "data/roll_calls.csv"


def context(outside: list[tuple[int, str, str]] | None = None) -> dict:
    """Roll calls 3 (1946), 150 (1949, declared 47-15-3) and 4521 (session 59, dated 2005-12-08);
    `outside`: votes by states that were not members in the roll call's month."""
    rc = pl.DataFrame(
        [
            (3, dt.date(1946, 1, 1), 1, 29, 18, 4),
            (150, dt.date(1949, 5, 7), 3, 47, 15, 3),
            (4521, dt.date(2005, 12, 8), 59, None, None, None),
        ],
        schema={
            "rcid": pl.Int64,
            "date": pl.Date,
            "src_session": pl.Int64,
            "declared_yes": pl.Int64,
            "declared_no": pl.Int64,
            "declared_abstain": pl.Int64,
        },
        orient="row",
    )
    tally = pl.DataFrame({"rcid": [150], "src_yes": [46], "src_no": [15], "src_abstain": [3]})
    gone = pl.DataFrame(outside or [], schema=["rcid", "state", "src"], orient="row")
    members = pl.DataFrame({"state": ["ISR"], "admitted": [dt.date(1949, 5, 11)]})
    return {"rc": rc, "parts": {"source_tally": tally, "outside_votes": gone},
            "memberships": members}  # fmt: skip


def tables() -> dict[str, pl.DataFrame]:
    res = {"resolution": ["A/RES/59/307", "A/RES/1(I)"], "roll_call": [4521, None]}
    return {"resolutions": pl.DataFrame(res, schema_overrides={"roll_call": pl.Int64})}


def violation(rule: catalogue.Rule, key: str | None, file: str = RC) -> Violation:
    return Violation(file=file, line=2, column="date", rule=rule, expected="expected",
                     found="found", key=key)  # fmt: skip


def test_dates_outside_session_on_a_resolution() -> None:
    """A resolutions.csv violation is traced to its roll call through the resolution's key."""
    v = violation(catalogue.DATES_OUTSIDE_SESSION, "A/RES/59/307", "data/resolutions.csv")
    frame, unexpected = exceptions_for([v], tables(), context())
    assert unexpected == []
    rule, key, reason, source = frame.row(0)
    assert (rule, key, source) == (
        "dates.outside-session",
        "A/RES/59/307",
        f"{CITE} (unvotes2021_roll_calls.csv.gz, rcid 4521)",
    )
    assert reason.startswith(
        "The source files roll call 4521 under session 59 but dates it 2005-12-08"
    )


def test_count_totals() -> None:
    v = Violation(file=RC, line=7, column="declared_yes", rule=catalogue.VOTES_COUNT_TOTALS,
                  expected="47", found="46", key="150")  # fmt: skip
    frame, unexpected = exceptions_for([v], tables(), context())
    assert unexpected == []
    assert frame["reason"][0] == (
        "The declared totals of the descriptions file (yes-no-abstain 47-15-3) disagree with the "
        "source's own per-country rows (46-15-3); both are kept as published (no meeting record "
        "at hand settles them)."
    )
    assert frame["source"][0] == (
        f"{CITE} (voeten2016_descriptions.csv.gz and voeten2016_votes.csv.gz, rcid 150)"
    )


def test_a_vote_outside_the_month_s_membership() -> None:
    """A vote by a state admitted after the source's month: kept, and the exception says what
    the declared totals show (here they leave the vote out: 46 = 47 - 1 yes)."""
    outside = [(150, "ISR", "Y")]
    vs = [
        Violation(file="data/votes.csv", line=9, column="state", rule=catalogue.VOTES_NON_MEMBER,
                  expected="a member", found="ISR", key="150|ISR"),
        Violation(file=RC, line=7, column="roll_call", rule=catalogue.VOTES_MEMBERSHIP_TOTAL,
                  expected="58", found="59", key="150"),
    ]  # fmt: skip
    tally = {"rcid": [150], "src_yes": [48], "src_no": [15], "src_abstain": [3]}
    ctx = context(outside)
    ctx["parts"]["source_tally"] = pl.DataFrame(tally)
    frame, unexpected = exceptions_for(vs, tables(), ctx)
    assert unexpected == []
    assert frame.select("rule", "key").rows() == [
        ("votes.membership-total", "150"),
        ("votes.non-member", "150|ISR"),
    ]
    assert frame["reason"][1] == (
        "The source dates roll call 150 to 1949-05 and shows ISR voting Y (a member from "
        "1949-05-11); its declared totals (47-15-3) leave those votes out, so either the vote "
        "rows or the month is the error. No source at hand settles it, so the date and the "
        "votes are kept as published."
    )


def test_one_row_per_rule_and_key() -> None:
    """Two violations of one rule on one row (two columns) give one exception, sorted."""
    vs = [
        violation(catalogue.DATES_OUTSIDE_SESSION, "4521"),
        violation(catalogue.VOTES_COUNT_TOTALS, "150"),
        violation(catalogue.VOTES_COUNT_TOTALS, "150"),
    ]
    frame, unexpected = exceptions_for(vs, tables(), context())
    assert unexpected == []
    assert frame.select("rule", "key").rows() == [
        ("dates.outside-session", "4521"),
        ("votes.count-totals", "150"),
    ]


def test_other_rules_and_unknown_rows_are_unexpected() -> None:
    """Another rule, a roll call the context lacks, a resolution without a roll call, no key."""
    vs = [
        violation(catalogue.VOTES_NON_MEMBER, "3"),
        violation(catalogue.DATES_BEFORE_ASSEMBLY, "3"),
        violation(catalogue.DATES_BEFORE_ASSEMBLY, "99"),
        violation(catalogue.DATES_OUTSIDE_SESSION, "A/RES/1(I)", "data/resolutions.csv"),
        violation(catalogue.DATES_BEFORE_ASSEMBLY, None),
    ]
    frame, unexpected = exceptions_for(vs, tables(), context())
    assert frame.height == 0
    assert unexpected == [v.text() for v in vs]
    assert (
        unexpected[0]
        == f"{RC}:2 [{catalogue.VOTES_NON_MEMBER.id}] date: expected expected, found found"
    )
