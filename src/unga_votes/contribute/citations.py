"""The cited-changes rules of `unga diff --check`: every change to the data names its source.

Against the base version: every changed cell and every removed row of a data table, and every
vote or issue tag added to a roll call the base already had, needs a row of the head's
corrections ledger (table, key, column, the base value as `old`, the head value as `new`, a
source; a whole row is column `*`: old `row` for a removal, new `row` for an addition). The
rows of a removed roll call's votes and issue tags go with it. A new row of a table with a
`source` column cites its own. The corrections ledger only grows, and the descriptor and the
Table Schemas stay the base's: a change to the data cannot change the checks. The outcome is a
`Report`, like the validator's, so it prints as text, JSON or GitHub annotations.
"""

from __future__ import annotations

from collections import Counter

import polars as pl

from .. import catalogue
from ..escape import quoted
from ..package import LINE
from ..package.tablediff import KEY, TableDiff
from ..report import Report, Violation
from ..rules.ledger import CHANGE, CITATION_FORMS, ROW, WHOLE_ROW, is_citation
from .changes import CORRECTIONS, LEDGERS, RC, ROLL_CALLS, VOTES, DataDiff

RULES = catalogue.checked_by(catalogue.DIFF)
DECLARED = "declared_"  # roll_calls columns holding a declared total
REQUIRED = {**dict.fromkeys([*CHANGE, "path"], pl.String), "line": pl.Int64, "what": pl.String,
            "added": pl.Boolean}  # fmt: skip


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
    """The rows of `required` (table, key, column, old, new, ...) that no ledger row cites. An
    added cell is also cited by the ledger's row for the whole row's addition."""
    ledger = diff.corrections
    if ledger is None or ledger.is_empty() or required.is_empty():
        return required
    citing = ledger.filter(pl.col("source").map_elements(is_citation, return_dtype=pl.Boolean))
    citing = citing.select(*[pl.col(c).fill_null("") for c in CHANGE]).unique()
    filled = required.with_columns(pl.col("old").fill_null(""), pl.col("new").fill_null(""))
    left = filled.join(citing, on=CHANGE, how="anti")
    whole = citing.filter((pl.col("column") == WHOLE_ROW) & (pl.col("new") == ROW))
    # Only a row the base did not have was added: a cell of an existing row is its own change.
    added = left.filter(pl.col("added") & (pl.col("old") == ""))
    added = added.join(whole.select("table", "key"), on=["table", "key"])
    return left.join(added.select("table", "key", "column"), on=["table", "key", "column"],
                     how="anti")  # fmt: skip


def _near_misses(diff: DataDiff, uncited: pl.DataFrame) -> dict[tuple[str, str, str], str]:
    """For each uncited change, what the ledger says about that cell instead, if anything."""
    ledger = diff.corrections
    if ledger is None or uncited.is_empty():
        return {}
    near = ledger.join(uncited.select("table", "key", "column"), on=["table", "key", "column"])
    out: dict[tuple[str, str, str], str] = {}
    for row in near.iter_rows(named=True):
        source = row["source"] or "no source"
        said = f"corrections row {row['correction']} (line {row[LINE]}): {quoted(row['old'])} → "
        out.setdefault((row["table"], row["key"], row["column"]),
                       said + f"{quoted(row['new'])}, {source}")  # fmt: skip
    return out


def _what(name: str, d: TableDiff) -> pl.Expr:
    """How a row is named in a message: `roll call 4813, state IND` for a vote."""
    if name == VOTES:
        return pl.format("roll call {}, state {}", pl.col(RC), pl.col("state"))
    if name == ROLL_CALLS:
        return pl.format("roll call {}", pl.col(KEY))
    return pl.format("{} {}", pl.lit(name.replace("_", " ")), pl.col(KEY))


def _rows(
    d: TableDiff,
    frame: pl.DataFrame,
    column: pl.Expr,
    old: pl.Expr,
    new: pl.Expr,
    line: pl.Expr,
    what: pl.Expr,
    added: bool = False,
) -> pl.DataFrame:
    return frame.select(
        pl.lit(d.name).alias("table"), pl.col(KEY).alias("key"), column.alias("column"),
        old.alias("old"), new.alias("new"), pl.lit(d.path).alias("path"),
        line.cast(pl.Int64).alias("line"), what.alias("what"), pl.lit(added).alias("added"),
    )  # fmt: skip


def required_citations(diff: DataDiff) -> pl.DataFrame:
    """Every change that must be cited: table, key, column, old, new, path, line, what."""
    none = pl.lit(None, pl.String)
    rc = diff.table(ROLL_CALLS)
    gone = set(rc.removed[RC].to_list()) if rc is not None and RC in rc.removed.columns else set()
    parts = []
    for name, d in diff.tables.items():
        if name in LEDGERS or d.status != "changed":
            continue  # a whole table added or removed changes the descriptor: see `structure`
        what = _what(name, d)
        cell = what
        if name == ROLL_CALLS:
            total = pl.col("column").str.starts_with(DECLARED)
            part = pl.when(total).then(pl.lit("declared total")).otherwise(pl.col("column"))
            cell = pl.format("roll call {}, {}", pl.col(KEY), part)
        parts.append(_rows(d, d.changed, pl.col("column"), pl.col("old"), pl.col("new"),
                           pl.col("line"), cell))  # fmt: skip
        removed = d.removed
        if RC in removed.columns and name != ROLL_CALLS:
            removed = removed.filter(~pl.col(RC).is_in(list(gone)))  # gone with its roll call
        parts.append(_rows(d, removed, pl.lit(WHOLE_ROW), pl.lit(ROW), pl.lit(""),
                           pl.col(LINE), what + pl.lit(" (removed)")))  # fmt: skip
        if "source" in d.added.columns or RC not in d.added.columns or name == ROLL_CALLS:
            continue  # a new row with a source cites its own (see `_new_rows`)
        # A vote or issue tag added to a roll call the base already had changes its record.
        existing = d.added.filter(pl.col(RC).is_in(list(diff.base_roll_calls)))
        values = [c for c in existing.columns if c not in (*d.key, KEY, LINE)]
        label = what + pl.lit(" (added to an existing roll call)")
        for c in values or [WHOLE_ROW]:
            new = pl.col(c) if values else pl.lit(ROW)
            parts.append(_rows(d, existing, pl.lit(c), none, new, pl.col(LINE), label, True))
    return pl.concat(parts, how="vertical_relaxed") if parts else pl.DataFrame(schema=REQUIRED)


