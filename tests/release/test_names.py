"""The release's file names, in one place."""

from __future__ import annotations

from helpers import RELEASE_FILES, ROOT

from unga_votes.package import load_package
from unga_votes.release.names import CHECKSUMS, parquet_file, release_files

TABLES = list(load_package(ROOT / "datapackage.json").resources)


def test_release_files() -> None:
    assert parquet_file("votes") == "parquet/votes.parquet"
    assert release_files(TABLES) == sorted(f for f in RELEASE_FILES if f != CHECKSUMS)
