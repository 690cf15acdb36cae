"""The Voeten et al. adapter: the vendored files of sessions 1-74 as the package's tables.

verify (sources/voeten/SHA256SUMS) -> roll calls, votes, resolutions, issue tags -> the seed's
cited corrections -> exceptions for the facts of the source -> reports/import.md. The importer
(`sources/importer.py`) runs it and writes nothing unless every violation is explained.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ...package import Package, Table, read_table
from ...report import Violation
from ..importer import Correction, Imported, ImportSummary, SourceError, run_import
from . import seed
from .exceptions import exceptions_for
from .import_report import render_report
from .sources import SOURCE_DIR, read_source, verify_checksums
from .states import code_map
from .tables import build_roll_calls, build_votes, choose_resolutions


class VoetenAdapter:
    name = "voeten"
    report_path = "reports/import.md"

    def __init__(self, repo: Path) -> None:
        self.source_dir = Path(repo) / SOURCE_DIR

    def verify(self) -> dict[str, str]:
        return verify_checksums(self.source_dir)

    def build(self, package: Package) -> Imported:
        return build(self.source_dir, package)

    def explain(
        self, violations: list[Violation], imported: Imported
    ) -> tuple[pl.DataFrame, list[str]]:
        return exceptions_for(violations, imported.tables, imported.context)

    def report(self, imported: Imported) -> str:
        return render_report(imported.tables, imported.context)


def import_voeten(repo_root: Path, out_dir: Path | None = None) -> ImportSummary:
    """Import sessions 1-74 into `out_dir` (default: the package's data/) and write
    reports/import.md. Raises SourceChecksumError on a checksum mismatch."""
    return run_import(VoetenAdapter(repo_root), repo_root, out_dir)


RESOLUTION_EXTRAS = ("resolution_subjects", "resolution_documents", "resolution_agenda_titles",
                     "resolution_totals")  # fmt: skip


def _empty(package: Package, name: str) -> pl.DataFrame:
    return pl.DataFrame(schema=dict.fromkeys(package.resource(name).field_names, pl.String))


def _table(package: Package, name: str) -> Table:
    table, problems = read_table(package, package.resource(name))
    if table is None:
        raise SourceError("; ".join(p.text() for p in problems))
    return table


def build(src_dir: Path, package: Package) -> Imported:
    """The tables from the vendored files, and the frames the report needs (`context`)."""
    rc_src = read_source(src_dir, "unvotes2021_roll_calls.csv.gz")
    desc = read_source(src_dir, "voeten2016_descriptions.csv.gz")
    v16 = read_source(src_dir, "voeten2016_votes.csv.gz").select("rcid", "vote", "ccode")
    v21 = read_source(src_dir, "unvotes2021_votes.csv.gz")
    issues_src = read_source(src_dir, "unvotes2021_roll_call_issues.csv.gz")
    states = _table(package, "states").cells()
    memberships = _table(package, "memberships").typed()

    rc, check = build_roll_calls(rc_src, desc)
    parts = build_votes(rc, v16, v21, memberships, code_map(states))
    rc = choose_resolutions(rc, parts["votes"])
    roll_calls = rc.sort("roll_call")
    adopted = rc.filter(pl.col("resolution").is_not_null())
    resolutions = adopted.select(
        "resolution",
        "session",
        pl.col("date").dt.strftime("%Y-%m-%d"),
        "date_precision",
        pl.col("title_raw").str.strip_chars().alias("title"),
        pl.lit("recorded vote").alias("adoption"),
        pl.col("roll_call").cast(pl.String),
        pl.lit(None, pl.String).alias("meeting"),
        pl.col("source"),
    )
    resolutions = pl.concat(
        [resolutions, pl.DataFrame(seed.WITHOUT_VOTE, schema=resolutions.schema)]
    ).sort("resolution")
    issues = (
        issues_src.select(
            pl.col("rcid").cast(pl.Int64).alias("roll_call"), pl.col("short_name").alias("issue")
        )
        .unique()
        .join(roll_calls.select("roll_call"), on="roll_call", how="semi")
        .sort("roll_call", "issue")
    )
    tables = {
        "roll_calls": roll_calls,
        "resolutions": resolutions,
        "votes": parts["votes"],
        "roll_call_issues": issues,
        # What the Library adds to a resolution (its subjects, documents, agenda titles): the
        # vendored files give none of it, so the CC0 package's tables are empty.
        **{name: _empty(package, name) for name in RESOLUTION_EXTRAS},
    }
    corrections = [Correction(*c) for c in seed.CORRECTIONS]
    context = {"rc": rc, "check": check, "parts": parts, "memberships": memberships}
    return Imported(tables, corrections, context)
