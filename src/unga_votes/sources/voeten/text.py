"""The source's free text as the package holds it: cleaned, and repaired where it is garbled.

Cleaning removes what the file format left (stray backslashes, doubled quotes, tabs and runs of
spaces). Repairs undo what an encoding conversion broke, each by a recorded rule that the
import report counts with an example; `text.mojibake` keeps the results from coming back.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class Repair:
    name: str
    pattern: str  # a regex over the source text
    replacement: str
    why: str


REPAIRS = (
    Repair(
        "garbled apostrophe",
        r"\?Ã†",
        "'",
        "a right single quotation mark (U+2019, E2 80 99 in UTF-8) read as Windows-1252 and "
        "written back, its first byte lost: `People?Ã†s`; the package writes the apostrophe "
        "as ' everywhere",
    ),
    Repair(
        "garbled no-break space",
        r"Â(\s|$)",
        "$1",
        "a no-break space (C2 A0 in UTF-8) read as Latin-1 leaves `Â` before a space or at the "
        "end: `The Arms Trade TreatyÂ`; the space stays (runs of spaces become one)",
    ),
    Repair(
        "byte marker for a closing quotation mark",
        r"<d3>",
        '"',
        "the meeting records' closing double quotation mark written as its byte in angle "
        "brackets (Mac Roman D3): `entitled _Report of the Conference on Disarmament<d3>`",
    ),
    Repair(
        "underscore for an opening quotation mark",
        r"(^|\s)_(\S)",
        '$1"$2',
        "the opening double quotation mark of the same records lost to an underscore at the "
        "start of a word (an underscore inside a word, where a letter such as á was lost, is "
        "left: `Gonz_lez`)",
    ),
    Repair(
        "underscore for an opening quotation mark after a word",
        r"(\p{Ll})_(\p{Lu})",
        '$1 "$2',
        "the same underscore with the space before it lost: `entitled_Small arms` (a capital "
        "follows it; inside a word a small letter does)",
    ),
    Repair(
        "byte marker for an apostrophe",
        r"<90>",
        "'",
        "an apostrophe written as a byte in angle brackets: `the Assembly<90>s information`",
    ),
    Repair(
        "page-break control character",
        "\x08",
        " ",
        "a backspace (U+0008) where the meeting record's page break fell: `oneby one. 12\\x08 "
        "We`; it becomes a space",
    ),
    Repair(
        "lost hyphen",
        r"([A-Za-z])\?([A-Za-z])",
        "$1-$2",
        "a question mark between two letters, where a hyphen the conversion could not write "
        "was lost: `co?operation`, `Long?term`",
    ),
)


def repaired(expr: pl.Expr) -> pl.Expr:
    for repair in REPAIRS:
        expr = expr.str.replace_all(repair.pattern, repair.replacement)
    return expr


def clean_text(col: str) -> pl.Expr:
    """Free text as published, repaired, minus stray backslashes and doubled quotes; tabs and
    runs of spaces become one space; leading/trailing spaces and quotes dropped."""
    text = repaired(pl.col(col).str.replace_all("\\", "", literal=True))
    text = text.str.replace_all(r'"{2,}', '"').str.replace_all(r"\s+", " ")
    text = text.str.strip_chars(' "')
    return pl.when(text == "").then(None).otherwise(text).alias(col)


def repair_log(texts: pl.Series) -> list[tuple[str, int, str, str]]:
    """Per repair: (name, cells it changes, an example before, and after)."""
    frame = texts.drop_nulls().unique(maintain_order=True).to_frame("t")
    out = []
    for r in REPAIRS:
        hits = frame.filter(pl.col("t").str.contains(r.pattern))
        fixed = hits.select(pl.col("t").str.replace_all(r.pattern, r.replacement))
        example = (hits["t"][0], fixed["t"][0]) if hits.height else ("", "")
        count = texts.str.contains(r.pattern).sum()
        out.append((r.name, int(count or 0), *example))
    return out
