"""The UN Digital Library's two files as it publishes them, read strictly, a block at a time.

A file's version is recognised from its header (`versions`); its rows are parsed by Arrow a
block at a time and handed, as frames of text with each row's `line` in the file, to a
function that reduces them, so that a large file is never held whole (nor its bytes). A block
is at least 4 MB and grows when a row is longer (a cell of hundreds of megabytes is a row
like any other).

A file is refused, in one line, when it is empty, not UTF-8 (the header line included: UTF-16
is named as such), of no published version (the missing columns are named, or the version
and what to download instead), cut short or otherwise damaged. Cut short: a quoted cell left
open, a row with too few cells, or a last row without its line break that does not visibly
end. A last row without its line break is whole only if its last cell was closed by a quote,
or is the `undl_link` cell holding the row's own record address (https://digitallibrary.un.org/
record/ and the row's undl_id); any other end may be a cell cut in the middle. What is merely
untidy (a byte-order mark, CRLF line ends, no final line break after a whole row, a column no
version has) is read and counted: every such fix is a `Dirt` row of the reconciliation report.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from ...escape import quoted
from ..importer import SourceError
from .versions import CURRENT, RECORD, Recognised, UnknownLayout, recognise

BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# The first bytes of the compressed files a download may be (the Library's are plain CSV).
COMPRESSED = {b"\x1f\x8b": "gzip", b"PK\x03\x04": "zip; a spreadsheet workbook is one",
              b"\xfd7zXZ\x00": "xz", b"\x28\xb5\x2f\xfd": "zstd",
              b"7z\xbc\xaf\x27\x1c": "7-Zip",
              **{b"BZh" + str(n).encode(): "bzip2" for n in range(1, 10)}}  # fmt: skip
CHUNK = 1 << 24  # bytes read at a time by the scan
BLOCK = 1 << 22  # Arrow's first block: it reads ahead several, so a small one bounds memory
MAX_BLOCK = (1 << 31) - 1  # Arrow's largest block
HEADER_MAX = 1 << 20  # the longest header line read
LINE = "line"  # the column each frame gets: the row's line in the file (the header is 1)
T = TypeVar("T")


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
class Opened:
    """A file whose header and bytes were checked: its version, and what was untidy."""

    path: Path
    kind: str
    header: list[str]
    recognised: Recognised
    dirt: list[Dirt]
    size: int
    unended: bool  # no line break after the last row
    ends_quoted: bool  # its last byte (but CRs) is a quote
    sha256: str = ""
    longest: int = 0  # bytes of the longest line: Arrow's block must hold a row

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class Read:
    frame: pl.DataFrame  # one String column per column asked for (and `line` if asked)
    dirt: list[Dirt]
    opened: Opened


def open_layout(path: Path, kind: str) -> Opened:
    """Check the file's bytes and header, a chunk at a time; its version and untidiness."""
    path = Path(path)
    if path.is_dir():
        raise LayoutError(f"{path}: a directory, not the {kind} file")
    if path.exists() and not path.is_file():
        raise LayoutError(f"{path}: not a regular file, not the {kind} file")
    try:
        with path.open("rb") as f:
            first = f.read(CHUNK)
            scan = _Scan(first)
            while chunk := f.read(CHUNK):
                scan.add(chunk)
                if b"\n" not in first and len(first) < HEADER_MAX:
                    first += chunk  # the header line is longer than a chunk
    except OSError as e:
        raise LayoutError(f"{path}: cannot read ({e.strerror or e})") from e
    packed = next((name for magic, name in COMPRESSED.items() if first.startswith(magic)), None)
    if packed:
        raise LayoutError(f"{path}: a compressed file ({packed}), not the {kind} file: "
                          "decompress it first")  # fmt: skip
    if first.startswith(UTF16_BOMS):
        raise LayoutError(f"{path}: not UTF-8 (UTF-16, by its byte-order mark)")
    dirt: list[Dirt] = []
    if first.startswith(BOM):
        dirt.append(Dirt("byte-order mark removed", path.name, 1))
    if not scan.nonblank:
        raise LayoutError(f"{path}: an empty file, not the {kind} file")
    if scan.crlf:
        dirt.append(Dirt("CRLF line ends read as line ends", path.name, scan.crlf))
    header = _header(first.removeprefix(BOM), path)
    if scan.quotes % 2:
        raise LayoutError(f"{path}: a quoted cell is never closed: the file is cut short")
    if len(set(header)) != len(header):
        raise LayoutError(f"{path}: not the Library's {kind} layout: a column named twice")
    try:
        recognised = recognise(header, kind)
    except UnknownLayout as e:
        raise LayoutError(f"{path}: {e}") from e
    if recognised.extra:
        dirt.append(Dirt("column no published version of the file has: read, not used",
                         path.name, 1, [quoted(x) for x in recognised.extra[:5]]))  # fmt: skip
    if recognised.lacking:
        dirt.append(Dirt(f"column {recognised.version.name} may lack: absent, left empty",
                         path.name, 1, list(recognised.lacking)))  # fmt: skip
    unended = not scan.tail.endswith((b"\n", b"\r"))
    if unended:
        dirt.append(Dirt("no line break after the last row", path.name, 1))
    ends_quoted = scan.tail.rstrip(b"\r").endswith(b'"')
    return Opened(path, kind, header, recognised, dirt, scan.size, unended, ends_quoted,
                  scan.sha.hexdigest(), max(scan.longest, scan.run))  # fmt: skip


