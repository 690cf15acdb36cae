"""The source's dates: which are day-precise, and who may have been a member on them.

Measured on the source (reports/import.md, "Date precision"): in sessions 1-51 every date falls
on days 1-7 of its month, and as often on a Saturday or Sunday as on any other day (27 % of
4,078), so the day is not the day of the vote; the month is. In sessions 52-57 dates on days
1-7 are like that too (25 % at weekends), while dates on days 8-31 fall on weekdays, as plenary
meetings do. From session 58 no date on days 1-7 falls at a weekend. Hence the rule, per roll
call: its date is `day`-precise when its day of month is 8 or later, or when no date on days
1-7 of its session falls on a Saturday or Sunday; otherwise the date is of `month` precision.
"""

from __future__ import annotations

import duckdb
import polars as pl

from ... import model

TRUSTED_FROM_DAY = 8  # the faulty coding only ever wrote days 1-7


def _early() -> pl.Expr:
    return pl.col("date").dt.day() < TRUSTED_FROM_DAY


def _weekend() -> pl.Expr:
    return pl.col("date").dt.weekday() >= 6


def session_measures(rc: pl.DataFrame) -> pl.DataFrame:
    """Per source session: roll calls, those on days 1-7, how many of those fall at a weekend,
    dates on days 8-31 at a weekend, and whether the session's early days are trusted."""
    return (
        rc.group_by("src_session")
        .agg(
            pl.len().alias("roll_calls"),
            _early().sum().alias("days_1_7"),
            (_early() & _weekend()).sum().alias("days_1_7_weekend"),
            (~_early() & _weekend()).sum().alias("days_8_31_weekend"),
        )
        .with_columns((pl.col("days_1_7_weekend") == 0).alias("early_days_trusted"))
        .sort("src_session")
    )


def with_precision(rc: pl.DataFrame) -> pl.DataFrame:
    """`rc` (rcid, src_session, date) with `date_precision` by the rule above."""
    trusted = session_measures(rc).select("src_session", "early_days_trusted")
    return (
        rc.join(trusted, on="src_session", how="left")
        .with_columns(
            pl.when(~_early() | pl.col("early_days_trusted"))
            .then(pl.lit("day"))
            .otherwise(pl.lit("month"))
            .alias("date_precision")
        )
        .drop("early_days_trusted")
    )


def seats(dates: pl.DataFrame, memberships: pl.DataFrame) -> pl.DataFrame:
    """(rcid, state, sure) for every state that may have been a member on each roll call's
    date (rcid, date, date_precision); `sure` when it surely was (the shared macros)."""
    con = duckdb.connect()
    try:
        model.install(con, ())
        con.register("dates", dates.select("rcid", "date", "date_precision"))
        con.register("m", memberships.select("state", "admitted", "left"))
        return con.sql(
            """
            SELECT d.rcid, m.state,
                   bool_or(surely_member(m.admitted, m."left", d.date, d.date_precision)) AS sure
            FROM dates d JOIN m ON may_be_member(m.admitted, m."left", d.date, d.date_precision)
            GROUP BY d.rcid, m.state
            """
        ).pl()
    finally:
        con.close()
