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
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import pandera.polars as pa
import polars as pl
from pandera.errors import SchemaErrors

from .. import catalogue
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
    "not_nullable": catalogue.SCHEMA_REQUIRED.id,
    "field_uniqueness": catalogue.SCHEMA_UNIQUE.id,
    "multiple_fields_uniqueness": catalogue.SCHEMA_PRIMARY_KEY.id,
}
RULES = catalogue.checked_by(catalogue.CELLS)

Expr = Callable[[pl.Expr], pl.Expr]  # a predicate over a column of text cells
Check = tuple[catalogue.Rule, str, Expr]  # (rule, expected, predicate)

# Every text cell (a line break only where the field allows one).
TEXT_CHECKS: tuple[Check, ...] = (
    (catalogue.TEXT_WHITESPACE, "no leading or trailing space", lambda s: s == s.str.strip_chars()),
    (catalogue.TEXT_FORMULA, "no leading =, +, -, @ or tab",
     lambda s: ~s.str.contains(FORMULA_START)),
    (catalogue.TEXT_CONTROL, "no control character", lambda s: ~s.str.contains(CONTROL)),
    (catalogue.TEXT_INVISIBLE, "no invisible formatting character",
     lambda s: ~s.str.contains(INVISIBLE)),
    (catalogue.TEXT_LINE_BREAK, "one line of text", lambda s: ~s.str.contains(LINE_BREAK)),
    (catalogue.TEXT_MOJIBAKE, "text as written, not garbled by an encoding conversion",
     lambda s: ~s.str.replace_all(URL, "").str.contains(MOJIBAKE)),
)  # fmt: skip


@dataclass(frozen=True)
class Field:
    """What a check needs of its field: the Table Schema field, its type, its cells parsed."""

    spec: dict[str, Any]
    kind: str
    typed: pl.Expr  # null where a cell does not parse


@dataclass(frozen=True)
class Constraint:
    """How a constraint of a Table Schema is checked, from its value and its field."""

    rule: catalogue.Rule
    expected: Callable[[Any, Field], str]
    predicate: Callable[[Any, Field], Expr]
    applies: Callable[[Any], bool] = lambda value: True


def _one_of(values: list[Any], field: Field) -> Expr:
    allowed = [enum_text(field.kind, v) for v in values]
    if field.kind == "string":
        return lambda s: s.is_in(allowed)
    # Compared as typed values: `1.0` is the enum's `1`, `TRUE` its `true`.
    parsed = pl.DataFrame({field.spec["name"]: allowed}).select(parse_expr(field.spec)).to_series()
    return lambda s: field.typed.is_in(parsed.implode())


def _bounded(op: str) -> Callable[[Any, Field], Expr]:
    def predicate(bound: Any, field: Field) -> Expr:
        literal = pl.lit(bound).str.to_date(DATE_FORMAT) if field.kind == "date" else pl.lit(bound)
        return lambda s: getattr(field.typed, op)(literal) | field.typed.is_null()

    return predicate


def _length(op: str) -> Callable[[Any, Field], Expr]:
    return lambda n, field: lambda s: getattr(s.str.len_chars(), op)(n)


# constraint -> its check, in the order they run.
CONSTRAINTS: dict[str, Constraint] = {
    # Empty cells are not values: they never clash (and `required` reports them).
    "unique": Constraint(catalogue.SCHEMA_UNIQUE, lambda _, __: "each value once",
                         lambda _, __: lambda s: ~s.is_duplicated(), applies=bool),
    "enum": Constraint(
        catalogue.SCHEMA_ENUM,
        lambda values, field: "one of " + ", ".join(enum_text(field.kind, v) for v in values),
        _one_of,
    ),
    "pattern": Constraint(catalogue.SCHEMA_PATTERN, lambda pattern, _: f"a match for {pattern}",
                          lambda pattern, _: lambda s: s.str.contains(anchored(pattern))),
    "minimum": Constraint(catalogue.SCHEMA_MINIMUM, lambda bound, _: f"at least {bound}",
                          _bounded("ge")),
    "maximum": Constraint(catalogue.SCHEMA_MAXIMUM, lambda bound, _: f"at most {bound}",
                          _bounded("le")),
    "minLength": Constraint(catalogue.SCHEMA_MIN_LENGTH,
                            lambda n, _: f"at least {n} characters", _length("ge")),
    "maxLength": Constraint(catalogue.SCHEMA_MAX_LENGTH,
                            lambda n, _: f"at most {n} characters", _length("le")),
}  # fmt: skip


