"""The UN Digital Library's two files as it publishes them, read strictly into frames of text.

A file is refused, in one line, when it is empty, not UTF-8 (the header line included: UTF-16
is named as such), in another layout (the missing and unknown columns are named), cut short or
otherwise damaged. Cut short: a quoted cell left open, a row with too few cells, or a last row
without its line break that does not visibly end. A last row without its line break is whole
only if its last cell was closed by a quote, or is the `undl_link` cell holding the row's own
record address (https://digitallibrary.un.org/record/ and the row's undl_id); any other end may
be a cell cut in the middle. What is merely untidy (a byte-order mark, CRLF line ends, no final
line break after a whole row) is read and counted: every such fix is a `Dirt` row of the
reconciliation report.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from ...escape import quoted
from ..importer import SourceError

VOTING = (
    "undl_id",
    "ms_code",
    "ms_name",
    "ms_vote",
    "date",
    "session",
    "resolution",
    "draft",
    "committee_report",
    "meeting",
    "title",
    "agenda_title",
    "subjects",
    "vote_note",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
    "total_ms",
    "undl_link",
)
RESOLUTIONS = (
    "undl_id",
    "resolution",
    "session",
    "date",
    "title",
    "modality",
    "draft",
    "committee_report",
    "meeting",
    "agenda_title",
    "subjects",
    "vote_note",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
    "total_ms",
    "undl_link",
)
BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
RECORD = "https://digitallibrary.un.org/record/"


class LayoutError(SourceError):
    """A file that cannot be read as the Library's layout; the message names file and cause."""


@dataclass
class Dirt:
    """Untidiness fixed by a stated rule: which rule, in which file, how often, examples."""

    rule: str
    file: str
    count: int  # rows of the file
    examples: list[str] = field(default_factory=list)
    left_out: bool = False  # the rows are not in the edition (else: read, as repaired)
    votes: int | None = None  # for a rule that leaves out whole votes: how many


@dataclass
class Read:
    frame: pl.DataFrame  # one String column per layout column, in the layout's order
    dirt: list[Dirt]


def read_layout(
    path: Path, columns: tuple[str, ...], what: str, keep: tuple[str, ...] | None = None
) -> Read:
    """The file at `path` in the layout `columns` (`what` names the layout in messages); only
    the columns `keep` (default: all) are read into the frame."""
    name = Path(path).name
    source, data = _open(Path(path), what)
    with source:
        dirt: list[Dirt] = []
        if data.startswith(UTF16_BOMS):
            raise LayoutError(f"{path}: not UTF-8 (UTF-16, by its byte-order mark)")
        if data.startswith(BOM):
            data = data[len(BOM) :]
            dirt.append(Dirt("byte-order mark removed", name, 1))
        if not data.strip():
            raise LayoutError(f"{path}: an empty file, not the {what} file")
        crlf = data.count(b"\r\n")
        if crlf:
            dirt.append(Dirt("CRLF line ends read as line ends", name, crlf))
        header = _header(data, path)
        if data.count(b'"') % 2:
            raise LayoutError(f"{path}: a quoted cell is never closed: the file is cut short")
        unended = not data.endswith((b"\n", b"\r"))
        if unended:
            dirt.append(Dirt("no line break after the last row", name, 1))
        missing = [c for c in columns if c not in header]
        unknown = [c for c in header if c not in columns]
        if missing or unknown or len(set(header)) != len(header):
            parts = [f"missing {', '.join(missing)}"] if missing else []
            parts += [f"unknown {', '.join(unknown)}"] if unknown else []
            parts += ["a column named twice"] if len(set(header)) != len(header) else []
            raise LayoutError(f"{path}: not the Library's {what} layout: {'; '.join(parts)}")
        wanted = list(keep or columns)
        frame = _parse(source, data, header, path, [*wanted, *_ends(header, unended, wanted)])
        if unended and frame.height:
            _check_end(frame.row(-1, named=True), header[-1], data, path)
        return Read(frame.select(wanted), dirt)


