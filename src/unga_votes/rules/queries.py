"""The SQL rules: one query per rule in `rules/sql/<rule id>.sql`, run over the typed tables.

Each query returns one row per violation: the table, the line, the row's key, the column, what
was expected, what was found and an optional message. Which rules are SQL rules, and which
tables each needs, is the catalogue's to say.
"""

from __future__ import annotations

import functools
from importlib.resources import files

import duckdb

from .. import catalogue
from ..package import Package
from ..report import Skipped, Violation, cannot_run

RULES = catalogue.checked_by(catalogue.SQL)


@functools.cache
def query(rule: catalogue.Rule) -> str:
    assert rule.sql_file is not None, rule
    return files("unga_votes").joinpath("rules", "sql", rule.sql_file).read_text("utf-8")


def sql_rule_violations(
    con: duckdb.DuckDBPyConnection, package: Package, loaded: set[str]
) -> tuple[list[Violation], list[Skipped]]:
    out: list[Violation] = []
    skipped: list[Skipped] = []
    for rule in RULES:
        missing = [t for t in rule.tables if t not in loaded]
        absent = [t for t in rule.tables if t not in package.resources]
        if absent or (missing and (not rule.each_table or len(missing) == len(rule.tables))):
            skipped.append(
                Skipped((rule.id,), f"needs {', '.join(rule.tables)}, which did not load")
            )
            continue
        if missing:
            skipped.append(
                Skipped((rule.id,), f"not checked on {', '.join(missing)}, which did not load")
            )
        try:
            rows = con.execute(query(rule)).fetchall()
        except duckdb.Error as e:
            out.append(cannot_run(package.descriptor_path, f"rule {rule.id}", str(e)))
            continue
        for table, line, key, column, expected, found, message in rows:
            path = package.resource(table).path
            out.append(
                Violation(file=path, line=line, column=column, rule=rule, expected=expected,
                          found=found, message=message or "", key=key)
            )  # fmt: skip
    return out, skipped
