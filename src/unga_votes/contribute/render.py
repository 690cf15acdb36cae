"""How `unga diff` prints a diff: text for a terminal, JSON, and Markdown for a job summary.

Every renderer reads the same two things: each table's `TableDiff`, and for the votes table the
changes grouped per roll call (`vote_changes`). With `--check`, the citation report follows.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ..escape import cut, markdown, printable, quoted
from ..markdown_table import Markup, markdown_table
from ..package import LINE
from ..package.tablediff import KEY, TableDiff
from .changes import ROLL_CALLS, VOTES, DataDiff, vote_changes
from .citations import DECLARED, CitationReport, check_summary

LIST_LIMIT = 200  # entries per list in text and Markdown (JSON lists everything)


def _summary(d: TableDiff) -> str:
    rows = d.changed[KEY].n_unique() if not d.changed.is_empty() else 0
    parts = [f"{d.added.height:,} added", f"{d.removed.height:,} removed"]
    parts.append(
        f"{d.changed.height:,} cell{'s' * (d.changed.height != 1)} changed in {rows:,} "
        f"row{'s' * (rows != 1)}"
    )
    if d.status != "changed":
        parts.insert(0, f"table {d.status}")
    if d.columns_added:
        parts.append(f"columns added: {', '.join(d.columns_added)}")
    if d.columns_removed:
        parts.append(f"columns removed: {', '.join(d.columns_removed)}")
    return ", ".join(parts)


def _row_text(row: dict[str, Any]) -> str:
    return ", ".join(f"{k}={cut(v)}" for k, v in row.items() if v not in (None, "") and k != LINE)


def to_dict(diff: DataDiff, report: CitationReport | None = None) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for name, d in diff.tables.items():
        entry: dict[str, Any] = {
            "path": d.path,
            "key": d.key,
            "status": d.status,
            "summary": _summary(d),
            "columns_added": d.columns_added,
            "columns_removed": d.columns_removed,
        }
        if name == VOTES:
            entry["roll_calls"] = vote_changes(diff)
        else:
            entry["added"] = [{"key": k, **r} for k, r in _keyed_rows(d.added)]
            entry["removed"] = [{"key": k, **r} for k, r in _keyed_rows(d.removed)]
            entry["changed"] = [
                {
                    "key": r[KEY],
                    "column": r["column"],
                    "from": r["old"],
                    "to": r["new"],
                    "line": r["line"],
                }
                for r in d.changed.iter_rows(named=True)
            ]
        tables[name] = entry
    out: dict[str, Any] = {"base": diff.base, "head": diff.head, "tables": tables}
    if report is not None:
        violations = report.violations
        out["check"] = {
            "passed": not violations,
            "violations": [
                {
                    k: getattr(v, k)
                    for k in (
                        "file",
                        "line",
                        "column",
                        "rule",
                        "expected",
                        "found",
                        "message",
                        "key",
                    )
                }
                for v in violations
            ],
        }
    return out


def _keyed_rows(frame: pl.DataFrame) -> list[tuple[str, dict[str, Any]]]:
    return [(r.pop(KEY), r) for r in frame.to_dicts()]


def to_json(diff: DataDiff, report: CitationReport | None = None) -> str:
    # ASCII escapes keep every value exact and leave nothing for a terminal to act on.
    return json.dumps(to_dict(diff, report), indent=2, ensure_ascii=True)


def _more(n: int) -> str:
    return f"… and {n - LIST_LIMIT:,} more" if n > LIST_LIMIT else ""


def _rc_title(e: dict[str, Any]) -> str:
    bits = [b for b in (e.get("date"), e.get("resolution")) if b]
    return f"roll call {e['roll_call']}" + (f" ({', '.join(bits)})" if bits else "")


def _tally_text(t: dict[str, int]) -> str:
    return " ".join(f"{k} {n}" for k, n in t.items())


def to_text(diff: DataDiff, report: CitationReport | None = None) -> str:
    lines = [f"unga diff {diff.base} → {diff.head}"]
    if diff.empty:
        lines.append("no change to the data")
    for name, table_diff in diff.tables.items():
        lines.append(f"{name} ({table_diff.path}): {_summary(table_diff)}")
        if name == VOTES:
            lines += _votes_text(diff, table_diff.path)
        else:
            lines += _table_text(name, table_diff)
    lines = [printable(line) for line in lines]  # a cell's line break stays in its line
    if report is not None:
        lines.append(report.to_text())
    return "\n".join(lines)


def _votes_text(diff: DataDiff, path: str) -> list[str]:
    """The votes table's changes, per roll call: each changed vote, and votes added or removed
    (counted per value when many, or for a new roll call)."""
    lines = []
    entries = vote_changes(diff)
    for entry in entries[:LIST_LIMIT]:
        lines.append(f"  {_rc_title(entry)}{' [new roll call]' * entry['new_roll_call']}")
        for change in entry["changed"][:LIST_LIMIT]:
            lines.append(
                f"    {change['state']}: {change['from'] or 'empty'} → {change['to'] or 'empty'}"
                f"  ({path}:{change['line']})"
            )
        for kind in ("added", "removed"):
            votes = entry[kind]
            if not votes:
                continue
            if entry["new_roll_call"] or len(votes) > 20:
                lines.append(
                    f"    {len(votes)} votes {kind} ({_tally_text(entry[kind + '_tally'])})"
                )
            else:
                listed = ", ".join(f"{s} {v}" for s, v in votes.items())
                lines.append(f"    votes {kind}: {listed}")
    if _more(len(entries)):
        lines.append(f"  {_more(len(entries))} roll calls")
    return lines


def _table_text(name: str, table_diff: TableDiff) -> list[str]:
    """Another table's changed cells, then its added and removed rows."""
    lines = []
    declared = name == ROLL_CALLS
    for row in table_diff.changed.head(LIST_LIMIT).iter_rows(named=True):
        tag = " (declared total)" if declared and row["column"].startswith(DECLARED) else ""
        lines.append(
            f"  {row[KEY]} {row['column']}: {quoted(row['old'])} → {quoted(row['new'])}{tag}"
            f"  ({table_diff.path}:{row['line']})"
        )
    if _more(table_diff.changed.height):
        lines.append(f"  {_more(table_diff.changed.height)} changes")
    for kind, frame in (("added", table_diff.added), ("removed", table_diff.removed)):
        for key, row in _keyed_rows(frame.head(LIST_LIMIT)):
            lines.append(f"  {kind} {key}: {_row_text(row)}")
        if _more(frame.height):
            lines.append(f"  {_more(frame.height)} rows {kind}")
    return lines


