"""Open a release database for reading: the one way `unga query`, `unga site` and every other
reader of a release open it, locked down before the first statement runs.

A release may come from a hostile host (`unga download` checks files against the SHA256SUMS
the same host serves), so its database is opened read-only with DuckDB's external access off
(no file but the database itself, no network: `read_text`, `read_csv`, `glob`, `COPY`,
`ATTACH` fail), no extension installed, loaded or autoloaded, no persistent secret, and the
configuration locked, so no SQL can undo any of it. Every view of the database is then bound
once: a view that needs more than that (a local file, an address, an extension) refuses the
whole release in one line, before anything is read from it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ..errors import UngaError
from ..escape import is_utf8, printable

# Set when the database is opened, before any SQL: nothing outside the database file is read or
# written, no extension comes in, and no SQL can change these settings back.
LOCKDOWN: dict[str, object] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "allow_persistent_secrets": False,
    "lock_configuration": True,
}


class ReleaseReadError(UngaError):
    """The release database cannot be read as a release may be; the message says why."""

    exit_code = 1

    def __str__(self) -> str:  # the message may quote the path or the database's own text
        return printable(super().__str__())


class NoDatabase(ReleaseReadError):
    """The path names no database file (a usage error of the command that was given it)."""

    exit_code = 2


def _first_line(e: Exception) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


def open_release(path: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only, locked-down connection to the release database at `path`; NoDatabase when
    the path names no database, ReleaseReadError when the database needs more than it may."""
    path = Path(path)
    if not is_utf8(str(path)):  # DuckDB takes UTF-8 paths only
        raise NoDatabase(f"{path}: the path is not UTF-8; DuckDB cannot open it")
    if path.is_dir():
        raise NoDatabase(f"{path}: a directory, not a database file")
    if not path.exists():
        raise NoDatabase(f"{path}: no such database")
    if not path.is_file():
        raise NoDatabase(f"{path}: not a regular file, not a database")
    try:
        con = duckdb.connect(str(path), read_only=True, config=LOCKDOWN)
    except duckdb.Error as e:
        raise NoDatabase(
            f"{path}: cannot open as a DuckDB database (not a DuckDB database, or not one "
            f"DuckDB {duckdb.__version__} reads: {_first_line(e)})"
        ) from e
    try:
        _check_views(con, path)
    except ReleaseReadError:
        con.close()
        raise
    return con


def _check_views(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Bind every view of the database, as the locked-down connection allows: a view that
    reads a file, an address or needs an extension fails here, and the release with it."""
    views = con.execute(
        "SELECT schema_name, view_name FROM duckdb_views() "
        "WHERE database_name = current_database() AND NOT internal ORDER BY ALL"
    ).fetchall()
    for schema, view in views:
        try:
            con.execute(f"DESCRIBE SELECT * FROM {_quote(schema)}.{_quote(view)}").fetchall()
        except duckdb.Error as e:
            # DuckDB's reason first: what was refused (a file, an extension), then where.
            raise ReleaseReadError(
                f"{_first_line(e)}: view {view[:80]} of {path} needs more than the database "
                "itself, and a release may read nothing else; the release is refused"
            ) from e


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
