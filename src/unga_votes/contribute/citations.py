"""The cited-changes rule of `unga diff --check`: every changed fact names its source.

A changed or added vote, and a changed declared total, needs a row of the head's corrections
ledger with the same table, key and column, the base value as `old`, the head value as `new`
and a source. A new roll call or resolution needs its own `source` cell. The outcome is a
`Report`, like the validator's, so it prints as text, JSON or GitHub annotations.
"""

from __future__ import annotations

from collections import Counter

import polars as pl

from .. import catalogue as R
from ..package import LINE
from ..package.tablediff import KEY
from ..report import Report, Violation
from .changes import RC, RESOLUTIONS, ROLL_CALLS, VOTES, DataDiff

DECLARED = "declared_"  # roll_calls columns holding a declared total
NEW_NEEDS_SOURCE = (ROLL_CALLS, RESOLUTIONS)


class CitationReport(Report):
    """The outcome of `unga diff --check`."""

    def summary(self) -> str:
        return f"unga diff --check: {check_summary(self.violations)}"


def check_summary(violations: list[Violation]) -> str:
    if not violations:
        return "passed"
    rules = Counter(v.rule for v in violations)
    by_rule = ", ".join(f"{r} {n}" for r, n in sorted(rules.items()))
    return f"{len(violations)} problem{'s' * (len(violations) != 1)} ({by_rule})"


def _cited(diff: DataDiff, required: pl.DataFrame) -> pl.DataFrame:
    """The rows of `required` (table, key, column, old, new, ...) that no ledger row cites."""
    ledger = diff.corrections
    if ledger is None or ledger.is_empty() or required.is_empty():
        return required
    match = ["table", "key", "column", "old", "new"]
    citing = ledger.filter(pl.col("source").str.strip_chars().str.len_chars() > 0).select(
        *[pl.col(c).fill_null("") for c in match]
    )
    filled = required.with_columns(pl.col("old").fill_null(""), pl.col("new").fill_null(""))
    return filled.join(citing.unique(), on=match, how="anti")


def _near_misses(diff: DataDiff, uncited: pl.DataFrame) -> dict[tuple[str, str, str], str]:
    """For each uncited change, what the ledger says about that cell instead, if anything."""
    ledger = diff.corrections
    if ledger is None or uncited.is_empty():
        return {}
    near = ledger.join(uncited.select("table", "key", "column"), on=["table", "key", "column"])
    out: dict[tuple[str, str, str], str] = {}
    for r in near.iter_rows(named=True):
        k = (r["table"], r["key"], r["column"])
        source = r["source"] or "no source"
        said = f"corrections row {r['correction']} (line {r[LINE]}): {shown(r['old'])} → "
        out.setdefault(k, said + f"{shown(r['new'])}, {source}")
    return out


def shown(value: str | None) -> str:
    return "empty" if value is None or value == "" else repr(value)


def required_citations(diff: DataDiff) -> pl.DataFrame:
    """Every change that must be cited: table, key, column, old, new, path, line, what."""
    parts = []
    votes = diff.table(VOTES)
    if votes is not None and votes.status == "changed":
        rc, st = RC, "state"
        parts.append(
            votes.changed.select(
                pl.lit(VOTES).alias("table"),
                pl.col(KEY).alias("key"),
                "column",
                "old",
                "new",
                pl.lit(votes.path).alias("path"),
                "line",
                pl.format("roll call {}, state {}", pl.col(rc), pl.col(st)).alias("what"),
            )
        )
        # A vote added to a roll call the base already had changes that roll call's record.
        existing = votes.added.filter(pl.col(rc).is_in(list(diff.base_roll_calls)))
        for c in [c for c in existing.columns if c not in (*votes.key, KEY, LINE)]:
            parts.append(
                existing.select(
                    pl.lit(VOTES).alias("table"),
                    pl.col(KEY).alias("key"),
                    pl.lit(c).alias("column"),
                    pl.lit(None, pl.String).alias("old"),
                    pl.col(c).alias("new"),
                    pl.lit(votes.path).alias("path"),
                    pl.col(LINE).alias("line"),
                    pl.format(
                        "roll call {}, state {} (added to an existing roll call)",
                        pl.col(rc),
                        pl.col(st),
                    ).alias("what"),
                )
            )
    rcs = diff.table(ROLL_CALLS)
    if rcs is not None and rcs.status == "changed":
        parts.append(
            rcs.changed.filter(pl.col("column").str.starts_with(DECLARED)).select(
                pl.lit(ROLL_CALLS).alias("table"),
                pl.col(KEY).alias("key"),
                "column",
                "old",
                "new",
                pl.lit(rcs.path).alias("path"),
                "line",
                pl.format("roll call {}, declared total", pl.col(KEY)).alias("what"),
            )
        )
    if not parts:
        return pl.DataFrame(
            schema={
                **dict.fromkeys(["table", "key", "column", "old", "new", "path"], pl.String),
                "line": pl.Int64,
                "what": pl.String,
            }
        )
    return pl.concat(parts, how="vertical_relaxed")


def check(diff: DataDiff) -> CitationReport:
    """Uncited changes to votes and declared totals; new roll calls or resolutions without source.

    A change is cited when the head's corrections ledger has a row for the same table, key
    and column whose `old` is the base value, whose `new` is the head value and whose
    `source` is not empty.
    """
    out: list[Violation] = []
    uncited = _cited(diff, required_citations(diff))
    near = _near_misses(diff, uncited)
    for r in uncited.iter_rows(named=True):
        said = near.get((r["table"], r["key"], r["column"]))
        out.append(
            Violation(
                r["path"],
                r["line"],
                r["column"],
                R.DIFF_UNCITED_CHANGE,
                f"a corrections row ({r['table']}, {r['key']}, {r['column']}, "
                f"old {shown(r['old'])}, new {shown(r['new'])}) citing a source",
                said or "none in the corrections ledger",
                f"{r['what']}: {shown(r['old'])} → {shown(r['new'])}",
                r["key"],
            )
        )
    for name in NEW_NEEDS_SOURCE:
        d = diff.table(name)
        if d is None or d.added.is_empty():
            continue
        if "source" not in d.added.columns:
            missing = d.added
        else:
            missing = d.added.filter(
                pl.col("source").is_null() | (pl.col("source").str.strip_chars() == "")
            )
        label = name[:-1].replace("_", " ")
        for r in missing.iter_rows(named=True):
            out.append(
                Violation(
                    d.path,
                    r[LINE],
                    "source",
                    R.DIFF_NEW_WITHOUT_SOURCE,
                    "a source (document symbol or address)",
                    "empty" if "source" in d.added.columns else "no source column",
                    f"new {label} {r[KEY]}",
                    r[KEY],
                )
            )
    out.sort(key=lambda v: (v.file, v.line or 0, v.rule))
    return CitationReport(violations=out)
