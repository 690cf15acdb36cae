"""The release's file names, in one place: what the build writes and a download expects."""

from __future__ import annotations

import re
from collections.abc import Iterable

DATABASE = "unga-votes.duckdb"
CSV_BUNDLE = "unga-votes-csv.zip"
BUNDLE_FOLDER = "unga-votes"  # the top folder inside the CSV zip
PARQUET = "parquet"
NOTES = "RELEASE_NOTES.md"
CHECKSUMS = "SHA256SUMS"
REQUIRED = (DATABASE, CSV_BUNDLE, NOTES)  # in every release, whatever its tables
# parquet/<table>.parquet, the table named as a data package resource may be (without "/").
_PARQUET = re.compile(rf"{PARQUET}/[a-z0-9][a-z0-9._-]*\.parquet")


def parquet_file(table: str) -> str:
    return f"{PARQUET}/{table}.parquet"


def release_files(tables: Iterable[str]) -> list[str]:
    """Every file of a release of these tables, as SHA256SUMS lists them (without itself)."""
    return sorted([*REQUIRED, *(parquet_file(t) for t in tables)])


def is_release_file(name: str) -> bool:
    """Whether a release may hold a file of this name (as SHA256SUMS lists it, without itself):
    one of REQUIRED or a table's Parquet file; never a path leaving the release's folder."""
    return name in REQUIRED or _PARQUET.fullmatch(name) is not None
