"""Read-only SQL over a release database, and the ways `unga query` prints the answer."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import duckdb

from ..errors import UngaError
from .download import cached


class QueryError(UngaError):
    """No database to query, or the SQL failed; the message says which."""

    exit_code = 1


def connect(
    database: Path | str | None = None, version: str = "latest", directory: Path | None = None
) -> duckdb.DuckDBPyConnection:
    """A read-only DuckDB connection to `database`, or to the cached release (`unga download`)."""
    if database is None:
        release = cached(version, directory)
        if release is None:
            raise QueryError(f"no {version} release in the cache: run `unga download` first")
        database = release.database
    path = Path(database)
    if not path.is_file():
        raise QueryError(f"{path}: no such database")
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as e:
        raise QueryError(f"{path}: cannot open ({e})") from e


def run(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    try:
        rel = con.sql(sql)
        if rel is None:
            return [], []
        return list(rel.columns), rel.fetchall()
    except duckdb.Error as e:
        raise QueryError(str(e).splitlines()[0]) from e


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


def to_csv(columns: list[str], rows: list[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_text(v) for v in row] for row in rows)
    return out.getvalue()


def to_json(columns: list[str], rows: list[tuple]) -> str:
    records = [
        {
            c: (v.isoformat() if isinstance(v, dt.date) else v)
            for c, v in zip(columns, r, strict=True)
        }
        for r in rows
    ]
    return json.dumps(records, ensure_ascii=False, indent=2, default=str) + "\n"


def to_markdown(columns: list[str], rows: list[tuple]) -> str:
    def cell(v: object) -> str:
        return _text(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"
