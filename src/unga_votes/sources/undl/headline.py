"""The reconciliation's headline: how far the CC0 data agree with the Library, per decade.

Of the Library's roll calls (its votes that adopted a resolution), those the CC0 data hold: by
symbol, by date and votes (`twins`), or one of several that agree with it (which one is not
known: left out); of those laid over their CC0 roll call with declared totals on both sides,
the share whose CC0 totals agree (each CC0 total the Library's, or not given); and the share
whose CC0 per-state votes all agree.
"""

from __future__ import annotations

import polars as pl

TOTALS = {
    "declared_yes": "total_yes",
    "declared_no": "total_no",
    "declared_abstain": "total_abstentions",
    "declared_non_voting": "total_non_voting",
}
COLUMNS = ("decade", "library_roll_calls", "in_cc0", "by_votes", "unplaced", "totals_compared",
           "totals_agree", "totals_agree_share", "votes_agree", "votes_agree_share")  # fmt: skip


def _share(part: str, whole: str) -> pl.Expr:
    return pl.when(pl.col(whole) > 0).then((pl.col(part) / pl.col(whole)).round(4))


def headline(records: pl.DataFrame, old: pl.DataFrame, differs: pl.DataFrame,
             unplaced: pl.DataFrame | None = None) -> pl.DataFrame:  # fmt: skip
    """Per decade of the Library's date, then `all`: the columns of `COLUMNS`; `unplaced`
    (date): the votes several CC0 roll calls agree with."""
    library = pl.all_horizontal(pl.col(o).is_not_null() for o in TOTALS.values())
    cc0 = pl.col("declared_yes").is_not_null()
    agree = pl.all_horizontal(
        pl.col(d).is_null() | (pl.col(d) == pl.col(o)) for d, o in TOTALS.items()
    )
    differing = differs.select("roll_call").unique()
    compared = old.select(
        "roll_call",
        (library & cc0).alias("compared"),
        (library & cc0 & agree).alias("agree"),
    ).with_columns(
        ~pl.col("roll_call").is_in(differing["roll_call"].implode()).alias("votes_agree")
    )
    decade = (pl.col("date").dt.year() // 10 * 10).cast(pl.String) + "s"
    by_votes = pl.lit(False)
    if "matched_by" in records.columns:
        by_votes = (pl.col("matched_by") != "symbol").fill_null(False)  # `twins`' rules
    placed = records.select(
        pl.col("cc0_roll_call").alias("roll_call"),
        decade.alias("decade"),
        by_votes.alias("by_votes"),
        pl.lit(False).alias("unplaced"),
    )
    if unplaced is not None:
        placed = pl.concat([placed, unplaced.select(
            pl.lit(None, placed["roll_call"].dtype).alias("roll_call"), decade.alias("decade"),
            pl.lit(False).alias("by_votes"), pl.lit(True).alias("unplaced"),
        )])  # fmt: skip
    joined = placed.join(compared, on="roll_call", how="left")
    sums = [
        pl.len().alias("library_roll_calls"),
        (pl.col("roll_call").is_not_null() | pl.col("unplaced")).sum().alias("in_cc0"),
        pl.col("by_votes").sum().alias("by_votes"),
        pl.col("unplaced").sum().alias("unplaced"),
        pl.col("compared").fill_null(False).sum().alias("totals_compared"),
        pl.col("agree").fill_null(False).sum().alias("totals_agree"),
        pl.col("votes_agree").fill_null(False).sum().alias("votes_agree"),
    ]
    per = joined.group_by("decade").agg(sums).sort("decade")
    every = joined.select(sums).with_columns(pl.lit("all").alias("decade"))
    out = pl.concat([per, every.select(per.columns)])
    out = out.with_columns((pl.col("in_cc0") - pl.col("unplaced")).alias("placed"))
    return out.with_columns(
        _share("totals_agree", "totals_compared").alias("totals_agree_share"),
        _share("votes_agree", "placed").alias("votes_agree_share"),
    ).select(COLUMNS)
