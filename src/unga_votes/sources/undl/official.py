"""The official record made ready to lay over the CC0 data: every vote dated, every state coded.

From the tidied rows (`clean`): a vote or resolution dated only to its year takes the full date
the other file or its meeting gives; a state's code (or, failing that, its name) becomes the
package's code on the date; a row whose code and name name no state, a row for a state that was
not a member that day, a second row for one state, and a vote without a usable date are left
out; of several votes for one resolution the latest is taken, whether or not a resolutions file
is given; a member without a row gets X. A resolution the voting file holds and the resolutions
file lacks (or every one, without a resolutions file) is taken from its vote, adopted by
recorded vote. Each of these is counted and listed; a rule that leaves out a vote counts its
rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from ... import model
from .clean import Log, vote_example
from .codes import code_table, map_states, name_table
from .values import RANGE
from .versions import LISTS, TOTALS
from .votes import UNREADABLE_VOTE

if TYPE_CHECKING:
    from polars._typing import PolarsDataType

__all__ = ["RANGE", "Official", "prepare"]
NON_MEMBER = "row for a state that was not a member on that date left out"
SECOND_ROW = "a second row for one state in one vote left out (the first is kept)"
NO_STATE = "row whose code and name name no state left out (see state code not mapped)"
MISSING = (
    "member without a row in a vote: the CC0 vote where the CC0 data hold the roll call, "
    "else X (non-voting)"
)
MISSING_LEFT_OUT = (
    "member whose row a rule left out: the CC0 vote where the CC0 data hold the roll call, "
    "else X (non-voting)"
)
NO_ROW = "no row in the Library's file"
NO_STATE_NOTE = "no row of its own: a row of this vote that names no state was left out"
DROPPED = {"roll_call": pl.Int64, "state": pl.String, "rule": pl.String}


@dataclass
class Official:
    records: pl.DataFrame  # one per vote: undl_id, roll_call, resolution, session, date, ...
    votes: pl.DataFrame  # roll_call, state, vote, note (every member on the date, once; the
    # note says why a member has no vote of the Library's: no row, or a row a rule left out)
    resolutions: pl.DataFrame  # one per symbol: resolution, session, date, title, adoption, …
    unmapped: pl.DataFrame  # code, name, rows, first line: codes that name no state
    rows_kept: int = 0  # rows of the voting file whose vote is in the edition
    # Resolutions taken from the voting file, which the resolutions file lacks.
    added: pl.DataFrame = field(default_factory=pl.DataFrame)
    # Rows of the kept votes a rule left out: roll_call, state (null: no state known), rule.
    dropped: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=DROPPED))


def _dates(
    records: pl.DataFrame, resolutions: pl.DataFrame, log: Log, res_log: Log
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Settle dates given only as a year, from the other file or the same meeting."""
    by_symbol = resolutions.filter(pl.col("date").is_not_null()).select(
        "resolution", pl.col("date").alias("other")
    )
    meetings = (
        pl.concat([records.select("meeting", "date"), resolutions.select("meeting", "date")])
        .drop_nulls()
        .group_by("meeting")
        .agg(pl.col("date").mode().sort().first().alias("at_meeting"))
    )
    fill = pl.coalesce(
        pl.when(pl.col("other").dt.year() == pl.col("year")).then(pl.col("other")),
        pl.when(pl.col("at_meeting").dt.year() == pl.col("year")).then(pl.col("at_meeting")),
    )
    records = records.join(by_symbol, on="resolution", how="left").join(
        meetings, on="meeting", how="left"
    )
    year_only = records.filter(pl.col("date").is_null() & pl.col("year").is_not_null())
    log.add(
        "date given only as a year: taken from the resolutions file or the meeting",
        year_only.filter(fill.is_not_null()),
        pl.col("resolution"),
    )
    records = records.with_columns(pl.coalesce("date", fill).alias("date"))
    log.add(
        "vote without a usable date left out",
        records.filter(pl.col("date").is_null()),
        vote_example("resolution"),
        "rows",
        left_out=True,
    )
    records = records.filter(pl.col("date").is_not_null()).drop("other", "at_meeting")
    votes_date = records.select("resolution", pl.col("date").alias("vote_date"))
    resolutions = resolutions.join(votes_date.unique("resolution"), on="resolution", how="left")
    resolutions = resolutions.join(meetings, on="meeting", how="left")
    fill = pl.coalesce(
        pl.when(pl.col("vote_date").dt.year() == pl.col("year")).then(pl.col("vote_date")),
        pl.when(pl.col("at_meeting").dt.year() == pl.col("year")).then(pl.col("at_meeting")),
    )
    res_log.add(
        "date given only as a year: taken from the voting file or the meeting",
        resolutions.filter(pl.col("date").is_null() & fill.is_not_null()),
        pl.col("resolution"),
    )
    resolutions = resolutions.with_columns(pl.coalesce("date", fill).alias("date"))
    res_log.add(
        "resolution without a usable date left out",
        resolutions.filter(pl.col("date").is_null()),
        pl.format("{} (line {})", "resolution", "line"),
        left_out=True,
    )
    resolutions = resolutions.filter(pl.col("date").is_not_null()).drop("vote_date", "at_meeting")
    return records, resolutions


