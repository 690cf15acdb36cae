"""`unga build`: every release file, from data that validate, swapped into place atomically.

The package is read once: the validator's tables (and their bytes) are what the database, the
Parquet files and the CSV bundle are made of. The release is written into a staging folder
and replaces the output in one step (`outputs`): a failure or a kill at any point leaves the
previous release untouched, and `--out` can never name the package or a folder holding it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from ..errors import UngaError
from ..escape import is_utf8, printable
from ..outputs import OutputError, replaced
from ..package import Package, package_files
from ..validate import check
from .artifacts import write_checksums, write_csv_bundle, write_parquet
from .database import create_database
from .names import CSV_BUNDLE, DATABASE, NOTES, is_release
from .notes import release_notes


class BuildError(UngaError):
    """The release cannot be built; the message says why and the previous release is intact."""

    exit_code = 1


@dataclass(frozen=True)
class BuildResult:
    out: Path
    version: str
    files: dict[str, int]  # path relative to out -> bytes


def build(
    descriptor: Path | str | Package = "datapackage.json",
    out: Path | str = "dist",
    previous: Path | None = None,
    version: str | None = None,
) -> BuildResult:
    if not is_utf8(str(Path(out).resolve())):  # DuckDB takes UTF-8 paths only
        raise OutputError(f"--out {printable(str(out))}: the path is not UTF-8; choose another")
    checked = check(descriptor)
    if not checked.report.valid or checked.package is None:
        first = checked.report.violations[0].text() if checked.report.violations else ""
        raise BuildError(
            f"the data do not validate, nothing built (first: {first}); {checked.report.summary()}"
        )
    package, tables = checked.package, checked.tables
    version = version or package.descriptor.get("version") or "unversioned"
    typed = {name: t.typed() for name, t in tables.items()}
    out = Path(out).resolve()
    try:
        with replaced(out, "release", is_release, package_files(package)) as staging:
            notes = release_notes(package, version, tables, previous)
            (staging / NOTES).write_text(notes, encoding="utf-8")
            create_database(staging / DATABASE, package, typed)
            write_parquet(staging, staging / DATABASE, package)
            write_csv_bundle(
                staging / CSV_BUNDLE, package, tables, version, {NOTES: notes.encode()}
            )
            write_checksums(staging)
    except UngaError:
        raise
    except (OSError, pl.exceptions.PolarsError, duckdb.Error) as e:
        raise BuildError(f"build failed, {out} left as it was: {e}") from e
    files = {
        p.relative_to(out).as_posix(): p.stat().st_size
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }
    return BuildResult(out, version, files)


__all__ = ["BuildError", "BuildResult", "build"]
