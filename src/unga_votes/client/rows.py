"""The rows a query answers, and the ways `unga query` prints them: a table, CSV, JSON and
Markdown, every value as plain text.

`cell` escapes what a terminal would act on; the table (rich) takes cells as text, never as
markup; markdown escapes what a renderer would turn into a link, an image or HTML; csv escapes
the same characters as the table (one record per line, exact otherwise) and quotes a field that
would start a line with `::` (a CI log command); json escapes them as JSON does, so its values
stay exact.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import TYPE_CHECKING, NamedTuple

from ..escape import is_unsafe, printable
from ..markdown_table import markdown_table

if TYPE_CHECKING:
    from rich.table import Table


class Rows(NamedTuple):
    """The column names and rows of an answer, and its formats (`formats.render`)."""

    columns: list[str]
    rows: list[tuple]

    def to_table(self) -> str:
        """The rich table as the terminal shows it (its width, its colours)."""
        from rich.console import Console

        console = Console(highlight=False, emoji=False, markup=False)
        with console.capture() as captured:
            console.print(self.rich_table())
        return captured.get()

    def rich_table(self) -> Table:
        """A rich Table whose headers and cells are plain text (no markup, no emoji codes)."""
        from rich.table import Table
        from rich.text import Text

        table = Table()
        for column in self.columns:
            table.add_column(Text(cell(column)))
        for row in self.rows:
            table.add_row(*(Text(cell(v, keep="\n\t")) for v in row))
        return table

    def to_csv(self) -> str:
        """RFC 4180 with one record per line: line breaks and other unsafe characters escaped."""
        lines = [",".join(_csv_field(cell(v)) for v in row) for row in [self.columns, *self.rows]]
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        records = [
            {c: _json_value(v) for c, v in zip(self.columns, row, strict=True)} for row in self.rows
        ]
        text = json.dumps(records, ensure_ascii=False, indent=2, default=str, allow_nan=False)
        return _json_unsafe(text) + "\n"

    def to_markdown(self) -> str:
        rows = [[_text(v) for v in row] for row in self.rows]
        return "\n".join(markdown_table(self.columns, rows)) + "\n"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def cell(value: object, keep: str = "") -> str:
    """A value as the table shows it: text, unsafe characters (but `keep`) escaped."""
    return printable(_text(value), keep)


def _csv_field(text: str) -> str:
    if any(c in text for c in ',"') or text.lstrip().startswith("::") or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _json_unsafe(text: str) -> str:
    # Unsafe characters can only be inside JSON strings, where \\uXXXX means the same.
    if text.isprintable():
        return text
    return "".join(_json_escape(c) if c != "\n" and is_unsafe(c) else c for c in text)


def _json_value(v: object) -> object:
    """A value strict JSON can hold: a date as ISO text; NaN and the infinities, which JSON has
    no number for, as the text DuckDB writes ("nan", "inf", "-inf"); lists and structs inside."""
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if isinstance(v, list | tuple):
        return [_json_value(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _json_value(x) for k, x in v.items()}
    return v
