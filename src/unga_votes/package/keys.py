"""Row keys and foreign keys, from the Table Schemas.

A row's key is its primary-key values joined by `|` (`4813|ZAF`), an empty value written as
nothing: violations, the exceptions and corrections ledgers and `unga diff` all name rows so.
It is defined here once: `key_expr` (polars) computes it, and every typed frame registered in
DuckDB carries it as the column `_key`, which the SQL rules use.
"""

from __future__ import annotations

import duckdb
import polars as pl

from .. import catalogue
from ..report import Skipped, Violation
from .descriptor import Package

RULES = catalogue.checked_by(catalogue.KEYS)

SEPARATOR = "|"


def key_expr(columns: list[str]) -> pl.Expr:
    """Polars: the key of each row from its `columns` (text or typed)."""
    if not columns:
        return pl.lit(None, pl.String)
    parts = [pl.col(c).cast(pl.String).fill_null("") for c in columns]
    return pl.concat_str(parts, separator=SEPARATOR)


def join_key(values: list[object]) -> str:
    """Python: the key of one row from its values."""
    return SEPARATOR.join("" if v is None else str(v) for v in values)


def split_key(key: str) -> list[str]:
    return key.split(SEPARATOR)


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def foreign_key_violations(
    con: duckdb.DuckDBPyConnection, package: Package, loaded: set[str]
) -> tuple[list[Violation], list[Skipped]]:
    """Rows whose foreign key matches no row of the referenced resource."""
    out: list[Violation] = []
    skipped: list[Skipped] = []
    for res in package.resources.values():
        for fk in res.foreign_keys:
            fields, parent, ref_fields = fk.fields, fk.resource, fk.reference
            if res.name not in loaded or parent not in loaded:
                skipped.append(
                    Skipped(
                        (catalogue.SCHEMA_FOREIGN_KEY.id,),
                        f"foreign key {res.name}({', '.join(fields)}) -> {parent}: a table did "
                        "not load",
                    )
                )
                continue
            present = " AND ".join(f"c.{ident(f)} IS NOT NULL" for f in fields)
            match = " AND ".join(
                f"p.{ident(g)} = c.{ident(f)}" for f, g in zip(fields, ref_fields, strict=True)
            )
            cols = ", ".join(f"c.{ident(f)}" for f in fields)
            rows = con.execute(
                f"SELECT c._line, c._key, {cols} FROM {ident(res.name)} c WHERE {present} "
                f"AND NOT EXISTS (SELECT 1 FROM {ident(parent)} p WHERE {match}) ORDER BY c._line"
            ).fetchall()
            target = f"{parent}({', '.join(ref_fields)})"
            for line, row_key, *values in rows:
                shown = ", ".join(str(v) for v in values)
                out.append(
                    Violation(
                        file=res.path,
                        line=line,
                        column=",".join(fields),
                        rule=catalogue.SCHEMA_FOREIGN_KEY,
                        expected=f"a row of {target}",
                        found=f"{shown} (no such row)",
                        key=row_key,
                    )
                )
    return out, skipped
