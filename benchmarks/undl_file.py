"""The UN Digital Library's two files, generated from the package as version 5 writes them (for
`make bench`).

The voting file: every roll call of the package that adopted a resolution, rendered as the
Library renders its votes (one row per member state per vote), then synthetic votes of
sessions 75 onward, every member voting, until the file holds the rows asked for. As the real
file: totals written as decimals (`101.0`), titles with the catalogue's suffix, state names in
capitals, the Federal Republic of Germany as `GER` and the USSR as `SUN` before their
successors, lettered parts in brackets (`A/RES/32/87[F]`), and `|`-separated drafts, committee
reports, agenda titles and subject headings (made up, of the real lengths).

The resolutions file: a row for each resolution of the voting file (`Vote, recorded`), then
synthetic resolutions adopted by a non-recorded vote or without a vote, until it holds the
rows asked for (21,000 is the real file's size; 200,000 the hostile one). Deterministic.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from unga_votes.sources.undl.versions import RESOLUTIONS, VOTING

LINK = "https://digitallibrary.un.org/record/"
SUFFIX = " : resolution / adopted by the General Assembly"
# The Library's codes for seats the package codes by continuity, until the successor's day.
HISTORICAL = [("DEU", "GER", "GERMANY, FEDERAL REPUBLIC OF", "1990-10-03"),
              ("RUS", "SUN", "USSR", "1991-12-24")]  # fmt: skip
SUBJECTS = "INTERNATIONAL SECURITY|DISARMAMENT--NUCLEAR WEAPONS|HUMAN RIGHTS--REPORTS"
AGENDA = "General and complete disarmament: reports of the Secretary-General."


def _read(root: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(root / "data" / f"{name}.csv", infer_schema=False)


def _bracketed(symbol: pl.Expr) -> pl.Expr:
    """A lettered part as the Library's records write it: `A/RES/32/87F` as `A/RES/32/87[F]`,
    `A/RES/3029A(XXVII)` as `A/RES/3029(XXVII)[A]`."""
    modern = symbol.str.replace(r"^(A/RES/[^(]+/[0-9]+)([A-Z])$", "$1[$2]")
    return modern.str.replace(r"^(A/RES/[0-9]+)([A-Z])(\([IVXLC]+\))$", "$1$3[$2]")


def _votes(root: Path, rows: int) -> pl.DataFrame:
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
            _bracketed(pl.col("resolution")).alias("resolution"),
            "meeting",
            pl.col("description").fill_null("Untitled").alias("title"),
        )
    )
    for code, old, name, until in HISTORICAL:
        before = (pl.col("ms_code") == code) & (pl.col("date") < until)
        real = real.with_columns(
            pl.when(before).then(pl.lit(old)).otherwise("ms_code").alias("ms_code"),
            pl.when(before).then(pl.lit(name)).otherwise("ms_name").alias("ms_name"),
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
                pl.lit(f"Synthetic vote {k} on general and complete disarmament").alias("title"),
            )
        )
        n += members.height
        k += 1
        day += dt.timedelta(days=1 if k % 8 == 0 else 0)
    return pl.concat([real, *synthetic]).head(rows)


def generate(root: Path, path: Path, rows: int = 950_000) -> int:
    """Write the voting file; the number of rows written."""
    frame = _votes(root, rows)
    totals = frame.group_by("undl_id").agg(
        *[((pl.col("ms_vote") == c).sum().cast(pl.String) + ".0").alias(f"total_{w}")
          for c, w in (("Y", "yes"), ("N", "no"), ("A", "abstentions"), ("X", "non_voting"))],
        (pl.len().cast(pl.String) + ".0").alias("total_ms"),
    )  # fmt: skip
    session = pl.col("session")
    out = frame.join(totals, on="undl_id", how="left", maintain_order="left").with_columns(
        pl.col("title") + SUFFIX,
        pl.format("A/{}/L.{}|A/{}/L.{}/Add.1", session, pl.col("undl_id").str.slice(-2),
                  session, pl.col("undl_id").str.slice(-2)).alias("draft"),
        pl.format("A/{}/{}/Add.1", session, pl.col("undl_id").str.slice(-3)).alias(
            "committee_report"),
        pl.lit(AGENDA).alias("agenda_title"),
        pl.lit(SUBJECTS).alias("subjects"),
        pl.lit("").alias("vote_note"),
        (pl.lit(LINK) + pl.col("undl_id")).alias("undl_link"),
    )  # fmt: skip
    out.select(VOTING).write_csv(path, line_terminator="\n")
    return out.height


def generate_resolutions(voting: Path, path: Path, rows: int = 21_000) -> int:
    """Write the resolutions file for a voting file (`generate`'s); the rows written."""
    votes = pl.read_csv(voting, infer_schema=False).unique("undl_id", keep="first")
    recorded = votes.select(
        (pl.col("undl_id").cast(pl.Int64) + 5_000_000).cast(pl.String).alias("undl_id"),
        "resolution", "session", "date", "title", pl.lit("Vote, recorded").alias("modality"),
        "draft", "committee_report", "meeting", "agenda_title", "subjects", "vote_note",
        "total_yes", "total_no", "total_abstentions", "total_non_voting", "total_ms",
    ).unique("resolution", keep="first")  # fmt: skip
    extra = max(rows - recorded.height, 0)
    i = pl.int_range(extra, eager=True)
    session = 75 + i % 5  # sessions 75-79, numbered after any vote's (which stay under 1,501)
    synthetic = pl.DataFrame({
        "undl_id": (9_000_000 + i).cast(pl.String),
        "session": session.cast(pl.String),
        "number": (2_000 + i // 5).cast(pl.String),
        "date": (1945 + session).cast(pl.String) + "-12-01",
    }).with_columns(
        pl.format("A/RES/{}/{}", "session", "number").alias("resolution"),
        pl.format("Synthetic resolution {} on the promotion and protection of human rights "
                  "and fundamental freedoms{}", "undl_id", pl.lit(SUFFIX)).alias("title"),
        pl.when(pl.int_range(pl.len()) % 10 == 0).then(pl.lit("Vote, non-recorded"))
        .otherwise(pl.lit("Without a vote")).alias("modality"),
        pl.format("A/{}/L.{}", "session", "undl_id").alias("draft"),
        pl.lit("").alias("committee_report"),
        pl.format("A/{}/PV.{}", "session", pl.col("undl_id").str.slice(-2)).alias("meeting"),
        pl.lit(AGENDA).alias("agenda_title"),
        pl.lit(SUBJECTS).alias("subjects"),
        *[pl.lit("").alias(c) for c in ("vote_note", "total_yes", "total_no",
                                         "total_abstentions", "total_non_voting", "total_ms")],
    )  # fmt: skip
    out = pl.concat([recorded, synthetic.select(recorded.columns)]).head(rows)
    out = out.with_columns((pl.lit(LINK) + pl.col("undl_id")).alias("undl_link"))
    out.select(RESOLUTIONS).write_csv(path, line_terminator="\n")
    return out.height
