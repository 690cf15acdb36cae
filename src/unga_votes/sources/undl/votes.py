"""The voting file's rows made per-state votes and one record per vote (`undl_id`), by stated
rules, each counted.

The file is reduced a block at a time (`reduce`): each block to its narrow per-state columns
and to the distinct combinations of a vote's attributes (which repeat on each of its ~190
rows), so a file of a million rows is never held whole. Then: exact duplicate rows dropped; a
row without a numeric undl_id, or one out of range, left out; codes and votes trimmed and
upper-cased (each counted), vote words (and version 1's `NV`) read as codes and a blank vote
as X; a row whose vote is none of them left out (it stays, its vote empty, so that the seats
know whose row the import left out: `official`); each attribute of a vote the value most of
its rows give; a vote without a readable resolution symbol, or one version 1 says was not
recorded, left out (with all its rows). Totals, links and text follow `values`. A rule that
leaves out a vote counts its rows and says how many votes.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from .allowed import Checks
from .clean import (
    Log,
    at_line,
    date,
    log_meetings,
    log_spaces,
    meeting,
    symbols,
    tidy_text,
    vote_example,
    with_session,
    year,
)
from .layout import LINE
from .values import (
    CELL_MAX,
    TOTAL_MS_RULE,
    TOTAL_RULE,
    UNDL_ID,
    UNDL_ID_DECIMAL_RULE,
    own_link,
    total,
    total_dirty,
    totals_dirty,
    undl_id,
    undl_id_decimal,
    vote_note,
)
from .versions import LISTS, TOTALS, VOTE_CODES, VOTE_WORDS, modality_key, modality_table

ATTRIBUTES = ("resolution", "session", "date", "meeting", "title", *LISTS, *TOTALS, "total_ms",
              "vote_note", "undl_link", "modality")  # fmt: skip
STATE = ("undl_id", "ms_code", "ms_name", "ms_vote")
UNREADABLE_VOTE = "vote not Y, N, A or X: row left out"


@dataclass
class Part:
    """One block of the voting file, reduced."""

    rows: pl.DataFrame  # line, undl_id, ms_code, ms_name, ms_vote, h (the whole row's hash)
    combos: pl.DataFrame  # undl_id, h, n, line and the attributes: one per distinct combination


def reduce(frame: pl.DataFrame) -> Part:
    """A block of rows (every column of the version, and `line`) reduced to its parts."""
    if "modality" not in frame.columns:
        frame = frame.with_columns(pl.lit("").alias("modality"))
    cells = [c for c in frame.columns if c != LINE]
    # A cell of megabytes (a hostile file) is kept only as far as any rule reads it.
    shown = [pl.col(c).str.slice(0, CELL_MAX) for c in (*STATE, *ATTRIBUTES)]
    rows = frame.select(LINE, *shown[: len(STATE)], pl.struct(cells).hash().alias("h"))
    keyed = frame.select(LINE, "undl_id", pl.struct(ATTRIBUTES).hash().alias("h"))
    firsts = keyed.group_by("undl_id", "h").agg(pl.len().alias("n"), pl.col(LINE).min())
    combos = firsts.join(frame.select(LINE, *shown[len(STATE) :]), on=LINE)
    # A copy of the few combinations: as a slice they would keep the whole block's text alive.
    combos = pl.DataFrame(combos.rows(), schema=combos.schema, orient="row")
    return Part(rows, combos)


def clean_votes(parts: list[Part], file: str, checks: Checks) -> tuple[pl.DataFrame, pl.DataFrame,
                                                                     Log]:  # fmt: skip
    """(votes: undl_id, code, name, vote, line) and (records: one per vote, with its
    resolution, session, date or year, meeting, title, lists, totals, link)."""
    log = Log(file)
    rows = pl.concat([p.rows for p in parts]) if parts else reduce(_empty()).rows
    combos = pl.concat([p.combos for p in parts]) if parts else reduce(_empty()).combos
    exact = _exact_duplicates(rows)
    log.add("exact duplicate row dropped", exact, pl.format("line {}", LINE), left_out=True)
    rows = rows.join(exact.select(LINE), on=LINE, how="anti")
    numeric = pl.col("undl_id").str.strip_chars().str.contains(UNDL_ID)
    log.add("row without a numeric undl_id left out", rows.filter(~numeric), at_line("undl_id"),
            left_out=True)  # fmt: skip
    log.add(UNDL_ID_DECIMAL_RULE, rows.filter(undl_id_decimal()), at_line("undl_id"))
    out_of_range = rows.filter(numeric & undl_id().is_null())
    log.add(
        "undl_id out of range (0, or over 9,007,199,244,740,991: 10,000,000 + it would not "
        "number a roll call exactly): row left out",
        out_of_range,
        at_line("undl_id"),
        left_out=True,
    )
    rows = rows.filter(undl_id().is_not_null())
    _untidy_cells(rows, log)
    votes = rows.select(
        LINE,
        undl_id().alias("undl_id"),
        pl.col("ms_code").str.strip_chars().str.to_uppercase().alias("code"),
        "ms_name",
        pl.col("ms_name").str.replace_all(r"\s+", " ").str.strip_chars().alias("name"),
        pl.col("ms_vote").str.strip_chars().str.to_uppercase().alias("vote_text"),
    )
    votes = _vote_codes(votes, log)
    records = _records(_combined(combos), log, checks)
    # Each vote with the rows still standing for it: a rule that leaves out the vote counts them.
    standing = votes.filter(pl.col("vote").is_not_null())
    per_vote = standing.group_by("undl_id").agg(pl.len().cast(pl.Int64).alias("rows"))
    records = records.join(per_vote, on="undl_id", how="left").with_columns(
        pl.col("rows").fill_null(0)
    )
    records = _leave_out(records, log)
    votes = votes.join(records.select("undl_id"), on="undl_id", how="semi")
    return votes.select("undl_id", "code", "name", "vote", LINE), records, log


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema={**dict.fromkeys({*STATE, *ATTRIBUTES}, pl.String), LINE: pl.Int64})


def _exact_duplicates(rows: pl.DataFrame) -> pl.DataFrame:
    """The rows that repeat an earlier row cell for cell (the whole row's hash and its state
    cells alike): only rows that repeat one on the state cells can, so only those are
    compared."""
    candidates = rows.filter(pl.struct(STATE).hash().is_duplicated()).sort(LINE)
    return candidates.filter(~pl.struct(*STATE, "h").is_first_distinct())


def _untidy_cells(rows: pl.DataFrame, log: Log) -> None:
    """Count the per-state cells read trimmed or in capitals (never fixed silently)."""
    log_spaces(rows, log, ("undl_id", "ms_code", "ms_vote"))
    lower = [pl.col(c) != pl.col(c).str.to_uppercase() for c in ("ms_code", "ms_vote")]
    shown = pl.format("line {}: {} {}", LINE, "ms_code", "ms_vote")
    log.add("a state code or a vote in lower case read in capitals",
            rows.filter(pl.any_horizontal(lower)), shown)  # fmt: skip


def _vote_codes(votes: pl.DataFrame, log: Log) -> pl.DataFrame:
    log.add(
        "stray spaces in a state name removed",
        votes.filter(pl.col("name") != pl.col("ms_name")),
        pl.col("ms_name"),
    )
    known = VOTE_CODES | VOTE_WORDS
    vote = pl.col("vote_text").replace_strict(known, default=None, return_dtype=pl.String)
    votes = votes.with_columns(vote.alias("vote"))
    log.add(UNREADABLE_VOTE, votes.filter(pl.col("vote").is_null()),
            at_line("vote_text"), left_out=True)  # fmt: skip
    log.add("blank vote read as X (non-voting)", votes.filter(pl.col("vote_text") == ""))
    log.add("NV (how version 1 writes non-voting) read as X",
            votes.filter(pl.col("vote_text") == "NV"))  # fmt: skip
    words = (pl.col("vote_text").str.len_chars() > 1) & (pl.col("vote_text") != "NV")
    log.add("vote written as a word read as its code",
            votes.filter(words & pl.col("vote").is_not_null()), pl.col("vote_text"))  # fmt: skip
    return votes  # a row left out keeps its place, its vote empty: see the module's docstring


def _combined(combos: pl.DataFrame) -> pl.DataFrame:
    """The combinations of all blocks as one: a combination that spans two blocks once."""
    counted = combos.group_by("undl_id", "h").agg(pl.col("n").sum(), pl.col(LINE).min())
    return counted.join(combos.drop("n").unique(["undl_id", "h", LINE]), on=["undl_id", "h", LINE])


def _records(combos: pl.DataFrame, log: Log, checks: Checks) -> pl.DataFrame:
    """One record per vote: each attribute the value most of its rows give."""
    combos = combos.filter(undl_id().is_not_null()).with_columns(undl_id().alias("undl_id"))
    combos = combos.sort(LINE)  # examples in the file's order
    log_meetings(combos, log, checks.meeting, "n")
    log_spaces(combos, log, ("date", "session", *TOTALS, "total_ms", "undl_link", "modality"), "n")
    dirty, shown = totals_dirty(TOTALS)
    log.add(TOTAL_RULE, combos.filter(dirty), shown, "n")
    log.add(TOTAL_MS_RULE, combos.filter(total_dirty("total_ms")), at_line("total_ms"), "n")
    log.add(
        "undl_link not the row's own record address: the address made from its undl_id used",
        combos.filter(~own_link() & (pl.col("undl_link").str.strip_chars() != "")),
        at_line("undl_link"),
        "n",
    )
    combos = symbols(combos, log, checks.symbol, "n")
    tidy = tidy_text(combos, log, "n").select(
        "undl_id",
        "n",
        LINE,
        "library",
        "resolution",
        pl.col("session").alias("session_text"),
        date().alias("date"),
        year().alias("year"),
        meeting(checks.meeting).alias("meeting"),
        "title",
        *LISTS,
        *[total(c).alias(c) for c in (*TOTALS, "total_ms")],
        vote_note().alias("vote_note"),
        modality_key(pl.col("modality")).alias("modality"),
    )
    cols = ["resolution", "library", "session_text", "date", "year", "meeting", "title", *LISTS,
            *TOTALS, "total_ms", "vote_note", "modality"]  # fmt: skip
    present = {c: pl.col(c).is_not_null() & (pl.col(c).cast(pl.String) != "") for c in cols}
    distinct = tidy.group_by("undl_id").agg(
        *[pl.col(c).filter(present[c]).n_unique().alias(c) for c in cols]
    )
    log.add(
        "rows of one vote disagree: the value most of them give is taken",
        distinct.filter(pl.any_horizontal(pl.col(c) > 1 for c in cols)),
        pl.col("undl_id"),
    )
    record = tidy.group_by("undl_id").agg(pl.col(LINE).min())
    for c in cols:
        # The value the most rows give (ties: the smallest), weighted by each combination's rows.
        best = (
            tidy.filter(present[c])
            .group_by("undl_id", c)
            .agg(pl.col("n").sum())
            .sort("undl_id", "n", c, descending=[False, True, False])
            .unique("undl_id", keep="first")
            .select("undl_id", c)
        )
        record = record.join(best, on="undl_id", how="left")
    adoption = pl.col("modality").replace_strict(modality_table(), default=None)
    record = record.with_columns(adoption.alias("adoption"))
    return with_session(record, log)


def _leave_out(records: pl.DataFrame, log: Log) -> pl.DataFrame:
    """The votes a rule leaves out whole (counting their rows)."""
    bad = records.filter(pl.col("resolution").is_null())
    log.add(
        "vote without a readable resolution symbol left out",
        bad,
        vote_example("library"),
        "rows",
        left_out=True,
    )
    unrecorded = records.filter(
        pl.col("resolution").is_not_null() & pl.col("adoption").is_in(["non-recorded vote",
                                                                        "without a vote"])
    )  # fmt: skip
    log.add(
        "vote version 1's modality says was not recorded: left out (no per-state votes)",
        unrecorded,
        vote_example("modality"),
        "rows",
        left_out=True,
    )
    odd = records.filter(
        pl.col("modality").is_not_null() & (pl.col("modality") != "") & pl.col("adoption").is_null()
    )
    log.add("modality of a vote not one of the three kinds: read as a recorded vote (its "
            "per-state rows)", odd, pl.col("modality"), "rows")  # fmt: skip
    gone = pl.concat([bad.select("undl_id"), unrecorded.select("undl_id")])
    return records.join(gone, on="undl_id", how="anti").drop("modality", "adoption")
