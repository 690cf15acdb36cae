"""Two versions of a table, compared row by row on the primary key (polars joins, no loop).

Used by `unga diff` (what a change did, and whether it is cited) and by the release notes
(what changed since the previous release).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from .descriptor import Resource
from .keys import key_expr
from .read import LINE, Table
from .types import parse_expr

KEY = "_key"
BASE = "__base"


@dataclass
class TableDiff:
    """One table's changes. Frames carry the text cells, `_key` and the line of each row."""

    name: str
    path: str  # in the head version (the base's if the table was removed)
    key: list[str]  # primary-key columns the rows were matched on
    added: pl.DataFrame  # head rows whose key is not in the base (with _line in head)
    removed: pl.DataFrame  # base rows whose key is not in the head (with _line in base)
    changed: pl.DataFrame  # _key, key columns, column, old, new, line, base_line
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    status: str = "changed"  # "added", "removed", "replaced" (whole table) or "changed"

    @property
    def empty(self) -> bool:
        return (
            self.added.is_empty()
            and self.removed.is_empty()
            and self.changed.is_empty()
            and not self.columns_added
            and not self.columns_removed
            and self.status == "changed"
        )

    @property
    def rows_changed(self) -> int:
        return self.changed[KEY].n_unique() if not self.changed.is_empty() else 0


def _keyed(frame: pl.DataFrame, key: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rows by key: the first row of each key, and the later rows repeating a key (matched
    to nothing, so a repeated row shows as added or removed, never vanishes)."""
    keyed = frame.with_columns(key_expr(key).alias(KEY))
    first = pl.col(KEY).is_first_distinct()
    return keyed.filter(first), keyed.filter(~first)


def _sort_exprs(resource: Resource, key: list[str]) -> list[pl.Expr]:
    """Key columns in their type's order (roll call 999 before 1000), then as text."""
    exprs = []
    types = {f["name"]: f for f in resource.fields}
    for k in key:
        if k in types and types[k].get("type") in ("integer", "year"):
            exprs.append(parse_expr(types[k]))
        exprs.append(pl.col(k))
    return exprs


def _empty_changes(key: list[str]) -> pl.DataFrame:
    schema = {KEY: pl.String, **dict.fromkeys(key, pl.String)}
    schema |= {"column": pl.String, "old": pl.String, "new": pl.String}
    return pl.DataFrame(schema=schema | {"line": pl.Int64, "base_line": pl.Int64})


def diff_table(name: str, base: Table | None, head: Table | None) -> TableDiff:
    """Rows added, removed and cells changed, matching rows on the head's primary key."""
    if (
        head is not None
        and base is not None
        and not set(head.resource.field_names) & set(base.resource.field_names)
    ):  # no column in common: no row can match another; the table was replaced
        replaced_ = diff_table(name, None, head)
        replaced_.removed = diff_table(name, base, None).removed
        replaced_.status = "replaced"
        return replaced_
    if head is None or base is None:
        only = head if head is not None else base
        if only is None:
            raise ValueError(f"{name}: neither version has the table")
        key = only.resource.primary_key or only.resource.field_names
        frame = pl.concat(_keyed(only.frame, key))
        empty = frame.clear()
        return TableDiff(
            name,
            only.resource.path,
            key,
            frame if head else empty,
            empty if head else frame,
            _empty_changes(key),
            status="added" if head else "removed",
        )
    res = head.resource
    key = res.primary_key or res.field_names
    base_cols = base.resource.field_names
    head_cols = head.resource.field_names
    if not set(key) <= set(base_cols):
        key = [c for c in key if c in base_cols] or [c for c in head_cols if c in base_cols]
    base_rows, base_repeated = _keyed(base.frame, key)
    head_rows, head_repeated = _keyed(head.frame, key)
    order = _sort_exprs(res, key)
    added = pl.concat([head_rows.join(base_rows.select(KEY), on=KEY, how="anti"), head_repeated])
    added = added.sort(order, maintain_order=True)
    removed = pl.concat([base_rows.join(head_rows.select(KEY), on=KEY, how="anti"), base_repeated])
    removed = removed.sort(order, maintain_order=True)
    common = [c for c in head_cols if c in base_cols and c not in key]
    both = head_rows.join(
        base_rows.select(KEY, LINE, *common).rename({c: c + BASE for c in [LINE, *common]}),
        on=KEY,
        how="inner",
    )
    parts = [
        both.filter(pl.col(c).ne_missing(pl.col(c + BASE))).select(
            KEY,
            *key,
            pl.lit(c).alias("column"),
            pl.col(c + BASE).alias("old"),
            pl.col(c).alias("new"),
            pl.col(LINE).alias("line"),
            pl.col(LINE + BASE).alias("base_line"),
        )
        for c in common
    ]
    changed = pl.concat(parts) if parts else _empty_changes(key)
    changed = changed.sort([*order, "column"]) if not changed.is_empty() else changed
    return TableDiff(
        name,
        res.path,
        key,
        added,
        removed,
        changed,
        columns_added=[c for c in head_cols if c not in base_cols],
        columns_removed=[c for c in base_cols if c not in head_cols],
    )
