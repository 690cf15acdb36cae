"""The reconciliation report, DIR/reconciliation.md and .json: what the official record changed.

First the headline (how far the CC0 data agree with the Library, per decade), then every row of
the Library's files accounted for (the rows read are the rows in the edition plus the rows each
rule left out, per file and rule; a rule that leaves out whole votes also says how many), then
every category with its count per decade and every row, so that a contributor can turn a
finding into a cited correction of the CC0 data (CONTRIBUTING.md). Every value the Markdown
quotes (a title, a file name, a cell of the Library's) is escaped as every other output of
the project escapes it (`escape.markdown`): shown, never run by a terminal or rendered.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import polars as pl

from ...escape import cut, markdown
from ...markdown_table import Markup, markdown_table
from .clean import FORMS
from .overlay import UNTOLD
from .twins import AGREEMENT, MATCHED, SUSPECTED, WINDOW_DAYS
from .twins import NEAR as NEAR_RULE

if TYPE_CHECKING:
    from .context import Context

NEAR = MATCHED[NEAR_RULE]  # the category of the votes matched by that rule
DECADES = [f"{d}s" for d in range(1940, 2040, 10)]
ORDER = (
    "date differs",
    "date precision raised",
    "meeting added",
    "meeting differs",
    "declared totals differ",
    "declared total the CC0 data lack",
    "declared totals not usable in the Library record",
    "total member states differ from the members on the date",
    "state vote differs",
    "state without a usable row in the Library's vote",
    "roll call matched by date and votes",
    "roll call matched by identical votes, its date off",
    UNTOLD,
    "vote agreeing with several CC0 roll calls",
    SUSPECTED,
    "roll call only in the official record",
    "roll call only in the CC0 data",
    "resolution only in the official record",
    "resolution only in the CC0 data",
    "adoption differs",
    "adoption differs between the two files",
    "resolution only in the voting file",
    "title added",
    "resolution date differs between the two files",
    "resolution symbol as the Library writes it",
    "vote note of the Library (kept in this report only)",
    "correction superseded by the official record",
    "exception settled by the official record",
    "state code not mapped",
    "dirty row handled",
)
DIRT = {"rule": pl.String, "file": pl.String, "rows": pl.Int64, "left_out": pl.Boolean,
        "votes": pl.Int64, "examples": pl.String}  # fmt: skip
HEADLINE = ("decade", "Library roll calls", "in the CC0 data", "of them by date and votes",
            "of them which one unknown", "totals compared", "CC0 totals agree", "share",
            "CC0 votes agree", "share")  # fmt: skip


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _decades(frame: pl.DataFrame) -> dict[str, int]:
    if "date" not in frame.columns or frame.is_empty():
        return {}
    counts = frame.group_by((pl.col("date").dt.year() // 10 * 10).alias("d")).len().drop_nulls()
    return {f"{d}s": n for d, n in sorted(counts.rows())}


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in r.items()} for r in frame.iter_rows(named=True)]


def summary(ctx: Context, tables: dict[str, pl.DataFrame]) -> dict[str, Any]:
    """The counts: rows read, in the edition and left out, per file; the edition's tables."""
    off, ed, res = ctx.official, ctx.edition, ctx.resolutions
    res_kept = off.resolutions.height - off.added.height - ed.resolutions_left_out
    return {
        "voting_file": ctx.voting.name,
        "voting_version": ctx.voting.recognised.version.name,
        "voting_sha256": ctx.voting.sha256,
        "voting_rows": ctx.voting_rows,
        # Every row accounted for: those read are those in the edition and those left out.
        "voting_rows_in_edition": off.rows_kept - ed.vote_rows_left_out,
        "voting_rows_left_out": ctx.vote_log.left_out(),
        "votes": off.records.height,
        "resolutions_file": res.name if res else None,
        "resolutions_version": res.recognised.version.name if res else None,
        "resolutions_sha256": res.sha256 if res else None,
        "resolutions_rows": ctx.resolutions_rows,
        "resolutions_rows_in_edition": res_kept if res else 0,
        "resolutions_rows_left_out": ctx.res_log.left_out(),
        "roll_calls": tables["roll_calls"].height,
        "resolutions": tables["resolutions"].height,
        "vote_rows": tables["votes"].height,
        "exceptions": tables["exceptions"].height,
        **{name: tables[name].height for name in ("resolution_subjects", "resolution_documents",
                                                  "resolution_agenda_titles")},
    }  # fmt: skip


