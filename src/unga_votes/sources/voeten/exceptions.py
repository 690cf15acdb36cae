"""Exceptions for the violations the import knows to be facts of the source, each with its reason.

Only three rules are expected: dates.before-assembly and dates.outside-session (the source's
dates are kept as published) and votes.count-totals (declared totals that differ from the
per-state rows). Any other violation is returned as unexpected: the import does not hide it.
"""

from __future__ import annotations

import polars as pl

from ... import catalogue as R
from .tables import CITE

DAY_NOTE = (
    "the source's day of month is unreliable (about 90 % of its dates fall on days 1-7) and no "
    "source at hand gives the true date, so the source's date is kept"
)


def _rcid_of(violation, resolutions: pl.DataFrame) -> int | None:
    if violation.file.endswith("roll_calls.csv"):
        return int(violation.key)
    hit = resolutions.filter(pl.col("resolution") == violation.key)
    return int(hit["roll_call"][0]) if hit.height and hit["roll_call"][0] is not None else None


def _votes_text(frame: pl.DataFrame) -> str:
    return ", ".join(f"{s} {v}" for s, v in frame.select("state", "src").sort("state").rows())


def exceptions_for(violations, tables: dict[str, pl.DataFrame], context: dict):
    rc = context["rc"].select("rcid", "date", "src_session", "declared_yes", "declared_no",
                              "declared_abstain")  # fmt: skip
    rc_by_id = {r["rcid"]: r for r in rc.iter_rows(named=True)}
    src_tally = {r["rcid"]: r for r in context["parts"]["source_tally"].iter_rows(named=True)}
    dropped = context["parts"]["dropped_votes"]
    rows, unexpected = [], []
    for v in violations:
        rcid = _rcid_of(v, tables["resolutions"]) if v.key else None
        info = rc_by_id.get(rcid)
        if info is None:
            unexpected.append(v.text())
            continue
        date = info["date"].isoformat()
        src = f"unvotes2021_roll_calls.csv.gz rcid {rcid} ({CITE})"
        if v.rule == R.DATES_BEFORE_ASSEMBLY.id:
            reason = (
                f"The source dates roll call {rcid} {date}, before the first meeting of the "
                f"Assembly (1946-01-10); {DAY_NOTE}."
            )
        elif v.rule == R.DATES_OUTSIDE_SESSION.id:
            reason = (
                f"The source files roll call {rcid} under session {info['src_session']} but dates "
                f"it {date}, outside that session's window; either the session or the month is "
                "wrong in the source and no source at hand settles which, so both are kept as "
                "published."
            )
        elif v.rule == R.VOTES_COUNT_TOTALS.id:
            src = f"voeten2016_descriptions.csv.gz and voeten2016_votes.csv.gz rcid {rcid} ({CITE})"
            declared = tuple(info[f"declared_{c}"] for c in ("yes", "no", "abstain"))
            t = src_tally.get(rcid, {})
            rows_tally = tuple(t.get(f"src_{c}", 0) for c in ("yes", "no", "abstain"))
            gone = dropped.filter(pl.col("rcid") == rcid)
            parts = []
            if declared != rows_tally:
                parts.append(
                    "The declared totals of the descriptions file (yes-no-abstain "
                    f"{declared[0]}-{declared[1]}-{declared[2]}) disagree with the source's own "
                    f"per-country rows ({rows_tally[0]}-{rows_tally[1]}-{rows_tally[2]}); both "
                    "are kept as published (no meeting record at hand settles them)."
                )
            else:
                parts.append(
                    "The declared totals equal the source's own per-country rows "
                    f"({rows_tally[0]}-{rows_tally[1]}-{rows_tally[2]})."
                )
            if gone.height:
                parts.append(
                    f"The import dropped {gone.height} source vote(s) by states that were not "
                    f"members on the source date {date} per data/memberships.csv "
                    f"({_votes_text(gone)}); the source's day of month is unreliable."
                )
            reason = " ".join(parts)
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
