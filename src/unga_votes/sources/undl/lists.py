"""What the Library adds to a resolution, one row per value: its subject headings, its draft
and committee report symbols, its agenda titles.

The Library writes each as a `|`-separated list in one cell (tidied by `values`); the edition
holds one row per resolution and value in `resolution_subjects`, `resolution_documents` and
`resolution_agenda_titles` (their Table Schemas describe them), for the resolutions of the
official record, and the CC0 package's rows for the rest.
"""

from __future__ import annotations

import polars as pl

from .versions import SEPARATOR

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
