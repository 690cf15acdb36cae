"""Read one CSV resource into a frame of strings, reporting structural damage instead of raising.

Every cell is kept as text (types are checked later, from the Table Schema), with a `_line`
column giving the physical line each row starts on, so every later violation has a location.
A file with structural damage (encoding, BOM, line ends, header, ragged rows, quotes) yields no
frame: its rows cannot be trusted to be the rows the author meant.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import polars as pl

from .. import catalogue
from ..report import Violation
from .constraints import file_digest
from .descriptor import Package, Resource
from .files import PackageError
from .keys import key_expr
from .types import POLARS, kind, parse_expr

# What reading a file checks (the package and its descriptor are loaded in `validate`).
RULES = (catalogue.PACKAGE_MISSING_FILE, catalogue.PACKAGE_FILE_INTEGRITY,
         *catalogue.in_family("csv"))  # fmt: skip


@contextmanager
def _cells_up_to(size: int) -> Iterator[None]:
    """Let the csv module read a cell of any size up to `size` characters. Its default limit
    (128 Ki) would turn a long cell into a false quoting error; the body is in memory already,
    and each field's maxLength is checked later, with the cell's line and column."""
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, size))
    try:
        yield
    finally:
        csv.field_size_limit(before)


LINE = "_line"
KEY = "_key"  # in typed frames: the row's key (keys.key_expr over the text cells)
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Table:
    resource: Resource
    frame: pl.DataFrame  # one String column per field, plus _line
    data: bytes  # the file's bytes, exactly as read and checked

    def cells(self) -> pl.DataFrame:
        """The text cells alone, without the line numbers."""
        return self.frame.drop(LINE)

    def typed(self) -> pl.DataFrame:
        """Each column cast to its Table Schema type (unparsable cells null), with _line and
        the row's _key."""
        exprs = [parse_expr(f).alias(f["name"]) for f in self.resource.fields]
        key = key_expr(self.resource.primary_key).alias(KEY)
        return self.frame.select([*exprs, pl.col(LINE), key])


def empty_typed(resource: Resource) -> pl.DataFrame:
    """A typed frame of no rows, for a table that could not be read."""
    schema = {f["name"]: POLARS[kind(f)] for f in resource.fields}
    return pl.DataFrame(schema=schema | {LINE: pl.Int64, KEY: pl.String})


def read_table(package: Package, resource: Resource) -> tuple[Table | None, list[Violation]]:
    """The resource's table from the package's files; a missing file is a violation."""
    reader = _Reader(resource)
    try:
        data = package.files.read(resource.path)
    except PackageError as e:
        reader.fail(
            catalogue.PACKAGE_DESCRIPTOR, line=None, expected="a file in the package", found=str(e)
        )
        return None, reader.violations
    if data is None:
        reader.fail(catalogue.PACKAGE_MISSING_FILE, line=None, expected="a file", found="none")
        return None, reader.violations
    table, problems = read_bytes(resource, data)
    return table, integrity_violations(resource, data) + problems


def integrity_violations(resource: Resource, data: bytes) -> list[Violation]:
    """The file against the `bytes` and `hash` its resource declares. Reported, not fatal:
    the cells are still checked, for the file may be right and the declaration stale."""
    out = []
    where = f"{resource.path} (resource {resource.name!r})"
    if resource.bytes is not None and resource.bytes != len(data):
        out.append(
            Violation(
                file=resource.path, line=None, column=None, rule=catalogue.PACKAGE_FILE_INTEGRITY,
                expected=f"{resource.bytes:,} bytes, as declared for {where}",
                found=f"{len(data):,} bytes",
            )
        )  # fmt: skip
    if resource.hash is not None:
        algorithm, declared = resource.hash
        actual = file_digest(algorithm, data)
        if actual != declared:
            out.append(
                Violation(
                    file=resource.path, line=None, column=None,
                    rule=catalogue.PACKAGE_FILE_INTEGRITY,
                    expected=f"{algorithm} {declared}, as declared for {where}",
                    found=f"{algorithm} {actual}",
                )
            )  # fmt: skip
    return out


def read_bytes(resource: Resource, data: bytes) -> tuple[Table | None, list[Violation]]:
    """The resource's table from the bytes of its file (from disk, a git blob or a zip)."""
    reader = _Reader(resource)
    frame = reader.read(data)
    table = Table(resource, frame, data) if frame is not None and not reader.fatal else None
    return table, reader.violations