def _md(value: Any) -> str:
    return markdown(cut(value))


def _md_row(row: dict[str, Any]) -> str:
    """A row as `_row_text` writes it, for Markdown: each cell cut on its own (a long title
    never hides the source after it)."""
    return ", ".join(f"{markdown(k)}={_md(v)}" for k, v in row.items()
                     if v not in (None, "") and k != LINE)  # fmt: skip


def to_markdown(diff: DataDiff, report: CitationReport | None = None) -> str:
    """For a GitHub job summary: the check's outcome, a table of counts, then each change."""
    out = [f"## Data diff {_md(diff.base)} → {_md(diff.head)}", ""]
    if report is not None:
        out += _check_markdown(report)
    if diff.empty:
        return "\n".join([*out, "No change to the data.", ""])
    counts = [
        (f"{cut(name)}{_status(table_diff)}", f"{table_diff.added.height:,}",
         f"{table_diff.removed.height:,}", f"{table_diff.changed.height:,}")
        for name, table_diff in diff.tables.items()
    ]  # fmt: skip
    header = ["table", "added", "removed", "changed cells"]
    out += [*markdown_table(header, counts, right=header[1:]), ""]
    for name, table_diff in diff.tables.items():
        out += [f"### {_md(name)}", ""]
        if table_diff.columns_added or table_diff.columns_removed:
            added = _md(", ".join(table_diff.columns_added))
            removed = _md(", ".join(table_diff.columns_removed))
            out += [f"Columns added: {added or 'none'}; removed: {removed or 'none'}.", ""]
        if name == VOTES:
            out += _votes_markdown(vote_changes(diff))
        else:
            out += _changed_cells_markdown(table_diff) + _rows_markdown(table_diff)
    return "\n".join(out)


