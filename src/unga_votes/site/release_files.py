"""The release's files beside its database, as the site serves and links them: each with its
checksum and download address, and the tables' Parquet files (for the SQL page)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from ..client.addresses import asset_name, release_url
from ..package.keys import ident
from ..release.names import CHECKSUMS, DATABASE, PARQUET, is_release_file
from ..release.sums import SumsError, read_entries, sha256
from .data import REQUIRED, SiteError
from .output import inside


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


def check_tables(
    listed: list[tuple[str, int | None, str, str]], con: duckdb.DuckDBPyConnection, database: Path
) -> None:
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
            rows = con.sql(f"SELECT * FROM {ident(table)}").to_arrow_table()
            pq.write_table(rows, target, compression="zstd")
        names.append(name)
    missing = set(REQUIRED) - {n.removesuffix(".parquet") for n in names}
    if missing:
        raise SiteError(f"{database}: no table {sorted(missing)[0]} to serve as Parquet")
    return names
