"""The source's dates: their precision, measured per session, and membership on them."""

from __future__ import annotations

import datetime as dt

import polars as pl

from unga_votes.sources.voeten.dates import seats, session_measures, with_precision

D = dt.date


def test_seats_are_half_open_and_precision_aware() -> None:
    """Day: a member on its admission day, not on its `left` day. Month: a state admitted or
    gone within the month may have been a member (not surely)."""
    memberships = pl.DataFrame(
        {"state": ["AAA", "BBB", "CCC"], "admitted": [D(2000, 1, 10), D(2001, 1, 1),
                                                      D(2001, 1, 1)],
         "left": [D(2005, 3, 1), None, D(2005, 3, 15)]},
        schema_overrides={"left": pl.Date},
    )  # fmt: skip
    dates = pl.DataFrame(
        {
            "rcid": [1, 2, 3, 4, 5, 6, 7],
            "date": [D(2000, 1, 9), D(2000, 1, 10), D(2001, 1, 1), D(2005, 2, 28),
                     D(2005, 3, 1), D(2000, 1, 3), D(2005, 3, 5)],
            "date_precision": ["day"] * 5 + ["month"] * 2,
        }
    )  # fmt: skip
    out = seats(dates, memberships).sort("rcid", "state")
    assert out.rows() == [
        (2, "AAA", True), (3, "AAA", True), (3, "BBB", True), (3, "CCC", True),
        (4, "AAA", True), (4, "BBB", True), (4, "CCC", True), (5, "BBB", True),
        (5, "CCC", True),
        (6, "AAA", False),  # admitted 2000-01-10, within January 2000
        # March 2005: AAA left on its first day (no member at all), CCC within it
        (7, "BBB", True), (7, "CCC", False),
    ]  # fmt: skip


def test_precision_by_day_of_month_and_session() -> None:
    """Days 8-31 are day-precise; days 1-7 only in a session none of whose early dates fall
    at a weekend."""
    rc = pl.DataFrame(
        {
            "rcid": [1, 2, 3, 4, 5],
            "src_session": [40, 40, 40, 60, 60],
            # Sat 1985-10-05, Mon 1985-10-07, Wed 1985-10-16; Mon 2005-12-05, Fri 2005-12-16
            "date": [D(1985, 10, 5), D(1985, 10, 7), D(1985, 10, 16), D(2005, 12, 5),
                     D(2005, 12, 16)],
        }
    )  # fmt: skip
    out = with_precision(rc).sort("rcid")["date_precision"].to_list()
    assert out == ["month", "month", "day", "day", "day"]
    measures = session_measures(rc).rows(named=True)
    assert measures[0] == {"src_session": 40, "roll_calls": 3, "days_1_7": 2,
                           "days_1_7_weekend": 1, "days_8_31_weekend": 0,
                           "early_days_trusted": False}  # fmt: skip
    assert measures[1]["early_days_trusted"] is True
