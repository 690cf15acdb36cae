"""The Library's cells read as the package's values, by stated rules that count what they fix.

- Totals: a whole number of at most three digits (the Assembly has never had 1,000 members),
  written with or without a decimal `.0` as the Library writes them (`142.0`); anything else
  (`142.5`, `-1`, `1e308`, twenty digits, text) is dirt: counted, the total left empty.
- undl_id: a whole number from 1 to `MAX_UNDL_ID`, so that 10,000,000 + it numbers a roll call
  that JSON and the site's JavaScript hold exactly, written with or without a decimal `.0` as a
  total is (`285346.0`: counted); a row's own record address is made from it (an `undl_link`
  naming another record is counted, not believed).
- Text (titles, agenda titles, subject headings, draft and report symbols): made text the data
  model accepts, each repair counted: whitespace (line breaks, tabs, runs) made single spaces,
  control and invisible formatting characters removed, a text a spreadsheet would run as a
  formula (leading `=`, `+`, `-`, `@`) prefixed with `'`, a text garbled by an encoding
  conversion left empty, a text longer than its field allows cut (a cell is read up to its
  first 1,048,576 characters: no field holds more, and a text is judged by them). A title also
  loses the catalogue's suffix (` : resolution / adopted by the General Assembly`, and the
  variants the catalogue holds: no colon, a stray letter after it, `Assembly` misspelt).
- Lists (`draft`, `committee_report`, `agenda_title`, `subjects`): split at `|`, each value
  made text as above; an empty value dropped, a value repeated in one cell kept once.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ...package.cells import FORMULA_START, INVISIBLE, MOJIBAKE, URL
from .versions import RECORD, SEPARATOR

RANGE = 10_000_000  # a roll call only in the official record: RANGE + its undl_id
CELL_MAX = 1 << 20  # characters of a text cell read: no field of the package holds more
NOTE_MAX = 2000  # characters of a vote note the report quotes
MAX_UNDL_ID = 2**53 - 1 - RANGE  # the largest integer a JavaScript number holds exactly
TOTAL = r"^[0-9]{1,3}(\.0+)?$"
UNDL_ID = r"^[0-9]+(\.0+)?$"  # a control number, with or without a decimal `.0`
DECIMAL = r"\.0+$"
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


TOTAL_MS_RULE = (
    "total_ms (the Library's count of member states) not a whole number of at most three "
    "digits: not used"
)


def vote_note(col: str = "vote_note") -> pl.Expr:
    """The Library's note on a vote (kept for the report only): on one line, cut, or null."""
    text = pl.col(col).str.slice(0, CELL_MAX).str.replace_all(CONTROL_CHAR, "")
    text = text.str.replace_all(r"\s+", " ").str.strip_chars().str.slice(0, NOTE_MAX)
    return pl.when(text != "").then(text)


def totals_dirty(cols: tuple[str, ...]) -> tuple[pl.Expr, pl.Expr]:
    """(whether any of the cells is dirt, the first such cell as `line N: column value`)."""
    shown = pl.coalesce(
        pl.when(total_dirty(c)).then(pl.format("line {}: {} {}", "line", pl.lit(c), pl.col(c)))
        for c in cols
    )
    return pl.any_horizontal(total_dirty(c) for c in cols), shown


def undl_id(col: str = "undl_id") -> pl.Expr:
    """The cell as a control number in range, or null (the rules say which kind of null)."""
    text = pl.col(col).str.strip_chars().str.replace(DECIMAL, "")
    digits = pl.when(text.str.contains(r"^[0-9]{1,16}$")).then(text)
    number = digits.cast(pl.Int64, strict=False)
    return pl.when(number.is_between(1, MAX_UNDL_ID)).then(number)


def undl_id_decimal(col: str = "undl_id") -> pl.Expr:
    """Whether the cell is a control number written as a decimal (`285346.0`)."""
    text = pl.col(col).str.strip_chars()
    return text.str.contains(UNDL_ID) & text.str.contains(DECIMAL)


UNDL_ID_DECIMAL_RULE = "undl_id written as a decimal (285346.0): read as the whole number"


def own_link(col: str = "undl_link", id_col: str = "undl_id") -> pl.Expr:
    """Whether the link is the row's own record address (a query string allowed)."""
    own = pl.lit(RECORD) + pl.col(id_col).cast(pl.String)
    link = pl.col(col).str.strip_chars()
    return (link == own) | link.str.starts_with(own + "?")


def record_address(id_col: str = "undl_id") -> pl.Expr:
    return pl.lit(RECORD) + pl.col(id_col).cast(pl.String)


def record_or(id_col: str, fallback: str) -> pl.Expr:
    """The row's own record in the Library (made from its undl_id), else the file's page."""
    return (
        pl.when(pl.col(id_col).is_not_null())
        .then(record_address(id_col))
        .otherwise(pl.lit(fallback))
    )


