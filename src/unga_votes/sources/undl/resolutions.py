"""The resolutions file's rows made one row per resolution, by stated rules, each counted.

A row's modality is read in any case, spacing and comma (`Vote, recorded` is a recorded vote,
`Vote, non-recorded` a non-recorded vote, `Without a vote`); its symbol, date, session,
meeting, title, lists and totals as the voting file's (`clean`, `values`). A row is left out
only by a rule, never for its spelling: an exact duplicate, a symbol that is none, a
modality that is none of the three, a second row for one resolution (the first is kept).
"""

from __future__ import annotations

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
    with_session,
)
from .clean import year as year_of
from .layout import LINE
from .values import (
    TOTAL_MS_RULE,
    TOTAL_RULE,
    UNDL_ID_DECIMAL_RULE,
    own_link,
    total,
    total_dirty,
    totals_dirty,
    undl_id,
    undl_id_decimal,
    vote_note,
)
from .versions import LISTS, MODALITIES, TOTALS, modality_key, modality_table


def clean_resolutions(frame: pl.DataFrame, file: str, checks: Checks) -> tuple[pl.DataFrame, Log]:
    """The resolutions rows (every column, and `line`): one per symbol, with its adoption."""
    log = Log(file)
    rows = frame.sort(LINE)
    cells = pl.struct(pl.all().exclude(LINE))
    # Only rows whose hash repeats one can repeat it cell for cell: only those are compared.
    exact = rows.filter(cells.hash().is_duplicated()).filter(~cells.is_first_distinct())
    log.add("exact duplicate row dropped", exact, pl.format("line {}", LINE), left_out=True)
    rows = rows.join(exact.select(LINE), on=LINE, how="anti")
    log_meetings(rows, log, checks.meeting)
    _log_cells(rows, log)
    rows = symbols(rows, log, checks.symbol)
    key = modality_key(pl.col("modality"))
    adoption = key.replace_strict(modality_table(), default=None, return_dtype=pl.String)
    tidy = tidy_text(rows, log).select(
        LINE,
        undl_id().cast(pl.String).alias("undl_id"),
        undl_id().alias("record_id"),
        "resolution",
        "library",
        pl.col("session").alias("session_text"),
        date().alias("date"),
        year_of().alias("year"),
        "title",
        *LISTS,
        *[total(c).alias(c) for c in TOTALS],
        vote_note().alias("vote_note"),
        adoption.alias("adoption"),
        pl.col("modality"),
        meeting(checks.meeting).alias("meeting"),
    )
    log.add(
        "modality written another way: read as its kind",
        tidy.filter(
            pl.col("adoption").is_not_null()
            & ~pl.col("modality").str.strip_chars().is_in(list(MODALITIES))
        ),
        pl.col("modality"),
    )
    bad = tidy.filter(pl.col("resolution").is_null())
    log.add("row without a readable resolution symbol left out", bad, at_line("library"),
            left_out=True)  # fmt: skip
    tidy = tidy.filter(pl.col("resolution").is_not_null())
    unknown = tidy.filter(pl.col("adoption").is_null())
    log.add("modality not one of the three kinds: row left out", unknown, at_line("modality"),
            left_out=True)  # fmt: skip
    tidy = tidy.filter(pl.col("adoption").is_not_null())
    again = tidy.filter(~pl.col("resolution").is_first_distinct())
    log.add("a second row for one resolution: the first kept", again,
            pl.format("{} (line {})", "resolution", LINE), left_out=True)  # fmt: skip
    tidy = tidy.filter(pl.col("resolution").is_first_distinct())
    return with_session(tidy.drop("modality"), log), log


def _log_cells(rows: pl.DataFrame, log: Log) -> None:
    """Count the totals and links the rules do not believe (the totals left empty; a link that
    is not the row's own replaced by the address made from its undl_id), and the cells read
    trimmed or as a decimal."""
    log_spaces(rows, log, ("undl_id", "date", "session", *TOTALS, "total_ms", "modality",
                           "undl_link"))  # fmt: skip
    log.add(UNDL_ID_DECIMAL_RULE, rows.filter(undl_id_decimal()), at_line("undl_id"))
    dirty, shown = totals_dirty(TOTALS)
    log.add(TOTAL_RULE, rows.filter(dirty), shown)
    log.add(TOTAL_MS_RULE, rows.filter(total_dirty("total_ms")), at_line("total_ms"))
    checked = rows.with_columns(undl_id().alias("record_id"))
    log.add(
        "undl_link not the row's own record address: the address made from its undl_id used",
        checked.filter(
            pl.col("record_id").is_not_null()
            & ~own_link("undl_link", "record_id")
            & (pl.col("undl_link").str.strip_chars() != "")
        ),
        at_line("undl_link"),
    )
    log.add(
        "undl_id not a control number (not digits, 0, or out of range): the row kept, with the "
        "file's address as its source",
        checked.filter(pl.col("record_id").is_null()),
        at_line("undl_id"),
    )
