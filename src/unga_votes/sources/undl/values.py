"""The Library's cells read as the package's values, by stated rules that count what they fix.

- Totals: a whole number of at most three digits (the Assembly has never had 1,000 members),
  written with or without a decimal `.0` as the Library writes them (`142.0`); anything else
  (`142.5`, `-1`, `1e308`, twenty digits, text) is dirt: counted, the total left empty.
- undl_id: a whole number from 1 to `MAX_UNDL_ID`, so that 10,000,000 + it numbers a roll call
  that JSON and the site's JavaScript hold exactly; a row's own record address is made from it
  (an `undl_link` naming another record is counted, not believed).
- Text (titles, agenda titles, subject headings, draft and report symbols): made text the data
  model accepts, each repair counted: whitespace (line breaks, tabs, runs) made single spaces,
  control and invisible formatting characters removed, a text a spreadsheet would run as a
  formula (leading `=`, `+`, `-`, `@`) prefixed with `'`, a text garbled by an encoding
  conversion left empty, a text longer than its field allows cut. A title also loses the
  catalogue's suffix (` : resolution / adopted by the General Assembly`, and the variants the
  catalogue holds: no colon, a stray letter after it, `Assembly` misspelt).
- Lists (`draft`, `committee_report`, `agenda_title`, `subjects`): split at `|`, each value
  made text as above; an empty value dropped, a value repeated in one cell kept once.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ...package.cells import FORMULA_START, INVISIBLE, MOJIBAKE, URL
from .versions import RECORD, SEPARATOR

RANGE = 10_000_000  # a roll call only in the official record: RANGE + its undl_id
MAX_UNDL_ID = 2**53 - 1 - RANGE  # the largest integer a JavaScript number holds exactly
TOTAL = r"^[0-9]{1,3}(\.0+)?$"
# The control characters `text.control` refuses that are not whitespace (whitespace is made
# a space first, so a line break or tab between two words leaves a space there).
CONTROL_CHAR = "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]"
SUFFIX = r"(?i)\s*(:\S?\s*|\s)\s*resolutions?\s*/\s*adopted\s+by\s+the\s+general\s+ass[a-z]*\.?\s*$"


@dataclass(frozen=True)
class TextField:
    """A text column of the Library's files and the field of the package it becomes."""

    column: str
    noun: str  # how a rule names one value: "a title", "a subject heading"
    limit: int  # the package field's maxLength (tests check it against the Table Schema)
    listed: bool = False  # several values separated by `|`


TITLE = TextField("title", "a title", 2000)
FIELDS = {
    f.column: f
    for f in (
        TITLE,
        TextField("draft", "a draft symbol", 200, True),
        TextField("committee_report", "a committee report symbol", 200, True),
        TextField("agenda_title", "an agenda title", 2000, True),
        TextField("subjects", "a subject heading", 500, True),
    )
}


def total(col: str) -> pl.Expr:
    """The cell as a count, or null (empty, or dirt: see `total_dirty`)."""
    text = pl.col(col).str.strip_chars()
    whole = text.str.extract(r"^([0-9]{1,3})(?:\.0+)?$", 1)
    return whole.cast(pl.Int64, strict=False)


def total_dirty(col: str) -> pl.Expr:
    """A cell that holds something and is no total."""
    text = pl.col(col).str.strip_chars()
    return (text != "") & ~text.str.contains(TOTAL)


TOTAL_RULE = (
    "declared total not a whole number of at most three digits (142.5, -1, text): left empty"
)


def totals_dirty(cols: tuple[str, ...]) -> tuple[pl.Expr, pl.Expr]:
    """(whether any of the cells is dirt, the first such cell as `line N: column value`)."""
    shown = pl.coalesce(
        pl.when(total_dirty(c)).then(pl.format("line {}: {} {}", "line", pl.lit(c), pl.col(c)))
        for c in cols
    )
    return pl.any_horizontal(total_dirty(c) for c in cols), shown


def undl_id(col: str = "undl_id") -> pl.Expr:
    """The cell as a control number in range, or null (the rules say which kind of null)."""
    text = pl.col(col).str.strip_chars()
    digits = pl.when(text.str.contains(r"^[0-9]{1,16}$")).then(text)
    number = digits.cast(pl.Int64, strict=False)
    return pl.when(number.is_between(1, MAX_UNDL_ID)).then(number)


def numeric_id(col: str = "undl_id") -> pl.Expr:
    return pl.col(col).str.strip_chars().str.contains(r"^[0-9]+$")


def own_link(col: str = "undl_link", id_col: str = "undl_id") -> pl.Expr:
    """Whether the link is the row's own record address (a query string allowed)."""
    own = pl.lit(RECORD) + pl.col(id_col).cast(pl.String)
    link = pl.col(col).str.strip_chars()
    return (link == own) | link.str.starts_with(own + "?")


