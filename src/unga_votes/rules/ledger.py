"""The two ledgers: corrections (manual changes, each cited) and exceptions (accepted violations).

A correction must be visible in the data: the row it names exists and holds its new value
(the latest correction of a cell, by id, is the one that must hold). Column `*` is the whole
row: old `row` and new empty, the row was removed (it must be absent, and the corrections of
its cells before that no longer hold); old empty and new `row`, it was added (present).
Each row of either ledger cites a source (`CITATION`).
An exception covers the violations with its rule and key; one that covers none is stale.
"""

from __future__ import annotations

import re

import polars as pl

from .. import catalogue
from ..package import LINE, Package, Resource, Table
from ..package.keys import join_key, key_expr
from ..report import Violation

# What a source must be: it starts with a citation a reader can look up, complete, and a note
# may follow after a comma, a semicolon or in parentheses ("A/62/PV.76 (p. 12)").
# - a UN document symbol: an organ (A, S, E, ST), then parts such as RES, PV.76, ES-10,
#   C.3, CN.4, L.32, Add.1, a session or a number (with its Roman session or year:
#   2758(XXVI), 242(1967)); it ends in a digit or that parenthesis: A/62/PV.76, A/RES/ES-10/21,
#   S/RES/242(1967), E/CN.4/1998/53; not A/RES/ or A/62/PV.;
# - an https:// address with a host name; a handle (hdl:1902.1/12379) or a DOI (doi:10.…/…).
_PART = (
    r"(?:RES|[A-Z]{2,6}|(?:ES|S)-[1-9][0-9]*|[A-Z][A-Za-z]{0,5}\.[1-9][0-9]*"
    r"|[1-9][0-9]*(?:\((?:[IVXLC]+|(?:19|20)[0-9]{2})\))?)"
)
CITATION = re.compile(
    rf"(?:(?:A|S|E|ST)(?:/{_PART})+(?<=[0-9)])"
    r"|https://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?::[0-9]+)?(?:/\S*)?"
    r"|hdl:[0-9]+(?:\.[0-9]+)*/\S+"
    r"|doi:10\.[0-9]{4,9}/\S+)"
    r"(?=$|[,;] |\s\()"
)
CITATION_FORMS = "a UN document symbol (A/62/PV.76), an https:// address, a handle or a DOI"
WHOLE_ROW, ROW = "*", "row"
RULES = catalogue.checked_by(catalogue.LEDGER)
CHANGE = ["table", "key", "column", "old", "new"]


def is_citation(text: str | None) -> bool:
    """Whether `text` starts with a citation (CITATION)."""
    return text is not None and CITATION.match(text) is not None


def citation_violations(tables: dict[str, Table]) -> list[Violation]:
    """A ledger row whose source cites nothing a reader could look up."""
    out = []
    for name in catalogue.LEDGER_CITATION.tables:
        ledger = tables.get(name)
        if ledger is None or "source" not in ledger.frame.columns:
            continue
        for row in ledger.frame.iter_rows(named=True):
            if row["source"] is not None and not is_citation(row["source"]):
                out.append(
                    Violation(
                        file=ledger.resource.path, line=row[LINE], column="source",
                        rule=catalogue.LEDGER_CITATION,
                        expected=CITATION_FORMS, found=repr(row["source"]),
                        key=row.get("correction") or row.get("key"),
                    )
                )  # fmt: skip
    return out


def _duplicates(ledger: Table) -> list[Violation]:
    frame = ledger.frame.with_columns(pl.col(c).fill_null("") for c in CHANGE)
    first = frame.group_by(CHANGE).agg(pl.col("correction").first().alias("first"))
    repeated = frame.join(first, on=CHANGE).filter(pl.col("correction") != pl.col("first"))
    return [
        Violation(
            file=ledger.resource.path,
            line=row[LINE],
            column="correction",
            rule=catalogue.CORRECTIONS_DUPLICATE,
            expected="a change not already in the ledger",
            found=f"the change of correction {row['first']}",
            message=f"{row['table']} {row['key']} {row['column']}",
            key=row["correction"],
        )
        for row in repeated.sort(LINE).iter_rows(named=True)
    ]


def correction_violations(package: Package, tables: dict[str, Table]) -> list[Violation]:
    """The latest correction of each cell (or row) not visible in the data, a correction of a
    row or a column that does not exist, and a change recorded twice."""
    ledger = tables.get("corrections")
    if ledger is None or ledger.frame.is_empty():
        return []
    out: list[Violation] = _duplicates(ledger)
    for (name,), rows in _latest(ledger.frame).group_by("table", maintain_order=True):
        target = tables.get(name)
        if name not in package.resources or target is None:
            continue  # an unknown table is a schema.enum violation; an unloaded one is reported
        for row in _with_values(rows, target).iter_rows(named=True):
            out += _correction(ledger.resource.path, row, target.resource)
    return out


