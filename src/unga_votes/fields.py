"""Cell-level checks: a Pandera schema derived from each Table Schema, never a second field list.

Types, `required`, `unique`, `enum`, `pattern`, `minimum`/`maximum` and `minLength`/`maxLength`
become Pandera checks named by rule id; the primary key becomes a multi-column uniqueness check.
Two checks apply to every text cell: no leading or trailing white space, and no leading
character that a spreadsheet would run as a formula.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandera.polars as pa
import polars as pl
from pandera.errors import SchemaErrors

from .package import Resource
from .read import LINE, Table
from .report import Violation

DATE_FORMAT = "%Y-%m-%d"
TRUE_VALUES = ["true", "True", "TRUE", "1"]
FALSE_VALUES = ["false", "False", "FALSE", "0"]
TYPE_PATTERNS = {
    "integer": r"^[+-]?[0-9]+$",
    "year": r"^[0-9]{4}$",
    "number": r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$",
    "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
}
FORMULA_START = r"^[=+\-@\t]"
PANDERA_RULES = {
    "not_nullable": "schema.required",
    "field_uniqueness": "schema.unique",
    "multiple_fields_uniqueness": "schema.primary-key",
}

Expr = Callable[[pl.Expr], pl.Expr]


def typed_expr(field: dict[str, Any]) -> pl.Expr:
    """The field's cells as its Table Schema type; cells that do not parse become null."""
    col = pl.col(field["name"])
    kind = field.get("type", "string")
    if kind in ("integer", "year"):
        return col.str.to_integer(strict=False)
    if kind == "number":
        return col.cast(pl.Float64, strict=False)
    if kind == "date":
        return col.str.to_date(DATE_FORMAT, strict=False)
    if kind == "boolean":
        mapping = dict.fromkeys(TRUE_VALUES, True) | dict.fromkeys(FALSE_VALUES, False)
        return col.replace_strict(mapping, default=None, return_dtype=pl.Boolean)
    return col


def _field_checks(field: dict[str, Any]) -> list[tuple[str, str, Expr]]:
    """(rule id, expected, predicate over the text cells) for one field."""
    kind = field.get("type", "string")
    c = field.get("constraints", {})
    typed = typed_expr(field)
    checks: list[tuple[str, str, Expr]] = []
    if kind in TYPE_PATTERNS:
        pattern = TYPE_PATTERNS[kind]
        checks.append(
            ("schema.type", f"a {kind}", lambda s: s.str.contains(pattern) & typed.is_not_null())
        )
    elif kind == "boolean":
        checks.append(("schema.type", "a boolean", lambda s: s.is_in(TRUE_VALUES + FALSE_VALUES)))
    elif kind == "string":
        checks.append(
            ("text.whitespace", "no leading or trailing space", lambda s: s == s.str.strip_chars())
        )
        checks.append(
            (
                "text.formula",
                "no leading =, +, -, @ or tab",
                lambda s: ~s.str.contains(FORMULA_START),
            )
        )
    if c.get("unique"):
        # Empty cells are not values: they never clash (and `required` reports them).
        checks.append(("schema.unique", "each value once", lambda s: ~s.is_duplicated()))
    if "enum" in c:
        values = [str(v) for v in c["enum"]]
        checks.append(("schema.enum", f"one of {', '.join(values)}", lambda s: s.is_in(values)))
    if "pattern" in c:
        anchored = f"^(?:{c['pattern']})$"
        checks.append(
            ("schema.pattern", f"a match for {c['pattern']}", lambda s: s.str.contains(anchored))
        )
    for key, op, rule in (("minimum", "ge", "schema.minimum"), ("maximum", "le", "schema.maximum")):
        if key in c:
            bound = c[key]
            literal = pl.lit(bound).str.to_date(DATE_FORMAT) if kind == "date" else pl.lit(bound)
            word = "at least" if op == "ge" else "at most"
            checks.append(
                (
                    rule,
                    f"{word} {bound}",
                    lambda s, op=op, b=literal: getattr(typed, op)(b) | typed.is_null(),
                )
            )
    for key, op, rule in (
        ("minLength", "ge", "schema.min-length"),
        ("maxLength", "le", "schema.max-length"),
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


def _pandera_check(rule: str, predicate: Expr) -> pa.Check:
    # An empty cell is `required`'s business only.
    def check(data: pa.PolarsData) -> pl.LazyFrame:
        col = pl.col(data.key)
        return data.lazyframe.select(predicate(col).fill_null(False) | col.is_null())

    return pa.Check(check, name=rule)


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
                self.expected[(name, rule)] = expected
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
        frame = table.frame.with_row_index("_index")
        rows = failures.join(frame, left_on="index", right_on="_index", how="left")
        pk = res.primary_key
        out: list[Violation] = []
        for r in rows.iter_rows(named=True):
            check, column = r["check"], r["column"]
            rule = PANDERA_RULES.get(check, check)
            key = "|".join("" if r[k] is None else str(r[k]) for k in pk) or None
            found = "empty" if r["failure_case"] is None else repr(r["failure_case"])
            if rule == "schema.required":
                expected = "a value"
            elif rule == "schema.unique":
                expected = "each value once"
            elif rule == "schema.primary-key":
                column = ",".join(pk)
                expected = f"({column}) unique"
                found = f"({key.replace('|', ', ')}) more than once" if key else found
            else:
                expected = self.expected.get((column, rule), check)
            out.append(Violation(res.path, r[LINE], column, rule, expected, found, key=key))
        return _drop_first_duplicates(out)


def _drop_first_duplicates(violations: list[Violation]) -> list[Violation]:
    """Uniqueness failures name every copy; report each copy after the first, citing it."""
    first: dict[tuple[str, str | None, str], int] = {}
    for v in violations:
        if v.rule in ("schema.unique", "schema.primary-key"):
            k = (v.rule, v.column, v.found if v.rule == "schema.unique" else v.key or "")
            first[k] = min(first.get(k, v.line or 0), v.line or 0)
    out = []
    for v in violations:
        if v.rule in ("schema.unique", "schema.primary-key"):
            k = (v.rule, v.column, v.found if v.rule == "schema.unique" else v.key or "")
            if v.line == first[k]:
                continue
            v = Violation(
                v.file,
                v.line,
                v.column,
                v.rule,
                v.expected,
                f"{v.found}, also on line {first[k]}"
                if v.rule == "schema.unique"
                else f"{v.found} (also line {first[k]})",
                key=v.key,
            )
        out.append(v)
    return out


def typed_frame(table: Table) -> pl.DataFrame:
    """The table with each column cast to its Table Schema type (unparsable cells null)."""
    exprs = [typed_expr(f).alias(f["name"]) for f in table.resource.fields]
    return table.frame.select([*exprs, pl.col(LINE)])
