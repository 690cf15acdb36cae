"""Who was a member on a date: the shared `members_on` macro over a package's tables."""

from __future__ import annotations

import datetime as dt

import duckdb

from . import package_db
from .package import Package, PackageError, Table, read_table

TABLES = ("memberships", "state_names")


def member_tables(package: Package, names: tuple[str, ...] = TABLES) -> dict[str, Table]:
    """The named tables of the package, read; a missing or damaged one is a PackageError."""
    tables = {}
    for name in names:
        if name not in package.resources:
            raise PackageError(f"{package.label}: the package has no {name} resource")
        table, problems = read_table(package, package.resource(name))
        if table is None:
            raise PackageError("; ".join(p.text() for p in problems))
        tables[name] = table
    return tables


def members_on(con: duckdb.DuckDBPyConnection, date: dt.date) -> list[str]:
    """State codes of the members on `date`, sorted, from the package in DuckDB (`package_db`)."""
    rows = con.execute("SELECT DISTINCT state FROM members_on($d) ORDER BY 1", {"d": date})
    return [r[0] for r in rows.fetchall()]


def package_members_on(package: Package, date: dt.date) -> list[str]:
    """`members_on` for a package (reads its memberships and state names)."""
    con = package_db.connect(member_tables(package))
    try:
        return members_on(con, date)
    finally:
        con.close()
