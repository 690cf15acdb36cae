"""`unga diff`: what changed in the data between two versions, row by row and vote by vote.

Both versions are read from git blobs (`git cat-file --batch`), or the head from the working
tree. Each version's own datapackage.json and Table Schemas say which tables there are and what
their keys are; every table is diffed by its primary key with polars joins (no loop over rows).
On top of that generic diff, votes are grouped by roll call and the declared totals of roll
calls are singled out, because a change to either must cite a source (`check`): a matching
row in the corrections ledger of the head version, or for a new roll call or resolution its own
`source` cell.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import polars as pl

from .package import Resource
from .read import LINE, Table, read_bytes
from .report import Violation

KEY = "_key"
BASE = "__base"
VOTES = "votes"
ROLL_CALLS = "roll_calls"
RC = "roll_call"
RESOLUTIONS = "resolutions"
CORRECTIONS = "corrections"
DECLARED = "declared_"  # roll_calls columns holding a declared total
NEW_NEEDS_SOURCE = (ROLL_CALLS, RESOLUTIONS)
WORKING_TREE = "working tree"
LIST_LIMIT = 200  # entries per list in text and Markdown (JSON lists everything)


class DiffError(Exception):
    """A version cannot be read: unknown ref, no descriptor, or a damaged file."""


# --- reading one version ---------------------------------------------------------------------

Reader = Callable[[list[str]], dict[str, bytes | None]]


def _git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], input=data, capture_output=True, check=False
        )
    except FileNotFoundError as e:
        raise DiffError("git is not installed") from e
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise DiffError(f"git {' '.join(args[:2])}: {message or 'failed'}")
    return done.stdout


def _git_reader(repo: Path, ref: str) -> Reader:
    try:
        commit = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except DiffError as e:
        raise DiffError(f"{ref!r} is not a commit in {repo}") from e
    sha = commit.decode().strip()
    prefix = _git(repo, "rev-parse", "--show-prefix").decode().strip()

    def read(paths: list[str]) -> dict[str, bytes | None]:
        if not paths:
            return {}
        request = "".join(f"{sha}:{prefix}{p}\n" for p in paths).encode("utf-8")
        out = _git(repo, "cat-file", "--batch", data=request)
        blobs: dict[str, bytes | None] = {}
        pos = 0
        for p in paths:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            pos = end + 1
            if len(header) < 3 or header[1] != b"blob":
                blobs[p] = None  # missing, or a tree
                if len(header) >= 3:
                    pos += int(header[2]) + 1
                continue
            size = int(header[2])
            blobs[p] = out[pos : pos + size]
            pos += size + 1
        return blobs

    return read


def _tree_reader(repo: Path) -> Reader:
    def read(paths: list[str]) -> dict[str, bytes | None]:
        return {p: (repo / p).read_bytes() if (repo / p).is_file() else None for p in paths}

    return read


@dataclass(frozen=True)
class Version:
    label: str  # the ref, or "working tree"
    resources: dict[str, Resource]
    tables: dict[str, Table]


def _inside(root: PurePosixPath, relative: str) -> str:
    return str(root / relative) if str(root) != "." else relative


def load_version(repo: Path, ref: str | None, descriptor: str = "datapackage.json") -> Version:
    """The data package of one version: `ref` in git, or the working tree when `ref` is None."""
    read = _tree_reader(repo) if ref is None else _git_reader(repo, ref)
    label = WORKING_TREE if ref is None else ref
    raw = read([descriptor])[descriptor]
    if raw is None:
        raise DiffError(f"{label}: no {descriptor}")
    try:
        desc = json.loads(raw)
        listed = desc["resources"]
        assert isinstance(listed, list)
    except (ValueError, KeyError, TypeError, AssertionError) as e:
        raise DiffError(f"{label}: {descriptor} is not a data package descriptor") from e
    root = PurePosixPath(descriptor).parent
    schema_paths = [_inside(root, r["schema"]) for r in listed if isinstance(r.get("schema"), str)]
    schemas = read(schema_paths)
    resources: dict[str, Resource] = {}
    for r in listed:
        schema = r.get("schema")
        if isinstance(schema, str):
            blob = schemas[_inside(root, schema)]
            try:
                schema = json.loads(blob) if blob is not None else None
            except ValueError as e:
                raise DiffError(f"{label}: {schema} is not JSON") from e
        if not isinstance(schema, dict) or "fields" not in schema or "path" not in r:
            raise DiffError(f"{label}: resource {r.get('name')!r} has no path or Table Schema")
        resources[r["name"]] = Resource(r["name"], r["path"], schema)
    blobs = read([_inside(root, res.path) for res in resources.values()])
    tables: dict[str, Table] = {}
    for name, res in resources.items():
        data = blobs[_inside(root, res.path)]
        if data is None:
            continue  # a table missing from this version: all its rows are added or removed
        table, problems = read_bytes(res, data)
        if table is None:
            first = next((v.text() for v in problems), "unreadable")
            raise DiffError(f"{label}: {first}")
        tables[name] = table
    return Version(label, resources, tables)


# --- the diff --------------------------------------------------------------------------------


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
    status: str = "changed"  # "added", "removed" (whole table) or "changed"

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


@dataclass
class DataDiff:
    base: str
    head: str
    tables: dict[str, TableDiff]  # only the tables with a change
    corrections: pl.DataFrame | None  # the head's corrections ledger (text cells, _line)
    roll_calls: pl.DataFrame | None  # head roll calls (or base, when removed), for context
    base_roll_calls: frozenset[str] = frozenset()  # roll call ids the base holds

    @property
    def empty(self) -> bool:
        return not self.tables

    def table(self, name: str) -> TableDiff | None:
        return self.tables.get(name)


def _keyed(frame: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    expr = pl.concat_str([pl.col(k).fill_null("") for k in key], separator="|")
    return frame.with_columns(expr.alias(KEY)).unique(KEY, keep="first", maintain_order=True)


def _sort_exprs(resource: Resource, key: list[str]) -> list[pl.Expr]:
    exprs = []
    for k in key:
        kind = next((f.get("type") for f in resource.fields if f["name"] == k), "string")
        if kind in ("integer", "year"):
            exprs.append(pl.col(k).str.to_integer(strict=False))
        exprs.append(pl.col(k))
    return exprs


def _empty_changes(key: list[str]) -> pl.DataFrame:
    schema = {KEY: pl.String, **dict.fromkeys(key, pl.String)}
    schema |= {"column": pl.String, "old": pl.String, "new": pl.String}
    return pl.DataFrame(schema=schema | {"line": pl.Int64, "base_line": pl.Int64})


def diff_table(name: str, base: Table | None, head: Table | None) -> TableDiff:
    """Rows added, removed and cells changed, matching rows on the head's primary key."""
    if head is None or base is None:
        only = head if head is not None else base
        if only is None:
            raise ValueError(f"{name}: neither version has the table")
        key = only.resource.primary_key or only.resource.field_names
        frame = _keyed(only.frame, key)
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
    b = _keyed(base.frame, key)
    h = _keyed(head.frame, key)
    order = _sort_exprs(res, key)
    added = h.join(b.select(KEY), on=KEY, how="anti").sort(order)
    removed = b.join(h.select(KEY), on=KEY, how="anti").sort(order)
    common = [c for c in head_cols if c in base_cols and c not in key]
    both = h.join(
        b.select(KEY, LINE, *common).rename({c: c + BASE for c in [LINE, *common]}),
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


def diff_versions(base: Version, head: Version) -> DataDiff:
    names = list(head.resources) + [n for n in base.resources if n not in head.resources]
    first = (VOTES, ROLL_CALLS, RESOLUTIONS)  # the semantic changes, then the rest in order
    names.sort(key=lambda n: first.index(n) if n in first else len(first))
    tables = {}
    for name in names:
        b, h = base.tables.get(name), head.tables.get(name)
        if b is None and h is None:
            continue
        d = diff_table(name, b, h)
        if not d.empty:
            tables[name] = d
    corrections = head.tables.get(CORRECTIONS)
    rc = head.tables.get(ROLL_CALLS) or base.tables.get(ROLL_CALLS)
    rc_frame = rc.frame if rc is not None else None
    base_rc = base.tables.get(ROLL_CALLS)
    ids = frozenset(base_rc.frame[RC].to_list()) if base_rc is not None else frozenset()
    return DataDiff(
        base.label,
        head.label,
        tables,
        corrections.frame if corrections is not None else None,
        rc_frame,
        ids,
    )


def data_diff(
    repo: Path, base: str, head: str | None = None, descriptor: str = "datapackage.json"
) -> DataDiff:
    """The semantic diff of the data between git ref `base` and `head` (None: working tree)."""
    return diff_versions(load_version(repo, base, descriptor), load_version(repo, head, descriptor))


# --- the cited-changes rule ------------------------------------------------------------------


def _cited(diff: DataDiff, required: pl.DataFrame) -> pl.DataFrame:
    """The rows of `required` (table, key, column, old, new, ...) that no ledger row cites."""
    ledger = diff.corrections
    if ledger is None or ledger.is_empty() or required.is_empty():
        return required
    match = ["table", "key", "column", "old", "new"]
    citing = ledger.filter(pl.col("source").str.strip_chars().str.len_chars() > 0).select(
        *[pl.col(c).fill_null("") for c in match]
    )
    filled = required.with_columns(pl.col("old").fill_null(""), pl.col("new").fill_null(""))
    return filled.join(citing.unique(), on=match, how="anti")


def _near_misses(diff: DataDiff, uncited: pl.DataFrame) -> dict[tuple[str, str, str], str]:
    """For each uncited change, what the ledger says about that cell instead, if anything."""
    ledger = diff.corrections
    if ledger is None or uncited.is_empty():
        return {}
    near = ledger.join(uncited.select("table", "key", "column"), on=["table", "key", "column"])
    out: dict[tuple[str, str, str], str] = {}
    for r in near.iter_rows(named=True):
        k = (r["table"], r["key"], r["column"])
        source = r["source"] or "no source"
        said = f"corrections row {r['correction']} (line {r[LINE]}): {_v(r['old'])} → "
        out.setdefault(k, said + f"{_v(r['new'])}, {source}")
    return out


def _v(value: str | None) -> str:
    return "empty" if value is None or value == "" else repr(value)


def required_citations(diff: DataDiff) -> pl.DataFrame:
    """Every change that must be cited: table, key, column, old, new, path, line, what."""
    parts = []
    votes = diff.table(VOTES)
    if votes is not None and votes.status == "changed":
        rc, st = RC, "state"
        parts.append(
            votes.changed.select(
                pl.lit(VOTES).alias("table"),
                pl.col(KEY).alias("key"),
                "column",
                "old",
                "new",
                pl.lit(votes.path).alias("path"),
                "line",
                pl.format("roll call {}, state {}", pl.col(rc), pl.col(st)).alias("what"),
            )
        )
        # A vote added to a roll call the base already had changes that roll call's record.
        existing = votes.added.filter(pl.col(rc).is_in(list(diff.base_roll_calls)))
        for c in [c for c in existing.columns if c not in (*votes.key, KEY, LINE)]:
            parts.append(
                existing.select(
                    pl.lit(VOTES).alias("table"),
                    pl.col(KEY).alias("key"),
                    pl.lit(c).alias("column"),
                    pl.lit(None, pl.String).alias("old"),
                    pl.col(c).alias("new"),
                    pl.lit(votes.path).alias("path"),
                    pl.col(LINE).alias("line"),
                    pl.format(
                        "roll call {}, state {} (added to an existing roll call)",
                        pl.col(rc),
                        pl.col(st),
                    ).alias("what"),
                )
            )
    rcs = diff.table(ROLL_CALLS)
    if rcs is not None and rcs.status == "changed":
        parts.append(
            rcs.changed.filter(pl.col("column").str.starts_with(DECLARED)).select(
                pl.lit(ROLL_CALLS).alias("table"),
                pl.col(KEY).alias("key"),
                "column",
                "old",
                "new",
                pl.lit(rcs.path).alias("path"),
                "line",
                pl.format("roll call {}, declared total", pl.col(KEY)).alias("what"),
            )
        )
    if not parts:
        return pl.DataFrame(
            schema={
                **dict.fromkeys(["table", "key", "column", "old", "new", "path"], pl.String),
                "line": pl.Int64,
                "what": pl.String,
            }
        )
    return pl.concat(parts, how="vertical_relaxed")


def check(diff: DataDiff) -> list[Violation]:
    """Uncited changes to votes and declared totals; new roll calls or resolutions without source.

    A change is cited when the head's corrections ledger has a row for the same table, key
    and column whose `old` is the base value, whose `new` is the head value and whose
    `source` is not empty.
    """
    out: list[Violation] = []
    uncited = _cited(diff, required_citations(diff))
    near = _near_misses(diff, uncited)
    for r in uncited.iter_rows(named=True):
        said = near.get((r["table"], r["key"], r["column"]))
        out.append(
            Violation(
                r["path"],
                r["line"],
                r["column"],
                "diff.uncited-change",
                f"a corrections row ({r['table']}, {r['key']}, {r['column']}, "
                f"old {_v(r['old'])}, new {_v(r['new'])}) citing a source",
                said or "none in the corrections ledger",
                f"{r['what']}: {_v(r['old'])} → {_v(r['new'])}",
                r["key"],
            )
        )
    for name in NEW_NEEDS_SOURCE:
        d = diff.table(name)
        if d is None or d.added.is_empty():
            continue
        if "source" not in d.added.columns:
            missing = d.added
        else:
            missing = d.added.filter(
                pl.col("source").is_null() | (pl.col("source").str.strip_chars() == "")
            )
        label = name[:-1].replace("_", " ")
        for r in missing.iter_rows(named=True):
            out.append(
                Violation(
                    d.path,
                    r[LINE],
                    "source",
                    "diff.new-without-source",
                    "a source (document symbol or address)",
                    "empty" if "source" in d.added.columns else "no source column",
                    f"new {label} {r[KEY]}",
                    r[KEY],
                )
            )
    out.sort(key=lambda v: (v.file, v.line or 0, v.rule))
    return out


# --- the semantic view, shared by the renderers ----------------------------------------------


def _roll_call_context(diff: DataDiff, ids: Iterable[str]) -> dict[str, dict[str, str]]:
    rc = diff.roll_calls
    wanted = list(set(ids))
    if rc is None or not wanted:
        return {}
    cols = [c for c in ("date", "resolution", "session") if c in rc.columns]
    rows = rc.filter(pl.col(RC).is_in(wanted)).select(RC, *cols)
    return {r.pop(RC): r for r in rows.to_dicts()}


def _codes(frame: pl.DataFrame) -> list[str]:
    order = {c: i for i, c in enumerate("YNAX")}
    codes = [v for v in frame["vote"].unique().to_list() if v is not None]
    return sorted(codes, key=lambda c: (order.get(c, len(order)), c))


def vote_changes(diff: DataDiff) -> list[dict[str, Any]]:
    """Per roll call: votes changed (from → to), added and removed, with the roll call's date."""
    d = diff.table(VOTES)
    if d is None:
        return []
    rc = RC
    ids: dict[str, dict[str, Any]] = {}

    def entry(i: str) -> dict[str, Any]:
        return ids.setdefault(i, {"roll_call": i, "changed": [], "added": {}, "removed": {}})

    for r in d.changed.iter_rows(named=True):
        entry(r[rc])["changed"].append(
            {
                "state": r["state"],
                "column": r["column"],
                "from": r["old"],
                "to": r["new"],
                "line": r["line"],
            }
        )
    for key, frame in (("added", d.added), ("removed", d.removed)):
        if frame.is_empty():
            continue
        grouped = frame.group_by(rc, maintain_order=True).agg(
            pl.col("state"),
            pl.col("vote"),
            pl.col(LINE).min().alias("first"),
            pl.col(LINE).max().alias("last"),
            *[(pl.col("vote") == v).sum().alias(f"n:{v}") for v in _codes(frame)],
        )
        for r in grouped.iter_rows(named=True):
            e = entry(str(r[rc]))
            e[key] = dict(zip(r["state"], r["vote"], strict=True))
            e[key + "_tally"] = {k[2:]: n for k, n in r.items() if k.startswith("n:") and n}
            e[key + "_lines"] = [r["first"], r["last"]]
    context = _roll_call_context(diff, ids)
    for i, e in ids.items():
        e.update(context.get(i, {}))
        e["new_roll_call"] = i not in diff.base_roll_calls
    return sorted(ids.values(), key=lambda e: (int(e["roll_call"]), e["roll_call"]))


def _summary(d: TableDiff) -> str:
    rows = d.changed[KEY].n_unique() if not d.changed.is_empty() else 0
    parts = [f"{d.added.height:,} added", f"{d.removed.height:,} removed"]
    parts.append(
        f"{d.changed.height:,} cell{'s' * (d.changed.height != 1)} changed in {rows:,} "
        f"row{'s' * (rows != 1)}"
    )
    if d.status != "changed":
        parts.insert(0, f"table {d.status}")
    if d.columns_added:
        parts.append(f"columns added: {', '.join(d.columns_added)}")
    if d.columns_removed:
        parts.append(f"columns removed: {', '.join(d.columns_removed)}")
    return ", ".join(parts)


def _row_text(row: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in row.items() if v not in (None, "") and k != LINE)


def to_dict(diff: DataDiff, violations: list[Violation] | None = None) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for name, d in diff.tables.items():
        entry: dict[str, Any] = {
            "path": d.path,
            "key": d.key,
            "status": d.status,
            "summary": _summary(d),
            "columns_added": d.columns_added,
            "columns_removed": d.columns_removed,
        }
        if name == VOTES:
            entry["roll_calls"] = vote_changes(diff)
        else:
            entry["added"] = [{"key": k, **r} for k, r in _keyed_rows(d.added)]
            entry["removed"] = [{"key": k, **r} for k, r in _keyed_rows(d.removed)]
            entry["changed"] = [
                {
                    "key": r[KEY],
                    "column": r["column"],
                    "from": r["old"],
                    "to": r["new"],
                    "line": r["line"],
                }
                for r in d.changed.iter_rows(named=True)
            ]
        tables[name] = entry
    out: dict[str, Any] = {"base": diff.base, "head": diff.head, "tables": tables}
    if violations is not None:
        out["check"] = {
            "passed": not violations,
            "violations": [
                {
                    k: getattr(v, k)
                    for k in (
                        "file",
                        "line",
                        "column",
                        "rule",
                        "expected",
                        "found",
                        "message",
                        "key",
                    )
                }
                for v in violations
            ],
        }
    return out


def _keyed_rows(frame: pl.DataFrame) -> list[tuple[str, dict[str, Any]]]:
    return [(r.pop(KEY), r) for r in frame.to_dicts()]


def to_json(diff: DataDiff, violations: list[Violation] | None = None) -> str:
    return json.dumps(to_dict(diff, violations), indent=2, ensure_ascii=False)


def _more(n: int) -> str:
    return f"… and {n - LIST_LIMIT:,} more" if n > LIST_LIMIT else ""


def _rc_title(e: dict[str, Any]) -> str:
    bits = [b for b in (e.get("date"), e.get("resolution")) if b]
    return f"roll call {e['roll_call']}" + (f" ({', '.join(bits)})" if bits else "")


def _tally_text(t: dict[str, int]) -> str:
    return " ".join(f"{k} {n}" for k, n in t.items())


def to_text(diff: DataDiff, violations: list[Violation] | None = None) -> str:
    lines = [f"unga diff {diff.base} → {diff.head}"]
    if diff.empty:
        lines.append("no change to the data")
    for name, d in diff.tables.items():
        lines.append(f"{name} ({d.path}): {_summary(d)}")
        if name == VOTES:
            entries = vote_changes(diff)
            for e in entries[:LIST_LIMIT]:
                lines.append(f"  {_rc_title(e)}{' [new roll call]' * e['new_roll_call']}")
                for c in e["changed"][:LIST_LIMIT]:
                    lines.append(
                        f"    {c['state']}: {c['from'] or 'empty'} → {c['to'] or 'empty'}"
                        f"  ({d.path}:{c['line']})"
                    )
                for kind in ("added", "removed"):
                    if not e[kind]:
                        continue
                    votes = e[kind]
                    if e["new_roll_call"] or len(votes) > 20:
                        lines.append(
                            f"    {len(votes)} votes {kind} ({_tally_text(e[kind + '_tally'])})"
                        )
                    else:
                        listed = ", ".join(f"{s} {v}" for s, v in votes.items())
                        lines.append(f"    votes {kind}: {listed}")
            if _more(len(entries)):
                lines.append(f"  {_more(len(entries))} roll calls")
            continue
        declared = name == ROLL_CALLS
        for r in d.changed.head(LIST_LIMIT).iter_rows(named=True):
            tag = " (declared total)" if declared and r["column"].startswith(DECLARED) else ""
            lines.append(
                f"  {r[KEY]} {r['column']}: {_v(r['old'])} → {_v(r['new'])}{tag}"
                f"  ({d.path}:{r['line']})"
            )
        if _more(d.changed.height):
            lines.append(f"  {_more(d.changed.height)} changes")
        for kind, frame in (("added", d.added), ("removed", d.removed)):
            for k, r in _keyed_rows(frame.head(LIST_LIMIT)):
                lines.append(f"  {kind} {k}: {_row_text(r)}")
            if _more(frame.height):
                lines.append(f"  {_more(frame.height)} rows {kind}")
    if violations is not None:
        lines += [v.text() for v in violations]
        lines.append(f"unga diff --check: {_check_summary(violations)}")
    return "\n".join(lines)


def _check_summary(violations: list[Violation]) -> str:
    if not violations:
        return "passed"
    rules = Counter(v.rule for v in violations)
    by_rule = ", ".join(f"{r} {n}" for r, n in sorted(rules.items()))
    return f"{len(violations)} problem{'s' * (len(violations) != 1)} ({by_rule})"


def _md(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(diff: DataDiff, violations: list[Violation] | None = None) -> str:
    """For a GitHub job summary: a table of counts, then each change."""
    out = [f"## Data diff `{diff.base}` → `{diff.head}`", ""]
    if violations is not None:
        if violations:
            out += [f"**Check failed:** {_check_summary(violations)}.", ""]
            out += ["| where | rule | problem | expected | found |", "|---|---|---|---|---|"]
            out += [
                f"| `{v.file}:{v.line}` | `{v.rule}` | {_md(v.message)} | {_md(v.expected)} "
                f"| {_md(v.found)} |"
                for v in violations
            ]
            out.append("")
        else:
            out += ["**Check passed:** every changed vote and declared total is cited.", ""]
    if diff.empty:
        return "\n".join([*out, "No change to the data.", ""])
    out += ["| table | added | removed | changed cells |", "|---|---:|---:|---:|"]
    for name, d in diff.tables.items():
        status = f" ({d.status})" if d.status != "changed" else ""
        out.append(
            f"| `{name}`{status} | {d.added.height:,} | {d.removed.height:,} "
            f"| {d.changed.height:,} |"
        )
    out.append("")
    for name, d in diff.tables.items():
        out += [f"### `{name}`", ""]
        if d.columns_added or d.columns_removed:
            out += [f"Columns added: {d.columns_added}; removed: {d.columns_removed}.", ""]
        if name == VOTES:
            entries = vote_changes(diff)
            changed = [(e, c) for e in entries for c in e["changed"]]
            if changed:
                out += [
                    "| roll call | date | resolution | state | from | to | line |",
                    "|---:|---|---|---|---|---|---:|",
                ]
                out += [
                    f"| {e['roll_call']} | {e.get('date') or ''} | {_md(e.get('resolution'))} "
                    f"| {c['state']} | {c['from'] or ''} | {c['to'] or ''} | {c['line']} |"
                    for e, c in changed[:LIST_LIMIT]
                ]
                out += [_more(len(changed)), ""]
            bulk = [e for e in entries if e["added"] or e["removed"]]
            if bulk:
                out += [
                    "| roll call | date | new | votes added | votes removed |",
                    "|---:|---|---|---|---|",
                ]
                out += [
                    f"| {e['roll_call']} | {e.get('date') or ''} | {'yes' * e['new_roll_call']} "
                    f"| {_votes_md(e, 'added')} | {_votes_md(e, 'removed')} |"
                    for e in bulk[:LIST_LIMIT]
                ]
                out += [_more(len(bulk)), ""]
            continue
        if not d.changed.is_empty():
            out += ["| key | column | from | to | line |", "|---|---|---|---|---:|"]
            out += [
                f"| {_md(r[KEY])} | `{r['column']}` | {_md(r['old'])} | {_md(r['new'])} "
                f"| {r['line']} |"
                for r in d.changed.head(LIST_LIMIT).iter_rows(named=True)
            ]
            out += [_more(d.changed.height), ""]
        for kind, frame in (("Added", d.added), ("Removed", d.removed)):
            if frame.is_empty():
                continue
            out += [f"{kind} rows:", ""]
            out += [
                f"- `{_md(k)}`: {_md(_row_text(r))}" for k, r in _keyed_rows(frame.head(LIST_LIMIT))
            ]
            out += [_more(frame.height), ""]
    return "\n".join(out)


def _votes_md(e: dict[str, Any], kind: str) -> str:
    votes = e[kind]
    if not votes:
        return ""
    if e["new_roll_call"] or len(votes) > 20:
        return f"{len(votes)} ({_tally_text(e[kind + '_tally'])})"
    return ", ".join(f"{s} {v}" for s, v in votes.items())
