"""Foreign keys from the Table Schemas, checked in DuckDB as anti-joins."""

from __future__ import annotations

import duckdb

from .package import Package
from .report import Violation


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def foreign_key_violations(
    con: duckdb.DuckDBPyConnection, package: Package, loaded: set[str]
) -> tuple[list[Violation], list[str]]:
    """Rows whose foreign key matches no row of the referenced resource."""
    out: list[Violation] = []
    skipped: list[str] = []
    for res in package.resources.values():
        for fk in res.foreign_keys:
            fields = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
            ref = fk["reference"]
            parent = ref.get("resource") or res.name
            ref_fields = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
            if res.name not in loaded or parent not in loaded:
                skipped.append(
                    f"foreign key {res.name}({', '.join(fields)}) -> {parent}: a table did not load"
                )
                continue
            present = " AND ".join(f"c.{ident(f)} IS NOT NULL" for f in fields)
            match = " AND ".join(
                f"p.{ident(g)} = c.{ident(f)}" for f, g in zip(fields, ref_fields, strict=True)
            )
            cols = ", ".join(f"c.{ident(f)}" for f in fields)
            key = key_sql(res.primary_key, "c")
            rows = con.execute(
                f"SELECT c._line, {key}, {cols} FROM {ident(res.name)} c WHERE {present} "
                f"AND NOT EXISTS (SELECT 1 FROM {ident(parent)} p WHERE {match}) ORDER BY c._line"
            ).fetchall()
            target = f"{parent}({', '.join(ref_fields)})"
            for line, row_key, *values in rows:
                shown = ", ".join(str(v) for v in values)
                out.append(
                    Violation(
                        res.path,
                        line,
                        ",".join(fields),
                        "schema.foreign-key",
                        f"a row of {target}",
                        f"{shown} (no such row)",
                        key=row_key,
                    )
                )
    return out, skipped


def key_sql(pk: list[str], alias: str) -> str:
    """SQL for a row's key as violations and exceptions write it: values joined by |."""
    if not pk:
        return "NULL"
    parts = [f"coalesce(CAST({alias}.{ident(k)} AS VARCHAR), '')" for k in pk]
    return " || '|' || ".join(parts)