def _one_vote_per_resolution(records: pl.DataFrame, log: Log) -> pl.DataFrame:
    """Where several votes carry one symbol, the latest (then highest undl_id) adopted it."""
    ranked = records.sort("date", "undl_id", descending=True)
    extra = ranked.filter(~pl.col("resolution").is_first_distinct())
    log.add(
        "a further vote on one resolution left out (the latest is taken)",
        extra,
        vote_example("resolution"),
        "rows",
        left_out=True,
    )
    return ranked.filter(pl.col("resolution").is_first_distinct()).sort("undl_id")


def _seats(
    votes: pl.DataFrame,
    records: pl.DataFrame,
    memberships: pl.DataFrame,
    dropped: pl.DataFrame,
    log: Log,
) -> tuple[pl.DataFrame, int, pl.DataFrame]:
    """Rows of members only, each member once per vote, a member without a row as X (its
    `note` says why: no row, or a row a rule left out); the rows kept; the rows left out."""
    con = duckdb.connect()
    try:
        model.install(con, ())
        con.register("v", votes)
        con.register("r", records.select("roll_call", "date"))
        con.register("m", memberships.select("state", "admitted", "left"))
        members = con.sql(
            "SELECT DISTINCT r.roll_call, m.state FROM r JOIN m "
            'ON member_on(m.admitted, m."left", r.date)'
        ).pl()
    finally:
        con.close()
    outside = votes.join(members, on=["roll_call", "state"], how="anti")
    log.add(NON_MEMBER, outside, pl.format("{} {} in vote {}", "state", "vote", "undl_id"),
            left_out=True)  # fmt: skip
    votes = votes.join(members, on=["roll_call", "state"], how="semi").sort("line")
    again = votes.filter(~pl.struct("roll_call", "state").is_first_distinct())
    log.add(SECOND_ROW, again, pl.format("{} in vote {}", "state", "undl_id"), left_out=True)
    votes = votes.filter(pl.struct("roll_call", "state").is_first_distinct())
    dropped = pl.concat([
        dropped,
        outside.select("roll_call", "state", pl.lit(NON_MEMBER).alias("rule")),
        again.select("roll_call", "state", pl.lit(SECOND_ROW).alias("rule")),
    ])  # fmt: skip
    missing = members.join(votes, on=["roll_call", "state"], how="anti")
    missing = missing.join(_notes(dropped), on=["roll_call", "state"], how="left").join(
        dropped.filter(pl.col("state").is_null()).select("roll_call").unique()
        .with_columns(pl.lit(NO_STATE_NOTE).alias("unknown")), on="roll_call", how="left",
    ).with_columns(pl.coalesce("note", "unknown", pl.lit(NO_ROW)).alias("note"))  # fmt: skip
    shown = pl.format("{} in undl_id {}", "state", pl.col("roll_call") - RANGE)
    silent = pl.col("note") == NO_ROW
    log.add(MISSING, missing.filter(silent), shown)
    log.add(MISSING_LEFT_OUT, missing.filter(~silent), shown)
    filled = missing.select("roll_call", "state", pl.lit("X").alias("vote"), "note")
    rows = votes.select("roll_call", "state", "vote", pl.lit(None, pl.String).alias("note"))
    seated = pl.concat([rows, filled]).sort("roll_call", "state")
    return seated, votes.height, dropped


def _notes(dropped: pl.DataFrame) -> pl.DataFrame:
    """(roll_call, state, note) for the members whose own row a rule left out."""
    known = dropped.filter(pl.col("state").is_not_null()).unique(["roll_call", "state"])
    why = pl.col("rule").str.split(":").list.first()  # "vote not Y, N, A or X"
    return known.select("roll_call", "state", (pl.lit("row left out: ") + why).alias("note"))


RESOLUTION_COLUMNS = {
    "resolution": pl.String,
    "library": pl.String,
    "session": pl.String,
    "date": pl.Date,
    "year": pl.Int32,
    "title": pl.String,
    **dict.fromkeys(LISTS, pl.String),
    "adoption": pl.String,
    "meeting": pl.String,
    "undl_id": pl.String,
    "record_id": pl.Int64,  # the row's own record in the Library (its undl_id, if one)
    "line": pl.Int64,
    "from_votes": pl.Boolean,  # taken from its vote: not a row of the resolutions file
    **dict.fromkeys(TOTALS, pl.Int64),  # a non-recorded vote's (`lists.totals`)
    "vote_note": pl.String,  # the Library's note on the vote (for the report)
}


