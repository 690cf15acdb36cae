"""import_voeten: sources -> tables -> corrections -> validation -> exceptions -> files + report."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from unga_votes.voeten import seed
from unga_votes.voeten.exceptions import exceptions_for
from unga_votes.voeten.report import write_report
from unga_votes.voeten.sources import SOURCE_DIR, read_source, verify_checksums
from unga_votes.voeten.states import code_map
from unga_votes.voeten.tables import CITE, build_roll_calls, build_votes, choose_resolutions

ROLL_CALL_COLUMNS = [
    "roll_call", "session", "date", "meeting", "subject", "resolution", "declared_yes",
    "declared_no", "declared_abstain", "declared_non_voting", "totals_source", "description",
    "source", "rcid", "unres", "important_vote",
]  # fmt: skip
RESOLUTION_COLUMNS = [
    "resolution", "session", "date", "title", "adoption", "roll_call", "meeting", "source",
]  # fmt: skip
OUTPUTS = ("roll_calls", "resolutions", "votes", "roll_call_issues", "corrections", "exceptions")


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


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.col(c).dt.strftime("%Y-%m-%d")
        if frame.schema[c] == pl.Date
        else pl.col(c).cast(pl.String)
        for c in frame.columns
    )


def write_csv(frame: pl.DataFrame, path: Path) -> None:
    """Write through a temporary file in the same directory, then rename into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        _as_text(frame).write_csv(tmp, line_terminator="\n", null_value="", quote_style="necessary")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _apply_corrections(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    keys = {
        "votes": ["roll_call", "state"],
        "roll_calls": ["roll_call"],
        "resolutions": ["resolution"],
    }
    rows = []
    for table, key, column, new, source, note in seed.CORRECTIONS:
        frame = _as_text(tables[table])
        k = pl.concat_str([pl.col(c) for c in keys[table]], separator="|")
        hit = frame.filter(k == key)
        if hit.height != 1:
            raise ValueError(f"seed correction: no single row {table} {key}")
        old = hit[column][0]
        if old == new:
            continue
        rows.append((len(rows) + 1, table, key, column, old, new, source, note))
        target = tables[table]
        dtype = target.schema[column]
        mask = pl.concat_str([pl.col(c).cast(pl.String) for c in keys[table]], separator="|") == key
        tables[table] = target.with_columns(
            pl.when(mask).then(pl.lit(new).cast(dtype)).otherwise(pl.col(column)).alias(column)
        )
    return pl.DataFrame(
        rows,
        schema=["correction", "table", "key", "column", "old", "new", "source", "note"],
        orient="row",
    )


def build(repo_root: Path) -> tuple[dict[str, pl.DataFrame], dict]:
    src_dir = repo_root / SOURCE_DIR
    verify_checksums(src_dir)
    rc_src = read_source(src_dir, "unvotes2021_roll_calls.csv.gz")
    desc = read_source(src_dir, "voeten2016_descriptions.csv.gz")
    v16 = read_source(src_dir, "voeten2016_votes.csv.gz").select("rcid", "vote", "ccode")
    v21 = read_source(src_dir, "unvotes2021_votes.csv.gz")
    issues_src = read_source(src_dir, "unvotes2021_roll_call_issues.csv.gz")
    states = pl.read_csv(repo_root / "data" / "states.csv", infer_schema=False)
    memberships = pl.read_csv(repo_root / "data" / "memberships.csv", infer_schema=False)

    rc, check = build_roll_calls(rc_src, desc)
    parts = build_votes(rc, v16, v21, memberships, code_map(states))
    rc = choose_resolutions(rc, parts["votes"])
    roll_calls = rc.select(
        pl.col("roll_call"),
        "session",
        "date",
        "meeting",
        "subject",
        "resolution",
        "declared_yes",
        "declared_no",
        "declared_abstain",
        "declared_non_voting",
        "totals_source",
        "description",
        "source",
        "rcid",
        "unres",
        "important_vote",
    ).sort("roll_call")
    adopted = rc.filter(pl.col("resolution").is_not_null())
    resolutions = adopted.select(
        "resolution",
        "session",
        pl.col("date").dt.strftime("%Y-%m-%d"),
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
    }
    tables["corrections"] = _apply_corrections(tables)
    context = {"rc": rc, "check": check, "parts": parts}
    return tables, context


def _validate_staged(repo_root: Path, tables: dict[str, pl.DataFrame], stage: Path):
    from unga_votes.validate import validate

    shutil.copy(repo_root / "datapackage.json", stage / "datapackage.json")
    shutil.copytree(repo_root / "schemas", stage / "schemas", dirs_exist_ok=True)
    for name in ("states", "state_names", "memberships"):
        shutil.copy(repo_root / "data" / f"{name}.csv", stage / "data" / f"{name}.csv")
    for name, frame in tables.items():
        write_csv(frame, stage / "data" / f"{name}.csv")
    return validate(stage / "datapackage.json")


def import_voeten(repo_root: Path, out_dir: Path | None = None) -> ImportSummary:
    """Import sessions 1-74 into `out_dir` (default: repo_root/data) and write the import
    report to out_dir/../reports/import.md. Raises SourceChecksumError on a checksum mismatch."""
    repo_root = Path(repo_root).resolve()
    out_dir = Path(out_dir).resolve() if out_dir else repo_root / "data"
    tables, context = build(repo_root)
    with tempfile.TemporaryDirectory(prefix="unga-import-") as tmp:
        stage = Path(tmp)
        (stage / "data").mkdir()
        tables["exceptions"] = pl.DataFrame(
            schema={c: pl.String for c in ("rule", "key", "reason", "source")}
        )
        report = _validate_staged(repo_root, tables, stage)
        exceptions, unexpected = exceptions_for(report.violations, tables, context)
        tables["exceptions"] = exceptions
        final = _validate_staged(repo_root, tables, stage)
        unexpected += [v.text() if hasattr(v, "text") else str(v) for v in final.violations]
    files: dict[str, Path] = {}
    if unexpected:
        # Nothing is written: the previous data stay as they were.
        return _summary(tables, files, unexpected)
    for name in OUTPUTS:
        path = out_dir / f"{name}.csv"
        write_csv(tables[name], path)
        files[name] = path
    report_path = out_dir.parent / "reports" / "import.md"
    write_report(report_path, tables, context)
    files["report"] = report_path
    return _summary(tables, files, unexpected)


def _summary(
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


__all__ = ["CITE", "ImportSummary", "import_voeten"]
