"""Source country codes to states: the date-ranged overrides and ambiguous codes."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from unga_votes.sources.importer import SourceError
from unga_votes.sources.voeten.states import code_map, map_codes

D = dt.date


def states(*rows: tuple[str, str | None, str | None]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["state", "cow_code", "iso2"], orient="row")


@pytest.fixture
def codes() -> pl.DataFrame:
    return code_map(
        states(
            ("FRA", "220", "FR"),
            ("SRB", "345", "RS"),
            ("YUG", "345", "YU"),
            ("DEU", "255", "DE"),
            ("XZZ", None, None),
        )
    )


def lookup(codes: pl.DataFrame, scheme: str, rows: list[tuple[str, dt.date]]) -> list:
    frame = pl.DataFrame(rows, schema={"code": pl.String, "date": pl.Date}, orient="row")
    out = map_codes(frame, scheme, codes)
    assert out.columns == ["code", "date", "state"]
    return out["state"].to_list()


def test_code_map_rejects_ambiguous_codes() -> None:
    with pytest.raises(SourceError, match=r"ambiguous source codes in data/states\.csv: .*'900'"):
        code_map(states(("AAA", "900", "AA"), ("BBB", "900", "BB")))


def test_overridden_codes_are_not_ambiguous(codes: pl.DataFrame) -> None:
    """COW 345 and ISO YU, shared in states.csv, come only from the date-ranged overrides."""
    cow345 = codes.filter((pl.col("scheme") == "cow") & (pl.col("code") == "345"))
    assert cow345.rows() == [
        ("cow", "345", "YUG", None, D(2000, 11, 1)),
        ("cow", "345", "SRB", D(2000, 11, 1), None),
    ]
    assert codes.filter(pl.col("code") == "220").rows() == [("cow", "220", "FRA", None, None)]


def test_cow_345_by_date(codes: pl.DataFrame) -> None:
    """YUG before 2000-11-01, SRB from that day; the other codes ignore the date."""
    rows = [
        ("345", D(1991, 12, 1)),
        ("345", D(2000, 10, 31)),
        ("345", D(2000, 11, 1)),
        ("345", D(2007, 1, 1)),
        ("220", D(1950, 1, 1)),
        ("260", D(1980, 1, 1)),
        ("255", D(1995, 1, 1)),
    ]
    assert lookup(codes, "cow", rows) == ["YUG", "YUG", "SRB", "SRB", "FRA", "DEU", "DEU"]


def test_iso2_yu_by_date(codes: pl.DataFrame) -> None:
    rows = [("YU", D(1999, 12, 1)), ("YU", D(2000, 11, 1)), ("RS", D(2010, 1, 1))]
    assert lookup(codes, "iso2", rows) == ["YUG", "SRB", "SRB"]


def test_names_and_unmatched_codes(codes: pl.DataFrame) -> None:
    """Unknown codes (and codes of another scheme) give null; row order is kept."""
    assert lookup(codes, "name", [("Zanzibar", D(1964, 1, 1)), ("France", D(1964, 1, 1))]) == [
        "XZZ",
        None,
    ]
    rows = [("999", D(2000, 1, 1)), ("FR", D(2000, 1, 1)), ("220", D(2000, 1, 1))]
    assert lookup(codes, "cow", rows) == [None, None, "FRA"]
