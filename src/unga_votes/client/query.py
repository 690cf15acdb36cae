"""Read-only SQL over a release database, and the ways `unga query` prints the answer.

A release database may come from a hostile host, and the SQL from anyone: the connection is
locked down before any SQL runs, and only one statement that reads is run.

- The database is opened as every reader of a release opens it (`release/reader.py`):
  read-only, DuckDB's external access off (no file but the database itself, no network:
  `COPY ... TO`, `EXPORT DATABASE`, `ATTACH`, `read_text`, `read_csv`, `glob` fail), no
  extension installed, loaded or autoloaded, the configuration locked (`SET`, `PRAGMA` cannot
  undo any of it), and a release whose view needs more (a view reading a local file) refused.
- `check_statement` accepts exactly one statement, as DuckDB's own parser splits them, of a
  type that reads: SELECT (WITH, VALUES, FROM-first, TABLE, DESCRIBE, SHOW, SUMMARIZE, UNPIVOT,
  PIVOT with its values listed), PIVOT, and EXPLAIN of one of those.
- Every printed value is plain text: `visible` escapes what a terminal would act on; the table
  (rich) takes cells as text, never as markup; markdown escapes what a renderer would turn into
  a link, an image or HTML; csv escapes the same characters as the table (one record per line,
  exact otherwise) and quotes a field that would start a line with `::` (a CI log command);
  json escapes them as JSON does, so its values stay exact.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import duckdb

from ..errors import UngaError
from ..escape import is_unsafe, is_utf8, printable
from ..markdown_table import markdown_table
from ..release.reader import NoDatabase, ReleaseReadError, open_release
from .download import cached


class QueryError(UngaError):
    """No database to query, or the SQL failed; the message says which."""

    exit_code = 1

    def __str__(self) -> str:  # the message may quote the SQL or the database's text
        return printable(super().__str__())


class QueryUsageError(QueryError):
    """The SQL is not one read statement, or --db names no database."""

    exit_code = 2


READS = frozenset({duckdb.StatementType.SELECT})


def connect(
    database: Path | str | None = None, version: str = "latest", directory: Path | None = None
) -> duckdb.DuckDBPyConnection:
    """A read-only, locked-down DuckDB connection to `database`, or to the cached release
    (`unga download`)."""
    if database is None:
        release = cached(version, directory)
        if release is None:
            raise QueryError(f"no {version} release in the cache: run `unga download` first")
        database = release.database
    try:
        return open_release(database)
    except NoDatabase as e:
        raise QueryUsageError(str(e)) from e
    except ReleaseReadError as e:
        raise QueryError(str(e)) from e


def _first_line(e: Exception) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


def _tokens(sql: str) -> list[tuple[int, str]]:
    """DuckDB's tokens of `sql` as (offset, text in capitals), comments left out."""
    tokens = duckdb.tokenize(sql)
    ends = [start for start, _ in tokens[1:]] + [len(sql)]
    return [(start, sql[start:end].strip().upper())
            for (start, kind), end in zip(tokens, ends, strict=True)
            if kind != duckdb.token_type.comment]  # fmt: skip


def _explained(sql: str) -> str | None:
    """What an EXPLAIN [ANALYZE] [(options)] statement explains, from DuckDB's tokens."""
    tokens = _tokens(sql)
    at = 0
    if at < len(tokens) and tokens[at][1] == "EXPLAIN":
        at += 1
    if at < len(tokens) and tokens[at][1] == "ANALYZE":
        at += 1
    if at < len(tokens) and tokens[at][1] == "(":
        depth = 0
        while at < len(tokens):
            word = tokens[at][1]
            depth += (word == "(") - (word == ")")
            at += 1
            if depth == 0:
                break
    return sql[tokens[at][0] :] if at < len(tokens) else None


