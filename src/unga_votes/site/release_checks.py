"""The site's copy of a release checked against the data model before anything is built from it.

A release may come from a hostile host, so every value the site reads is untrusted: a roll
call, a state code, a session or a symbol becomes a file name and a link, and every value is
served in the site's Parquet files. The site checks its own copy of the release (owned_copy.py:
the data model's tables and columns, of the data model's types, with no collation and nothing
computed when read), every table and column of it, against the Table Schemas' constraints:
required, unique and the primary key, pattern (the data model's grammar of symbols, sessions,
meetings and state codes), enum, minimum and maximum, minLength and maxLength; a date lies
between year 1 and today; every foreign key among these tables resolves; and every page name a
value gives fits a file name. The first value that fails refuses the release in one line. The
Table Schemas are the checkout's (the data model the site is built with), never the release's.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from ..package import Package, load_package
from ..package.constraints import anchored, enum_text
from ..package.files import PackageError
from ..package.keys import ident
from ..package.types import kind
from . import names
from .assets import checkout
from .data import SiteError, columns

SHOWN = 60  # characters of a refused value quoted in the message


@functools.cache
def _model(root: Path) -> Package:
    return load_package(root / "datapackage.json")


def data_model() -> Package:
    """The Table Schemas of the checkout the site is built from."""
    try:
        return _model(checkout())
    except PackageError as e:
        raise SiteError(f"the data model of the checkout cannot be read: {e}") from e


def _shown(value: object) -> str:
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if len(text) > SHOWN:
        return repr(text[:SHOWN]) + f"… ({len(text):,} characters)"
    return repr(text)


class Refusal(Exception):
    """What is wrong with one value (the caller names the database)."""


def refused(database: Path, why: str) -> SiteError:
    """The one-line error refusing the release at `database`, saying why."""
    return SiteError(f"{database}: not a release the site can be built from: {why}")


def check_release(con: duckdb.DuckDBPyConnection, database: Path) -> None:
    """A one-line SiteError at the first value of the site's copy of the release (`con`) the
    data model refuses."""
    package = data_model()
    try:
        have = columns(con)  # the data model's tables and columns the release has
        held = {res.name: tuple(f["name"] for f in res.fields if f["name"] in have[res.name])
                for res in package.resources.values() if res.name in have}  # fmt: skip
        for table, cols in held.items():
            res = package.resource(table)
            for col in cols:
                _check_column(con, table, res.field(col))
            _check_keys(con, table, res.primary_key, cols)
            for field in res.fields:
                if field["name"] in cols and field.get("constraints", {}).get("unique"):
                    _check_keys(con, table, [field["name"]], cols)
        for table, cols in held.items():
            for fk in package.resource(table).foreign_keys:
                parent = held.get(fk.resource, ())
                if set(fk.fields) <= set(cols) and set(fk.reference) <= set(parent):
                    _check_reference(con, table, fk.fields, fk.resource, fk.reference)
        _check_page_names(con)
    except Refusal as e:
        raise refused(database, str(e)) from e


def _check_column(con: duckdb.DuckDBPyConnection, table: str, field: dict[str, Any]) -> None:
    name, t = field["name"], kind(field)
    where = f"{table}.{name}"
    c = field.get("constraints", {})
    col = ident(name)
    tests: list[tuple[str, str]] = []  # (expected, SQL true of a value that fails)
    if c.get("required"):
        tests.append(("a value in every row", f"{col} IS NULL"))
    if "minimum" in c:
        tests.append((f"at least {c['minimum']}", f"{col} < {c['minimum']!r}"))
    if "maximum" in c:
        tests.append((f"at most {c['maximum']}", f"{col} > {c['maximum']!r}"))
    if "minLength" in c:
        tests.append((f"at least {c['minLength']} characters", f"length({col}) < {c['minLength']}"))
    if "maxLength" in c:
        tests.append((f"at most {c['maxLength']} characters", f"length({col}) > {c['maxLength']}"))
    if t == "date":  # a later day is not recorded yet; an earlier one is no date of a vote
        tests.append(("a day from year 1 to today",
                      f"{col} < DATE '0001-01-01' OR {col} > current_date"))  # fmt: skip
    if tests:
        found_values = con.execute(
            "SELECT " + ", ".join(f"first(CAST({col} AS VARCHAR)) FILTER (WHERE {bad}), "
                                  f"count(*) FILTER (WHERE {bad})" for _, bad in tests)
            + f" FROM {ident(table)}"
        ).fetchall()[0]  # fmt: skip
        for i, (expected, _) in enumerate(tests):
            sample, count = found_values[2 * i], found_values[2 * i + 1]
            if count:
                rows = f"{count:,} row{'' if count == 1 else 's'}"
                shown = f"none in {rows}" if sample is None else _shown(sample)
                raise Refusal(f"{where}: expected {expected}, found {shown}")
    if "pattern" in c or "enum" in c:
        _check_text(con, table, field)


def _check_text(con: duckdb.DuckDBPyConnection, table: str, field: dict[str, Any]) -> None:
    """Every distinct value against the field's pattern and enum, as the validator matches them
    (polars' regex engine, the whole value)."""
    name = field["name"]
    c = field["constraints"]
    values = pl.Series(name, [v for (v,) in con.execute(
        f"SELECT DISTINCT {ident(name)} FROM {ident(table)} WHERE {ident(name)} IS NOT NULL "
        "ORDER BY ALL"
    ).fetchall()], dtype=pl.String)  # fmt: skip
    if "pattern" in c:
        bad = values.filter(~values.str.contains(anchored(c["pattern"])))
        if len(bad):
            raise Refusal(f"{table}.{name}: expected a match for {c['pattern']}, "
                           f"found {_shown(bad[0])}")  # fmt: skip
    if "enum" in c:
        allowed = [enum_text(kind(field), v) for v in c["enum"]]
        bad = values.filter(~values.is_in(allowed))
        if len(bad):
            raise Refusal(f"{table}.{name}: expected one of {', '.join(allowed)}, "
                           f"found {_shown(bad[0])}")  # fmt: skip


def _check_keys(
    con: duckdb.DuckDBPyConnection, table: str, key: list[str], cols: tuple[str, ...]
) -> None:
    """No two rows share `key` (a page per key: two would share its file)."""
    if not key or not set(key) <= set(cols):
        return
    listed = ", ".join(ident(k) for k in key)
    present = " AND ".join(f"{ident(k)} IS NOT NULL" for k in key)
    twice = con.execute(
        f"SELECT {listed} FROM {ident(table)} WHERE {present} "
        f"GROUP BY {listed} HAVING count(*) > 1 ORDER BY ALL LIMIT 1"
    ).fetchall()
    if twice:
        shown = ", ".join(_shown(v) for v in twice[0])
        raise Refusal(f"{table} ({', '.join(key)}): expected each once, found ({shown}) "
                       "more than once")  # fmt: skip


def _check_reference(
    con: duckdb.DuckDBPyConnection, table: str, fields: list[str], parent: str, ref: list[str]
) -> None:
    on = " AND ".join(f"p.{ident(r)} = c.{ident(f)}" for f, r in zip(fields, ref, strict=True))
    orphan = con.execute(
        f"SELECT {', '.join(f'c.{ident(f)}' for f in fields)} FROM {ident(table)} c "
        f"WHERE {' AND '.join(f'c.{ident(f)} IS NOT NULL' for f in fields)} "
        f"AND NOT EXISTS (SELECT 1 FROM {ident(parent)} p WHERE {on}) ORDER BY ALL LIMIT 1"
    ).fetchall()
    if orphan:
        shown = ", ".join(_shown(v) for v in orphan[0])
        raise Refusal(f"{table} ({', '.join(fields)}): expected a row of {parent}, found "
                       f"({shown}), which {parent} lacks")  # fmt: skip


def _check_page_names(con: duckdb.DuckDBPyConnection) -> None:
    """Each state, session and symbol gives a page name that fits a file name."""
    for folder, sql in (
        ("state", "SELECT DISTINCT state FROM states"),
        ("session", "SELECT DISTINCT session FROM roll_calls UNION "
                    "SELECT DISTINCT session FROM resolutions"),
        ("res", "SELECT DISTINCT resolution FROM resolutions"),
    ):  # fmt: skip
        for (value,) in con.execute(sql + " ORDER BY ALL").fetchall():
            try:
                names.page(folder, value)
            except SiteError as e:
                raise Refusal(str(e)) from e