def _type_checks(field: Field) -> list[Check]:
    """What every cell of the field's type must be: its type's text form, and for a text its
    hidden-character checks, for a date no later than today."""
    if field.kind in TEXT_PATTERNS:
        pattern, typed = TEXT_PATTERNS[field.kind], field.typed
        article = "an" if field.kind[0] in "aeiou" else "a"
        digits = " written as digits only (no sign for a positive, no leading zero)"
        expected = f"{article} {field.kind}{digits if field.kind == 'integer' else ''}"
        checks = [(catalogue.SCHEMA_TYPE, expected,
                   lambda s: s.str.contains(pattern) & typed.is_not_null())]  # fmt: skip
        if field.kind == "date":
            # Nothing recorded can have happened after the day the check runs.
            today = dt.date.today()
            checks.append((catalogue.DATES_FUTURE, f"a day no later than today ({today})",
                           lambda s: typed.le(pl.lit(today)) | typed.is_null()))  # fmt: skip
        return checks
    if field.kind == "boolean":
        return [(catalogue.SCHEMA_TYPE, "a boolean",
                 lambda s: s.is_in(TRUE_VALUES + FALSE_VALUES))]  # fmt: skip
    if field.kind == "string":
        multiline = field.spec.get(MULTILINE)
        return [c for c in TEXT_CHECKS if not (multiline and c[0] is catalogue.TEXT_LINE_BREAK)]
    return []


def _field_checks(spec: dict[str, Any]) -> list[Check]:
    """(rule, expected, predicate over the text cells) for one field: its type's checks, then
    one per constraint (`CONSTRAINTS`)."""
    field = Field(spec, kind(spec), parse_expr(spec))
    checks = _type_checks(field)
    constraints = spec.get("constraints", {})
    for name, constraint in CONSTRAINTS.items():
        if name in constraints and constraint.applies(constraints[name]):
            value = constraints[name]
            expected = constraint.expected(value, field)
            checks.append((constraint.rule, expected, constraint.predicate(value, field)))
    return checks


def _holds(predicate: Expr, col: pl.Expr) -> pl.Expr:
    """Where a check holds: an empty cell is `required`'s business only."""
    return predicate(col).fill_null(False) | col.is_null()


def _pandera_check(rule: catalogue.Rule, predicate: Expr) -> pa.Check:
    def check(data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_holds(predicate, pl.col(data.key)))

    return pa.Check(check, name=rule.id)


