"""Cell-level checks: a Pandera schema derived from each Table Schema, never a second field list.

Types, `required`, `unique`, `enum`, `pattern`, `minimum`/`maximum` and `minLength`/`maxLength`
become Pandera checks named by rule id; the primary key becomes a multi-column uniqueness check.
Every text cell is also checked for what the eye cannot see or a program would act on: no
leading or trailing white space, no leading character that a spreadsheet would run as a
formula, no control or invisible formatting character, no line break unless the field says
`x-multiline: true`, and no text garbled by an encoding conversion.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pandera.polars as pa
import polars as pl
from pandera.errors import SchemaErrors

from .. import catalogue as R
from ..escape import quoted
from ..report import Violation
from .constraints import anchored, enum_text
from .descriptor import Resource
from .keys import key_expr, split_key
from .read import LINE, Table
from .types import DATE_FORMAT, FALSE_VALUES, TEXT_PATTERNS, TRUE_VALUES, kind, parse_expr

FORMULA_START = r"^[=+\-@\t]"
CONTROL = "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]"  # not the line breaks
INVISIBLE = "[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
LINE_BREAK = "[\n\r\x85\u2028\u2029]"
MULTILINE = "x-multiline"  # a string field's property: its cells may hold line breaks
# Text garbled by reading UTF-8 as Windows-1252 or Latin-1: "Ã" or "Â" before a character
# such a reading makes of a continuation byte, "â€" (how the quotation marks and dashes
# U+2013-U+201D begin), a stray "Â" before a space or at the end (a no-break space), the
# replacement character, a "?" standing between two letters for a character lost on the
# way, or a byte written as two hex digits in angle brackets (`<d3>`). Web addresses (whose
# queries hold "?") are removed before judging.
MOJIBAKE = (
    "[ÂÃ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    r"|â€|Â(\s|$)|\ufffd|\p{L}\?\p{L}|<[0-9a-f]{2}>"
)
URL = r"https?://\S+"
PANDERA_RULES = {
    "not_nullable": R.SCHEMA_REQUIRED.id,
    "field_uniqueness": R.SCHEMA_UNIQUE.id,
    "multiple_fields_uniqueness": R.SCHEMA_PRIMARY_KEY.id,
}

Expr = Callable[[pl.Expr], pl.Expr]


def _field_checks(field: dict[str, Any]) -> list[tuple[R.Rule, str, Expr]]:
    """(rule, expected, predicate over the text cells) for one field."""
    t = kind(field)
    c = field.get("constraints", {})
    typed = parse_expr(field)
    checks: list[tuple[R.Rule, str, Expr]] = []
    if t in TEXT_PATTERNS:
        pattern = TEXT_PATTERNS[t]
        checks.append(
            (
                R.SCHEMA_TYPE,
                f"{'an' if t[0] in 'aeiou' else 'a'} {t}"
                + (
                    " written as digits only (no sign for a positive, no leading zero)"
                    if t == "integer"
                    else ""
                ),
                lambda s: s.str.contains(pattern) & typed.is_not_null(),
            )
        )
    elif t == "boolean":
        checks.append((R.SCHEMA_TYPE, "a boolean", lambda s: s.is_in(TRUE_VALUES + FALSE_VALUES)))
    elif t == "string":
        checks.append(
            (R.TEXT_WHITESPACE, "no leading or trailing space", lambda s: s == s.str.strip_chars())
        )
        checks.append(
            (
                R.TEXT_FORMULA,
                "no leading =, +, -, @ or tab",
                lambda s: ~s.str.contains(FORMULA_START),
            )
        )
        checks.append((R.TEXT_CONTROL, "no control character", lambda s: ~s.str.contains(CONTROL)))
        checks.append(
            (
                R.TEXT_INVISIBLE,
                "no invisible formatting character",
                lambda s: ~s.str.contains(INVISIBLE),
            )
        )
        if not field.get(MULTILINE):
            checks.append(
                (R.TEXT_LINE_BREAK, "one line of text", lambda s: ~s.str.contains(LINE_BREAK))
            )
        checks.append(
            (
                R.TEXT_MOJIBAKE,
                "text as written, not garbled by an encoding conversion",
                lambda s: ~s.str.replace_all(URL, "").str.contains(MOJIBAKE),
            )
        )
    if c.get("unique"):
        # Empty cells are not values: they never clash (and `required` reports them).
        checks.append((R.SCHEMA_UNIQUE, "each value once", lambda s: ~s.is_duplicated()))
    if "enum" in c:
        values = [enum_text(t, v) for v in c["enum"]]
        if t == "string":
            checks.append((R.SCHEMA_ENUM, f"one of {', '.join(values)}", lambda s: s.is_in(values)))
        else:
            # Compared as typed values: `1.0` is the enum's `1`, `TRUE` its `true`.
            allowed = pl.DataFrame({field["name"]: values}).select(parse_expr(field)).to_series()
            checks.append(
                (
                    R.SCHEMA_ENUM,
                    f"one of {', '.join(values)}",
                    lambda s: typed.is_in(allowed.implode()),
                )
            )
    if "pattern" in c:
        whole = anchored(c["pattern"])
        checks.append(
            (R.SCHEMA_PATTERN, f"a match for {c['pattern']}", lambda s: s.str.contains(whole))
        )
    if t == "date":
        # Nothing recorded can have happened after the day the check runs.
        today = dt.date.today()
        checks.append(
            (
                R.DATES_FUTURE,
                f"a day no later than today ({today.isoformat()})",
                lambda s: typed.le(pl.lit(today)) | typed.is_null(),
            )
        )
    for key, op, rule in (("minimum", "ge", R.SCHEMA_MINIMUM), ("maximum", "le", R.SCHEMA_MAXIMUM)):
        if key in c:
            bound = c[key]
            literal = pl.lit(bound).str.to_date(DATE_FORMAT) if t == "date" else pl.lit(bound)
            word = "at least" if op == "ge" else "at most"
            checks.append(
                (
                    rule,
                    f"{word} {bound}",
                    lambda s, op=op, b=literal: getattr(typed, op)(b) | typed.is_null(),
                )
            )
    for key, op, rule in (
        ("minLength", "ge", R.SCHEMA_MIN_LENGTH),
        ("maxLength", "le", R.SCHEMA_MAX_LENGTH),
    ):
        if key in c:
            n = c[key]
            word = "at least" if op == "ge" else "at most"
            checks.append(
                (
                    rule,
                    f"{word} {n} characters",
                    lambda s, op=op, n=n: getattr(s.str.len_chars(), op)(n),
                )
            )
    return checks


def _pandera_check(rule: R.Rule, predicate: Expr) -> pa.Check:
    # An empty cell is `required`'s business only.
    def check(data: pa.PolarsData) -> pl.LazyFrame:
        col = pl.col(data.key)
        return data.lazyframe.select(predicate(col).fill_null(False) | col.is_null())

    return pa.Check(check, name=rule.id)


class FieldSchema:
    """The Pandera schema of one resource, with the expectation text of each named check."""

    def __init__(self, resource: Resource) -> None:
        self.resource = resource
        self.expected: dict[tuple[str, str], str] = {}
        pk = resource.primary_key
        columns = {}
        for field in resource.fields:
            name = field["name"]
            c = field.get("constraints", {})
            checks = []
            for rule, expected, predicate in _field_checks(field):
                self.expected[(name, rule.id)] = expected
                checks.append(_pandera_check(rule, predicate))
            in_pk = name in pk
            columns[name] = pa.Column(
                pl.String,
                checks=checks,
                nullable=not (c.get("required") or in_pk),
                unique=pk == [name] and not c.get("unique"),
            )
        self.schema = pa.DataFrameSchema(
            columns, unique=pk if len(pk) > 1 else None, name=resource.name, strict=False
        )
        # The same schema without the primary-key check, for tables whose keys are shown
        # distinct by a faster test (Pandera's costs ~0.2 s on the votes table, 3 s at 10x).
        self.schema_without_pk = pa.DataFrameSchema(columns, name=resource.name, strict=False)

    def violations(self, table: Table) -> list[Violation]:
        if table.frame.height == 0 and set(self.schema.columns) <= set(table.frame.columns):
            return []  # no cell to check: Pandera would only spend ~50 ms proving it
        schema = self.schema_without_pk if self._keys_distinct(table) else self.schema
        try:
            schema.validate(table.frame, lazy=True)
        except SchemaErrors as e:
            return self._from_failures(table, e.failure_cases)
        return []

    def _keys_distinct(self, table: Table) -> bool:
        """True when no two rows share a primary key (distinct hashes imply distinct keys).

        Equal keys, nulls included, hash equal: a clash (or a rare hash collision) leaves the
        answer False, and Pandera's own check then finds and reports the duplicates.
        """
        pk = self.resource.primary_key
        if len(pk) < 2 or table.frame.height < 2:
            return False
        hashes = table.frame.select(pl.struct(pk).hash()).to_series()
        return hashes.n_unique() == table.frame.height

    def _from_failures(self, table: Table, failures: pl.DataFrame) -> list[Violation]:
        res = self.resource
        pk = res.primary_key
        failing = table.frame.with_row_index("_index").filter(
            pl.col("_index").is_in(failures["index"].cast(pl.UInt32).implode())
        )
        keyed = failing.select("_index", LINE, key_expr(pk).alias("_key"))
        rows = failures.with_columns(pl.col("index").cast(pl.UInt32)).join(
            keyed, left_on="index", right_on="_index", how="left"
        )
        out: list[Violation] = []
        for r in rows.iter_rows(named=True):
            check, column = r["check"], r["column"]
            rule = PANDERA_RULES.get(check, check)
            key = r["_key"]
            found = quoted(r["failure_case"])
            if rule == R.SCHEMA_REQUIRED.id:
                expected = "a value"
            elif rule == R.SCHEMA_UNIQUE.id:
                expected = "each value once"
            elif rule == R.SCHEMA_PRIMARY_KEY.id:
                column = ",".join(pk)
                expected = f"({column}) unique"
                found = f"({', '.join(split_key(key))}) more than once" if key else found
            else:
                expected = self.expected.get((column, rule), check)
            out.append(Violation(res.path, r[LINE], column, rule, expected, found, key=key))
        return _drop_first_duplicates(out)


UNIQUENESS = (R.SCHEMA_UNIQUE.id, R.SCHEMA_PRIMARY_KEY.id)


def _drop_first_duplicates(violations: list[Violation]) -> list[Violation]:
    """Uniqueness failures name every copy; report each copy after the first, citing it."""
    first: dict[tuple[str, str | None, str], int] = {}
    for v in violations:
        if v.rule in UNIQUENESS:
            k = (v.rule, v.column, v.found if v.rule == R.SCHEMA_UNIQUE.id else v.key or "")
            first[k] = min(first.get(k, v.line or 0), v.line or 0)
    out = []
    for v in violations:
        if v.rule in UNIQUENESS:
            k = (v.rule, v.column, v.found if v.rule == R.SCHEMA_UNIQUE.id else v.key or "")
            if v.line == first[k]:
                continue
            v = Violation(
                v.file,
                v.line,
                v.column,
                v.rule,
                v.expected,
                f"{v.found}, also on line {first[k]}"
                if v.rule == R.SCHEMA_UNIQUE.id
                else f"{v.found} (also line {first[k]})",
                key=v.key,
            )
        out.append(v)
    return out


@lru_cache(maxsize=64)
def _schema_for(name: str, path: str, schema_json: str) -> FieldSchema:
    return FieldSchema(Resource(name, path, json.loads(schema_json)))


def cell_violations(table: Table) -> list[Violation]:
    """Every cell of the table against its field; schemas are built once per Table Schema."""
    res = table.resource
    return _schema_for(res.name, res.path, json.dumps(res.schema, sort_keys=True)).violations(table)
