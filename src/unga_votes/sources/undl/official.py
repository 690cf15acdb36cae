"""The official record made ready to lay over the CC0 data: every vote dated, every state coded.

From the tidied rows (`clean`): a vote or resolution dated only to its year takes the full date
the other file or its meeting gives; a state's code (or, failing that, its name) becomes the
package's code on the date; a row for a state that was not a member that day, a second row for
one state, and a second vote for one resolution are left out; a member without a row gets X.
Each of these is counted and listed.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from ... import model
from .clean import Log
from .codes import code_table, map_states, name_table

RANGE = 10_000_000  # a roll call only in the official record: RANGE + its undl_id


@dataclass
class Official:
    records: pl.DataFrame  # one per vote: undl_id, roll_call, resolution, session, date, ...
    votes: pl.DataFrame  # roll_call, state, vote (every member on the date, once)
    resolutions: pl.DataFrame  # one per symbol: resolution, session, date, title, adoption, …
    unmapped: pl.DataFrame  # code, name, rows, first line: codes that name no state


def _dates(records: pl.DataFrame, resolutions: pl.DataFrame, log: Log, res_log: Log):
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
        pl.col("resolution"),
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
        pl.col("resolution"),
    )
    resolutions = resolutions.filter(pl.col("date").is_not_null()).drop("vote_date", "at_meeting")
    return records, resolutions


def _one_vote_per_resolution(records: pl.DataFrame, log: Log) -> pl.DataFrame:
    """Where several votes carry one symbol, the latest (then highest undl_id) adopted it."""
    ranked = records.sort("date", "undl_id", descending=True)
    extra = ranked.filter(~pl.col("resolution").is_first_distinct())
    log.add(
        "a further vote on one resolution left out (the latest is taken)", extra, pl.col("undl_id")
    )
    return ranked.filter(pl.col("resolution").is_first_distinct()).sort("undl_id")


def _seats(votes: pl.DataFrame, records: pl.DataFrame, memberships: pl.DataFrame, log: Log):
    """Rows of members only, each member once per vote, a member without a row as X."""
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
    log.add(
        "row for a state that was not a member on that date left out",
        outside,
        pl.format("{} {} in vote {}", "state", "vote", "undl_id"),
    )
    votes = votes.join(members, on=["roll_call", "state"], how="semi").sort("line")
    again = votes.filter(~pl.struct("roll_call", "state").is_first_distinct())
    log.add(
        "a second row for one state in one vote left out (the first is kept)",
        again,
        pl.format("{} in vote {}", "state", "undl_id"),
    )
    votes = votes.filter(pl.struct("roll_call", "state").is_first_distinct())
    missing = members.join(votes, on=["roll_call", "state"], how="anti")
    log.add(
        "member without a row in a vote: X (non-voting)",
        missing,
        pl.format("{} in roll call {}", "state", "roll_call"),
    )
    filled = missing.with_columns(pl.lit("X").alias("vote"))
    return pl.concat([votes.select("roll_call", "state", "vote"), filled]).sort(
        "roll_call", "state"
    )


def prepare(
    votes: pl.DataFrame,
    records: pl.DataFrame,
    resolutions: pl.DataFrame,
    reference: dict[str, pl.DataFrame],
    log: Log,
    res_log: Log,
) -> Official:
    """The tidied rows as an official record keyed and dated like the package."""
    records, resolutions = _dates(records, resolutions, log, res_log)
    records = _one_vote_per_resolution(records, log)
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
    unmapped = (
        votes.filter(pl.col("state").is_null())
        .group_by("code", "name")
        .agg(pl.len().alias("rows"), pl.col("line").min().alias("first_line"))
        .sort("code", "name")
    )
    votes = votes.filter(pl.col("state").is_not_null())
    seated = _seats(votes, records, reference["memberships"], log)
    return Official(records, seated, resolutions, unmapped)