class _Scan:
    """What the reader needs to know of the whole file, gathered a chunk at a time."""

    def __init__(self, first: bytes) -> None:
        self.crlf = self.quotes = self.size = 0
        self.longest = self.run = 0  # the longest line, and the length of the current one
        self.nonblank = False
        self.tail = b""
        self.sha = hashlib.sha256()
        self.add(first)

    def add(self, chunk: bytes) -> None:
        joined = self.tail[-1:] + chunk  # a CR ending the last chunk, an LF starting this one
        self.crlf += joined.count(b"\r\n")
        self.quotes += chunk.count(b'"')
        self.nonblank = self.nonblank or bool(chunk.strip())
        self.size += len(chunk)
        self.sha.update(chunk)
        lines = chunk.split(b"\n")
        if len(lines) == 1:
            self.run += len(chunk)
        else:
            inner = max(map(len, lines[1:-1]), default=0)
            self.longest = max(self.longest, self.run + len(lines[0]), inner)
            self.run = len(lines[-1])
        self.tail = (self.tail + chunk)[-64:]


def read_layout(path: Path, kind: str, keep: tuple[str, ...] | None = None,
                lines: bool = False) -> Read:  # fmt: skip
    """The whole file as one frame of the columns `keep` (default: every column the version
    has, by the names the reader uses), with `line` if asked: for a file small enough."""
    return frame_of(open_layout(path, kind), keep, lines)


def frame_of(opened: Opened, keep: tuple[str, ...] | None = None, lines: bool = False) -> Read:
    """The whole file (opened) as one frame: see `read_layout`."""
    wanted = list(keep or opened.recognised.version.columns)
    cols = [*wanted, LINE] if lines else wanted
    frames = read_batches(opened, lambda frame: frame.select(cols))
    frame = pl.concat(frames, rechunk=False) if frames else pl.DataFrame(
        schema={c: pl.Int64 if c == LINE else pl.String for c in cols}
    )  # fmt: skip
    return Read(frame, opened.dirt, opened)


def read_batches(opened: Opened, reduce: Callable[[pl.DataFrame], T]) -> list[T]:
    """`reduce` of each block of rows: a frame with every column of the version and of the
    current layout (by the names the reader uses; a column the file lacks is empty) and
    `line`. A block holds the file's longest line; a row longer still (a quoted cell with line
    breaks) makes the whole file read again with larger blocks (so `reduce` must not keep
    anything itself)."""
    block = max(BLOCK, min(opened.longest + 1024, MAX_BLOCK))  # the longest line fits
    while True:
        try:
            return [reduce(frame) for frame in _frames(opened, block)]
        except _Straddle:
            if block >= MAX_BLOCK or block > 2 * opened.size:
                raise LayoutError(f"{opened.path}: a row too long to read") from None
            block = min(block * 4, MAX_BLOCK)


class _Straddle(Exception):
    """A row longer than the block: read again with a larger one."""


