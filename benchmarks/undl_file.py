"""A voting file in the UN Digital Library's layout, generated from the package (for `make bench`).

Every roll call of the package that adopted a resolution, rendered as the Library renders its
votes (one row per member state per vote), then synthetic votes of sessions 75 onward, every
member voting, until the file holds the rows asked for. Deterministic.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from unga_votes.sources.undl.layout import VOTING

LINK = "https://digitallibrary.un.org/record/"


def _read(root: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(root / "data" / f"{name}.csv", infer_schema=False)


def generate(root: Path, path: Path, rows: int = 1_000_000) -> int:
    """Write the file; the number of rows written."""
    rc = _read(root, "roll_calls").filter(pl.col("resolution").is_not_null())
    votes = _read(root, "votes").join(rc.select("roll_call"), on="roll_call")
    names = _read(root, "states").select("state", pl.col("name").str.to_uppercase())
    real = (
        votes.join(rc, on="roll_call")
        .join(names, on="state")
        .select(
            pl.col("roll_call").alias("undl_id"),
            pl.col("state").alias("ms_code"),
            pl.col("name").alias("ms_name"),
            pl.col("vote").alias("ms_vote"),
            "date",
            "session",
            "resolution",
            "meeting",
            pl.col("description").alias("title"),
        )
    )
    members = _read(root, "memberships").filter(pl.col("left").is_null()).join(names, on="state")
    synthetic = []
    n, day = real.height, dt.date(2020, 9, 15)
    k = 0
    while n < rows:
        session = 75 + (day.year - 2020 if day.month >= 9 else day.year - 2021)
        synthetic.append(
            members.select(
                pl.lit(str(1_000_000 + k)).alias("undl_id"),
                pl.col("state").alias("ms_code"),
                pl.col("name").alias("ms_name"),
                pl.lit("YNAX").str.slice((pl.int_range(pl.len()) + k) % 4, 1).alias("ms_vote"),
                pl.lit(day.isoformat()).alias("date"),
                pl.lit(str(session)).alias("session"),
                pl.lit(f"A/RES/{session}/{k % 300 + 1 + 300 * (k // 300 % 5)}").alias("resolution"),
                pl.lit(f"A/{session}/PV.{k % 90 + 1}").alias("meeting"),
                pl.lit(f"Synthetic vote {k}").alias("title"),
            )
        )
        n += members.height
        k += 1
        day += dt.timedelta(days=1 if k % 8 == 0 else 0)
    frame = pl.concat([real, *synthetic]).head(rows)
    totals = frame.group_by("undl_id").agg(
        *[(pl.col("ms_vote") == c).sum().cast(pl.String).alias(f"total_{w}")
          for c, w in (("Y", "yes"), ("N", "no"), ("A", "abstentions"), ("X", "non_voting"))],
        pl.len().cast(pl.String).alias("total_ms"),
    )  # fmt: skip
    out = frame.join(totals, on="undl_id", how="left", maintain_order="left").with_columns(
        *[pl.lit("").alias(c) for c in ("draft", "committee_report", "agenda_title", "subjects",
                                        "vote_note")],
        (pl.lit(LINK) + pl.col("undl_id")).alias("undl_link"),
    )  # fmt: skip
    out.select(VOTING).write_csv(path, line_terminator="\n")
    return out.height