def _reads(con: duckdb.DuckDBPyConnection, statement: duckdb.Statement) -> bool:
    if statement.type in READS:
        return True
    if statement.type == duckdb.StatementType.MULTI:  # PIVOT with its values from the data
        tokens = _tokens(statement.query)
        return bool(tokens) and tokens[0][1] == "PIVOT"
    if statement.type == duckdb.StatementType.EXPLAIN:  # EXPLAIN ANALYZE runs what it explains
        inner = _explained(statement.query)
        if inner is None or len(inner) >= len(statement.query):
            return False
        try:
            explained = con.extract_statements(inner)
        except duckdb.Error:
            return False
        return len(explained) == 1 and _reads(con, explained[0])
    return False


def check_statement(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.Statement:
    """The one statement of `sql`, if it only reads; QueryUsageError otherwise."""
    if not is_utf8(sql):
        raise QueryUsageError("the SQL is not UTF-8 text")
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as e:
        raise QueryError(_first_line(e)) from e
    if not statements:
        raise QueryUsageError("no SQL statement given")
    if len(statements) > 1:
        raise QueryUsageError(f"{len(statements)} statements given: one statement is run at a time")
    statement = statements[0]
    if not _reads(con, statement):
        tokens = _tokens(statement.query)
        word = tokens[0][1][:20] if tokens else statement.type.name
        raise QueryUsageError(
            f"{word} refused: one statement that reads is run (SELECT, WITH, VALUES, FROM, "
            "TABLE, DESCRIBE, SHOW, SUMMARIZE, PIVOT, or EXPLAIN of one); the database is "
            "read-only"
        )
    return statement


def run(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    """Columns and rows of `sql`, which must be one statement that reads."""
    statement = check_statement(con, sql)
    try:
        rel = con.sql(statement)
        if rel is None:
            return [], []
        columns = list(rel.columns)
        # A time zone-aware value would need pytz to become Python's: shown as DuckDB's text.
        zoned = [i for i, t in enumerate(rel.types, 1) if "WITH TIME ZONE" in str(t)]
        if zoned:
            rel = rel.project(", ".join(f"CAST(#{i} AS VARCHAR)" if i in zoned else f"#{i}"
                                        for i in range(1, len(columns) + 1)))  # fmt: skip
        return columns, rel.fetchall()
    except duckdb.Error as e:
        raise QueryError(_first_line(e)) from e


def tables(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[tuple]]:
    """Tables, views and table macros of the database, with their comments."""
    return run(
        con,
        """
        SELECT table_name AS name, 'table' AS kind, comment FROM duckdb_tables()
        UNION ALL
        SELECT view_name, 'view', comment FROM duckdb_views() WHERE NOT internal
        UNION ALL
        SELECT DISTINCT function_name, 'table macro', comment FROM duckdb_functions()
        WHERE function_type = 'table_macro' AND NOT internal
        ORDER BY kind, name
        """,
    )


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


def to_csv(columns: list[str], rows: list[tuple]) -> str:
    """RFC 4180 with one record per line: line breaks and other unsafe characters escaped."""
    lines = [",".join(_csv_field(cell(v)) for v in row) for row in [columns, *rows]]
    return "\n".join(lines) + "\n"


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


def to_json(columns: list[str], rows: list[tuple]) -> str:
    records = [{c: _json_value(v) for c, v in zip(columns, r, strict=True)} for r in rows]
    text = json.dumps(records, ensure_ascii=False, indent=2, default=str, allow_nan=False)
    return _json_unsafe(text) + "\n"


def to_markdown(columns: list[str], rows: list[tuple]) -> str:
    return "\n".join(markdown_table(columns, [[_text(v) for v in row] for row in rows])) + "\n"


def to_table(columns: list[str], rows: list[tuple]):
    """A rich Table whose headers and cells are plain text (no markup, no emoji codes)."""
    from rich.table import Table
    from rich.text import Text

    table = Table()
    for c in columns:
        table.add_column(Text(cell(c)))
    for row in rows:
        table.add_row(*(Text(cell(v, keep="\n\t")) for v in row))
    return table
