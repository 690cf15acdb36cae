"""The edition's per-state votes: the Library's rows over the CC0 ones, and each difference.

A member the Library gives a row for has its vote. A member without one (no row in its file,
or a row a rule left out: `official`) keeps the CC0 vote where the CC0 data hold the roll call,
else is X, the import's filling: neither is ever said to be the Library's. Each such member is
listed ("state without a usable row in the Library's vote"), as is each state whose Library vote
differs from the CC0 one ("state vote differs"). `gaps` says, per roll call, what the import
left out or filled, for the exception a totals mismatch becomes.
"""

from __future__ import annotations

import polars as pl

KEY = ["roll_call", "state"]


def edition_votes(official: pl.DataFrame, cc0: pl.DataFrame) -> pl.DataFrame:
    """`official` (roll_call as in the edition, state, vote, note) with `cc0_vote` and the
    edition's `vote`: the Library's, else the CC0 one, else X."""
    theirs = cc0.select(*KEY, pl.col("vote").alias("cc0_vote"))
    joined = official.join(theirs, on=KEY, how="left")
    filled = pl.col("note").is_not_null() & pl.col("cc0_vote").is_not_null()
    return joined.with_columns(
        pl.col("vote").alias("library_vote"),
        pl.when(filled).then(pl.col("cc0_vote")).otherwise(pl.col("vote")).alias("vote"),
    )


def differences(votes: pl.DataFrame, cc0: pl.DataFrame,
                ids: pl.DataFrame) -> dict[str, pl.DataFrame]:  # fmt: skip
    """The two findings, over the roll calls `ids` (roll_call, date, resolution) names: of the
    CC0 ones the Library holds, each state whose Library vote differs (or that only one side
    lists); of every Library one, each member without a usable Library row."""
    cols = ["roll_call", "resolution", "date", "state"]
    held = votes.join(ids.filter(pl.col("in_cc0")).select("roll_call"), on="roll_call", how="semi")
    theirs = cc0.join(held.select("roll_call").unique(), on="roll_call", how="semi")
    own = held.filter(pl.col("note").is_null())
    both = theirs.join(
        own.select(*KEY, pl.col("library_vote").alias("official")),
        on=KEY, how="full", coalesce=True,
    ).join(held.filter(pl.col("note").is_not_null()).select(KEY), on=KEY, how="anti")  # fmt: skip
    differ = both.filter(pl.col("vote").ne_missing(pl.col("official"))).join(ids, on="roll_call")
    silent = votes.filter(pl.col("note").is_not_null()).join(ids, on="roll_call")
    return {
        "state vote differs": differ.select(
            *cols,
            pl.col("vote").fill_null("no row").alias("cc0"),
            pl.col("official").fill_null("no row"),
        ).sort("roll_call", "state"),
        "state without a usable row in the Library's vote": silent.select(
            *cols,
            pl.col("note").alias("library"),
            pl.col("cc0_vote").fill_null("no row").alias("cc0"),
            pl.col("vote").alias("edition"),
        ).sort("roll_call", "state"),
    }


def gaps(votes: pl.DataFrame, dropped: pl.DataFrame) -> pl.DataFrame:
    """(roll_call, gap): what the import left out of, or filled in, each Library vote, said
    as the reason of an exception says it; only the roll calls with something to say."""
    left = (
        dropped.group_by("roll_call", "rule")
        .len()
        .sort("roll_call", "rule")
        .group_by("roll_call", maintain_order=True)
        .agg(
            pl.col("len").sum().alias("rows"),
            pl.format("{}: {}", pl.col("rule").str.split(":").list.first(), "len")
            .str.join("; ")
            .alias("rules"),
        )
    )
    filled = (
        votes.filter(pl.col("note").is_not_null())
        .group_by("roll_call")
        .agg(
            pl.col("cc0_vote").is_not_null().sum().alias("cc0"),
            pl.col("cc0_vote").is_null().sum().alias("x"),
        )
    )
    said = left.join(filled, on="roll_call", how="full", coalesce=True).with_columns(
        pl.col("rows", "cc0", "x").fill_null(0)
    )
    parts = [
        pl.when(pl.col("rows") > 0).then(
            pl.format("the import left out {} of its rows ({})", "rows", "rules")
        ),
        pl.when(pl.col("cc0") > 0).then(
            pl.format("{} member(s) without a usable row of its own hold the CC0 vote", "cc0")
        ),
        pl.when(pl.col("x") > 0).then(
            pl.format("{} member(s) without a usable row of its own are X", "x")
        ),
    ]
    return said.select("roll_call", pl.concat_str(parts, separator="; ", ignore_nulls=True)
                       .alias("gap"))  # fmt: skip


__all__ = ["differences", "edition_votes", "gaps"]
