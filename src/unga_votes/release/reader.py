"""Open a release database for reading: the one way `unga query`, `unga site` and every other
reader of a release open it, locked down before the first statement runs.

A release may come from a hostile host (`unga download` checks files against the SHA256SUMS
the same host serves), so its database is opened read-only with DuckDB's external access off
(no file but the database itself, no network: `read_text`, `read_csv`, `glob`, `COPY`,
`ATTACH` fail), no extension installed, loaded or autoloaded, no persistent secret, and the
configuration locked, so no SQL can undo any of it. Then, before anything is read from it:

- a macro of the database named like one of DuckDB's own functions refuses the release: it
  would take that function's place in every query (`min`, `length`, `count`, even the
  catalogue's `duckdb_views()` and `current_database()`), making any check or figure say what
  the release wants. Until this is known, the catalogue is read through `system.main.` only.
- every view is bound once: a view that needs more than the database (a local file, an
  address, an extension) refuses the whole release.

Each refusal is one line.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ..errors import UngaError
from ..escape import is_utf8, printable

# Set when the database is opened, before any SQL: nothing outside the database file is read or
# written, no extension comes in, and no SQL can change these settings back.
LOCKDOWN: dict[str, str | bool | int | float | list[str]] = {
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
        _check_macros(con, path)
        _check_views(con, path)
    except ReleaseReadError:
        con.close()
        raise
    return con


# The database's own objects, read from the system catalogue by qualified names (a macro of
# the database cannot stand in for these), and with no function a macro could replace.
OWN = "database_name NOT IN ('system', 'temp') AND NOT internal"


def _check_macros(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """No macro of the database takes the name of one of DuckDB's functions."""
    functions = "system.main.duckdb_functions()"
    builtin = {n.casefold() for (n,) in con.execute(
        f"SELECT DISTINCT function_name FROM {functions} WHERE internal"
    ).fetchall()}  # fmt: skip
    for (name,) in con.execute(
        f"SELECT DISTINCT function_name FROM {functions} WHERE {OWN} ORDER BY ALL"
    ).fetchall():
        if name.casefold() in builtin:
            raise ReleaseReadError(
                f"{path}: its macro {name[:80]} has the name of a DuckDB function, whose place "
                "it would take in every query; the release is refused"
            )


def _check_views(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Bind every view of the database, as the locked-down connection allows: a view that
    reads a file, an address or needs an extension fails here, and the release with it."""
    views = con.execute(
        f"SELECT schema_name, view_name FROM system.main.duckdb_views() WHERE {OWN} ORDER BY ALL"
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