class FieldSchema:
    """The Pandera schema of one resource, with the expectation text of each named check.

    Pandera runs each check of each column as a query of its own (~1 ms each, 370 of them on
    a small package). So all the field checks are first evaluated together, in one query
    (`_field_checks_hold`: the same expressions Pandera's checks evaluate); when they all
    hold, what Pandera checks itself (required, unique, the primary key) is evaluated the same
    way (`_columns_hold`, `_keys_distinct`), and only when something fails does Pandera run, to
    report the failures (~5 ms a table otherwise, most of a small package's cell checks).
    """

    def __init__(self, resource: Resource) -> None:
        self.resource = resource
        self.expected: dict[tuple[str, str], str] = {}
        self.holds: list[pl.Expr] = []  # per field check: true where every cell passes it
        self.required: list[str] = []  # Pandera's own column checks: not nullable, unique
        self.unique: list[str] = []
        pk = resource.primary_key
        columns, bare = {}, {}
        for field in resource.fields:
            name = field["name"]
            constraints = field.get("constraints", {})
            checks = []
            for rule, expected, predicate in _field_checks(field):
                self.expected[(name, rule.id)] = expected
                checks.append(_pandera_check(rule, predicate))
                self.holds.append(_holds(predicate, pl.col(name)).all())
            nullable = not (constraints.get("required") or name in pk)
            unique = pk == [name] and not constraints.get("unique")
            columns[name] = pa.Column(pl.String, checks=checks, nullable=nullable, unique=unique)
            bare[name] = pa.Column(pl.String, nullable=nullable, unique=unique)
            self.required += [] if nullable else [name]
            self.unique += [name] if unique else []
        composite = pk if len(pk) > 1 else None
        self.composite = composite

        def schema(cols: dict[str, pa.Column], key: list[str] | None) -> pa.DataFrameSchema:
            return pa.DataFrameSchema(cols, unique=key, name=resource.name, strict=False)

        # schemas[(field checks, primary key)]: without the primary-key check for tables whose
        # keys are shown distinct by a faster test (Pandera's costs ~0.2 s on the votes
        # table, 3 s at 10x); without the field checks once they are shown to hold.
        self.schemas = {
            (True, True): schema(columns, composite),
            (True, False): schema(columns, None),
            (False, True): schema(bare, composite),
            (False, False): schema(bare, None),
        }
        self.schema = self.schemas[(True, True)]

    def violations(self, table: Table) -> list[Violation]:
        if table.frame.height == 0 and set(self.schema.columns) <= set(table.frame.columns):
            return []  # no cell to check: Pandera would only spend ~50 ms proving it
        checks_hold, keys_distinct = self._field_checks_hold(table), self._keys_distinct(table)
        if checks_hold and (keys_distinct or not self.composite) and self._columns_hold(table):
            return []  # every check Pandera would run holds: it would report nothing
        schema = self.schemas[(not checks_hold, not keys_distinct)]
        try:
            schema.validate(table.frame, lazy=True)
        except SchemaErrors as e:
            return self._from_failures(table, e.failure_cases)
        return []

    def _field_checks_hold(self, table: Table) -> bool:
        """True when every field check holds on every cell (and every field is a column of the
        frame: Pandera reports a missing one)."""
        if not set(self.schema.columns) <= set(table.frame.columns):
            return False
        if not self.holds:
            return True
        return bool(table.frame.select(pl.all_horizontal(self.holds)).item())

    def _columns_hold(self, table: Table) -> bool:
        """True when what Pandera checks of each column itself holds: text columns, no empty
        cell where the field is required, no value twice in a unique one."""
        frame = table.frame
        if any(frame.schema[name] != pl.String for name in self.schema.columns):
            return False
        return bool(frame.select(pl.all_horizontal(
            *(pl.col(name).is_not_null().all() for name in self.required),
            *(pl.col(name).drop_nulls().is_unique().all() for name in self.unique),
            pl.lit(True),
        )).item())  # fmt: skip

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
        for failure in rows.iter_rows(named=True):
            check, column = failure["check"], failure["column"]
            rule = PANDERA_RULES.get(check, check)
            key = failure["_key"]
            found = quoted(failure["failure_case"])
            if rule == catalogue.SCHEMA_REQUIRED.id:
                expected = "a value"
            elif rule == catalogue.SCHEMA_UNIQUE.id:
                expected = "each value once"
            elif rule == catalogue.SCHEMA_PRIMARY_KEY.id:
                column = ",".join(pk)
                expected = f"({column}) unique"
                found = f"({', '.join(split_key(key))}) more than once" if key else found
            else:
                expected = self.expected.get((column, rule), check)
            out.append(
                Violation(file=res.path, line=failure[LINE], column=column, rule=rule,
                          expected=expected, found=found, key=key)
            )  # fmt: skip
        return _drop_first_duplicates(out)


UNIQUENESS = (catalogue.SCHEMA_UNIQUE.id, catalogue.SCHEMA_PRIMARY_KEY.id)


def _copies(violation: Violation) -> tuple[str, str | None, str]:
    """What the copies of one value (a unique field) or one key (the primary key) share."""
    unique = violation.rule == catalogue.SCHEMA_UNIQUE.id
    return violation.rule, violation.column, violation.found if unique else violation.key or ""


def _drop_first_duplicates(violations: list[Violation]) -> list[Violation]:
    """Uniqueness failures name every copy; report each copy after the first, citing it."""
    first: dict[tuple[str, str | None, str], int] = {}
    for v in violations:
        if v.rule in UNIQUENESS:
            copies = _copies(v)
            first[copies] = min(first.get(copies, v.line or 0), v.line or 0)
    out = []
    for v in violations:
        if v.rule not in UNIQUENESS:
            out.append(v)
            continue
        line = first[_copies(v)]
        if v.line == line:
            continue
        unique = v.rule == catalogue.SCHEMA_UNIQUE.id
        also = f", also on line {line}" if unique else f" (also line {line})"
        out.append(replace(v, found=f"{v.found}{also}"))
    return out


@lru_cache(maxsize=64)
def _schema_for(name: str, path: str, schema_json: str) -> FieldSchema:
    return FieldSchema(Resource(name, path, json.loads(schema_json)))


def cell_violations(table: Table) -> list[Violation]:
    """Every cell of the table against its field; schemas are built once per Table Schema."""
    res = table.resource
    return _schema_for(res.name, res.path, json.dumps(res.schema, sort_keys=True)).violations(table)
