"""Table Schema types: the polars parse of text cells, the text written back, the DuckDB type."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from unga_votes.package.types import DUCKDB, POLARS, TYPES, kind, parse_expr, sql_type, text_expr


def _parse(kind_: str, cells: list[str | None]) -> list[object]:
    """The cells of a text column parsed as `kind_`."""
    frame = pl.DataFrame({"c": cells}, schema={"c": pl.String})
    return frame.select(parse_expr({"name": "c", "type": kind_}))["c"].to_list()


def test_integer() -> None:
    """An integer has one written form: a plus sign, a leading zero or a decimal point is no
    integer (so text keys compare as numbers); anything else becomes null."""
    cells = ["6", "-1", "0", "+6", "06", "-0", "6.0", " 6", "x", "", None]
    assert _parse("integer", cells) == [6, -1, 0, *[None] * 8]


def test_number() -> None:
    """Decimals, exponents and a leading point parse; words become null."""
    assert _parse("number", ["1.5", "-2", "1e3", ".5", "x", None]) == [
        1.5,
        -2.0,
        1000.0,
        0.5,
        None,
        None,
    ]


def test_date() -> None:
    """ISO dates parse; an impossible day and other formats become null."""
    assert _parse("date", ["2007-12-18", "2008-02-29", "2007-02-30", "18/12/2007", "x"]) == [
        dt.date(2007, 12, 18),
        dt.date(2008, 2, 29),
        None,
        None,
        None,
    ]


def test_boolean() -> None:
    """The Table Schema defaults true/True/TRUE/1 and false/False/FALSE/0; nothing else."""
    cells = ["true", "True", "TRUE", "1", "false", "False", "FALSE", "0", "yes", "no", "", None]
    assert _parse("boolean", cells) == [True] * 4 + [False] * 4 + [None] * 4


def test_year() -> None:
    """A year is an integer."""
    assert _parse("year", ["1946", "2026", "x"]) == [1946, 2026, None]


def test_string_is_unchanged() -> None:
    """A string field (or one with no type) keeps its text, nulls included."""
    cells = ["A/RES/62/167", " spaced ", "", None]
    assert _parse("string", cells) == cells
    frame = pl.DataFrame({"c": cells})
    assert frame.select(parse_expr({"name": "c"}))["c"].to_list() == cells


def test_parsed_column_dtypes_match_polars_map() -> None:
    """Each parse gives the dtype the POLARS map names for the type."""
    frame = pl.DataFrame({"c": ["1"]})
    for t in TYPES:
        assert frame.select(parse_expr({"name": "c", "type": t})).dtypes == [POLARS[t]], t


def _round_trip(kind_: str, cells: list[str | None]) -> list[str | None]:
    frame = pl.DataFrame({"c": cells}, schema={"c": pl.String})
    typed = frame.select(parse_expr({"name": "c", "type": kind_}))
    return typed.select(text_expr("c", typed.schema["c"]))["c"].to_list()


def test_text_expr_round_trips_dates_and_booleans() -> None:
    """Dates come back in ISO form and booleans as true/false; nulls stay null."""
    dates = ["1946-01-10", "2007-12-18", None]
    assert _round_trip("date", dates) == dates
    assert _round_trip("boolean", ["true", "false", None]) == ["true", "false", None]
    assert _round_trip("boolean", ["TRUE", "0"]) == ["true", "false"]
    assert _round_trip("integer", ["6", "-1", "0"]) == ["6", "-1", "0"]
    assert _round_trip("string", ["a,b"]) == ["a,b"]


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ({"name": "c"}, "VARCHAR"),
        ({"name": "c", "type": "string"}, "VARCHAR"),
        ({"name": "c", "type": "integer"}, "BIGINT"),
        ({"name": "c", "type": "number"}, "DOUBLE"),
        ({"name": "c", "type": "date"}, "DATE"),
        ({"name": "c", "type": "boolean"}, "BOOLEAN"),
        ({"name": "c", "type": "year"}, "INTEGER"),
    ],
)
def test_sql_type(field: dict[str, str], expected: str) -> None:
    """Each type's DuckDB column type; a field without a type is a string."""
    assert sql_type(field) == expected


def test_types_are_the_keys_of_every_map() -> None:
    """One list of types: TYPES, POLARS and DUCKDB agree, and `kind` defaults to string."""
    assert TYPES == ("string", "integer", "number", "date", "boolean", "year")
    assert set(TYPES) == set(POLARS) == set(DUCKDB)
    assert kind({"name": "c"}) == "string"
    assert kind({"name": "c", "type": "date"}) == "date"
