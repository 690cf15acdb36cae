"""The Table Schema types this package uses, and what each becomes in every engine.

One map per target, all here: the text form a cell must have, the polars parse of that text,
the polars dtype of a typed frame, the DuckDB column type, and the way a typed value is
written back as CSV text.
"""

from __future__ import annotations

from typing import Any

import polars as pl

DATE_FORMAT = "%Y-%m-%d"
TRUE_VALUES = ["true", "True", "TRUE", "1"]
FALSE_VALUES = ["false", "False", "FALSE", "0"]

# The text a cell of each type must match (booleans: TRUE_VALUES and FALSE_VALUES). An integer
# is written one way only (no sign for a positive, no leading zero), so that two cells holding
# the same number hold the same text: keys compared as text are then compared as numbers.
TEXT_PATTERNS = {
    "integer": r"^(0|-?[1-9][0-9]*)$",
    "year": r"^[0-9]{4}$",
    "number": r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$",
    "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
}
POLARS: dict[str, type[pl.DataType]] = {
    "string": pl.String,
    "integer": pl.Int64,
    "number": pl.Float64,
    "date": pl.Date,
    "boolean": pl.Boolean,
    "year": pl.Int64,
}
DUCKDB = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "date": "DATE",
    "boolean": "BOOLEAN",
    "year": "INTEGER",
}
TYPES = tuple(POLARS)


def kind(field: dict[str, Any]) -> str:
    return field.get("type", "string")


def parse_expr(field: dict[str, Any]) -> pl.Expr:
    """The field's text cells as its type; cells that do not parse become null (and so does
    an integer not written in its one form: `+6`, `06`)."""
    col = pl.col(field["name"])
    field_kind = kind(field)
    if field_kind == "integer":
        canonical = col.str.contains(TEXT_PATTERNS["integer"])
        return pl.when(canonical).then(col.str.to_integer(strict=False))
    if field_kind == "year":
        return col.str.to_integer(strict=False)
    if field_kind == "number":
        return col.cast(pl.Float64, strict=False)
    if field_kind == "date":
        return col.str.to_date(DATE_FORMAT, strict=False)
    if field_kind == "boolean":
        mapping = dict.fromkeys(TRUE_VALUES, True) | dict.fromkeys(FALSE_VALUES, False)
        return col.replace_strict(mapping, default=None, return_dtype=pl.Boolean)
    return col


def text_expr(name: str, dtype: pl.DataType) -> pl.Expr:
    """A typed column as the CSV writes it: ISO dates, true/false, plain numbers."""
    if dtype == pl.Date:
        return pl.col(name).dt.strftime(DATE_FORMAT)
    return pl.col(name).cast(pl.String)


def sql_type(field: dict[str, Any]) -> str:
    return DUCKDB[kind(field)]
