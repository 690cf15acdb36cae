"""RELEASE_NOTES.md: version, licence, row counts, coverage per session, changes since a release.

The licence section lists the descriptor's licences, one a line (`- NAME: TITLE <PATH>`); the
site reads it (`site/release_files.licences`), so that a release's pages state its data's
terms as its descriptor does: CC0 for the project's releases, the UN Digital Library's terms for
an official edition.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..errors import UngaError
from ..markdown_table import Markup, markdown_table
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


Counts = tuple[int, int, int, int, int]  # rows before, rows now, added, removed, changed


def changes(
    package: Package, current: dict[str, Table], before: dict[str, Table]
) -> dict[str, Counts]:
    """Per table: (rows before, rows now, keys added, keys removed, rows changed)."""
    out = {}
    for name in package.resources:
        now, old = current[name], before.get(name)
        diff = diff_table(name, old, now)
        rows_before = 0 if old is None else old.frame.height
        out[name] = (rows_before, now.frame.height, diff.added.height, diff.removed.height,
                     diff.rows_changed)  # fmt: skip
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


LICENCE_HEADING = "## Licence"


def licence_section(package: Package) -> list[str]:
    """The licence section: a line per licence the descriptor states."""
    listed = [x for x in package.descriptor.get("licenses") or [] if isinstance(x, dict)]
    lines = [LICENCE_HEADING, ""]
    for x in listed:
        name = str(x.get("name") or x.get("title") or "licence")
        title = str(x.get("title") or name)
        path = f" <{x['path']}>" if isinstance(x.get("path"), str) else ""
        lines.append(f"- {' '.join(name.split())}: {' '.join(title.split())}{path}")
    return lines if listed else [*lines, "No licence stated."]


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
        *licence_section(package),
        "",
    ]
    lines += _rows_section(package, frames)
    lines += _coverage_section(frames)
    lines += _changes_section(package, tables, previous)
    return "\n".join(lines) + "\n"


def _rows_section(package: Package, frames: dict[str, pl.DataFrame]) -> list[str]:
    rows = [(Markup(f"`{name}`"), f"{frames[name].height:,}") for name in package.resources]
    return ["## Rows", "", *markdown_table(["table", "rows"], rows)]


def _coverage_section(frames: dict[str, pl.DataFrame]) -> list[str]:
    """Per session: roll calls, first and last date, resolutions adopted by them, vote rows."""
    roll_calls, votes, resolutions = frames["roll_calls"], frames["votes"], frames["resolutions"]
    adopted = resolutions.filter(pl.col("roll_call").is_not_null())
    per_session = (
        roll_calls.join(votes.group_by("roll_call").len("votes"), on="roll_call", how="left")
        .join(adopted.select("roll_call", pl.lit(1).alias("r")), on="roll_call", how="left")
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
    header = ["session", "roll calls", "first", "last", "resolutions by recorded vote",
              "vote rows"]  # fmt: skip
    rows = [
        (row["session"], row["roll_calls"], row["first"], row["last"], row["resolutions"],
         f"{row['votes']:,}")
        for row in per_session.iter_rows(named=True)
    ]  # fmt: skip
    return ["", "## Coverage per session", "", *markdown_table(header, rows)]


def _changes_section(
    package: Package, tables: dict[str, Table], previous: Path | None
) -> list[str]:
    """Rows before and now, added, removed and changed, per table, since `previous`."""
    lines = ["", "## Changes", ""]
    if previous is None:
        return [*lines, "No previous release given (`unga build --previous`)."]
    header = ["table", "rows before", "rows now", "added", "removed", "changed"]
    rows = [
        (Markup(f"`{name}`"), *(f"{count:,}" for count in counts))
        for name, counts in changes(package, tables, previous_tables(previous)).items()
    ]
    return [*lines, f"Compared with `{previous.name}`.", "", *markdown_table(header, rows)]