def _status(table_diff: TableDiff) -> str:
    return f" ({table_diff.status})" if table_diff.status != "changed" else ""


def _check_markdown(report: CitationReport) -> list[str]:
    """Whether the check passed; if not, a row per problem."""
    violations = report.violations
    if not violations:
        return ["**Check passed:** every changed vote and declared total is cited.", ""]
    rows = [
        (f"{cut(v.file)}:{v.line}", Markup(f"`{v.rule}`"), cut(v.message), cut(v.expected),
         cut(v.found))
        for v in violations
    ]  # fmt: skip
    table = markdown_table(["where", "rule", "problem", "expected", "found"], rows)
    return [f"**Check failed:** {check_summary(violations)}.", "", *table, ""]


def _votes_markdown(entries: list[dict[str, Any]]) -> list[str]:
    """The changed votes, a row each; then the roll calls with votes added or removed."""
    out = []
    changed = [(entry, change) for entry in entries for change in entry["changed"]]
    if changed:
        header = ["roll call", "date", "resolution", "state", "from", "to", "line"]
        changed_rows = [
            (cut(entry["roll_call"]), cut(entry.get("date")), cut(entry.get("resolution")),
             cut(change["state"]), cut(change["from"]), cut(change["to"]), change["line"])
            for entry, change in changed[:LIST_LIMIT]
        ]  # fmt: skip
        table = markdown_table(header, changed_rows, right={"roll call", "line"})
        out += [*table, _more(len(changed))]
        out.append("")
    bulk = [entry for entry in entries if entry["added"] or entry["removed"]]
    if bulk:
        header = ["roll call", "date", "new", "votes added", "votes removed"]
        bulk_rows = [
            (cut(entry["roll_call"]), cut(entry.get("date")), "yes" * entry["new_roll_call"],
             _votes_cell(entry, "added"), _votes_cell(entry, "removed"))
            for entry in bulk[:LIST_LIMIT]
        ]  # fmt: skip
        out += [*markdown_table(header, bulk_rows, right={"roll call"}), _more(len(bulk)), ""]
    return out


def _changed_cells_markdown(table_diff: TableDiff) -> list[str]:
    """A row per changed cell of a table other than votes."""
    changed = table_diff.changed
    if changed.is_empty():
        return []
    rows = [
        (cut(row[KEY]), cut(row["column"]), cut(row["old"]), cut(row["new"]), row["line"])
        for row in changed.head(LIST_LIMIT).iter_rows(named=True)
    ]
    table = markdown_table(["key", "column", "from", "to", "line"], rows, right={"line"})
    return [*table, _more(changed.height), ""]


def _rows_markdown(table_diff: TableDiff) -> list[str]:
    """The added and the removed rows of a table other than votes, as lists."""
    out = []
    for kind, frame in (("Added", table_diff.added), ("Removed", table_diff.removed)):
        if frame.is_empty():
            continue
        out += [f"{kind} rows:", ""]
        out += [f"- {_md(key)}: {_md_row(row)}" for key, row in _keyed_rows(frame.head(LIST_LIMIT))]
        out += [_more(frame.height), ""]
    return out


def _votes_cell(entry: dict[str, Any], kind: str) -> str:
    votes = entry[kind]
    if not votes:
        return ""
    if entry["new_roll_call"] or len(votes) > 20:
        return cut(f"{len(votes)} ({_tally_text(entry[kind + '_tally'])})")
    return cut(", ".join(f"{s} {v}" for s, v in votes.items()))
