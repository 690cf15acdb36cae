"""The release's tables of the data model, copied into a database the site owns.

A release database may come from a hostile host, and DuckDB reads its rows as its own catalogue
says. A column may carry a collation (`VARCHAR COLLATE NOCASE`, which `duckdb_columns()`
reports as plain VARCHAR, and under which `=`, DISTINCT and GROUP BY take 'zaf' for 'ZAF', so a
check would see only a value's valid twin); a value computed when read (a generated column, a
default); a type no Parquet writer takes (INTERVAL, UNION); a table named with a NUL byte. So
the site reads only the tables its data model declares (the Table Schemas of the checkout it
runs from, never the release's), and of each only the declared columns: each must be stored
(not computed) and of the DuckDB type its field declares. Their values are copied through
Arrow, which has no collation, into an in-memory database whose tables the site created with
the data model's types. Every check, page and Parquet file of the site is made from this copy;
nothing else of the release (another table or column, a view, a macro) is read.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ..package import Resource
from ..package.keys import ident
from ..package.types import kind, sql_type
from ..release.reader import LOCKDOWN
from .release_checks import Refusal, data_model, refused


def _catalogue(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, tuple[str, bool]]]:
    """Per table (not view) of the release's main schema, per column: its type, and whether
    its value is computed when read (a generated column, or one with a default)."""
    out: dict[str, dict[str, tuple[str, bool]]] = {}
    for table, column, type_, computed in con.execute(
        "SELECT c.table_name, c.column_name, c.data_type, "
        "c.is_generated OR c.column_default IS NOT NULL FROM duckdb_columns() c "
        "JOIN duckdb_tables() t ON t.database_name = c.database_name "
        "AND t.schema_name = c.schema_name AND t.table_name = c.table_name "
        "WHERE c.database_name = current_database() AND c.schema_name = 'main'"
    ).fetchall():
        out.setdefault(table, {})[column] = (type_, bool(computed))
    return out


def _columns(res: Resource, found: dict[str, tuple[str, bool]]) -> list[dict]:
    """The resource's fields the release's table has, each checked to be stored and of its
    declared type, in the data model's order."""
    fields = []
    for field in res.fields:
        if field["name"] not in found:
            continue
        where = f"{res.name}.{field['name']}"
        type_, computed = found[field["name"]]
        if computed:
            raise Refusal(f"{where}: expected stored values, found a value computed when read")
        if type_ != sql_type(field):
            raise Refusal(f"{where}: expected {sql_type(field)} (the data model's "
                          f"{kind(field)}), found {type_}")  # fmt: skip
        fields.append(field)
    return fields


def copy_release(con: duckdb.DuckDBPyConnection, database: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory database holding each table of the data model the release (`con`, opened
    locked down) has, with those of its columns the data model declares, as the data model
    types them; a one-line SiteError when one of them is computed when read or of another
    type."""
    found = _catalogue(con)
    owned = duckdb.connect(config=LOCKDOWN)  # the copy reads nothing from outside either
    try:
        for res in data_model().resources.values():
            if res.name in found:
                try:
                    fields = _columns(res, found[res.name])
                except Refusal as e:
                    raise refused(database, str(e)) from e
                _copy(con, owned, res.name, fields)
    except BaseException:
        owned.close()
        raise
    return owned


def _copy(
    source: duckdb.DuckDBPyConnection, owned: duckdb.DuckDBPyConnection, table: str,
    fields: list[dict],
) -> None:  # fmt: skip
    """The fields' values of the release's table, through Arrow, into a table of the same name
    the site creates with the data model's types."""
    typed = [(ident(f["name"]), sql_type(f)) for f in fields]
    owned.execute(f"CREATE TABLE {ident(table)} ({', '.join(f'{n} {t}' for n, t in typed)})")
    rows = source.sql(
        f"SELECT {', '.join(f'CAST({n} AS {t}) AS {n}' for n, t in typed)} FROM {ident(table)}"
    ).to_arrow_table()
    owned.register("incoming", rows)
    owned.execute(f"INSERT INTO {ident(table)} SELECT * FROM incoming")
    owned.unregister("incoming")
