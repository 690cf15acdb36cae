"""A package's tables in DuckDB: a connection with each table registered, typed, and the shared
SQL installed, which the validator's rules, `unga members` and `unga parse-votes` query."""

from __future__ import annotations

import duckdb

from . import model
from .package import Package, Table
from .package.read import empty_typed

SMALL_PACKAGE = 100_000  # rows, all tables together


def connect(
    tables: dict[str, Table], package: Package | None = None, problems: list[str] | None = None
) -> duckdb.DuckDBPyConnection:
    """A fresh DuckDB connection with each table registered under its resource name, typed,
    and the shared SQL installed. Resources of `package` that did not load are registered
    empty. Everything it holds is temporary: no other connection sees it."""
    con = model.in_memory().cursor()
    # DuckDB's threads cost more than they save on a small package (a test's copy: ~0.2 s of
    # CPU a validation, an eighth of it the threads'): the process's database takes one thread
    # for it, and its default (one per core) for anything larger.
    rows = sum(table.frame.height for table in tables.values())
    con.execute("SET threads = 1" if rows < SMALL_PACKAGE else "RESET threads")
    con.register("roman", model.roman())
    for name, table in tables.items():
        con.register(name, table.typed())
    if package is not None:
        for name, res in package.resources.items():
            if name not in tables:
                con.register(name, empty_typed(res))
    present = set(tables if package is None else package.resources) | {"roman"}
    model.install(con, present, temporary=True, problems=problems)
    return con