class _Reader:
    def __init__(self, resource: Resource) -> None:
        self.resource = resource
        self.fields = resource.field_names
        self.violations: list[Violation] = []
        self.fatal = False

    def fail(
        self,
        rule: catalogue.Rule,
        *,
        line: int | None,
        column: str | None = None,
        expected: str,
        found: str,
        fatal: bool = True,
    ) -> None:
        """A violation of the file; a fatal one (the default) leaves the file unread."""
        self.violations.append(
            Violation(
                file=self.resource.path,
                line=line,
                column=column,
                rule=rule,
                expected=expected,
                found=found,
            )
        )
        self.fatal = self.fatal or fatal

    def read(self, data: bytes) -> pl.DataFrame | None:
        if not data.strip():
            self.fail(
                catalogue.CSV_EMPTY_FILE, line=1, expected="a header row", found="an empty file"
            )
            return None
        if data.startswith(BOM):
            # Reported, then read past: the rest of the file may hold more to report.
            self.fail(catalogue.CSV_BOM, line=1, expected="UTF-8 without a byte-order mark",
                      found="a BOM", fatal=False)  # fmt: skip
            data = data[len(BOM) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            line = data[: e.start].count(b"\n") + 1
            bad = data[e.start : e.start + 4].hex(" ")
            self.fail(
                catalogue.CSV_ENCODING,
                line=line,
                expected="UTF-8 text",
                found=f"bytes {bad} (not UTF-8)",
            )
            return None
        if "\r" in text:
            line = text.count("\n", 0, text.index("\r")) + 1
            self.fail(
                catalogue.CSV_LINE_ENDING,
                line=line,
                expected="\\n line ends",
                found="\\r (CRLF or CR line ends)",
            )
            return None
        header_end = text.find("\n")
        header_line = text if header_end < 0 else text[:header_end]
        body = "" if header_end < 0 else text[header_end + 1 :]
        if not self.check_header(header_line):
            return None
        if '"' in body:
            return self.read_quoted(body)
        return self.read_plain(body)

    def check_header(self, header_line: str) -> bool:
        expected = ",".join(self.fields)
        if not header_line.strip():
            self.fail(
                catalogue.CSV_HEADER_MISSING,
                line=1,
                expected=f"header {expected}",
                found="an empty line",
            )
            return False
        try:
            names = next(csv.reader([header_line], strict=True))
        except csv.Error as e:
            self.fail(
                catalogue.CSV_HEADER_MISSING,
                line=1,
                expected=f"header {expected}",
                found=f"unparsable ({e})",
            )
            return False
        if names == self.fields:
            return True
        seen: set[str] = set()
        for name in names:
            if name in seen:
                self.fail(
                    catalogue.CSV_HEADER_DUPLICATE,
                    line=1,
                    column=name,
                    expected="each column once",
                    found=f"{name} twice",
                )
            seen.add(name)
        if self.fatal:
            return False
        if not set(names) & set(self.fields):
            self.fail(
                catalogue.CSV_HEADER_MISSING,
                line=1,
                expected=f"header {expected}",
                found=f"{header_line[:80]}",
            )
            return False
        missing = [f for f in self.fields if f not in names]
        extra = [n for n in names if n not in self.fields]
        parts = [f"missing {', '.join(missing)}"] if missing else []
        parts += [f"unexpected {', '.join(extra)}"] if extra else []
        found = "; ".join(parts) if parts else f"columns in the order {','.join(names)}"
        self.fail(catalogue.CSV_HEADER_MISMATCH, line=1, expected=f"header {expected}", found=found)
        return False

    def read_plain(self, body: str) -> pl.DataFrame | None:
        """No quote character anywhere: each line is one record, checked vectorised."""
        data = body.encode("utf-8")
        raw = np.frombuffer(data, dtype=np.uint8)
        # One pass finds every separator; a line's commas are the separators between its end
        # and the previous line's end.
        seps = np.flatnonzero((raw == 10) | (raw == 44))
        newlines = np.flatnonzero(raw[seps] == 10)
        ends = seps[newlines]
        if len(raw) and raw[-1] != 10:
            ends = np.append(ends, len(raw))
            newlines = np.append(newlines, len(seps))
        starts = np.concatenate(([0], ends[:-1] + 1)) if len(ends) else ends
        counts = np.diff(newlines, prepend=-1) - 1
        width = len(self.fields)
        for i in np.flatnonzero(ends == starts)[:20]:
            self.fail(
                catalogue.CSV_BLANK_ROW,
                line=int(i) + 2,
                expected=f"{width} cells",
                found="an empty line",
            )
        for i in np.flatnonzero((counts != width - 1) & (ends != starts))[:20]:
            self.fail(
                catalogue.CSV_RAGGED_ROW,
                line=int(i) + 2,
                expected=f"{width} cells",
                found=f"{counts[i] + 1}",
            )
        if self.fatal:
            return None
        schema = dict.fromkeys(self.fields, pl.String)
        if len(ends) == 0:
            frame = pl.DataFrame(schema=schema)
        else:
            frame = pl.read_csv(
                data,
                has_header=False,
                new_columns=self.fields,
                schema=schema,
                quote_char=None,
            )
        return frame.with_columns(pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias(LINE))

    def read_quoted(self, body: str) -> pl.DataFrame | None:
        """Quoted cells may hold commas and line breaks: parse with the csv module."""
        with _cells_up_to(len(body)):
            return self._read_quoted(body)

    def _read_quoted(self, body: str) -> pl.DataFrame | None:
        width = len(self.fields)
        reader = csv.reader(io.StringIO(body, newline=""), strict=True)
        rows: list[list[str]] = []
        lines: list[int] = []
        consumed = 0
        while True:
            start = consumed + 2  # the header is line 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                if "unexpected end of data" in str(e):
                    self.fail(
                        catalogue.CSV_UNCLOSED_QUOTE,
                        line=start,
                        expected="a closing quote",
                        found="end of file",
                    )
                else:
                    self.fail(
                        catalogue.CSV_QUOTING,
                        line=reader.line_num + 1,
                        expected="RFC 4180 quoting",
                        found=str(e),
                    )
                break
            consumed = reader.line_num
            if not record:
                self.fail(
                    catalogue.CSV_BLANK_ROW,
                    line=start,
                    expected=f"{width} cells",
                    found="an empty line",
                )
            elif len(record) != width:
                self.fail(
                    catalogue.CSV_RAGGED_ROW,
                    line=start,
                    expected=f"{width} cells",
                    found=f"{len(record)}",
                )
            else:
                rows.append(record)
                lines.append(start)
            if len(self.violations) >= 40:
                break
        if self.fatal:
            return None
        columns = {
            name: pl.Series(name, [r[i] or None for r in rows], dtype=pl.String)
            for i, name in enumerate(self.fields)
        }
        return pl.DataFrame(columns).with_columns(pl.Series(LINE, lines, dtype=pl.Int64))
