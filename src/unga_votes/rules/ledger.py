"""The two ledgers: corrections (manual changes, each cited) and exceptions (accepted violations).

A correction must be visible in the data: the row it names exists and holds its new value
(the latest correction of a cell, by id, is the one that must hold).
An exception covers the violations with its rule and key; one that covers none is stale.
"""

from __future__ import annotations

import polars as pl

from .. import catalogue as R
from ..package import LINE, Package, Table
from ..package.keys import join_key, key_expr
from ..report import Violation


def correction_violations(package: Package, tables: dict[str, Table]) -> list[Violation]:
    ledger = tables.get("corrections")
    if ledger is None or ledger.frame.is_empty():
        return []
    path = ledger.resource.path
    out: list[Violation] = []
    # A later correction of the same cell supersedes an earlier one: only the last must hold.
    ids = pl.col("correction").str.to_integer(strict=False)
    latest = ledger.frame.filter(ids == ids.max().over("table", "key", "column"))
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
            if r["column"] not in res.field_names:
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
            elif f"value:{res.primary_key[0]}" not in r or r[f"value:{res.primary_key[0]}"] is None:
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