def document(ctx: Context, tables: dict[str, pl.DataFrame]) -> dict[str, Any]:
    """The report as data: the summary, the headline, every category with its rows."""
    dirt = [d for log in ctx.logs() for d in log.rows]
    dirt = [*(d for o in ctx.files() for d in o.dirt), *dirt]
    frames = dict(ctx.edition.findings)
    frames["state code not mapped"] = ctx.official.unmapped
    frames["resolution symbol as the Library writes it"] = (
        pl.concat([pl.DataFrame(schema=FORMS), *(f for log in ctx.logs() for f in log.forms)])
        .unique(["file", "library"], keep="first")
        .sort("file", "line")
    )
    frames["dirty row handled"] = pl.DataFrame(
        [(d.rule, d.file, d.count, d.left_out, d.votes, "; ".join(d.examples)) for d in dirt],
        schema=DIRT,
        orient="row",
    )
    return assemble(summary(ctx, tables), frames, ctx.edition.headline)


def assemble(
    summary: dict[str, Any], frames: dict[str, pl.DataFrame], headline: pl.DataFrame
) -> dict[str, Any]:
    categories: dict[str, Any] = {}
    for name in ORDER:
        frame = frames.get(name, pl.DataFrame())
        dirty = name == "dirty row handled" and frame.height
        categories[name] = {
            "count": int(frame["rows"].sum()) if dirty else frame.height,
            "per_decade": _decades(frame),
            "rows": _rows(frame),
        }
    return {"summary": summary, "headline": _rows(headline), "categories": categories}


def to_json(doc: dict[str, Any]) -> str:
    """The report as JSON, exact and all ASCII: a character a terminal would act on or that
    reorders text (a control, a bidi override, a line separator) is a JSON escape, as every
    character outside ASCII is. One line: JSON's C encoder writes it in one piece (an indented
    report of 200,000 rows would be built of millions of small strings)."""
    return json.dumps(doc, ensure_ascii=True) + "\n"


def _cell(value: Any) -> Markup:
    """A value as a Markdown table cell: as text, never as markup nor a terminal's command;
    a long value cut, runs of spaces made one."""
    return Markup(" ".join(markdown(cut(value)).split()))


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    return markdown_table(header, [[_cell(v) for v in row] for row in rows])


def _share(value: Any) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def _accounting(doc: dict[str, Any]) -> list[str]:
    summary = doc["summary"]
    files = [
        [summary["voting_file"], summary.get("voting_version"), summary["voting_rows"],
         summary.get("voting_rows_in_edition", 0), summary.get("voting_rows_left_out", 0)],
        [summary["resolutions_file"] or "none", summary.get("resolutions_version") or "",
         summary["resolutions_rows"], summary.get("resolutions_rows_in_edition", 0),
         summary.get("resolutions_rows_left_out", 0)],
    ]  # fmt: skip
    rules = [
        [r["file"], r["rule"], r["rows"], r["votes"] if r["votes"] is not None else ""]
        for r in doc["categories"]["dirty row handled"]["rows"]
        if r["left_out"]
    ]
    return [
        "## Every row accounted for",
        "",
        "Rows read = rows in the edition + rows left out; each row left out is counted once, "
        "under the first rule that leaves it out:",
        "",
        *_table(["file", "version", "rows read", "in the edition", "left out"],
                [[f"{v:,}" if isinstance(v, int) else v for v in row] for row in files]),
        "",
        *(_table(["file", "rule that left rows out", "rows", "votes"], rules) if rules
          else ["No row was left out."]),
    ]  # fmt: skip


