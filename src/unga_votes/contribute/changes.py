"""`unga diff`: what changed in the data between two versions, row by row and vote by vote.

Both versions are read by the one package loader: a git commit (blobs, nothing checked out) or
the working tree. Each version's own datapackage.json and Table Schemas say which tables there
are and what their keys are; every table is compared on its primary key (`tablediff`). Votes
are then grouped per roll call, with the roll call's date and resolution, for the renderers.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from .. import catalogue
from ..errors import UngaError
from ..package import (
    LINE,
    Package,
    PackageError,
    Resource,
    Table,
    load_package,
    load_revision,
    read_table,
)
from ..package.files import RevisionError, safe_path
from ..package.tablediff import TableDiff, diff_table

VOTES = "votes"
ROLL_CALLS = "roll_calls"
RC = "roll_call"
RESOLUTIONS = "resolutions"
CORRECTIONS = "corrections"
EXCEPTIONS = "exceptions"
LEDGERS = (CORRECTIONS, EXCEPTIONS)
WORKING_TREE = "working tree"


class DiffError(UngaError):
    """A version cannot be found: the repository, the ref or the descriptor's path (the usage)."""


class DiffDataError(DiffError):
    """A version cannot be read: no descriptor, or a damaged file (the data fail)."""

    exit_code = 1


def _diff_error(message: str, cause: PackageError) -> DiffError:
    """A repository or ref that does not exist is the usage; any other package that cannot be
    read, the data."""
    return DiffError(message) if isinstance(cause, RevisionError) else DiffDataError(message)


def _in_repo(repo: Path, descriptor: str) -> str:
    """The descriptor's path relative to `repo` (an absolute path inside it is accepted); a
    path out of the repository is a usage error."""
    outside = DiffError(f"--package {descriptor!r}: not a path inside the repository {repo}")
    path = Path(descriptor)
    if path.is_absolute():
        try:
            descriptor = path.resolve().relative_to(repo.resolve()).as_posix()
        except ValueError:
            raise outside from None
    try:
        return safe_path(descriptor, "--package")
    except PackageError:
        raise outside from None


@dataclass(frozen=True)
class Version:
    label: str  # the ref, or "working tree"
    package: Package
    tables: dict[str, Table]

    @property
    def resources(self) -> dict[str, Resource]:
        return self.package.resources


def load_version(repo: Path, ref: str | None, descriptor: str = "datapackage.json") -> Version:
    """The data package of one version: `ref` in git, or the working tree when `ref` is None."""
    label = WORKING_TREE if ref is None else ref
    try:
        rel = _in_repo(Path(repo), descriptor)
        if ref is None:
            package = load_package(Path(repo) / rel)
        else:
            package = load_revision(Path(repo), ref, rel)
    except PackageError as e:
        raise _diff_error(f"{label}: {e}" if ref is None else str(e), e) from e
    tables: dict[str, Table] = {}
    for name, res in package.resources.items():
        try:
            table, problems = read_table(package, res)
        except PackageError as e:
            raise _diff_error(f"{label}: {e}", e) from e
        if table is None:
            if problems and problems[0].rule == catalogue.PACKAGE_MISSING_FILE.id:
                continue  # a table missing from this version: all its rows added or removed
            first = next((v.text() for v in problems), "unreadable")
            raise DiffDataError(f"{label}: {first}")
        tables[name] = table
    return Version(label, package, tables)


@dataclass
class DataDiff:
    base: str
    head: str
    tables: dict[str, TableDiff]  # only the tables with a change
    corrections: pl.DataFrame | None  # the head's corrections ledger (text cells, _line)
    roll_calls: pl.DataFrame | None  # head roll calls (or base, when removed), for context
    base_roll_calls: frozenset[str] = frozenset()  # roll call ids the base holds
    structure: list[tuple[str, str]] = field(default_factory=list)  # (file, how) changed
    descriptor: str = "datapackage.json"  # the head's descriptor, relative to its package
    folder: str = ""  # the package's folder in the repository, as --package names it

    @property
    def empty(self) -> bool:
        return not self.tables

    def table(self, name: str) -> TableDiff | None:
        return self.tables.get(name)


def diff_versions(base: Version, head: Version) -> DataDiff:
    names = list(head.resources) + [n for n in base.resources if n not in head.resources]
    first = (VOTES, ROLL_CALLS, RESOLUTIONS)  # the semantic changes, then the rest in order
    names.sort(key=lambda n: first.index(n) if n in first else len(first))
    tables = {}
    for name in names:
        before, after = base.tables.get(name), head.tables.get(name)
        if before is None and after is None:
            continue
        table_diff = diff_table(name, before, after)
        if not table_diff.empty:
            tables[name] = table_diff
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
        structure_changes(base.package, head.package),
        head.package.descriptor_path,
    )


def structure_changes(base: Package, head: Package) -> list[tuple[str, str]]:
    """The descriptor and Table Schema files that differ between the versions, as JSON (a
    change of layout alone is not a change): (path, "changed" | "added" | "removed")."""

    def parsed(raw: bytes | None) -> object:
        try:
            return json.loads(raw) if raw is not None else None
        except ValueError:
            return raw

    out = []
    for path in sorted(base.raw.keys() | head.raw.keys()):
        before, after = parsed(base.raw.get(path)), parsed(head.raw.get(path))
        if before != after:
            how = "added" if before is None else "removed" if after is None else "changed"
            out.append((path, how))
    return out


def data_diff(
    repo: Path, base: str, head: str | None = None, descriptor: str = "datapackage.json"
) -> DataDiff:
    """The semantic diff of the data between git ref `base` and `head` (None: working tree)."""
    diff = diff_versions(load_version(repo, base, descriptor), load_version(repo, head, descriptor))
    return replace(diff, folder=posixpath.dirname(descriptor))


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
    votes = diff.table(VOTES)
    if votes is None:
        return []
    rc = RC
    ids: dict[str, dict[str, Any]] = {}

    def entry(i: str) -> dict[str, Any]:
        return ids.setdefault(i, {"roll_call": i, "changed": [], "added": {}, "removed": {}})

    for r in votes.changed.iter_rows(named=True):
        entry(r[rc])["changed"].append(
            {
                "state": r["state"],
                "column": r["column"],
                "from": r["old"],
                "to": r["new"],
                "line": r["line"],
            }
        )
    for key, frame in (("added", votes.added), ("removed", votes.removed)):
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
            found = entry(str(r[rc]))
            found[key] = dict(zip(r["state"], r["vote"], strict=True))
            found[key + "_tally"] = {k[2:]: n for k, n in r.items() if k.startswith("n:") and n}
            found[key + "_lines"] = [r["first"], r["last"]]
    context = _roll_call_context(diff, ids)
    for i, e in ids.items():
        e.update(context.get(i, {}))
        e["new_roll_call"] = i not in diff.base_roll_calls
    return sorted(ids.values(), key=lambda e: (int(e["roll_call"]), e["roll_call"]))
