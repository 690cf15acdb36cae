"""Running an import, every source the same way: tables conformed to the package's schemas,
cited corrections, validation of the result before anything is written (`outputs.write_all`
renames what is written into place).

An adapter (`sources/<name>/`) knows its source: it verifies the inputs, builds the tables and
says which violations are facts of the source (exceptions, each with its reason) and writes its
import report. The importer runs it, every source the same way: a violation nobody explains
means nothing is written. What is written, and where, is a `Target`: the package's data folder
(or `--out`) and the report beside it, or a whole package folder replaced in one step.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

import polars as pl

from .. import catalogue
from ..errors import UngaError
from ..outputs import Writer, text_writer, write_all
from ..package import Package, Resource, load_package, read_table
from ..package.keys import key_expr
from ..package.types import POLARS, kind, parse_expr
from ..package.write import as_text, csv_writer, write_csv
from ..report import Violation

if TYPE_CHECKING:
    from ..validate import Checked


class SourceError(UngaError):
    """The import cannot run: its inputs or the package are not what it needs."""


@dataclass(frozen=True)
class Correction:
    """A cited change the import applies: (table, key, column) becomes `new`."""

    table: str
    key: str
    column: str
    new: str
    source: str
    note: str


C = TypeVar("C")


@dataclass
class Imported(Generic[C]):
    """An adapter's output: tables in the package's schemas (a `corrections` table among them
    is the ledger the corrections are added to), and what its report needs (`context`, of the
    adapter's own type)."""

    tables: dict[str, pl.DataFrame]
    corrections: list[Correction] = field(default_factory=list)
    context: C = None  # type: ignore[assignment]


class Adapter(Protocol):
    name: str
    report_path: str  # relative to the repository root

    def verify(self) -> dict[str, str]:
        """Check the inputs (and their checksums); the file names and their sha256."""
        ...

    def build(self, package: Package) -> Imported: ...

    def explain(
        self, violations: list[Violation], imported: Imported
    ) -> tuple[pl.DataFrame, list[str]]:
        """The exceptions rows for the violations that are facts of the source, and the text
        of every violation it cannot explain."""
        ...

    def report(self, imported: Imported) -> str: ...


class Target(Protocol):
    """Where an import's tables and report go."""

    def check(self) -> None:
        """Refuse, before any work, an output that cannot be written."""
        ...

    def write(self, tables: dict[str, pl.DataFrame], package: Package, imported: Imported,
              report: str) -> dict[str, Path]:  # fmt: skip
        """Write everything, or nothing; the files written, by table name (and `report`)."""
        ...

    def scratch(self) -> contextlib.AbstractContextManager[str | Path]:
        """A private folder for the staged copy the import validates, removed after."""
        ...


@dataclass
class ImportSummary:
    roll_calls: int
    votes: int
    resolutions: int
    issues: int
    corrections: int
    exceptions: int
    states: int
    files: dict[str, Path] = field(default_factory=dict)
    unexpected: list[str] = field(default_factory=list)  # violations no exception explains

    @property
    def ok(self) -> bool:
        return not self.unexpected


def conform(frame: pl.DataFrame, resource: Resource) -> pl.DataFrame:
    """The frame as the resource's table: its fields in schema order, each of its type.

    Text columns are parsed as the Table Schema reads them; a value that does not parse is an
    error here rather than a silent null in the data."""
    missing = [f for f in resource.field_names if f not in frame.columns]
    if missing:
        raise SourceError(f"{resource.name}: the import does not produce {', '.join(missing)}")
    exprs = []
    for f in resource.fields:
        name, dtype = f["name"], POLARS[kind(f)]
        col = pl.col(name)
        if frame.schema[name] == pl.String and dtype != pl.String:
            exprs.append(parse_expr(f).alias(name))
        else:
            exprs.append(col.cast(dtype))
    out = frame.select(exprs)
    for f in resource.fields:
        lost = out[f["name"]].null_count() - frame[f["name"]].null_count()
        if lost:
            raise SourceError(f"{resource.name}.{f['name']}: {lost} values are not {kind(f)}s")
    return out


def apply_corrections(
    tables: dict[str, pl.DataFrame],
    corrections: list[Correction],
    package: Package,
    base: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Apply each correction to its row; the corrections ledger (`base`, then a row for each
    correction that changed a value)."""
    ledger = package.resource("corrections")
    rows: list[tuple] = []
    first = 1 if base is None or base.is_empty() else int(base["correction"].max()) + 1  # type: ignore[arg-type]
    for c in corrections:
        res = package.resource(c.table)
        frame = tables[c.table]
        hit = key_expr(res.primary_key) == c.key
        matched = frame.filter(hit)
        if matched.height != 1:
            raise SourceError(f"correction: no single row {c.table} {c.key}")
        old = as_text(matched.select(c.column))[c.column][0]
        if old == c.new:
            continue
        rows.append((first + len(rows), c.table, c.key, c.column, old, c.new, c.source, c.note))
        dtype = frame.schema[c.column]
        value = pl.DataFrame({c.column: [c.new]}).select(parse_expr(res.field(c.column)))
        if value.item() is None and c.new:
            raise SourceError(f"correction of {c.table} {c.key} {c.column}: {c.new!r} is not valid")
        tables[c.table] = frame.with_columns(
            pl.when(hit)
            .then(pl.lit(value.item(), dtype))
            .otherwise(pl.col(c.column))
            .alias(c.column)
        )
    added = conform(
        pl.DataFrame(
            rows, schema=ledger.field_names, orient="row", infer_schema_length=None
        ).with_columns(pl.all().cast(pl.String)),
        ledger,
    )
    return added if base is None else pl.concat([conform(base, ledger), added])


def _check_staged(
    repo: Path, package: Package, tables: dict[str, pl.DataFrame], stage: Path
) -> Checked:
    """Validate the package with `tables` in place of its files, in a staging copy (the
    `Checked`, so that a changed exceptions ledger alone is checked again cheaply)."""
    from ..validate import check_package

    shutil.copy(repo / package.descriptor_path, stage / package.descriptor_path)
    for path, data in package.schema_files().items():
        (stage / path).parent.mkdir(parents=True, exist_ok=True)
        (stage / path).write_bytes(data)
    for name, res in package.resources.items():
        target = stage / res.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if name in tables:
            write_csv(tables[name], target)
        else:
            shutil.copy(repo / res.path, target)
    return check_package(stage / package.descriptor_path)


def curated_exceptions(package: Package, written: set[str]) -> pl.DataFrame:
    """The package's exceptions to rules on tables the import does not write (the curated
    reference tables: states, memberships, ...): facts kept by hand, not by the source, so the
    import keeps them as they are."""
    ledger = package.resource("exceptions")
    table, problems = read_table(package, ledger)
    if table is None:
        raise SourceError(f"{ledger.path}: " + "; ".join(p.text() for p in problems[:1]))
    rules = {
        rule.id
        for rule in catalogue.RULES.values()
        if rule.tables and not set(rule.tables) & written
    }
    return conform(table.cells().filter(pl.col("rule").is_in(list(rules))), ledger)


def run_import(
    adapter: Adapter,
    repo: Path,
    out_dir: Path | None = None,
    target: Target | None = None,
    descriptor: str = "datapackage.json",
) -> ImportSummary:
    """Run `adapter` on the package at `repo`; write its tables and report to `target`
    (default: into `out_dir`, else the package's data folder, and the report beside it), unless
    a violation is left unexplained."""
    from ..validate import with_new_exceptions

    repo = Path(repo).resolve()
    target = target or FolderTarget(repo, out_dir, adapter.report_path)
    adapter.verify()  # the inputs first: a bad file is said before anything about the output
    target.check()
    package = load_package(repo / descriptor)
    imported = adapter.build(package)
    tables = {n: conform(f, package.resource(n)) for n, f in imported.tables.items()}
    tables["corrections"] = apply_corrections(
        tables, imported.corrections, package, tables.get("corrections")
    )
    ledger = package.resource("exceptions")
    curated = curated_exceptions(package, set(tables) | {"corrections", "exceptions"})
    tables["exceptions"] = curated
    imported.tables = tables
    with target.scratch() as tmp:
        checked = _check_staged(repo, package, tables, Path(tmp))
        exceptions, unexplained = adapter.explain(checked.report.violations, imported)
        both = pl.concat([curated, conform(exceptions, ledger)])
        tables["exceptions"] = both.unique(["rule", "key"], keep="first").sort("rule", "key")
        write_csv(tables["exceptions"], Path(tmp) / ledger.path)  # only the ledger changed
        remaining = [v.text() for v in with_new_exceptions(checked).report.violations]
        unexpected = list(dict.fromkeys([*unexplained, *remaining]))
    if unexpected:
        return summarise(tables, {}, unexpected)  # nothing written: the data stay as they were
    files = target.write(tables, package, imported, adapter.report(imported))
    return summarise(tables, files, unexpected)


@dataclass
class FolderTarget:
    """The tables into a folder (default: the package's data folder) and the report at
    `report_path` beside it (relative to the package's root, or to the folder's parent)."""

    repo: Path
    out_dir: Path | None
    report_path: str

    def check(self) -> None:
        out = self.out_dir
        if out is not None and Path(out).exists() and not Path(out).is_dir():
            raise SourceError(f"--out {out}: not a folder; give a folder for the tables")

    def scratch(self) -> contextlib.AbstractContextManager[str | Path]:
        return tempfile.TemporaryDirectory(prefix="unga-import-")  # the CC0 data only

    def write(self, tables: dict[str, pl.DataFrame], package: Package, imported: Imported,
              report: str) -> dict[str, Path]:  # fmt: skip
        out_dir = Path(self.out_dir).resolve() if self.out_dir else None
        report_path = (out_dir.parent if out_dir else self.repo) / self.report_path
        files: dict[str, Path] = {}
        writes: dict[Path, Writer] = {}
        for name, frame in tables.items():
            rel = Path(package.resource(name).path)
            files[name] = (out_dir / rel.name) if out_dir else self.repo / rel
            writes[files[name]] = csv_writer(frame)
        writes[report_path] = text_writer(report)
        try:
            write_all(writes)  # the tables and the report replace the old ones together
        except OSError as e:
            where = e.filename or out_dir or self.repo
            raise SourceError(f"cannot write {where}: {e.strerror or e}") from e
        files["report"] = report_path
        return files


def summarise(
    tables: dict[str, pl.DataFrame], files: dict[str, Path], unexpected: list[str]
) -> ImportSummary:
    return ImportSummary(
        roll_calls=tables["roll_calls"].height,
        votes=tables["votes"].height,
        resolutions=tables["resolutions"].height,
        issues=tables["roll_call_issues"].height,
        corrections=tables["corrections"].height,
        exceptions=tables["exceptions"].height,
        states=tables["votes"]["state"].n_unique(),
        files=files,
        unexpected=unexpected,
    )