def _matching(doc: dict[str, Any]) -> list[str]:
    """How each of the Library's votes found its CC0 roll call (`twins`), with examples."""
    every = next((h for h in doc["headline"] if h["decade"] == "all"), None)
    if every is None:
        return []
    cats = doc["categories"]

    def shown(name: str, fmt: str, rows: list[dict[str, Any]] | None = None) -> str:
        return "; ".join(fmt.format(**r) for r in (cats[name]["rows"] if rows is None
                                                    else rows)[:3])  # fmt: skip

    by_votes = cats["roll call matched by date and votes"]["rows"]
    in_order = [r for r in by_votes if (r.get("same_votes") or 1) > 1 and r.get("told_apart")]
    rows = [
        ["by its symbol", every["in_cc0"] - every["by_votes"] - every["unplaced"], ""],
        ["by session, date and per-state votes (the CC0 roll call had no symbol)",
         every["by_votes"], shown("roll call matched by date and votes",
                                  "{resolution} → roll call {roll_call}")],
        ["of them, one of several CC0 roll calls with the same votes, told apart by words",
         len(in_order), shown("roll call matched by date and votes",
                              "{resolution} → roll call {roll_call} (of {same_votes})", in_order)],
        [f"by identical votes, the date up to {WINDOW_DAYS} days off",
         cats[NEAR]["count"], shown(NEAR, "{resolution} → roll call {roll_call}")],
        ["nothing tells it apart: taken in order, the CC0 fields not carried",
         cats[UNTOLD]["count"], shown(UNTOLD, "{resolution} → roll call {roll_call}")],
        ["the same votes under another CC0 symbol: both kept, named as a pair",
         cats[SUSPECTED]["count"], shown(SUSPECTED, "{resolution} ~ {cc0_resolution}")],
        ["several CC0 roll calls agree with it: left out, which one is not known",
         every["unplaced"], shown("vote agreeing with several CC0 roll calls",
                                  "{resolution}: {candidates}")],
        ["none: a roll call only in the official record", every["library_roll_calls"]
         - every["in_cc0"], shown("roll call only in the official record",
                                  "{resolution} → roll call {roll_call}")],
    ]  # fmt: skip
    return [
        "## How the Library's votes were matched to the CC0 roll calls",
        "",
        "A vote whose symbol a CC0 roll call has is that roll call. Else it is a CC0 roll call "
        "of subject `resolution` without a symbol of its session, on its day (any day of the "
        f"month, for a date known to the month), whose meeting is not another, and with which "
        f"at least {AGREEMENT:.0%} of the states' votes agree: of several, the one every best "
        "pairing of the votes and roll calls that share them gives it (the pairings that pair "
        "the most votes and, of those, under which the states' votes agree most), CC0 roll "
        "calls with the same votes told apart by the words of the title and description, "
        "else taken in order without their CC0 fields; else, the same votes up to "
        f"{WINDOW_DAYS} days off; where the best pairings differ, none "
        '(see README, "Coverage and limits"). The Library\'s symbol, date, meeting, totals '
        "and votes are laid over that roll call, never beside it.",
        "",
        *_table(["the CC0 roll call found", "votes", "examples"], rows),
    ]


def to_markdown(doc: dict[str, Any]) -> str:
    summary = doc["summary"]
    head = [
        [h["decade"], h["library_roll_calls"], h["in_cc0"], h["by_votes"], h["unplaced"],
         h["totals_compared"], h["totals_agree"], _share(h["totals_agree_share"]),
         h["votes_agree"], _share(h["votes_agree_share"])]
        for h in doc["headline"]
    ]  # fmt: skip
    out = [
        "# Reconciliation: the CC0 data and the UN Digital Library's official record",
        "",
        f"Voting file {_cell(summary['voting_file'])} "
        f"({_cell(summary.get('voting_version'))}, {summary['voting_rows']:,} rows, "
        f"{summary['votes']:,} votes, sha256 {summary.get('voting_sha256')}); resolutions file "
        f"{_cell(summary['resolutions_file'] or 'none')} ({summary['resolutions_rows']:,} rows). "
        f"The edition holds {summary['roll_calls']:,} roll calls, {summary['resolutions']:,} "
        f"resolutions and {summary['vote_rows']:,} vote rows.",
        "",
        "## Headline: the CC0 data against the Library's roll calls, per decade",
        "",
        "Of the Library's roll calls (its votes that adopted a resolution), those the CC0 data "
        "hold (by symbol, by date and votes, or one of several that agree with it); of those "
        "laid over their CC0 roll call with declared totals on both sides, the CC0 totals that "
        "agree with the Library's; and the CC0 roll calls whose every per-state vote agrees.",
        "",
        *_table(list(HEADLINE), head),
        "",
        *_matching(doc),
        "",
        *_accounting(doc),
        "",
        "## Categories",
        "",
        "Each category: its count, per decade of the (official) date, then every row. A "
        "difference is a lead for a cited correction of the CC0 data (see CONTRIBUTING.md).",
        "",
        *_table(
            ["category", "count", *DECADES],
            [
                [name, f"{cat['count']:,}", *(cat["per_decade"].get(d, "") for d in DECADES)]
                for name, cat in doc["categories"].items()
            ],
        ),
    ]
    for name, cat in doc["categories"].items():
        out += ["", f"## {name}", ""]
        rows = cat["rows"]
        if not rows:
            out.append("None.")
            continue
        header = list(rows[0])
        out += _table(header, [[r[h] for h in header] for r in rows])
    return "\n".join(out) + "\n"
