"""`unga validate`: every check over the whole package in one run, as one report.

`check_package` hands back what it read with the report: the package, and each table with the exact
bytes that were checked, so that a build publishes those bytes and no others.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import catalogue, package_db
from .package import Package, PackageError, Table, load_package, read_table
from .package.cells import cell_violations
from .package.keys import foreign_key_violations
from .report import Report, Violation, cannot_run
from .rules.ledger import apply_exceptions, citation_violations, correction_violations
from .rules.queries import sql_rule_violations
from .rules.totals import count_and_membership_violations

# Loading the package: its descriptor, and the tables the rules read.
RULES = (catalogue.PACKAGE_DESCRIPTOR, catalogue.PACKAGE_REQUIRED_RESOURCE)


@dataclass
class Checked:
    report: Report
    package: Package | None  # None when the descriptor itself could not be read
    tables: dict[str, Table] = field(default_factory=dict)  # the tables that read cleanly
    found: list[Violation] = field(default_factory=list)  # before the exceptions ledger
    not_run: set[str] = field(default_factory=set)  # rules that could not run in full


def validate(descriptor: Path | str = "datapackage.json") -> Report:
    """The package checked, its report naming the package's folder from the current directory
    (the repository, in CI) for workflow annotations."""
    report = check_package(descriptor).report
    report.folder = folder_in_cwd(Path(descriptor))
    return report


def folder_in_cwd(descriptor: Path) -> str:
    """The descriptor's folder relative to the current directory; empty when it is the current
    directory or outside it."""
    try:
        folder = Path(os.path.abspath(descriptor)).parent.relative_to(os.path.abspath("."))
    except ValueError:
        return ""
    return "" if folder == Path(".") else folder.as_posix()


def check_package(descriptor: Path | str | Package = "datapackage.json") -> Checked:
    """Validate the package; also return the package and its tables as read."""
    report = Report()
    if isinstance(descriptor, Package):
        package = descriptor
    else:
        try:
            package = load_package(descriptor)
        except PackageError as e:
            # Files are named relative to the package; the message says where it was looked for.
            report.violations.append(
                Violation(
                    file=Path(descriptor).name, line=None, column=None,
                    rule=catalogue.PACKAGE_DESCRIPTOR, expected="a readable data package",
                    found=str(e),
                )
            )  # fmt: skip
            return Checked(report, None)
    tables: dict[str, Table] = {}
    found: list[Violation] = list(missing_resources(package))
    for res in package.resources.values():
        table, problems = read_table(package, res)
        found += problems
        if table is not None:
            tables[res.name] = table
            report.rows[res.path] = table.frame.height
    for table in tables.values():
        found += cell_violations(table)
    sql_problems: list[str] = []
    con = package_db.connect(tables, package, sql_problems)
    found += [cannot_run(package.descriptor_path, "the shared SQL", p) for p in sql_problems]
    loaded = set(tables)
    not_run: set[str] = set()
    for rule_set in (
        foreign_key_violations,
        sql_rule_violations,
        count_and_membership_violations,
    ):
        violations, skipped = rule_set(con, package, loaded)
        found += violations
        report.skipped += [str(s) for s in skipped]
        not_run |= {rule for s in skipped for rule in s.rules}
    con.close()
    found += correction_violations(package, tables) + citation_violations(tables)
    return _conclude(Checked(report, package, tables, found, not_run))


def missing_resources(package: Package) -> Iterator[Violation]:
    """A violation per table the rules read that the package lacks (renamed or removed): the
    rules reading it would otherwise be skipped, and a skip is not a pass."""
    for name in catalogue.required_tables():
        if name not in package.resources:
            readers = [rule.id for rule in catalogue.RULES.values()
                       if name in rule.tables and rule.how != catalogue.DIFF]  # fmt: skip
            yield Violation(
                file=package.descriptor_path, line=None, column=None,
                rule=catalogue.PACKAGE_REQUIRED_RESOURCE,
                expected=f"a resource named {name!r} (read by {', '.join(readers)})",
                found="none", key=name,
            )  # fmt: skip


def _conclude(checked: Checked) -> Checked:
    """Apply the exceptions ledger to what the rules found, and sort."""
    report = checked.report
    report.violations, report.excepted = apply_exceptions(
        checked.found, checked.tables, checked.not_run
    )
    report.violations.sort(key=lambda v: (v.file, v.line or 0, v.rule, v.column or ""))
    return checked


def with_new_exceptions(checked: Checked) -> Checked:
    """The check again after only the exceptions ledger changed on disk: the ledger is read and
    its cells checked again; every other table, and what the rules found in it, is the same."""
    assert checked.package is not None
    res = checked.package.resource("exceptions")
    tables = {k: v for k, v in checked.tables.items() if k != "exceptions"}
    found = [v for v in checked.found if v.file != res.path]
    table, problems = read_table(checked.package, res)
    found += problems
    report = Report(rows=checked.report.rows.copy(), skipped=list(checked.report.skipped))
    if table is not None:
        tables["exceptions"] = table
        report.rows[res.path] = table.frame.height
        found += cell_violations(table) + citation_violations({"exceptions": table})
    return _conclude(Checked(report, checked.package, tables, found, checked.not_run))
