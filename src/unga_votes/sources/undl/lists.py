"""What the Library adds to a resolution: its subject headings, its draft and committee report
symbols, its agenda titles, one row per value; a non-recorded vote's totals.

The Library writes each list as a `|`-separated cell (tidied by `values`); the edition holds
one row per resolution and value in `resolution_subjects`, `resolution_documents` and
`resolution_agenda_titles` (their Table Schemas describe them), for the resolutions of the
official record, and the CC0 package's rows for the rest. The totals the resolutions file gives
for a resolution adopted by a non-recorded vote (which has no roll call to hold them) are a row
of `resolution_totals`; a recorded vote's are its roll call's.
"""

from __future__ import annotations

import polars as pl

from .clean import Log
from .values import record_address
from .versions import RESOLUTIONS_RECORD, SEPARATOR, TOTALS

DECLARED = ("declared_yes", "declared_no", "declared_abstain", "declared_non_voting")

# table -> (the Library's column, the table's value column, what `kind` says, if it has one)
TABLES: dict[str, list[tuple[str, str, str | None]]] = {
    "resolution_subjects": [("subjects", "subject", None)],
    "resolution_documents": [
        ("draft", "document", "draft"),
        ("committee_report", "document", "committee report"),
    ],
    "resolution_agenda_titles": [("agenda_title", "agenda_title", None)],
}


def rows(resolutions: pl.DataFrame, table: str) -> pl.DataFrame:
    """One row per resolution and value of `table`, in the Library's order."""
    parts = []
    for column, value, kind in TABLES[table]:
        exploded = (
            resolutions.select("resolution", pl.col(column).str.split(SEPARATOR).alias(value))
            .explode(value)
            .filter(pl.col(value).is_not_null() & (pl.col(value) != ""))
        )
        if kind is not None:
            exploded = exploded.select("resolution", pl.lit(kind).alias("kind"), value)
        parts.append(exploded)
    return pl.concat(parts).unique(maintain_order=True)


def extra_tables(
    resolutions: pl.DataFrame, cc0: dict[str, pl.DataFrame]
) -> dict[str, pl.DataFrame]:
    """Each table: the official record's rows for its resolutions, the CC0 rows for the rest."""
    out = {}
    for table in TABLES:
        ours = rows(resolutions, table)
        theirs = cc0.get(table, ours.clear()).join(
            resolutions.select("resolution"), on="resolution", how="anti"
        )
        ours = ours.select(theirs.columns).cast(theirs.schema)
        out[table] = pl.concat([theirs, ours]).sort("resolution", maintain_order=True)
    return out


def totals(resolutions: pl.DataFrame, cc0: dict[str, pl.DataFrame], log: Log) -> pl.DataFrame:
    """`resolution_totals`: the totals of each resolution `resolutions` (with its `adoption` in
    the edition) says was adopted by a non-recorded vote, and the CC0 rows for the rest; the
    totals given for one adopted without a vote are counted in `log`, not kept."""
    given = pl.any_horizontal(pl.col(c).is_not_null() for c in TOTALS)
    log.add(
        "declared totals given for a resolution adopted without a vote: not kept",
        resolutions.filter(given & (pl.col("adoption") == "without a vote")),
        pl.format("{} (line {})", "resolution", pl.col("line").fill_null("?")),
    )
    ours = resolutions.filter(given & (pl.col("adoption") == "non-recorded vote")).select(
        "resolution",
        *[pl.col(o).alias(d) for d, o in zip(DECLARED, TOTALS, strict=True)],
        pl.when(pl.col("record_id").is_not_null())
        .then(record_address("record_id"))
        .otherwise(pl.lit(RESOLUTIONS_RECORD))
        .alias("source"),
    )
    theirs = cc0.get("resolution_totals", ours.clear()).join(
        resolutions.select("resolution"), on="resolution", how="anti"
    )
    ours = ours.select(theirs.columns).cast(theirs.schema)
    return pl.concat([theirs, ours]).sort("resolution")
