"""RELEASE_NOTES.md: version, row counts, coverage per session, and changes since a release."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import polars as pl

from .artifacts import BUNDLE
from .package import Package

CSV_BUNDLE = "unga-votes-csv.zip"


class PreviousReleaseError(Exception):
    """The --previous release cannot be read."""


def previous_tables(previous: Path) -> dict[str, pl.DataFrame]:
    """The CSV tables of a prior release: its directory (holding the CSV zip) or the zip itself."""
    path = previous / CSV_BUNDLE if previous.is_dir() else previous
    try:
        with zipfile.ZipFile(path) as bundle:
            prefix = f"{BUNDLE}/data/"
            return {
                Path(name).stem: pl.read_csv(io.BytesIO(bundle.read(name)), infer_schema=False)
                for name in bundle.namelist()
                if name.startswith(prefix) and name.endswith(".csv")
            }
    except (OSError, zipfile.BadZipFile, KeyError) as e:
        raise PreviousReleaseError(f"{path}: not a release CSV bundle ({e})") from e


def _keyed(frame: pl.DataFrame, pk: list[str]) -> pl.DataFrame:
    cols = frame.columns
    return frame.select(
        pl.concat_str([pl.col(k).fill_null("") for k in pk], separator="|").alias("_key"),
        pl.concat_str([pl.col(c).fill_null("") for c in cols], separator="\x1f").alias("_row"),
    )


def changes(package: Package, current: dict[str, pl.DataFrame], before: dict[str, pl.DataFrame]):
    """Per table: (rows before, rows now, keys added, keys removed, rows changed)."""
    out = {}
    for name, res in package.resources.items():
        now = current[name]
        old = before.get(name)
        if old is None:
            out[name] = (0, now.height, now.height, 0, 0)
            continue
        common = [c for c in now.columns if c in old.columns]
        a, b = (
            _keyed(old.select(common), res.primary_key),
            _keyed(now.select(common), res.primary_key),
        )
        joined = a.join(b, on="_key", how="full", coalesce=True, suffix="_now")
        added = joined.filter(pl.col("_row").is_null()).height
        removed = joined.filter(pl.col("_row_now").is_null()).height
        changed = joined.filter(
            pl.col("_row").is_not_null()
            & pl.col("_row_now").is_not_null()
            & (pl.col("_row") != pl.col("_row_now"))
        ).height
        out[name] = (old.height, now.height, added, removed, changed)
    return out


def release_notes(
    package: Package,
    version: str,
    frames: dict[str, pl.DataFrame],
    texts: dict[str, pl.DataFrame],
    previous: Path | None,
) -> str:
    """The notes, from typed frames (coverage) and text frames (comparison with `previous`)."""
    lines = [f"# unga-votes {version}", ""]
    lines += [
        "UN General Assembly resolutions and recorded votes: a DuckDB database "
        "(`unga-votes.duckdb`), the CSV data package (`unga-votes-csv.zip`) and Parquet files "
        "(`parquet/`). Verify the downloads with `sha256sum -c SHA256SUMS`. Data: CC0-1.0.",
        "",
        "## Rows",
        "",
        "| table | rows |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {frames[name].height:,} |" for name in package.resources]
    rc, votes, res = frames["roll_calls"], frames["votes"], frames["resolutions"]
    per_session = (
        rc.join(votes.group_by("roll_call").len("votes"), on="roll_call", how="left")
        .join(
            res.filter(pl.col("roll_call").is_not_null()).select("roll_call", pl.lit(1).alias("r")),
            on="roll_call",
            how="left",
        )
        .group_by("session")
        .agg(
            pl.len().alias("roll_calls"),
            pl.col("date").min().alias("first"),
            pl.col("date").max().alias("last"),
            pl.col("r").sum().alias("resolutions"),
            pl.col("votes").sum().alias("votes"),
        )
        .sort("first", "session")
    )
    lines += [
        "",
        "## Coverage per session",
        "",
        "| session | roll calls | first | last | resolutions by recorded vote | vote rows |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['session']} | {r['roll_calls']} | {r['first']} | {r['last']} | "
        f"{r['resolutions']} | {r['votes']:,} |"
        for r in per_session.iter_rows(named=True)
    ]
    lines += ["", "## Changes", ""]
    if previous is None:
        lines.append("No previous release given (`unga build --previous`).")
    else:
        diff = changes(package, texts, previous_tables(previous))
        lines += [
            f"Compared with `{previous.name}`.",
            "",
            "| table | rows before | rows now | added | removed | changed |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| `{name}` | {b:,} | {n:,} | {a:,} | {r:,} | {c:,} |"
            for name, (b, n, a, r, c) in diff.items()
        ]
    return "\n".join(lines) + "\n"
