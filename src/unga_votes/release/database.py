"""The release DuckDB database: tables, types, keys and comments from the Table Schemas.

Tables are created in foreign-key order. A cycle of references (roll_calls.resolution and
resolutions.roll_call point at each other) cannot be declared both ways in DuckDB: the
reference to a table not yet created is left out and named in the table's comment; the
validator has checked it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from .. import model
from ..package import Package, Resource
from ..package.keys import ident
from ..package.types import sql_type
from .views import release_sql


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def creation_order(package: Package) -> list[Resource]:
    """Resources with each referenced table before its referrers, where the graph allows."""
    done: list[str] = []
    pending = list(package.resources)
    while pending:
        for name in pending:
            needs = {fk.resource for fk in package.resource(name).foreign_keys} - {name}
            if needs <= set(done):
                break
        else:
            name = pending[0]  # a cycle: break it at the first pending table
        done.append(name)
        pending.remove(name)
    return [package.resource(n) for n in done]


def create_table_sql(res: Resource, created: set[str]) -> tuple[str, list[str]]:
    """CREATE TABLE for one resource, and the foreign keys left out (cycle). The primary key
    is added once the rows are in (`primary_key_sql`)."""
    pk = res.primary_key
    lines = []
    for f in res.fields:
        required = f.get("constraints", {}).get("required") or f["name"] in pk
        lines.append(f"{ident(f['name'])} {sql_type(f)}{' NOT NULL' if required else ''}")
    left_out = []
    for fk in res.foreign_keys:
        fields, parent, ref_fields = fk.fields, fk.resource, fk.reference
        clause = (
            f"FOREIGN KEY ({', '.join(ident(x) for x in fields)}) REFERENCES "
            f"{ident(parent)} ({', '.join(ident(x) for x in ref_fields)})"
        )
        if parent in created and parent != res.name:
            lines.append(clause)
        else:
            left_out.append(f"{', '.join(fields)} -> {parent}({', '.join(ref_fields)})")
    body = ",\n    ".join(lines)
    return f"CREATE TABLE {ident(res.name)} (\n    {body}\n)", left_out


def primary_key_sql(res: Resource) -> str | None:
    """The resource's primary key, added to its table after the rows: DuckDB builds the index
    in one pass then (votes: 0.1 s), where inserting into a keyed table costs 2 s."""
    if not res.primary_key:
        return None
    return (f"ALTER TABLE {ident(res.name)} ADD PRIMARY KEY "
            f"({', '.join(ident(k) for k in res.primary_key)})")  # fmt: skip


def create_database(path: Path, package: Package, frames: dict[str, pl.DataFrame]) -> None:
    """Write the database at `path` from typed frames (one per resource, in schema order)."""
    con = duckdb.connect(str(path))
    try:
        created: set[str] = set()
        for res in creation_order(package):
            ddl, left_out = create_table_sql(res, created)
            con.execute(ddl)
            created.add(res.name)
            frame = frames[res.name].select(res.field_names)
            if res.primary_key:
                frame = frame.sort(res.primary_key)
            con.register("incoming", frame)
            con.execute(f"INSERT INTO {ident(res.name)} SELECT * FROM incoming")
            con.unregister("incoming")
            key = primary_key_sql(res)
            if key:
                con.execute(key)  # before a referring table is created: it names this key
            comment = res.schema.get("description", "")
            if left_out:
                comment += " Foreign key not declared here (cycle), checked by the validator: "
                comment += "; ".join(left_out) + "."
            con.execute(f"COMMENT ON TABLE {ident(res.name)} IS {_literal(comment)}")
            for f in res.fields:
                col = f"{ident(res.name)}.{ident(f['name'])}"
                con.execute(f"COMMENT ON COLUMN {col} IS {_literal(f.get('description', ''))}")
        for name in release_sql(created):
            con.execute(model.sql(name))
        con.execute("CHECKPOINT")
    finally:
        con.close()
