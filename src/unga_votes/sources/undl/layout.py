"""The UN Digital Library's two files as it publishes them, read strictly into frames of text.

A file is refused, in one line, when it is empty, not UTF-8, in another layout (the missing
and unknown columns are named), cut short (a quoted cell left open, a row with too few cells)
or otherwise damaged. What is merely untidy (a byte-order mark, CRLF line ends, no final line
break) is read and counted: every such fix is a `Dirt` row of the reconciliation report.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from ..importer import SourceError

VOTING = (
    "undl_id", "ms_code", "ms_name", "ms_vote", "date", "session", "resolution", "draft",
    "committee_report", "meeting", "title", "agenda_title", "subjects", "vote_note",
    "total_yes", "total_no", "total_abstentions", "total_non_voting", "total_ms", "undl_link",
)  # fmt: skip
RESOLUTIONS = (
    "undl_id", "resolution", "session", "date", "title", "modality", "draft",
    "committee_report", "meeting", "agenda_title", "subjects", "vote_note", "total_yes",
    "total_no", "total_abstentions", "total_non_voting", "total_ms", "undl_link",
)  # fmt: skip
BOM = b"\xef\xbb\xbf"


class LayoutError(SourceError):
    """A file that cannot be read as the Library's layout; the message names file and cause."""


@dataclass
class Dirt:
    """Untidiness fixed by a stated rule: which rule, in which file, how often, examples."""

    rule: str
    file: str
    count: int
    examples: list[str] = field(default_factory=list)


@dataclass
class Read:
    frame: pl.DataFrame  # one String column per layout column, in the layout's order
    dirt: list[Dirt]


def read_layout(path: Path, columns: tuple[str, ...], what: str) -> Read:
    """The file at `path` in the layout `columns` (`what` names the layout in messages)."""
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError as e:
        raise LayoutError(f"{path}: a directory, not the {what} file") from e
    except OSError as e:
        raise LayoutError(f"{path}: cannot read ({e.strerror or e})") from e
    dirt: list[Dirt] = []
    if data.startswith(BOM):
        data = data[len(BOM) :]
        dirt.append(Dirt("byte-order mark removed", name, 1))
    if not data.strip():
        raise LayoutError(f"{path}: an empty file, not the {what} file")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise LayoutError(
            f"{path}: not UTF-8 (bytes {data[e.start : e.start + 4].hex(' ')} on line {line})"
        ) from e
    crlf = data.count(b"\r\n")
    if crlf:
        dirt.append(Dirt("CRLF line ends read as line ends", name, crlf))
    if data.count(b'"') % 2:
        raise LayoutError(f"{path}: a quoted cell is never closed: the file is cut short")
    if not data.endswith(b"\n"):
        dirt.append(Dirt("no line break after the last row", name, 1))
    header = _header(data, path)
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns]
    if missing or unknown or len(set(header)) != len(header):
        parts = [f"missing {', '.join(missing)}"] if missing else []
        parts += [f"unknown {', '.join(unknown)}"] if unknown else []
        parts += ["a column named twice"] if len(set(header)) != len(header) else []
        raise LayoutError(f"{path}: not the Library's {what} layout: {'; '.join(parts)}")
    return Read(_parse(data, header, path).select(columns), dirt)


def _header(data: bytes, path: Path) -> list[str]:
    first = data.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8")
    try:
        names = next(csv.reader([first]))
    except (csv.Error, StopIteration) as e:
        raise LayoutError(f"{path}: no readable header line") from e
    return [n.strip() for n in names]


def _parse(data: bytes, header: list[str], path: Path) -> pl.DataFrame:
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid as e:
        detail = " ".join(str(e).split())
        if "Expected" in detail and "columns, got" in detail:
            detail = detail.split("CSV parse error: ", 1)[-1][:160]
            raise LayoutError(f"{path}: a row with the wrong number of cells ({detail}): "
                              "cut short or damaged") from e  # fmt: skip
        raise LayoutError(f"{path}: not a CSV file ({detail[:160]})") from e
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame
