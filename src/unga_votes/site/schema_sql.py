"""The release's own views and macros as the SQL the SQL page runs to recreate them, each
checked to be one CREATE statement."""

from __future__ import annotations

import duckdb

from ..package.keys import ident
from .data import SiteError


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
        params = ", ".join(ident(p) for p in parameters)
        table = " TABLE" if kind == "table_macro" else ""
        statements.append(f"CREATE MACRO {ident(name)}({params}) AS{table} {definition}")
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
