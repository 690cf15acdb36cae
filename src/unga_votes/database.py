"""The release DuckDB database: tables, types, keys and comments from the Table Schemas.

Tables are created in foreign-key order. A cycle of references (roll_calls.resolution and
resolutions.roll_call point at each other) cannot be declared both ways in DuckDB: the
reference to a table not yet created is left out and named in the table's comment; the
validator has checked it.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from .keys import ident
from .package import Package, Resource

SQL_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "date": "DATE",
    "boolean": "BOOLEAN",
    "year": "INTEGER",
}


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fk_fields(fk: dict[str, Any]) -> tuple[list[str], str, list[str]]:
    fields = [fk["fields"]] if isinstance(fk["fields"], str) else list(fk["fields"])
    ref = fk["reference"]
    ref_fields = [ref["fields"]] if isinstance(ref["fields"], str) else list(ref["fields"])
    return fields, ref["resource"], ref_fields


def creation_order(package: Package) -> list[Resource]:
    """Resources with each referenced table before its referrers, where the graph allows."""
    done: list[str] = []
    pending = list(package.resources)
    while pending:
        for name in pending:
            needs = {_fk_fields(fk)[1] for fk in package.resource(name).foreign_keys} - {name}
            if needs <= set(done):
                break
        else:
            name = pending[0]  # a cycle: break it at the first pending table
        done.append(name)
        pending.remove(name)
    return [package.resource(n) for n in done]


def create_table_sql(res: Resource, created: set[str]) -> tuple[str, list[str]]:
    """CREATE TABLE for one resource, and the foreign keys left out (cycle)."""
    pk = res.primary_key
    lines = []
    for f in res.fields:
        required = f.get("constraints", {}).get("required") or f["name"] in pk
        sql_type = SQL_TYPES.get(f.get("type", "string"), "VARCHAR")
        lines.append(f"{ident(f['name'])} {sql_type}{' NOT NULL' if required else ''}")
    if pk:
        lines.append(f"PRIMARY KEY ({', '.join(ident(k) for k in pk)})")
    left_out = []
    for fk in res.foreign_keys:
        fields, parent, ref_fields = _fk_fields(fk)
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
            comment = res.schema.get("description", "")
            if left_out:
                comment += " Foreign key not declared here (cycle), checked by the validator: "
                comment += "; ".join(left_out) + "."
            con.execute(f"COMMENT ON TABLE {ident(res.name)} IS {_literal(comment)}")
            for f in res.fields:
                col = f"{ident(res.name)}.{ident(f['name'])}"
                con.execute(f"COMMENT ON COLUMN {col} IS {_literal(f.get('description', ''))}")
        con.execute(files("unga_votes").joinpath("sql/views.sql").read_text(encoding="utf-8"))
        con.execute("CHECKPOINT")
    finally:
        con.close()
