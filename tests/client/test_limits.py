"""The bounds of `unga download` fit a real release with room to grow, and end a bad host."""

from __future__ import annotations

import json
import os
from pathlib import Path

from helpers import unga

from unga_votes.client.limits import (
    FILE_TIMEOUT,
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_REDIRECTS,
    MAX_SUMS_BYTES,
    STALL_TIMEOUT,
)
from unga_votes.release.names import parquet_file, release_files

ROOT = Path(__file__).resolve().parents[2]


def test_a_release_fits_with_room_to_grow() -> None:
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    files = release_files(r["name"] for r in descriptor["resources"])
    assert len(files) * 4 <= MAX_FILES  # four times today's tables
    # SHA256SUMS listing MAX_FILES files with long table names still fits its cap.
    longest = f"{'0' * 64}  {parquet_file('t' * 64)}\n"
    assert MAX_FILES * len(longest) <= MAX_SUMS_BYTES
    assert MAX_FILE_BYTES >= 10 * 70_000_000  # the database is about 70 MB


def test_timeouts_end_a_bad_host() -> None:
    assert 0 < STALL_TIMEOUT < FILE_TIMEOUT < 3600
    assert 2 <= MAX_REDIRECTS <= 10  # GitHub uses two; a loop ends soon


def test_they_are_the_commands_defaults() -> None:
    shown = unga("download", "--help", env=os.environ | {"COLUMNS": "300"}).stdout
    assert f"[default: {MAX_FILE_BYTES >> 20}]" in shown
    assert f"[default: {STALL_TIMEOUT}]" in shown and f"[default: {FILE_TIMEOUT}]" in shown
