"""The reconciliation report, DIR/reconciliation.md and .json: what the official record changed.

Every category lists its count per decade and every row, so that a contributor can turn a
finding into a cited correction of the CC0 data (CONTRIBUTING.md). Every row of the Library's
files is accounted for: the rows read are the rows in the edition plus the rows the dirty-row
rules left out (`left_out`; a rule that leaves out whole votes also says how many `votes`).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import polars as pl

from .layout import Dirt

DECADES = [f"{d}s" for d in range(1940, 2040, 10)]
ORDER = (
    "date differs",
    "date precision raised",
    "meeting added",
    "meeting differs",
    "declared totals differ",
    "state vote differs",
    "roll call only in the official record",
    "roll call only in the CC0 data",
    "resolution only in the official record",
    "resolution only in the CC0 data",
    "adoption differs",
    "adoption differs between the two files",
    "resolution only in the voting file",
    "title added",
    "resolution date differs between the two files",
    "correction superseded by the official record",
    "exception settled by the official record",
    "state code not mapped",
    "dirty row handled",
)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _decades(frame: pl.DataFrame) -> dict[str, int]:
    if "date" not in frame.columns or frame.is_empty():
        return {}
    counts = frame.group_by((pl.col("date").dt.year() // 10 * 10).alias("d")).len().drop_nulls()
    return {f"{d}s": n for d, n in sorted(counts.rows())}


def document(
    findings: dict[str, pl.DataFrame],
    unmapped: pl.DataFrame,
    dirt: list[Dirt],
    summary: dict[str, Any],
) -> dict[str, Any]:
    """The report as data: every category, its count, counts per decade, every row."""
    categories: dict[str, Any] = {}
    frames = dict(findings)
    frames["state code not mapped"] = unmapped
    frames["dirty row handled"] = pl.DataFrame(
        [(d.rule, d.file, d.count, d.left_out, d.votes, "; ".join(d.examples)) for d in dirt],
        schema={
            "rule": pl.String,
            "file": pl.String,
            "rows": pl.Int64,
            "left_out": pl.Boolean,
            "votes": pl.Int64,
            "examples": pl.String,
        },
        orient="row",
    )
    for name in ORDER:
        frame = frames.get(name, pl.DataFrame())
        count = (
            int(frame["rows"].sum())
            if name == "dirty row handled" and frame.height
            else (frame.height)
        )
        categories[name] = {
            "count": count,
            "per_decade": _decades(frame),
            "rows": [{k: _plain(v) for k, v in r.items()} for r in frame.iter_rows(named=True)],
        }
    return {"summary": summary, "categories": categories}


def to_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _cell(value: Any) -> str:
    """A value as a Markdown table cell: as text, never as markup."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.replace("|", "\\|").split())


def to_markdown(doc: dict[str, Any]) -> str:
    s = doc["summary"]
    out = [
        "# Reconciliation: the CC0 data and the UN Digital Library's official record",
        "",
        f"Voting file `{s['voting_file']}` ({s['voting_rows']:,} rows, {s['votes']:,} votes); "
        f"resolutions file `{s['resolutions_file'] or 'none'}` "
        f"({s['resolutions_rows']:,} rows). The edition holds {s['roll_calls']:,} roll calls, "
        f"{s['resolutions']:,} resolutions and {s['vote_rows']:,} vote rows.",
        "",
        f"Every row accounted for: of the voting file's {s['voting_rows']:,} rows, "
        f"{s.get('voting_rows_in_edition', 0):,} are in the edition and "
        f"{s.get('voting_rows_left_out', 0):,} were left out; of the resolutions file's "
        f"{s['resolutions_rows']:,}, {s.get('resolutions_rows_in_edition', 0):,} and "
        f"{s.get('resolutions_rows_left_out', 0):,} (see dirty row handled).",
        "",
        "Each category: its count, per decade of the (official) date, then every row. A "
        "difference is a lead for a cited correction of the CC0 data (see CONTRIBUTING.md).",
        "",
        "| category | count | " + " | ".join(DECADES) + " |",
        "|---|---:|" + "---:|" * len(DECADES),
    ]
    for name, cat in doc["categories"].items():
        per = cat["per_decade"]
        out.append(
            f"| {name} | {cat['count']:,} | "
            + " | ".join(str(per.get(d, "")) for d in DECADES)
            + " |"
        )
    for name, cat in doc["categories"].items():
        out += ["", f"## {name}", ""]
        rows = cat["rows"]
        if not rows:
            out.append("None.")
            continue
        header = list(rows[0])
        out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(_cell(r[h]) for h in header) + " |" for r in rows]
    return "\n".join(out) + "\n"