def record_address(id_col: str = "undl_id") -> pl.Expr:
    return pl.lit(RECORD) + pl.col(id_col).cast(pl.String)


def _steps(e: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(without control and invisible characters, whitespace made single spaces, guarded
    against spreadsheets)."""
    bare = e.str.replace_all(CONTROL_CHAR, "").str.replace_all(INVISIBLE, "")
    tidy = bare.str.replace_all(r"\s+", " ").str.strip_chars()
    guarded = pl.when(tidy.str.contains(FORMULA_START)).then(pl.lit("'") + tidy).otherwise(tidy)
    return bare, tidy, guarded


def garbled(text: pl.Expr) -> pl.Expr:
    return text.str.replace_all(URL, "").str.contains(MOJIBAKE)


def _value(e: pl.Expr, f: TextField) -> pl.Expr:
    """One value as the package holds it; empty (or null) where nothing usable is left."""
    _, tidy, _ = _steps(e)
    if f is TITLE:
        tidy = tidy.str.replace(SUFFIX, "")
    guarded = pl.when(tidy.str.contains(FORMULA_START)).then(pl.lit("'") + tidy).otherwise(tidy)
    cut = (
        pl.when(guarded.str.len_chars() > f.limit)
        .then(guarded.str.slice(0, f.limit - 1) + "…")
        .otherwise(guarded)
    )
    return pl.when((cut != "") & ~garbled(cut)).then(cut)


def text(f: TextField) -> pl.Expr:
    """The column as the package holds it: one value, or (a list field) its values joined by
    `|`, each once, in the Library's order; null where none is left."""
    col = pl.col(f.column)
    if not f.listed:
        return _value(col, f).alias(f.column)
    values = col.str.split(SEPARATOR).list.eval(_value(pl.element(), f).drop_nulls())
    joined = values.list.unique(maintain_order=True).list.join(SEPARATOR)
    return pl.when(joined != "").then(joined).alias(f.column)


def repairs(f: TextField) -> list[tuple[str, pl.Expr]]:
    """(rule, whether a cell is repaired by it) for each repair of the field's values."""
    col = pl.col(f.column)
    parts = col.str.split(SEPARATOR) if f.listed else None

    def each(check) -> pl.Expr:
        if parts is None:
            return check(col)
        return parts.list.eval(check(pl.element())).list.any()

    def whitespace(e: pl.Expr) -> pl.Expr:
        bare, tidy, _ = _steps(e)
        return bare != tidy

    def formula(e: pl.Expr) -> pl.Expr:
        _, tidy, guarded = _steps(e)
        return guarded != tidy

    def suffix(e: pl.Expr) -> pl.Expr:
        _, tidy, _ = _steps(e)
        return tidy.str.contains(SUFFIX)

    def lost(e: pl.Expr) -> pl.Expr:
        return garbled(_steps(e)[2])

    def long(e: pl.Expr) -> pl.Expr:
        v = _value(e, f)
        return v.is_not_null() & v.str.ends_with("…") & (_steps(e)[2].str.len_chars() > f.limit)

    rules = [
        (f"whitespace in {f.noun} (line breaks, tabs, runs) made single spaces", each(whitespace)),
        (f"control character removed from {f.noun}", col.str.contains(CONTROL_CHAR)),
        (f"invisible formatting character removed from {f.noun}", col.str.contains(INVISIBLE)),
        (f"{f.noun[f.noun.index(' ') + 1:]} a spreadsheet would run as a formula: prefixed "
         "with '", each(formula)),
        (f"{f.noun[f.noun.index(' ') + 1:]} garbled by an encoding conversion left empty",
         each(lost)),
        (f"{f.noun[f.noun.index(' ') + 1:]} over {f.limit:,} characters: cut", each(long)),
    ]  # fmt: skip
    if f is TITLE:
        rules.insert(0, ("catalogue suffix (' : resolution / adopted by the General Assembly') "
                         "removed from a title", each(suffix)))  # fmt: skip
    if f.listed:
        empty = parts.list.eval(_value(pl.element(), f).is_null()).list.any()  # type: ignore[union-attr]
        empty = empty & (col.str.strip_chars() != "")
        rules.append((f"empty or unusable value in a `|` list of {f.column} dropped", empty))
        again = parts.list.eval(_value(pl.element(), f)).list.drop_nulls()  # type: ignore[union-attr]
        rules.append((f"value repeated in a `|` list of {f.column}: kept once",
                      again.list.n_unique() < again.list.len()))  # fmt: skip
    return rules
