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

from .. import catalogue as R
from ..package import LINE, Package, Table
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
WHOLE_ROW, ROW = "*", "row"
CHANGE = ["table", "key", "column", "old", "new"]


def is_citation(text: str | None) -> bool:
    """Whether `text` starts with a citation (CITATION)."""
    return bool(text) and CITATION.match(text) is not None


def citation_violations(tables: dict[str, Table]) -> list[Violation]:
    """A ledger row whose source cites nothing a reader could look up."""
    out = []
    for name in ("corrections", "exceptions"):
        ledger = tables.get(name)
        if ledger is None or "source" not in ledger.frame.columns:
            continue
        for r in ledger.frame.iter_rows(named=True):
            if r["source"] is not None and not is_citation(r["source"]):
                out.append(
                    Violation(
                        ledger.resource.path, r[LINE], "source", R.LEDGER_CITATION,
                        "a UN document symbol (A/62/PV.76), an https:// address, a handle or "
                        "a DOI", repr(r["source"]), key=r.get("correction") or r.get("key"),
                    )
                )  # fmt: skip
    return out


def _duplicates(ledger: Table) -> list[Violation]:
    frame = ledger.frame.with_columns(pl.col(c).fill_null("") for c in CHANGE)
    first = frame.group_by(CHANGE).agg(pl.col("correction").first().alias("first"))
    repeated = frame.join(first, on=CHANGE).filter(pl.col("correction") != pl.col("first"))
    return [
        Violation(
            ledger.resource.path,
            r[LINE],
            "correction",
            R.CORRECTIONS_DUPLICATE,
            "a change not already in the ledger",
            f"the change of correction {r['first']}",
            f"{r['table']} {r['key']} {r['column']}",
            r["correction"],
        )
        for r in repeated.sort(LINE).iter_rows(named=True)
    ]


def correction_violations(package: Package, tables: dict[str, Table]) -> list[Violation]:
    ledger = tables.get("corrections")
    if ledger is None or ledger.frame.is_empty():
        return []
    path = ledger.resource.path
    out: list[Violation] = _duplicates(ledger)
    # A later correction of the same cell supersedes an earlier one: only the last must hold;
    # a row's removal supersedes the corrections of its cells before it.
    ids = pl.col("correction").str.to_integer(strict=False)
    removal = (pl.col("column") == WHOLE_ROW) & (pl.col("old") == ROW)
    removed_at = pl.when(removal).then(ids).max().over("table", "key")
    latest = ledger.frame.filter(
        (ids == ids.max().over("table", "key", "column"))
        & (removed_at.is_null() | (ids >= removed_at))
    )
    for table_name, rows in latest.group_by("table", maintain_order=True):
        name = table_name[0]
        target = tables.get(name)
        if name not in package.resources or target is None:
            continue  # an unknown table is a schema.enum violation; an unloaded one is reported
        res = target.resource
        # Key only the rows the ledger names: votes has a million rows, the ledger a handful.
        key = key_expr(res.primary_key)
        keyed = (
            target.frame.filter(key.is_in(rows["key"].drop_nulls().implode()))
            .select(key.alias("key"), *[pl.col(f).alias(f"value:{f}") for f in res.field_names])
            .unique("key", keep="first")
        )
        joined = rows.join(keyed, on="key", how="left")
        for r in joined.iter_rows(named=True):
            where = f"{name} {r['key']}"
            present = r.get(f"value:{res.primary_key[0]}") is not None
            if r["column"] == WHOLE_ROW:
                out += _whole_row(path, r, where, present)
            elif r["column"] not in res.field_names:
                out.append(
                    Violation(
                        path,
                        r[LINE],
                        "column",
                        R.CORRECTIONS_UNKNOWN_COLUMN,
                        f"a column of {name}",
                        repr(r["column"]),
                        where,
                        r["correction"],
                    )
                )
            elif not present:
                out.append(
                    Violation(
                        path,
                        r[LINE],
                        "key",
                        R.CORRECTIONS_UNKNOWN_ROW,
                        f"a row of {name} with key {r['key']}",
                        "no such row",
                        "",
                        r["correction"],
                    )
                )
            elif (r[f"value:{r['column']}"] or "") != (r["new"] or ""):
                out.append(
                    Violation(
                        path,
                        r[LINE],
                        "new",
                        R.CORRECTIONS_NOT_APPLIED,
                        f"{where} {r['column']} = {r['new'] or 'empty'!r}",
                        repr(r[f"value:{r['column']}"] or "empty"),
                        "",
                        r["correction"],
                    )
                )
    return out


def _whole_row(path: str, r: dict, where: str, present: bool) -> list[Violation]:
    """A correction of a whole row: removed (old `row`, new empty) or added (new `row`)."""
    old, new = r["old"] or "", r["new"] or ""
    if (old, new) not in ((ROW, ""), ("", ROW)):
        return [
            Violation(
                path, r[LINE], "column", R.CORRECTIONS_UNKNOWN_COLUMN,
                f"a column, or {WHOLE_ROW} with old {ROW!r} (a removed row) or new {ROW!r} (an "
                "added row)", f"{WHOLE_ROW} with old {old!r}, new {new!r}", where,
                r["correction"],
            )
        ]  # fmt: skip
    if present == (new == ROW):
        return []
    expected, found = ("absent", "present") if new == "" else ("present", "no such row")
    return [
        Violation(
            path, r[LINE], "key", R.CORRECTIONS_NOT_APPLIED, f"{where} {expected}", found, "",
            r["correction"],
        )
    ]  # fmt: skip


def apply_exceptions(
    violations: list[Violation], tables: dict[str, Table], not_run: set[str] | None = None
) -> tuple[list[Violation], int]:
    """Drop violations that an exception covers; add one violation per stale exception (of a
    rule that ran in full: one that could not run says nothing), and one per exception naming
    a rule that exceptions may not cover (the catalogue says which)."""
    ledger = tables.get("exceptions")
    if ledger is None or ledger.frame.is_empty():
        return violations, 0
    entries: dict[tuple[str, str], int] = {}
    refused: list[Violation] = []
    allowed = [r.id for r in R.exceptable()]
    for r in ledger.frame.iter_rows(named=True):
        if r["rule"] in R.RULES and not R.rule(r["rule"]).exceptable:
            refused.append(
                Violation(
                    ledger.resource.path,
                    r[LINE],
                    "rule",
                    R.EXCEPTIONS_NOT_EXCEPTABLE,
                    f"a rule exceptions may cover ({', '.join(allowed)})",
                    repr(r["rule"]),
                    "",
                    join_key([r["rule"], r["key"]]),
                )
            )
            continue
        entries[(r["rule"], r["key"])] = r[LINE]
    kept = [v for v in violations if (v.rule, v.key) not in entries]
    used = {(v.rule, v.key) for v in violations} & entries.keys()
    stale = [
        Violation(
            ledger.resource.path,
            line,
            "key",
            R.EXCEPTIONS_STALE,
            f"a {rule} violation with key {key}",
            "none (the data no longer breaks the rule)",
            "",
            join_key([rule, key]),
        )
        for (rule, key), line in entries.items()
        if (rule, key) not in used and rule not in (not_run or set())
    ]
    return kept + stale + refused, len(violations) - len(kept)
