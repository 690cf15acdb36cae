"""Exceptions for the facts of the source: the three expected rules get a reason and a source;
anything else comes back as unexpected text."""

from __future__ import annotations

import datetime as dt

import polars as pl

from unga_votes import catalogue as R
from unga_votes.report import Violation
from unga_votes.sources.voeten.exceptions import DAY_NOTE, exceptions_for

CITE = "hdl:1902.1/12379"
RC = "data/roll_calls.csv"


def context(dropped: list[tuple[int, str, str]] | None = None) -> dict:
    """Roll calls 3 (1946), 150 (1949, declared 47-15-3) and 4521 (session 59, dated 2005-12-08)."""
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
    gone = pl.DataFrame(dropped or [], schema=["rcid", "state", "src"], orient="row")
    return {"rc": rc, "parts": {"source_tally": tally, "dropped_votes": gone}}


def tables() -> dict[str, pl.DataFrame]:
    res = {"resolution": ["A/RES/59/307", "A/RES/1(I)"], "roll_call": [4521, None]}
    return {"resolutions": pl.DataFrame(res, schema_overrides={"roll_call": pl.Int64})}


def violation(rule: R.Rule, key: str | None, file: str = RC) -> Violation:
    return Violation(file, 2, "date", rule, "expected", "found", key=key)


def test_dates_before_assembly() -> None:
    frame, unexpected = exceptions_for(
        [violation(R.DATES_BEFORE_ASSEMBLY, "3")], tables(), context()
    )
    assert unexpected == []
    assert frame.rows() == [
        (
            "dates.before-assembly",
            "3",
            "The source dates roll call 3 1946-01-01, before the first meeting of the Assembly "
            f"(1946-01-10); {DAY_NOTE}.",
            f"unvotes2021_roll_calls.csv.gz rcid 3 ({CITE})",
        )
    ]


def test_dates_outside_session_on_a_resolution() -> None:
    """A resolutions.csv violation is traced to its roll call through the resolution's key."""
    v = violation(R.DATES_OUTSIDE_SESSION, "A/RES/59/307", "data/resolutions.csv")
    frame, unexpected = exceptions_for([v], tables(), context())
    assert unexpected == []
    rule, key, reason, source = frame.row(0)
    assert (rule, key, source) == (
        "dates.outside-session",
        "A/RES/59/307",
        f"unvotes2021_roll_calls.csv.gz rcid 4521 ({CITE})",
    )
    assert reason.startswith(
        "The source files roll call 4521 under session 59 but dates it 2005-12-08"
    )


def test_count_totals_with_dropped_votes() -> None:
    dropped = [(150, "ISR", "Y"), (150, "IDN", "Y")]
    v = Violation(RC, 7, "declared_yes", R.VOTES_COUNT_TOTALS, "47", "46", key="150")
    frame, unexpected = exceptions_for([v], tables(), context(dropped))
    assert unexpected == []
    assert frame["reason"][0] == (
        "The declared totals of the descriptions file (yes-no-abstain 47-15-3) disagree with the "
        "source's own per-country rows (46-15-3); both are kept as published (no meeting record "
        "at hand settles them). The import dropped 2 source vote(s) by states that were not "
        "members on the source date 1949-05-07 per data/memberships.csv (IDN Y, ISR Y); the "
        "source's day of month is unreliable."
    )
    assert frame["source"][0] == (
        f"voeten2016_descriptions.csv.gz and voeten2016_votes.csv.gz rcid 150 ({CITE})"
    )


def test_one_row_per_rule_and_key() -> None:
    """Two violations of one rule on one row (two columns) give one exception, sorted."""
    vs = [
        violation(R.DATES_BEFORE_ASSEMBLY, "3"),
        violation(R.VOTES_COUNT_TOTALS, "150"),
        violation(R.VOTES_COUNT_TOTALS, "150"),
    ]
    frame, unexpected = exceptions_for(vs, tables(), context())
    assert unexpected == []
    assert frame.select("rule", "key").rows() == [
        ("dates.before-assembly", "3"),
        ("votes.count-totals", "150"),
    ]


def test_other_rules_and_unknown_rows_are_unexpected() -> None:
    """Another rule, a roll call the context lacks, a resolution without a roll call, no key."""
    vs = [
        violation(R.VOTES_NON_MEMBER, "3"),
        violation(R.DATES_BEFORE_ASSEMBLY, "99"),
        violation(R.DATES_OUTSIDE_SESSION, "A/RES/1(I)", "data/resolutions.csv"),
        violation(R.DATES_BEFORE_ASSEMBLY, None),
    ]
    frame, unexpected = exceptions_for(vs, tables(), context())
    assert frame.height == 0
    assert unexpected == [v.text() for v in vs]
    assert unexpected[0] == f"{RC}:2 [{R.VOTES_NON_MEMBER.id}] date: expected expected, found found"
