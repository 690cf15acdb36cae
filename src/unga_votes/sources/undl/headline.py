"""The reconciliation's headline: how far the CC0 data agree with the Library, per decade.

Of the Library's roll calls (its votes that adopted a resolution, in the edition), those the CC0
data hold; of those with declared totals on both sides, the share whose CC0 totals agree (each
CC0 total the Library's, or not given); and the share whose CC0 per-state votes all agree.
"""

from __future__ import annotations

import polars as pl

TOTALS = {
    "declared_yes": "total_yes",
    "declared_no": "total_no",
    "declared_abstain": "total_abstentions",
    "declared_non_voting": "total_non_voting",
}
COLUMNS = ("decade", "library_roll_calls", "in_cc0", "totals_compared", "totals_agree",
           "totals_agree_share", "votes_agree", "votes_agree_share")  # fmt: skip


def _share(part: str, whole: str) -> pl.Expr:
    return pl.when(pl.col(whole) > 0).then((pl.col(part) / pl.col(whole)).round(4))


def headline(records: pl.DataFrame, old: pl.DataFrame, differs: pl.DataFrame) -> pl.DataFrame:
    """Per decade of the Library's date, then `all`: the columns of `COLUMNS`."""
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
    joined = records.select(
        pl.col("cc0_roll_call").alias("roll_call"),
        (pl.col("date").dt.year() // 10 * 10).cast(pl.String).alias("decade") + "s",
    ).join(compared, on="roll_call", how="left")
    sums = [
        pl.len().alias("library_roll_calls"),
        pl.col("roll_call").is_not_null().sum().alias("in_cc0"),
        pl.col("compared").fill_null(False).sum().alias("totals_compared"),
        pl.col("agree").fill_null(False).sum().alias("totals_agree"),
        pl.col("votes_agree").fill_null(False).sum().alias("votes_agree"),
    ]
    per = joined.group_by("decade").agg(sums).sort("decade")
    every = joined.select(sums).with_columns(pl.lit("all").alias("decade"))
    out = pl.concat([per, every.select(per.columns)])
    return out.with_columns(
        _share("totals_agree", "totals_compared").alias("totals_agree_share"),
        _share("votes_agree", "in_cc0").alias("votes_agree_share"),
    ).select(COLUMNS)
