"""Read-only SQL over a release database: one statement that reads, and its rows (`Rows`,
which client/rows.py prints).

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
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ..errors import UngaError
from ..escape import is_utf8, printable
from ..release.reader import NoDatabase, ReleaseReadError, open_release
from .cache import cached
from .rows import Rows


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


def run(con: duckdb.DuckDBPyConnection, sql: str) -> Rows:
    """Columns and rows of `sql`, which must be one statement that reads."""
    statement = check_statement(con, sql)
    try:
        rel = con.sql(statement)
        if rel is None:
            return Rows([], [])
        columns = list(rel.columns)
        # A time zone-aware value would need pytz to become Python's: shown as DuckDB's text.
        zoned = [i for i, t in enumerate(rel.types, 1) if "WITH TIME ZONE" in str(t)]
        if zoned:
            rel = rel.project(", ".join(f"CAST(#{i} AS VARCHAR)" if i in zoned else f"#{i}"
                                        for i in range(1, len(columns) + 1)))  # fmt: skip
        return Rows(columns, rel.fetchall())
    except duckdb.Error as e:
        raise QueryError(_first_line(e)) from e


def tables(con: duckdb.DuckDBPyConnection) -> Rows:
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
