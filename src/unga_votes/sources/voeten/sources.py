"""The vendored source files: checksum verification and reading (every cell as text)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ...release.names import CHECKSUMS
from ...release.sums import SumsError, SumsLineError, read_entries, sha256
from ..importer import SourceError

SOURCE_DIR = Path("sources") / "voeten"
FILES = (
    "voeten2016_votes.csv.gz",
    "voeten2016_descriptions.csv.gz",
    "unvotes2021_votes.csv.gz",
    "unvotes2021_roll_calls.csv.gz",
    "unvotes2021_roll_call_issues.csv.gz",
)
CITATION = "hdl:1902.1/12379"


class SourceChecksumError(SourceError):
    """A vendored source file is missing or does not match SHA256SUMS."""


def verify_checksums(source_dir: Path) -> dict[str, str]:
    """Check every file listed in SHA256SUMS (and every file we read is listed); return them."""
    sums_path = source_dir / CHECKSUMS
    if not sums_path.is_file():
        raise SourceChecksumError(f"{sums_path}: missing")
    try:
        entries = read_entries(sums_path.read_bytes(), allow_blank=True)
    except SumsLineError as e:
        raise SourceChecksumError(
            f"{sums_path}:{e.number}: not '<sha256>  <file>': {e.line!r}"
        ) from e
    except SumsError as e:
        raise SourceChecksumError(f"{sums_path}: {e}") from e
    expected = {entry.name: entry.digest for entry in entries}
    for name in FILES:
        if name not in expected:
            raise SourceChecksumError(f"{sums_path}: no checksum for {name}")
    for name, digest in sorted(expected.items()):
        path = source_dir / name
        if not path.is_file():
            raise SourceChecksumError(f"{path}: missing (listed in {CHECKSUMS})")
        found = sha256(path)
        if found != digest:
            raise SourceChecksumError(
                f"{path}: SHA256 mismatch: {CHECKSUMS} says {digest}, the file has {found}"
            )
    return expected


def read_source(source_dir: Path, name: str) -> pl.DataFrame:
    """Read one file with every column as text. Only empty cells are missing: `NA` (Namibia)
    stays a string because no null-value detection is done."""
    return pl.read_csv(source_dir / name, infer_schema=False, null_values=None)
