"""How `unga diff` prints a diff: text for a terminal, JSON, and Markdown for a job summary.

Every renderer reads the same two things: each table's `TableDiff`, and for the votes table the
changes grouped per roll call (`vote_changes`). With `--check`, the citation report follows.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ..escape import cut, markdown, printable, quoted
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
    for name, d in diff.tables.items():
        lines.append(f"{name} ({d.path}): {_summary(d)}")
        if name == VOTES:
            entries = vote_changes(diff)
            for e in entries[:LIST_LIMIT]:
                lines.append(f"  {_rc_title(e)}{' [new roll call]' * e['new_roll_call']}")
                for c in e["changed"][:LIST_LIMIT]:
                    lines.append(
                        f"    {c['state']}: {c['from'] or 'empty'} → {c['to'] or 'empty'}"
                        f"  ({d.path}:{c['line']})"
                    )
                for kind in ("added", "removed"):
                    if not e[kind]:
                        continue
                    votes = e[kind]
                    if e["new_roll_call"] or len(votes) > 20:
                        lines.append(
                            f"    {len(votes)} votes {kind} ({_tally_text(e[kind + '_tally'])})"
                        )
                    else:
                        listed = ", ".join(f"{s} {v}" for s, v in votes.items())
                        lines.append(f"    votes {kind}: {listed}")
            if _more(len(entries)):
                lines.append(f"  {_more(len(entries))} roll calls")
            continue
        declared = name == ROLL_CALLS
        for r in d.changed.head(LIST_LIMIT).iter_rows(named=True):
            tag = " (declared total)" if declared and r["column"].startswith(DECLARED) else ""
            lines.append(
                f"  {r[KEY]} {r['column']}: {quoted(r['old'])} → {quoted(r['new'])}{tag}"
                f"  ({d.path}:{r['line']})"
            )
        if _more(d.changed.height):
            lines.append(f"  {_more(d.changed.height)} changes")
        for kind, frame in (("added", d.added), ("removed", d.removed)):
            for k, r in _keyed_rows(frame.head(LIST_LIMIT)):
                lines.append(f"  {kind} {k}: {_row_text(r)}")
            if _more(frame.height):
                lines.append(f"  {_more(frame.height)} rows {kind}")
    lines = [printable(line) for line in lines]  # a cell's line break stays in its line
    if report is not None:
        lines.append(report.to_text())
    return "\n".join(lines)


def _md(value: Any) -> str:
    return markdown(cut(value))


def _md_row(row: dict[str, Any]) -> str:
    """A row as `_row_text` writes it, for Markdown: each cell cut on its own (a long title
    never hides the source after it)."""
    return ", ".join(f"{markdown(k)}={_md(v)}" for k, v in row.items()
                     if v not in (None, "") and k != LINE)  # fmt: skip


def to_markdown(diff: DataDiff, report: CitationReport | None = None) -> str:
    """For a GitHub job summary: a table of counts, then each change."""
    out = [f"## Data diff {_md(diff.base)} → {_md(diff.head)}", ""]
    if report is not None:
        violations = report.violations
        if violations:
            out += [f"**Check failed:** {check_summary(violations)}.", ""]
            out += ["| where | rule | problem | expected | found |", "|---|---|---|---|---|"]
            out += [
                f"| {_md(v.file)}:{v.line} | `{v.rule}` | {_md(v.message)} | {_md(v.expected)} "
                f"| {_md(v.found)} |"
                for v in violations
            ]
            out.append("")
        else:
            out += ["**Check passed:** every changed vote and declared total is cited.", ""]
    if diff.empty:
        return "\n".join([*out, "No change to the data.", ""])
    out += ["| table | added | removed | changed cells |", "|---|---:|---:|---:|"]
    for name, d in diff.tables.items():
        status = f" ({d.status})" if d.status != "changed" else ""
        out.append(
            f"| {_md(name)}{status} | {d.added.height:,} | {d.removed.height:,} "
            f"| {d.changed.height:,} |"
        )
    out.append("")
    for name, d in diff.tables.items():
        out += [f"### {_md(name)}", ""]
        if d.columns_added or d.columns_removed:
            added, removed = _md(", ".join(d.columns_added)), _md(", ".join(d.columns_removed))
            out += [f"Columns added: {added or 'none'}; removed: {removed or 'none'}.", ""]
        if name == VOTES:
            entries = vote_changes(diff)
            changed = [(e, c) for e in entries for c in e["changed"]]
            if changed:
                out += [
                    "| roll call | date | resolution | state | from | to | line |",
                    "|---:|---|---|---|---|---|---:|",
                ]
                out += [
                    f"| {_md(e['roll_call'])} | {_md(e.get('date'))} | {_md(e.get('resolution'))} "
                    f"| {_md(c['state'])} | {_md(c['from'])} | {_md(c['to'])} | {c['line']} |"
                    for e, c in changed[:LIST_LIMIT]
                ]
                out += [_more(len(changed)), ""]
            bulk = [e for e in entries if e["added"] or e["removed"]]
            if bulk:
                out += [
                    "| roll call | date | new | votes added | votes removed |",
                    "|---:|---|---|---|---|",
                ]
                out += [
                    f"| {_md(e['roll_call'])} | {_md(e.get('date'))} "
                    f"| {'yes' * e['new_roll_call']} "
                    f"| {_votes_md(e, 'added')} | {_votes_md(e, 'removed')} |"
                    for e in bulk[:LIST_LIMIT]
                ]
                out += [_more(len(bulk)), ""]
            continue
        if not d.changed.is_empty():
            out += ["| key | column | from | to | line |", "|---|---|---|---|---:|"]
            out += [
                f"| {_md(r[KEY])} | {_md(r['column'])} | {_md(r['old'])} | {_md(r['new'])} "
                f"| {r['line']} |"
                for r in d.changed.head(LIST_LIMIT).iter_rows(named=True)
            ]
            out += [_more(d.changed.height), ""]
        for kind, frame in (("Added", d.added), ("Removed", d.removed)):
            if frame.is_empty():
                continue
            out += [f"{kind} rows:", ""]
            out += [f"- {_md(k)}: {_md_row(r)}" for k, r in _keyed_rows(frame.head(LIST_LIMIT))]
            out += [_more(frame.height), ""]
    return "\n".join(out)


def _votes_md(e: dict[str, Any], kind: str) -> str:
    votes = e[kind]
    if not votes:
        return ""
    if e["new_roll_call"] or len(votes) > 20:
        return _md(f"{len(votes)} ({_tally_text(e[kind + '_tally'])})")
    return _md(", ".join(f"{s} {v}" for s, v in votes.items()))
