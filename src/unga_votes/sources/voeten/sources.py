"""The vendored source files: checksum verification and reading (every cell as text)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl

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
    sums_path = source_dir / "SHA256SUMS"
    if not sums_path.is_file():
        raise SourceChecksumError(f"{sums_path}: missing")
    expected: dict[str, str] = {}
    for n, line in enumerate(sums_path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            parts = line.split(maxsplit=1)
            if len(parts) != 2:
                raise SourceChecksumError(f"{sums_path}:{n}: not '<sha256>  <file>': {line!r}")
            digest, name = parts
            expected[name.lstrip("*")] = digest
    for name in FILES:
        if name not in expected:
            raise SourceChecksumError(f"{sums_path}: no checksum for {name}")
    for name, digest in sorted(expected.items()):
        path = source_dir / name
        if not path.is_file():
            raise SourceChecksumError(f"{path}: missing (listed in SHA256SUMS)")
        found = hashlib.sha256(path.read_bytes()).hexdigest()
        if found != digest:
            raise SourceChecksumError(
                f"{path}: SHA256 mismatch: SHA256SUMS says {digest}, the file has {found}"
            )
    return expected


def read_source(source_dir: Path, name: str) -> pl.DataFrame:
    """Read one file with every column as text. Only empty cells are missing: `NA` (Namibia)
    stays a string because no null-value detection is done."""
    return pl.read_csv(source_dir / name, infer_schema=False, null_values=None)
