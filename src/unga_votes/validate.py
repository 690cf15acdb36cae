"""`unga validate`: every check over the whole package in one run, as one report.

`check` hands back what it read with the report: the package, and each table with the exact
bytes that were checked, so that a build publishes those bytes and no others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import catalogue as R
from . import model
from .package import Package, PackageError, Table, load_package, read_table
from .package.cells import cell_violations
from .package.keys import foreign_key_violations
from .report import Report, Violation
from .rules.ledger import apply_exceptions, correction_violations
from .rules.queries import sql_rule_violations
from .rules.totals import count_and_membership_violations


@dataclass
class Checked:
    report: Report
    package: Package | None  # None when the descriptor itself could not be read
    tables: dict[str, Table] = field(default_factory=dict)  # the tables that read cleanly


def validate(descriptor: Path | str | Package = "datapackage.json") -> Report:
    return check(descriptor).report


def check(descriptor: Path | str | Package = "datapackage.json") -> Checked:
    """Validate the package; also return the package and its tables as read."""
    report = Report()
    try:
        package = descriptor if isinstance(descriptor, Package) else load_package(descriptor)
    except PackageError as e:
        report.violations.append(
            Violation(
                str(descriptor), None, None, R.PACKAGE_DESCRIPTOR, "a readable data package",
                str(e),
            )
        )  # fmt: skip
        return Checked(report, None)
    tables: dict[str, Table] = {}
    for res in package.resources.values():
        table, problems = read_table(package, res)
        report.violations += problems
        if table is not None:
            tables[res.name] = table
            report.rows[res.path] = table.frame.height
    for table in tables.values():
        report.violations += cell_violations(table)
    con = model.connect(tables, package)
    loaded = set(tables)
    for rule_set in (
        foreign_key_violations,
        sql_rule_violations,
        count_and_membership_violations,
    ):
        found, skipped = rule_set(con, package, loaded)
        report.violations += found
        report.skipped += skipped
    con.close()
    report.violations += correction_violations(package, tables)
    report.violations, report.excepted = apply_exceptions(report.violations, tables)
    report.violations.sort(key=lambda v: (v.file, v.line or 0, v.rule, v.column or ""))
    return Checked(report, package, tables)