def _latest(corrections: pl.DataFrame) -> pl.DataFrame:
    """The corrections that must hold: a later correction of the same cell supersedes an
    earlier one, and a row's removal the corrections of its cells before it."""
    ids = pl.col("correction").str.to_integer(strict=False)
    removal = (pl.col("column") == WHOLE_ROW) & (pl.col("old") == ROW)
    removed_at = pl.when(removal).then(ids).max().over("table", "key")
    return corrections.filter(
        (ids == ids.max().over("table", "key", "column"))
        & (removed_at.is_null() | (ids >= removed_at))
    )


def _with_values(rows: pl.DataFrame, target: Table) -> pl.DataFrame:
    """The corrections of one table, each with the values of the row it names (`value:<field>`,
    all null when there is no such row)."""
    res = target.resource
    # Key only the rows the ledger names: votes has a million rows, the ledger a handful.
    key = key_expr(res.primary_key)
    keyed = (
        target.frame.filter(key.is_in(rows["key"].drop_nulls().implode()))
        .select(key.alias("key"), *[pl.col(f).alias(f"value:{f}") for f in res.field_names])
        .unique("key", keep="first")
    )
    return rows.join(keyed, on="key", how="left")


def _correction(path: str, row: dict, res: Resource) -> list[Violation]:
    """What is wrong with one correction that must hold, if anything."""
    where = f"{res.name} {row['key']}"
    present = row.get(f"value:{res.primary_key[0]}") is not None
    at = {"file": path, "line": row[LINE], "key": row["correction"]}
    if row["column"] == WHOLE_ROW:
        return _whole_row(at, row, where, present)
    if row["column"] not in res.field_names:
        return [Violation(**at, column="column", rule=catalogue.CORRECTIONS_UNKNOWN_COLUMN,
                          expected=f"a column of {res.name}", found=repr(row["column"]),
                          message=where)]  # fmt: skip
    if not present:
        return [Violation(**at, column="key", rule=catalogue.CORRECTIONS_UNKNOWN_ROW,
                          expected=f"a row of {res.name} with key {row['key']}",
                          found="no such row")]  # fmt: skip
    value = row[f"value:{row['column']}"]
    if (value or "") == (row["new"] or ""):
        return []
    return [Violation(**at, column="new", rule=catalogue.CORRECTIONS_NOT_APPLIED,
                      expected=f"{where} {row['column']} = {row['new'] or 'empty'!r}",
                      found=repr(value or "empty"))]  # fmt: skip


def _whole_row(at: dict, row: dict, where: str, present: bool) -> list[Violation]:
    """A correction of a whole row: removed (old `row`, new empty) or added (new `row`)."""
    old, new = row["old"] or "", row["new"] or ""
    if (old, new) not in ((ROW, ""), ("", ROW)):
        return [
            Violation(
                **at, column="column", rule=catalogue.CORRECTIONS_UNKNOWN_COLUMN,
                expected=f"a column, or {WHOLE_ROW} with old {ROW!r} (a removed row) or new "
                f"{ROW!r} (an added row)", found=f"{WHOLE_ROW} with old {old!r}, new {new!r}",
                message=where,
            )
        ]  # fmt: skip
    if present == (new == ROW):
        return []
    expected, found = ("absent", "present") if new == "" else ("present", "no such row")
    return [Violation(**at, column="key", rule=catalogue.CORRECTIONS_NOT_APPLIED,
                      expected=f"{where} {expected}", found=found)]  # fmt: skip


def apply_exceptions(
    violations: list[Violation], tables: dict[str, Table], not_run: set[str] | None = None
) -> tuple[list[Violation], int]:
    """Drop violations that an exception covers; add one violation per stale exception (of a
    rule that ran in full: one that could not run says nothing), and one per exception naming
    a rule that exceptions may not cover (the catalogue says which)."""
    ledger = tables.get("exceptions")
    if ledger is None or ledger.frame.is_empty():
        return violations, 0
    path = ledger.resource.path
    entries: dict[tuple[str, str], int] = {}
    refused: list[Violation] = []
    allowed = [r.id for r in catalogue.exceptable()]
    for row in ledger.frame.iter_rows(named=True):
        if row["rule"] in catalogue.RULES and not catalogue.rule(row["rule"]).exceptable:
            refused.append(
                Violation(
                    file=path, line=row[LINE], column="rule",
                    rule=catalogue.EXCEPTIONS_NOT_EXCEPTABLE,
                    expected=f"a rule exceptions may cover ({', '.join(allowed)})",
                    found=repr(row["rule"]), key=join_key([row["rule"], row["key"]]),
                )
            )  # fmt: skip
            continue
        entries[(row["rule"], row["key"])] = row[LINE]
    kept = [v for v in violations if (v.rule, v.key) not in entries]
    used = {(v.rule, v.key) for v in violations} & entries.keys()
    stale = [
        Violation(
            file=path,
            line=line,
            column="key",
            rule=catalogue.EXCEPTIONS_STALE,
            expected=f"a {rule} violation with key {key}",
            found="none (the data no longer breaks the rule)",
            key=join_key([rule, key]),
        )
        for (rule, key), line in entries.items()
        if (rule, key) not in used and rule not in (not_run or set())
    ]
    return kept + stale + refused, len(violations) - len(kept)