def _ends(header: list[str], unended: bool, wanted: list[str]) -> list[str]:
    """The columns the end check needs that `wanted` lacks."""
    need = ["undl_id", header[-1]] if unended else []
    return [c for c in dict.fromkeys(need) if c not in wanted]


def _check_end(last: dict[str, str], column: str, data: bytes, path: Path) -> None:
    """Refuse a last row (without its line break) whose last cell may be cut short."""
    if data.rstrip(b"\r").endswith(b'"'):
        return  # the cell was closed by its quote
    cell = last[column]
    if column == "undl_link" and cell == RECORD + last["undl_id"].strip():
        return
    raise LayoutError(
        f"{path}: cut short: the last row has no line break after it and its last cell "
        f"({column} {quoted(cell)}) is not a whole value (a row's own record address); "
        "if the file is whole, add a line break at its end"
    )


def _open(path: Path, what: str) -> tuple[pa.NativeFile, bytes]:
    """The file as a native Arrow file and its bytes. Arrow's CSV reader reads its
    own handle: a Python-owned buffer handed to it may be released by a read-ahead thread
    after a parse error while the interpreter shuts down, which aborts the process."""
    if path.is_dir():
        raise LayoutError(f"{path}: a directory, not the {what} file")
    if path.exists() and not path.is_file():
        raise LayoutError(f"{path}: not a regular file, not the {what} file")
    try:
        data = path.read_bytes()
        source = pa.OSFile(str(path))
    except OSError as e:
        raise LayoutError(f"{path}: cannot read ({e.strerror or e})") from e
    return source, data


def _not_utf8(data: bytes, path: Path) -> LayoutError:
    """The error for bytes that are not UTF-8, naming the line of the first bad byte."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        return LayoutError(
            f"{path}: not UTF-8 (bytes {data[e.start : e.start + 4].hex(' ')} on line {line})"
        )
    return LayoutError(f"{path}: not UTF-8")


def _header(data: bytes, path: Path) -> list[str]:
    raw = data.split(b"\n", 1)[0].rstrip(b"\r")
    if b"\x00" in raw:  # valid UTF-8, but text in UTF-16 without its byte-order mark
        raise LayoutError(f"{path}: not UTF-8 (NUL bytes in the header line: UTF-16?)")
    try:
        first = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _not_utf8(data, path) from e
    try:
        names = next(csv.reader([first]))
    except (csv.Error, StopIteration) as e:
        raise LayoutError(f"{path}: no readable header line") from e
    return [n.strip() for n in names]


def _parse(
    source: pa.NativeFile, data: bytes, header: list[str], path: Path, keep: list[str]
) -> pl.DataFrame:
    """Parse `source` (whose bytes are `data`) strictly: every row with every cell, UTF-8
    throughout; a block at a time into polars, so that a large file is never held in two full
    copies. Arrow skips a byte-order mark itself."""
    reader, error, chunks = None, None, []
    try:
        reader = pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                include_columns=keep,
            ),
        )
        chunks = [pl.from_arrow(batch) for batch in reader]
    except pa.ArrowInvalid as e:
        error = " ".join(str(e).split())
    finally:
        if reader is not None:
            reader.close()
        reader = None
    if error is not None:
        raise _parse_error(error, data, path)
    frames = [c for c in chunks if isinstance(c, pl.DataFrame)]
    if not frames:
        return pl.DataFrame(schema=dict.fromkeys(keep, pl.String))
    return pl.concat(frames, rechunk=False)


def _parse_error(detail: str, data: bytes, path: Path) -> LayoutError:
    if "utf8" in detail.lower():
        return _not_utf8(data, path)
    if "Expected" in detail and "columns, got" in detail:
        detail = detail.split("CSV parse error: ", 1)[-1][:160]
        return LayoutError(
            f"{path}: a row with the wrong number of cells ({detail}): cut short or damaged"
        )
    return LayoutError(f"{path}: not a CSV file ({detail[:160]})")