def _from_votes(records: pl.DataFrame) -> pl.DataFrame:
    """Resolutions as their (one, dated) votes give them: adopted by recorded vote."""
    return records.select(
        "resolution",
        "library",
        "session",
        "date",
        "year",
        "title",
        *LISTS,
        pl.lit("recorded vote").alias("adoption"),
        "meeting",
        pl.col("undl_id").cast(pl.String),
        pl.col("undl_id").alias("record_id"),
        "line",
        pl.lit(True).alias("from_votes"),
        # A recorded vote's totals and note are its roll call's (`records`), not the row's.
        *[pl.lit(None, pl.Int64).alias(c) for c in TOTALS],
        pl.lit(None, pl.String).alias("vote_note"),
    )


def _completed(resolutions: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """A resolutions row's empty title and lists taken from the vote that adopted it."""
    fields = ["title", *LISTS]
    votes = records.select("resolution", *[pl.col(c).alias(f"vote_{c}") for c in fields])
    joined = resolutions.join(votes, on="resolution", how="left")
    return joined.with_columns(pl.coalesce(c, f"vote_{c}").alias(c) for c in fields).drop(
        f"vote_{c}" for c in fields
    )


def _filled(frame: pl.DataFrame, schema: Mapping[str, PolarsDataType]) -> pl.DataFrame:
    """`frame` with each column of `schema` it lacks, empty."""
    return frame.with_columns(
        pl.lit(None, dtype).alias(c) for c, dtype in schema.items() if c not in frame.columns
    ).with_columns(pl.col(c).cast(dtype) for c, dtype in schema.items())


def prepare(
    votes: pl.DataFrame,
    records: pl.DataFrame,
    resolutions: pl.DataFrame | None,
    reference: dict[str, pl.DataFrame],
    log: Log,
    res_log: Log,
) -> Official:
    """The tidied rows as an official record keyed and dated like the package; without a
    resolutions file (None), every resolution is taken from its vote."""
    given = resolutions is not None
    records = _filled(records, {"library": pl.String, **dict.fromkeys(LISTS, pl.String)})
    # Each vote with its rows: a rule that leaves out the vote counts them (not a row a rule
    # already left out, which stays only to say whose row it was).
    standing = votes.filter(pl.col("vote").is_not_null())
    per_vote = standing.group_by("undl_id").agg(pl.len().cast(pl.Int64).alias("rows"))
    records = (
        records.drop("rows", strict=False)
        .join(per_vote, on="undl_id", how="left")
        .with_columns(pl.col("rows").fill_null(0))
    )
    if resolutions is None:
        resolutions = pl.DataFrame(schema=RESOLUTION_COLUMNS)
    resolutions = _filled(resolutions, RESOLUTION_COLUMNS).select(list(RESOLUTION_COLUMNS))
    records, resolutions = _dates(records, resolutions, log, res_log)
    records = _one_vote_per_resolution(records, log)
    resolutions = _completed(resolutions, records)
    # Only once votes are dated and one per resolution: else one symbol would be two rows.
    added = _from_votes(records.join(resolutions, on="resolution", how="anti"))
    resolutions = pl.concat(
        [resolutions, added.select(resolutions.columns)], how="vertical_relaxed"
    )
    if not given:
        added = added.clear()
    records = records.with_columns((pl.col("undl_id") + RANGE).alias("roll_call"))
    votes = votes.join(records.select("undl_id", "roll_call", "date"), on="undl_id", how="inner")
    mapped = map_states(
        votes.select("code", "name", "date"),
        code_table(reference["states"]),
        name_table(reference["state_names"]),
    )
    votes = votes.with_columns(mapped["state"], mapped["by_name"])
    log.add(
        "state code unknown: the state taken from its name",
        votes.filter(pl.col("by_name")),
        pl.format("{} {}", "code", "name"),
    )
    nameless = votes.filter(pl.col("state").is_null() & pl.col("vote").is_not_null())
    unmapped = (
        nameless.group_by("code", "name")
        .agg(pl.len().alias("rows"), pl.col("line").min().alias("first_line"))
        .sort("code", "name")
    )
    log.add(NO_STATE, nameless, pl.format("{} {} (line {})", "code", "name", "line"),
            left_out=True)  # fmt: skip
    dropped = pl.concat([
        votes.filter(pl.col("vote").is_null()).select(
            "roll_call", "state", pl.lit(UNREADABLE_VOTE).alias("rule")),
        votes.filter(pl.col("vote").is_not_null() & pl.col("state").is_null()).select(
            "roll_call", "state", pl.lit(NO_STATE).alias("rule")),
    ])  # fmt: skip
    votes = votes.filter(pl.col("state").is_not_null() & pl.col("vote").is_not_null())
    seated, kept, dropped = _seats(votes, records, reference["memberships"], dropped, log)
    return Official(records, seated, resolutions, unmapped, kept, added, dropped)
