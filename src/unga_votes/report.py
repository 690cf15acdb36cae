"""Violations and the three ways `unga validate` prints them (text, JSON, GitHub annotations)."""

from __future__ import annotations

import json
import posixpath
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from .catalogue import PACKAGE_REQUIRED_RESOURCE, RULES, Rule
from .escape import SHOWN, cut, printable


@dataclass(frozen=True, order=True, kw_only=True)
class Violation:
    """One broken rule at one place: file, line, column, rule, expected versus found."""

    file: str
    line: int | None
    column: str | None
    rule: str  # a declared rule's id (a Rule is accepted and stored as its id)
    expected: str
    found: str
    message: str = ""
    key: str | None = None  # the row's key, used to match exceptions

    if TYPE_CHECKING:  # built by keyword, with a declared Rule (stored as its id) or the id

        def __init__(
            self,
            *,
            file: str,
            line: int | None,
            column: str | None,
            rule: str | Rule,
            expected: str,
            found: str,
            message: str = "",
            key: str | None = None,
        ) -> None: ...

    def __post_init__(self) -> None:
        if isinstance(self.rule, Rule):
            object.__setattr__(self, "rule", self.rule.id)
        for name in ("expected", "found", "message"):  # a report quotes values, cut
            object.__setattr__(self, name, cut(getattr(self, name), 4 * SHOWN))
        if self.rule not in RULES:
            raise ValueError(f"undeclared rule {self.rule!r}: declare it in catalogue.py")

    def text_without_location(self) -> str:
        col = f"{self.column}: " if self.column else ""
        body = f"{self.message}; " if self.message else ""
        return f"{col}{body}expected {self.expected}, found {self.found}"

    def text(self) -> str:
        """One line, whatever the cells it quotes hold (see `escape`)."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return printable(f"{where} [{self.rule}] {self.text_without_location()}")


def cannot_run(descriptor: str, what: str, why: str) -> Violation:
    """A rule that cannot run on the package's tables (a column it reads is missing): the
    package is not one the rules can check, which is a violation, never a skip."""
    return Violation(
        file=descriptor, line=None, column=None, rule=PACKAGE_REQUIRED_RESOURCE,
        expected=f"the columns read by {what}", found=(why.splitlines() or ["an error"])[0],
        key=what,
    )  # fmt: skip


@dataclass(frozen=True)
class Skipped:
    """Rules that could not run (in full), and why."""

    rules: tuple[str, ...]
    why: str

    def __str__(self) -> str:
        return f"{', '.join(self.rules)}: {self.why}"


@dataclass
class Report:
    """Outcome of a validation run."""

    violations: list[Violation] = field(default_factory=list)
    rows: Counter[str] = field(default_factory=Counter)  # rows read per file
    excepted: int = 0  # violations covered by the exception ledger
    skipped: list[str] = field(default_factory=list)  # checks not run, and why
    # The package's folder in the repository: files are named relative to the package, and
    # workflow annotations (`to_github`) name them relative to the repository.
    folder: str = ""

    @property
    def valid(self) -> bool:
        return not self.violations

    def summary(self) -> str:
        count = len(self.violations)
        rules = Counter(v.rule for v in self.violations)
        files = {v.file for v in self.violations}
        by_rule = ", ".join(f"{r} {c}" for r, c in sorted(rules.items()))
        rows = sum(self.rows.values())
        head = (
            "valid" if count == 0
            else f"{count} violation{'s' * (count != 1)} in {len(files)} file(s)"
        )  # fmt: skip
        tail = f" ({by_rule})" if by_rule else ""
        return (
            f"unga validate: {head}{tail}; {len(self.rows)} files, {rows:,} rows checked, "
            f"{self.excepted} covered by exceptions"
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "valid": self.valid,
                "summary": self.summary(),
                "counts": dict(Counter(v.rule for v in self.violations)),
                "rows": dict(self.rows),
                "excepted": self.excepted,
                "skipped": self.skipped,
                "violations": [asdict(v) for v in self.violations],
            },
            indent=2,
            ensure_ascii=True,  # exact values, and nothing a terminal would act on
        )

    def to_text(self) -> str:
        lines = [v.text() for v in self.violations]
        lines += [printable(f"skipped: {s}") for s in self.skipped]
        return "\n".join([*lines, self.summary()])

    def to_github(self) -> str:
        """Workflow annotations, naming files from the repository (`folder`)."""
        lines = []
        for v in self.violations:
            file = posixpath.normpath(posixpath.join(self.folder, v.file))
            props = [f"file={_gh_property(file)}"]
            if v.line is not None:
                props.append(f"line={v.line}")
            props.append(f"title={_gh_property(v.rule)}")
            lines.append(f"::error {','.join(props)}::{_gh_data(v.text_without_location())}")
        lines += [f"::warning ::{_gh_data('skipped: ' + s)}" for s in self.skipped]
        lines.append(self.summary())
        return "\n".join(lines)


def _gh_data(s: str) -> str:
    # Workflow-command escaping, as the GitHub Actions toolkit does it, of the printable text.
    return printable(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_property(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")
