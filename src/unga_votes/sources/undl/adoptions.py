"""The edition's resolutions: every row of the resolutions file, adopted as the two files say.

A resolution the voting file holds a recorded vote for was adopted by that recorded vote (its
per-state rows are the evidence), whatever the modality says ("adoption differs between the two
files"); one said to be adopted by recorded vote whose vote neither the voting file nor the CC0
data hold is left out (a dirty row: no roll call to name), as is one whose recorded vote several
CC0 roll calls agree with (`twins`). The CC0 resolutions the record lacks stay; each difference
from the CC0 data is a finding; a roll call keeps its resolution only if it names it back.
"""

from __future__ import annotations

import polars as pl

from .clean import Log
from .values import record_or
from .versions import RESOLUTIONS_RECORD

__all__ = ["placeable", "resolutions_of", "unlink"]


def placeable(official: pl.DataFrame, unplaced: pl.Series, log: Log) -> pl.DataFrame:
    """The resolutions but those whose recorded vote several CC0 roll calls agree with (a row
    of the resolutions file among them counted: one taken from the vote is not a row of it)."""
    gone = pl.col("resolution").is_in(unplaced.implode())
    from_file = ~pl.col("from_votes").fill_null(False) if "from_votes" in official.columns else True
    log.add(
        "resolution whose recorded vote several CC0 roll calls agree with: left out (see vote "
        "agreeing with several CC0 roll calls)",
        official.filter(gone & from_file),
        pl.format("{} (line {})", "resolution", pl.col("line").fill_null("?")),
        left_out=True,
    )
    return official.filter(~gone)


def resolutions_of(
    res: pl.DataFrame,
    official: pl.DataFrame,
    records: pl.DataFrame,
    roll_calls: pl.DataFrame,
    log: Log,
) -> tuple[pl.DataFrame, dict[str, pl.DataFrame]]:
    """Every resolution of the resolutions file, and the CC0 ones it lacks."""
    if "line" not in official.columns:
        official = official.with_columns(pl.lit(None, pl.Int64).alias("line"))
    voted = records.select(
        "resolution",
        pl.col("edition_roll_call").alias("o_roll_call"),
        pl.col("meeting").alias("vote_meeting"),
    )
    theirs = official.join(voted, on="resolution", how="left").join(
        roll_calls.select(
            pl.col("roll_call").alias("o_roll_call"), pl.col("date").alias("vote_date")
        ),
        on="o_roll_call",
        how="left",
    )
    # A recorded per-state vote is evidence of a recorded vote, whatever the modality says.
    has_vote = pl.col("o_roll_call").is_not_null()
    findings = {
        "adoption differs between the two files": theirs.filter(
            has_vote & (pl.col("adoption") != "recorded vote")
        ).select(
            "resolution",
            "date",
            pl.col("adoption").alias("resolutions_file"),
            pl.lit("recorded vote").alias("voting_file"),
            "line",
        )
    }
    theirs = theirs.with_columns(
        pl.when(has_vote).then(pl.lit("recorded vote")).otherwise("adoption").alias("adoption")
    )
    recorded = pl.col("adoption") == "recorded vote"
    # A recorded vote the voting file lacks still names the CC0 roll call, if there is one.
    cc0_links = res.select("resolution", pl.col("roll_call").alias("cc0_roll_call"))
    theirs = theirs.join(cc0_links, on="resolution", how="left").with_columns(
        pl.when(recorded).then(pl.coalesce("o_roll_call", "cc0_roll_call")).alias("roll_call"),
        pl.when(recorded & pl.col("vote_date").is_not_null())
        .then(pl.col("vote_date"))
        .otherwise(pl.col("date"))
        .alias("date"),
        pl.lit("day").alias("date_precision"),
        pl.coalesce("meeting", pl.when(recorded).then(pl.col("vote_meeting"))).alias("meeting"),
        record_or("record_id", RESOLUTIONS_RECORD).alias("source"),
    )
    orphan = recorded & pl.col("roll_call").is_null()
    log.add(
        "resolution adopted by recorded vote, its vote in neither the voting file nor the CC0 "
        "data: left out",
        theirs.filter(orphan),
        pl.format("{} (line {})", "resolution", pl.col("line").fill_null("?")),
        left_out=True,
    )
    theirs = theirs.filter(~orphan)
    findings["resolution date differs between the two files"] = (
        theirs.filter(recorded & pl.col("vote_date").is_not_null())
        .join(official.select("resolution", pl.col("date").alias("file_date")), on="resolution")
        .filter(pl.col("file_date") != pl.col("date"))
        .select("resolution", "date", "file_date")
    )
    return _against_cc0(theirs, res, findings), findings


def _against_cc0(
    theirs: pl.DataFrame, res: pl.DataFrame, findings: dict[str, pl.DataFrame]
) -> pl.DataFrame:
    """The official record's resolutions against the CC0 ones (each difference a finding), and
    the rows: the official ones, titled from the CC0 data where the Library gives none, then the
    CC0 ones the record lacks."""
    cc0 = res.select(
        pl.col("resolution"),
        pl.col("title").alias("cc0_title"),
        pl.col("adoption").alias("cc0_adoption"),
    )
    joined = theirs.join(cc0, on="resolution", how="left")
    findings["adoption differs"] = joined.filter(
        pl.col("cc0_adoption").is_not_null() & (pl.col("cc0_adoption") != pl.col("adoption"))
    ).select(
        "resolution",
        "date",
        pl.col("cc0_adoption").alias("cc0"),
        pl.col("adoption").alias("official"),
    )
    findings["resolution only in the official record"] = joined.filter(
        pl.col("cc0_adoption").is_null()
    ).select("resolution", "date", "adoption", "source")
    findings["title added"] = joined.filter(
        pl.col("cc0_adoption").is_not_null()
        & pl.col("cc0_title").is_null()
        & pl.col("title").is_not_null()
    ).select("resolution", "date", "title")
    theirs = joined.with_columns(pl.coalesce("title", "cc0_title").alias("title"))
    # Against the rows kept: a resolution left out above keeps its CC0 row, if it has one.
    only_cc0 = res.join(theirs.select("resolution"), on="resolution", how="anti")
    findings["resolution only in the CC0 data"] = only_cc0.select(
        "resolution", "date", "adoption", "source"
    )
    rows = pl.concat(
        [theirs.select(res.columns), only_cc0.select(res.columns)], how="vertical_relaxed"
    )
    return rows


def unlink(roll_calls: pl.DataFrame, resolutions: pl.DataFrame) -> pl.DataFrame:
    """A roll call keeps its resolution only if the resolution names it back (one adopted
    without a vote, or by a vote not recorded, names none)."""
    links = resolutions.select("resolution", pl.col("roll_call").alias("named"))
    joined = roll_calls.join(links, on="resolution", how="left")
    keep = (pl.col("named") == pl.col("roll_call")).fill_null(False)
    return joined.with_columns(pl.when(keep).then(pl.col("resolution")).alias("resolution")).select(
        roll_calls.columns
    )
