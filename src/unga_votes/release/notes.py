"""RELEASE_NOTES.md: version, row counts, coverage per session, and changes since a release."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..errors import UngaError
from ..package import Package, PackageError, Table, load_bundle, read_table
from ..package.tablediff import diff_table
from .names import BUNDLE_FOLDER, CSV_BUNDLE


class PreviousReleaseError(UngaError):
    """The --previous release cannot be read."""

    exit_code = 1


def previous_tables(previous: Path) -> dict[str, Table]:
    """The tables of a prior release: its directory (holding the CSV zip) or the zip itself,
    read with the release's own descriptor and schemas."""
    path = previous / CSV_BUNDLE if previous.is_dir() else previous
    if not path.is_file():  # a wrong path is bad input (2); a broken release fails a check (1)
        raise UngaError(f"--previous: no release CSV bundle at {path}")
    try:
        package = load_bundle(path, BUNDLE_FOLDER)
        tables = {}
        for res in package.resources.values():
            table, problems = read_table(package, res)
            if table is None:
                raise PreviousReleaseError(f"{path}: {problems[0].text()}")
            tables[res.name] = table
        return tables
    except PackageError as e:
        raise PreviousReleaseError(f"not a release CSV bundle: {e}") from e


def changes(package: Package, current: dict[str, Table], before: dict[str, Table]):
    """Per table: (rows before, rows now, keys added, keys removed, rows changed)."""
    out = {}
    for name in package.resources:
        now, old = current[name], before.get(name)
        d = diff_table(name, old, now)
        rows_before = 0 if old is None else old.frame.height
        out[name] = (rows_before, now.frame.height, d.added.height, d.removed.height,
                     d.rows_changed)  # fmt: skip
    return out


def _licences(package: Package) -> str:
    """The data's licences as the descriptor states them."""
    listed = package.descriptor.get("licenses") or []
    names = [
        f"{x['name']} ({x['title']})"
        if x.get("name") and x.get("title")
        else str(x.get("title") or x.get("name"))
        for x in listed
        if isinstance(x, dict)
    ]
    return "Data: " + ("; ".join(names) if names else "no licence stated") + "."


def release_notes(
    package: Package, version: str, tables: dict[str, Table], previous: Path | None
) -> str:
    """The notes: counts and coverage of the tables, and their changes since `previous`."""
    frames = {name: t.typed() for name, t in tables.items()}
    lines = [f"# unga-votes {version}", ""]
    lines += [
        "UN General Assembly resolutions and recorded votes: a DuckDB database "
        "(`unga-votes.duckdb`), the CSV data package (`unga-votes-csv.zip`) and Parquet files "
        f"(`parquet/`). Verify the downloads with `sha256sum -c SHA256SUMS`. {_licences(package)}",
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
        diff = changes(package, tables, previous_tables(previous))
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