def garbled(text: pl.Expr) -> pl.Expr:
    return text.str.replace_all(URL, "").str.contains(MOJIBAKE)


def _values(raw: pl.Series, f: TextField) -> pl.DataFrame:
    """For each distinct value: the value as the package holds it (`value`, null where nothing
    usable is left) and, per repair, whether it was made (each regular expression runs once a
    value, however often the value recurs)."""
    raw_text = pl.col("raw")
    bare = raw_text.str.replace_all(CONTROL_CHAR, "").str.replace_all(INVISIBLE, "")
    tidy = bare.str.replace_all(r"\s+", " ").str.strip_chars()
    steps = pl.DataFrame({"raw": raw.unique()}).with_columns(bare.alias("bare"), tidy.alias("tidy"))
    if f is TITLE:
        steps = steps.with_columns(
            pl.col("tidy").str.contains(SUFFIX).alias("suffix"),
            pl.col("tidy").str.replace(SUFFIX, "").alias("tidy"),
        )
    formula = pl.col("tidy").str.contains(FORMULA_START)
    steps = steps.with_columns(
        pl.when(formula).then(pl.lit("'") + pl.col("tidy")).otherwise("tidy").alias("guarded")
    )
    long = pl.col("guarded").str.len_chars() > f.limit
    lost = garbled(pl.col("guarded"))
    cut = pl.when(long).then(pl.col("guarded").str.slice(0, f.limit - 1) + "…")
    return steps.with_columns(
        pl.when((pl.col("guarded") != "") & ~lost).then(cut.otherwise("guarded")).alias("value"),
        (pl.col("bare").str.replace_all(r"\s+", " ").str.strip_chars() != pl.col("bare")).alias(
            "spaces"
        ),
        raw_text.str.contains(CONTROL_CHAR).alias("control"),
        raw_text.str.contains(INVISIBLE).alias("invisible"),
        formula.alias("formula"),
        lost.alias("lost"),
        (long & ~lost).alias("long"),
    )


def _rules(f: TextField) -> list[tuple[str, str]]:
    """(rule, the flag of `_values` or of `tidy_field` that says a cell was repaired by it)."""
    noun = f.noun[f.noun.index(" ") + 1 :]
    rules = [
        (f"whitespace in {f.noun} (line breaks, tabs, runs) made single spaces", "spaces"),
        (f"control character removed from {f.noun}", "control"),
        (f"invisible formatting character removed from {f.noun}", "invisible"),
        (f"{noun} a spreadsheet would run as a formula: prefixed with '", "formula"),
        (f"{noun} garbled by an encoding conversion left empty", "lost"),
        (f"{noun} over {f.limit:,} characters: cut", "long"),
    ]
    if f is TITLE:
        rules.insert(0, ("catalogue suffix (' : resolution / adopted by the General Assembly') "
                         "removed from a title", "suffix"))  # fmt: skip
    if f.listed:
        rules.append((f"empty or unusable value in a `|` list of {f.column} dropped", "empty"))
        rules.append((f"value repeated in a `|` list of {f.column}: kept once", "again"))
    return rules


def tidy_field(column: pl.Series, f: TextField) -> tuple[pl.Series, pl.DataFrame]:
    """The column as the package holds it (a list field: its values joined by `|`, each once,
    in the Library's order; null where none is left), and a frame of one boolean column per
    repair rule saying which cells it repaired."""
    cells = column.fill_null("").str.slice(0, CELL_MAX)  # a cell of megabytes is cut anyway
    long = pl.DataFrame({"row": pl.int_range(len(cells), eager=True), "raw": cells})
    if f.listed:
        long = long.with_columns(pl.col("raw").str.split(SEPARATOR)).explode("raw")
    steps = _values(long["raw"], f)
    flags = [flag for _, flag in _rules(f) if flag in steps.columns]
    joined = long.join(steps, on="raw", how="left", maintain_order="left")
    per_row = joined.group_by("row", maintain_order=True).agg(
        *[pl.col(c).any() for c in flags],
        pl.col("value").drop_nulls().unique(maintain_order=True).alias("values"),
        pl.col("value").drop_nulls().len().alias("kept"),
        pl.col("value").null_count().alias("dropped"),
    )
    if f.listed:
        per_row = per_row.with_columns(
            ((pl.col("dropped") > 0) & (cells.str.strip_chars() != "")).alias("empty"),
            (pl.col("values").list.len() < pl.col("kept")).alias("again"),
        )
    text = per_row["values"].list.join(SEPARATOR)
    text = pl.select(pl.when(text != "").then(text)).to_series().alias(f.column)
    rules = per_row.select(pl.col(flag).alias(rule) for rule, flag in _rules(f))
    return text, rules
