"""What the site takes from the release beside the database: its version and its data's
licence (from its notes), its files with their checksums, its Parquet files (served for the SQL
page), and its views and macros as SQL."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from ..client.addresses import TAG, asset_name, release_url
from ..release.names import CHECKSUMS, DATABASE, NOTES, PARQUET, is_release_file
from ..release.notes import LICENCE_HEADING
from ..release.sums import SumsError, read_entries, sha256
from .data import REQUIRED, SiteError
from .output import inside

LICENCE_LINE = re.compile(r"- (?P<name>[^:\n]+): (?P<title>.+?)(?: <(?P<path>https://[^<>\s]+)>)?")


@dataclass(frozen=True)
class Licence:
    name: str
    title: str
    path: str | None  # an https address, or none


def version(database: Path) -> str:
    """The release's version, from the first line of its notes ("# unga-votes 2026.11.0")."""
    notes = database.parent / NOTES
    if notes.is_file():
        first = notes.read_text(encoding="utf-8").split("\n", 1)[0]
        match = re.fullmatch(r"# unga-votes (\S+)", first.strip())
        if match and not TAG.fullmatch(match.group(1)):
            raise SiteError(f"{notes}: version {match.group(1)[:60]!r} is not a release tag")
        if match:
            return match.group(1)
    return "unversioned"


def licences(database: Path) -> list[Licence]:
    """The data's licences, as the release notes beside the database state them (an official
    edition's: the UN Digital Library's terms); none when there are no notes."""
    notes = database.parent / NOTES
    if not notes.is_file():
        return []
    text = notes.read_text(encoding="utf-8")
    _, found, rest = text.partition(f"\n{LICENCE_HEADING}\n")
    out = []
    for line in rest.split("\n## ", 1)[0].splitlines() if found else []:
        match = LICENCE_LINE.fullmatch(line.strip())
        if match:
            out.append(Licence(match["name"], match["title"], match["path"]))
    return out


def files(database: Path, tag: str) -> list[tuple[str, int | None, str, str]]:
    """(name, bytes, sha256, download address) of every file SHA256SUMS lists beside the
    database, or of the database alone when there is no SHA256SUMS."""
    base = release_url("latest" if tag == "unversioned" else tag)
    sums = database.parent / CHECKSUMS
    if sums.is_file():
        try:
            entries = read_entries(sums.read_bytes(), allow_blank=True)
        except SumsError as e:
            raise SiteError(f"{sums}: {e}") from e
        listed = []
        for entry in entries:
            digest, name = entry.digest, entry.name
            if not is_release_file(name):
                raise SiteError(f"{sums}: lists {name[:100]!r}, not a file of a release")
            path = database.parent / name
            size = path.stat().st_size if path.is_file() else None
            if size is not None and sha256(path) != digest:  # the page shows this checksum
                raise SiteError(
                    f"{path}: does not match its SHA256SUMS line (changed since the release was "
                    "built); build or download the release again"
                )
            listed.append((name, size, digest, f"{base}/{asset_name(name)}"))
        listed.append((CHECKSUMS, sums.stat().st_size, "", f"{base}/{CHECKSUMS}"))
        return listed
    return [(DATABASE, database.stat().st_size, sha256(database), f"{base}/{DATABASE}")]


def check_tables(listed: list[tuple[str, int | None, str, str]], con, database: Path) -> None:
    """The release's SHA256SUMS (when there is one) lists a Parquet file for each table of the
    database and for nothing else: a table dropped from either is not the release."""
    served = {n.removeprefix(f"{PARQUET}/").removesuffix(".parquet")
              for n, *_ in listed if n.startswith(f"{PARQUET}/")}  # fmt: skip
    if not served:  # the database alone: it is the whole release
        return
    held = set(tables(con))
    for name in sorted(served ^ held):
        where = "the database has no such table" if name in served else "SHA256SUMS lists none"
        raise SiteError(f"{database}: not the release its SHA256SUMS describes (table {name}: "
                        f"{where})")  # fmt: skip


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND NOT internal ORDER BY table_name"
        ).fetchall()
    ]


def write_parquet(con: duckdb.DuckDBPyConnection, database: Path, dest: Path) -> list[str]:
    """The release's Parquet file of every table, copied from beside the database (SHA256SUMS
    listed and checked it: `files`), or written from the database when it came alone; the file
    names. A table's name becomes a file name only inside `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    names = []
    for table in tables(con):
        name = f"{table}.parquet"
        source = database.parent / PARQUET / name
        target = inside(dest, name)
        if source.is_file():
            shutil.copyfile(source, target)
        else:  # the locked-down connection writes no file: pyarrow does
            rows = con.sql(f"SELECT * FROM {_quote(table)}").to_arrow_table()
            pq.write_table(rows, target, compression="zstd")
        names.append(name)
    missing = set(REQUIRED) - {n.removesuffix(".parquet") for n in names}
    if missing:
        raise SiteError(f"{database}: no table {sorted(missing)[0]} to serve as Parquet")
    return names


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def views_and_macros(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The names of the database's own views and macros."""
    return {name for (name,) in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE database_name = current_database() "
        "AND NOT internal UNION SELECT function_name FROM duckdb_functions() "
        "WHERE database_name = current_database() AND NOT internal"
    ).fetchall()}  # fmt: skip


def schema_sql(con: duckdb.DuckDBPyConnection) -> list[str]:
    """CREATE statements for the database's own macros and views (of its main schema, where
    the page creates them), from its catalogue: scalar macros first, then views and table
    macros (the page retries until each one binds). Each is checked to be one CREATE
    statement, since the page runs it as it is."""
    macros = con.execute(
        "SELECT function_name, function_type, parameters, macro_definition "
        "FROM duckdb_functions() WHERE database_name = current_database() AND NOT internal "
        "AND schema_name = 'main' AND function_type IN ('macro', 'table_macro') "
        "ORDER BY function_type, function_name"
    ).fetchall()
    statements = []
    for name, kind, parameters, definition in macros:
        params = ", ".join(_quote(p) for p in parameters)
        table = " TABLE" if kind == "table_macro" else ""
        statements.append(f"CREATE MACRO {_quote(name)}({params}) AS{table} {definition}")
    views = con.execute(
        "SELECT sql FROM duckdb_views() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND NOT internal ORDER BY view_name"
    ).fetchall()
    statements += [sql for (sql,) in views]
    for statement in statements:
        one_create(con, statement)
    return statements


def one_create(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """`sql` is one CREATE statement (as DuckDB's parser splits it), or a SiteError."""
    try:
        parsed = con.extract_statements(sql)
    except duckdb.Error as e:
        raise SiteError(f"the release's view or macro does not parse: {sql[:80]!r}") from e
    if len(parsed) != 1 or parsed[0].type != duckdb.StatementType.CREATE:
        raise SiteError(f"the release's view or macro is not one CREATE statement: {sql[:80]!r}")
