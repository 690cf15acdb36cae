"""`unga validate`: every check over the whole package in one run, as a list of violations."""

from __future__ import annotations

from pathlib import Path

import duckdb

from .fields import FieldSchema, typed_frame
from .keys import foreign_key_violations
from .ledger import apply_exceptions, correction_violations
from .package import PackageError, load_package
from .read import Table, read_table
from .report import Report, Violation
from .rules import count_and_membership_violations, run_sql_rules


def connect_tables(tables: dict[str, Table]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with each table registered under its resource name, typed."""
    con = duckdb.connect()
    for name, table in tables.items():
        con.register(name, typed_frame(table))
    return con


def validate(descriptor: Path | str = "datapackage.json") -> Report:
    return check(descriptor)[0]


def check(descriptor: Path | str = "datapackage.json") -> tuple[Report, dict[str, Table]]:
    """Validate the package; also return the tables as read (for a build from the same bytes)."""
    report = Report()
    tables: dict[str, Table] = {}
    try:
        package = load_package(descriptor)
    except PackageError as e:
        report.violations.append(
            Violation(
                str(descriptor), None, None, "package.descriptor", "a readable data package", str(e)
            )
        )
        return report, tables
    for res in package.resources.values():
        table, problems = read_table(package.root, res)
        report.violations += problems
        if table is not None:
            tables[res.name] = table
            report.rows[res.path] = table.frame.height
    for table in tables.values():
        report.violations += FieldSchema(table.resource).violations(table)
    con = connect_tables(tables)
    loaded = set(tables)
    for rule_set in (foreign_key_violations, run_sql_rules, count_and_membership_violations):
        found, skipped = rule_set(con, package, loaded)
        report.violations += found
        report.skipped += skipped
    report.violations += correction_violations(package, tables)
    report.violations, report.excepted = apply_exceptions(report.violations, tables)
    report.violations.sort(key=lambda v: (v.file, v.line or 0, v.rule, v.column or ""))
    return report, tables