def _frames(opened: Opened, block: int) -> Iterator[pl.DataFrame]:
    rec = opened.recognised
    renames = {header: column for column, header in rec.names.items()}
    # Every column of the current layout, an older version's lack empty (version 1's session).
    absent = [
        c
        for c in dict.fromkeys((*CURRENT[opened.kind].columns, *rec.lacking))
        if c not in rec.names
    ]
    source = pa.OSFile(str(opened.path))
    reader = None
    line = 2
    last = None
    try:
        try:
            reader = pacsv.open_csv(
                source,
                read_options=pacsv.ReadOptions(
                    column_names=opened.header, skip_rows=1, block_size=block
                ),
                parse_options=pacsv.ParseOptions(newlines_in_values=True),
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(opened.header, pa.string()),
                    strings_can_be_null=False,
                ),
            )
            for batch in reader:
                frame = pl.from_arrow(batch)
                assert isinstance(frame, pl.DataFrame)
                if not frame.height:
                    continue
                frame, line = _lined(frame, line)
                last = frame.row(-1, named=True)
                out = frame.select(*renames, LINE).rename(renames)
                yield out.with_columns(pl.lit("").alias(c) for c in absent)
        except pa.ArrowInvalid as e:
            detail = " ".join(str(e).split())
            if "straddl" in detail or "larger than block size" in detail:
                raise _Straddle from None
            raise _parse_error(detail, opened.path) from None
    finally:
        if reader is not None:
            reader.close()
        source.close()
    if opened.unended and last is not None:
        _check_end(last, opened)


def _lined(frame: pl.DataFrame, first: int) -> tuple[pl.DataFrame, int]:
    """The frame with each row's line (a cell's own line breaks counted), and the next line."""
    breaks = [pl.col(c).str.count_matches("\n", literal=True) for c in frame.columns]
    extra = frame.select(pl.sum_horizontal(breaks).cast(pl.Int64).alias("n"))["n"]
    lines = pl.int_range(frame.height, eager=True, dtype=pl.Int64) + first
    if extra.sum():
        lines = lines + (extra.cum_sum() - extra)
    nxt = first + frame.height + int(extra.sum())
    return frame.with_columns(lines.alias(LINE)), nxt


def _check_end(last: dict[str, str], opened: Opened) -> None:
    """Refuse a last row (without its line break) whose last cell may be cut short."""
    if opened.ends_quoted:
        return  # the cell was closed by its quote
    column = opened.header[-1]
    cell = last[column]
    own = opened.recognised.names.get("undl_link") == column
    number = re.sub(r"\.0+$", "", last[opened.recognised.names["undl_id"]].strip())  # 285346.0
    if own and cell == RECORD + number:
        return
    raise LayoutError(
        f"{opened.path}: cut short: the last row has no line break after it and its last cell "
        f"({column} {quoted(cell)}) is not a whole value (a row's own record address); "
        "if the file is whole, add a line break at its end"
    )


def _not_utf8(path: Path) -> LayoutError:
    """The error for bytes that are not UTF-8, naming the line of the first bad byte."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 1
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as e:
                line = lines + chunk[: e.start].count(b"\n")
                bad = chunk[e.start : e.start + 4].hex(" ")
                return LayoutError(f"{path}: not UTF-8 (bytes {bad} on line {line})")
            lines += chunk.count(b"\n")
    return LayoutError(f"{path}: not UTF-8")


def _header(first: bytes, path: Path) -> list[str]:
    raw = first.split(b"\n", 1)[0].rstrip(b"\r")
    if b"\x00" in raw:  # valid UTF-8, but text in UTF-16 without its byte-order mark
        raise LayoutError(f"{path}: not UTF-8 (NUL bytes in the header line: UTF-16?)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _not_utf8(path) from e
    try:
        names = next(csv.reader([text]))
    except (csv.Error, StopIteration) as e:
        raise LayoutError(f"{path}: no readable header line") from e
    return [n.strip() for n in names]


def _parse_error(detail: str, path: Path) -> LayoutError:
    if "utf8" in detail.lower():
        return _not_utf8(path)
    if "Expected" in detail and "columns, got" in detail:
        detail = detail.split("CSV parse error: ", 1)[-1][:160]
        return LayoutError(
            f"{path}: a row with the wrong number of cells ({detail}): cut short or damaged"
        )
    return LayoutError(f"{path}: not a CSV file ({detail[:160]})")