def _new_rows(diff: DataDiff) -> list[Violation]:
    """New rows of tables with a `source` column whose source cites nothing."""
    out = []
    for name, table_diff in diff.tables.items():
        added = table_diff.added
        if name in LEDGERS or "source" not in added.columns or table_diff.status != "changed":
            continue
        label = name[:-1].replace("_", " ")  # roll_calls: "roll call"
        for row in added.iter_rows(named=True):
            if not is_citation(row["source"]):
                out.append(
                    Violation(
                        file=table_diff.path, line=row[LINE], column="source",
                        rule=catalogue.DIFF_NEW_WITHOUT_SOURCE,
                        expected=f"a source: {CITATION_FORMS}", found=quoted(row["source"]),
                        message=f"new {label} {row[KEY]}", key=row[KEY],
                    )
                )  # fmt: skip
    return out


def _ledger_rewritten(diff: DataDiff) -> list[Violation]:
    """No row of either ledger is rewritten: a correction is undone by a new one, and an
    exception's reason and source stay as reviewed (an exception may go once its violation
    has; a new one is a new row)."""
    out = []
    for ledger in LEDGERS:
        table_diff = diff.table(ledger)
        if table_diff is None:
            continue
        what = ledger.removesuffix("s")
        changed = table_diff.changed.unique(KEY, keep="first", maintain_order=True)
        for row in changed.iter_rows(named=True):
            out.append(
                Violation(
                    file=table_diff.path, line=row["line"], column=row["column"],
                    rule=catalogue.DIFF_LEDGER_REWRITTEN,
                    expected=f"the base's row unchanged (add a new {what} instead)",
                    found=f"{row['column']} {quoted(row['old'])} → {quoted(row['new'])}",
                    message=f"{what} {row[KEY]} changed", key=row[KEY],
                )
            )  # fmt: skip
        if ledger == CORRECTIONS:
            out += _corrections_removed(table_diff)
    return out


def _corrections_removed(table_diff: TableDiff) -> list[Violation]:
    removed = table_diff.removed if table_diff.status != "added" else table_diff.removed.clear()
    return [
        Violation(
            file=table_diff.path,
            line=row[LINE],
            column=None,
            rule=catalogue.DIFF_LEDGER_REWRITTEN,
            expected="the base's row kept (add a new correction instead)",
            found="removed",
            message=f"correction {row[KEY]} removed (line {row[LINE]} of the base)",
            key=row[KEY],
        )
        for row in removed.iter_rows(named=True)
    ]


def _tables_removed(diff: DataDiff) -> list[Violation]:
    """A whole data table gone (or replaced by one sharing no column with it): one finding for
    all its rows (each would need a citation)."""
    return [
        Violation(
            file=table_diff.path,
            line=None,
            column=None,
            rule=catalogue.DIFF_UNCITED_CHANGE,
            expected="a corrections row citing a source for each of the "
            f"{table_diff.removed.height:,} rows",
            found=f"the table {table_diff.status}",
            message=f"{name} {table_diff.status} with its rows"
            + (" (no column in common with the base's)" if table_diff.status == "replaced" else ""),
            key=name,
        )
        for name, table_diff in diff.tables.items()
        if table_diff.status in ("removed", "replaced") and name not in LEDGERS
    ]


def _structure(diff: DataDiff) -> list[Violation]:
    return [
        Violation(
            file=path,
            line=None,
            column=None,
            rule=catalogue.DIFF_STRUCTURE_CHANGED,
            expected="the base's file: a change to the data leaves the descriptor and the "
            "Table Schemas as they are (a maintainer reviews a change of structure)",
            found=how,
            key=path,
        )
        for path, how in diff.structure
    ]


def check_citations(diff: DataDiff) -> CitationReport:
    """Uncited changes, new rows without a source, a rewritten ledger, a changed structure."""
    out: list[Violation] = []
    uncited = _cited(diff, required_citations(diff))
    near = _near_misses(diff, uncited)
    for row in uncited.iter_rows(named=True):
        said = near.get((row["table"], row["key"], row["column"]))
        old, new = quoted(row["old"]), quoted(row["new"])
        out.append(
            Violation(
                file=row["path"], line=row["line"], column=row["column"],
                rule=catalogue.DIFF_UNCITED_CHANGE,
                expected=f"a corrections row ({row['table']}, {row['key']}, {row['column']}, "
                f"old {old}, new {new}) citing a source",
                found=said or "none in the corrections ledger",
                message=f"{row['what']}: {old} → {new}", key=row["key"],
            )
        )  # fmt: skip
    out += _new_rows(diff) + _ledger_rewritten(diff) + _tables_removed(diff) + _structure(diff)
    out.sort(key=lambda v: (v.file, v.line or 0, v.rule))
    return CitationReport(violations=out, folder=diff.folder)
