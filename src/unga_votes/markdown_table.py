"""Markdown tables (GitHub's pipe tables), written one way for every report and document.

A cell is a value, shown as written (`escape.markdown`), unless it is `Markup`: the project's
own Markdown (`code`, a link, a description from a Table Schema), written as it is but for its
pipes, escaped so that they stay in their cell.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

from .escape import markdown

# A pipe not already escaped: after an even number of backslashes (none included).
BARE_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")


class Markup(str):
    """Text that is Markdown already, for a table cell."""


def cell(value: object) -> str:
    """A table cell: Markup as it is (its bare pipes escaped), any other value as text."""
    if isinstance(value, Markup):
        return BARE_PIPE.sub(r"\1\\|", value)
    return markdown(value)


def _line(cells: Iterable[object]) -> str:
    return "| " + " | ".join(cell(c) for c in cells) + " |"


def markdown_table(
    header: Sequence[str], rows: Iterable[Sequence[object]], right: Collection[str] = ()
) -> list[str]:
    """The lines of a table: the header, the delimiter row (the columns named in `right`
    aligned right), then a line per row of as many cells as the header."""
    lines = [_line(header), "|" + "".join("---:|" if h in right else "---|" for h in header)]
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"a row of {len(row)} cells in a table of {len(header)} columns")
        lines.append(_line(row))
    return lines
