"""How a package's CSV files are written: canonical text (ISO dates, true and false, nulls
empty), \n line ends, each renamed into place (`outputs.write_all`)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..outputs import Writer, write_all
from .types import text_expr


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(text_expr(c, frame.schema[c]).alias(c) for c in frame.columns)


def csv_writer(frame: pl.DataFrame) -> Writer:
    """How the package's CSV files are written: canonical text, \\n line ends."""
    return lambda tmp: as_text(frame).write_csv(
        tmp, line_terminator="\n", null_value="", quote_style="necessary"
    )


def write_csv(frame: pl.DataFrame, path: Path) -> None:
    """The frame as the package's CSV files are written (csv_writer), atomically."""
    write_all({path: csv_writer(frame)})
