"""Exceptions for the violations the import knows to be facts of the source, each with its reason.

Three kinds are expected, none of them caused by the source's unreliable day of month (dates of
month precision take care of that): a roll call whose session and date disagree
(dates.outside-session), declared totals that differ from the source's own rows
(votes.count-totals), and a vote by a state that cannot have been a member in the month the
source gives (votes.non-member, votes.membership-total). Any other violation is returned as
unexpected: the import does not hide it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ... import catalogue
from ...report import Violation
from .tables import CITE

TOTALS = ("yes", "no", "abstain")


def _rcid_of(file: str, key: str, resolutions: pl.DataFrame) -> int | None:
    """The roll call a violation's row is about: its key, or its resolution's roll call."""
    if file.endswith("roll_calls.csv"):
        return int(key)
    if file.endswith("votes.csv"):
        return int(key.split("|")[0])
    hit = resolutions.filter(pl.col("resolution") == key)
    return int(hit["roll_call"][0]) if hit.height and hit["roll_call"][0] is not None else None


def _outside_reason(
    rcid: int,
    info: dict[str, Any],
    outside: pl.DataFrame,
    tally: dict[str, Any],
    admitted: dict[str, dt.date],
) -> str:
    """Why a roll call holds votes by states that were not members in its month: the source
    says so; whether its declared totals count those votes says which part may be wrong."""
    states = ", ".join(
        f"{r['state']} voting {r['src']} (a member from {admitted.get(r['state'], '?')})"
        for r in outside.sort("state").iter_rows(named=True)
    )
    declared = tuple(info[f"declared_{c}"] for c in TOTALS)
    rows = tuple(tally.get(f"src_{c}", 0) for c in TOTALS)
    without = tuple(
        n - outside.filter(pl.col("src") == code).height
        for n, code in zip(rows, "YNA", strict=True)
    )
    if declared == rows:
        counted = "its declared totals count those votes, so the month is the error"
    elif declared == without:
        counted = (
            f"its declared totals ({'-'.join(map(str, declared))}) leave those votes out, so "
            "either the vote rows or the month is the error"
        )
    else:
        counted = "its declared totals settle nothing"
    return (
        f"The source dates roll call {rcid} to {info['date']:%Y-%m} and shows {states}; "
        f"{counted}. No source at hand settles it, so the date and the votes are kept as "
        "published."
    )


def exceptions_for(
    violations: list[Violation], tables: dict[str, pl.DataFrame], context: dict[str, Any]
) -> tuple[pl.DataFrame, list[str]]:
    rc = context["rc"].select("rcid", "date", "src_session", *(f"declared_{c}" for c in TOTALS))
    rc_by_id = {r["rcid"]: r for r in rc.iter_rows(named=True)}
    src_tally = {r["rcid"]: r for r in context["parts"]["source_tally"].iter_rows(named=True)}
    outside = context["parts"]["outside_votes"]
    admitted = dict(
        context.get("memberships", pl.DataFrame(schema={"state": pl.String, "admitted": pl.Date}))
        .group_by("state")
        .agg(pl.col("admitted").min())
        .rows()
    )
    rows, unexpected = [], []
    for v in violations:
        rcid = _rcid_of(v.file, v.key, tables["resolutions"]) if v.key else None
        info = rc_by_id.get(rcid) if rcid is not None else None
        if rcid is None or info is None:
            unexpected.append(v.text())
            continue
        src = f"{CITE} (unvotes2021_roll_calls.csv.gz, rcid {rcid})"
        gone = outside.filter(pl.col("rcid") == rcid)
        if v.rule == catalogue.DATES_OUTSIDE_SESSION.id:
            reason = (
                f"The source files roll call {rcid} under session {info['src_session']} but dates "
                f"it {info['date']}, outside that session's window; either the session or the "
                "month is wrong in the source and no source at hand settles which, so both are "
                "kept as published."
            )
        elif v.rule == catalogue.VOTES_COUNT_TOTALS.id:
            src = (
                f"{CITE} (voeten2016_descriptions.csv.gz and voeten2016_votes.csv.gz, rcid {rcid})"
            )
            declared = "-".join(str(info[f"declared_{c}"]) for c in TOTALS)
            counted = src_tally.get(rcid, {})
            tally = "-".join(str(counted.get(f"src_{c}", 0)) for c in TOTALS)
            reason = (
                f"The declared totals of the descriptions file (yes-no-abstain {declared}) "
                f"disagree with the source's own per-country rows ({tally}); both are kept as "
                "published (no meeting record at hand settles them)."
            )
        elif (
            v.rule in (catalogue.VOTES_NON_MEMBER.id, catalogue.VOTES_MEMBERSHIP_TOTAL.id)
            and gone.height
        ):
            src = (
                f"{CITE} (voeten2016_votes.csv.gz and voeten2016_descriptions.csv.gz, rcid {rcid})"
            )
            reason = _outside_reason(rcid, info, gone, src_tally.get(rcid, {}), admitted)
        else:
            unexpected.append(v.text())
            continue
        rows.append((v.rule, v.key, reason, src))
    frame = (
        pl.DataFrame(rows, schema=["rule", "key", "reason", "source"], orient="row")
        .unique(["rule", "key"], keep="first")
        .sort("rule", "key")
    )
    return frame, unexpected
