"""The release's file names, in one place: what the build writes and a download expects."""

from __future__ import annotations

from collections.abc import Iterable

DATABASE = "unga-votes.duckdb"
CSV_BUNDLE = "unga-votes-csv.zip"
BUNDLE_FOLDER = "unga-votes"  # the top folder inside the CSV zip
PARQUET = "parquet"
NOTES = "RELEASE_NOTES.md"
CHECKSUMS = "SHA256SUMS"


def parquet_file(table: str) -> str:
    return f"{PARQUET}/{table}.parquet"


def release_files(tables: Iterable[str]) -> list[str]:
    """Every file of a release of these tables, as SHA256SUMS lists them (without itself)."""
    return sorted([DATABASE, CSV_BUNDLE, NOTES, *(parquet_file(t) for t in tables)])
