"""The release's file names, in one place."""

from __future__ import annotations

from helpers import RELEASE_FILES

from unga_votes.release.names import CHECKSUMS, parquet_file, release_files

TABLES = ["states", "state_names", "memberships", "roll_calls", "roll_call_issues",
          "resolutions", "votes", "corrections", "exceptions"]  # fmt: skip


def test_release_files() -> None:
    assert parquet_file("votes") == "parquet/votes.parquet"
    assert release_files(TABLES) == sorted(f for f in RELEASE_FILES if f != CHECKSUMS)
