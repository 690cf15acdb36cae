"""The vendored source files: SHA256SUMS checked with clear errors; cells read as text."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import polars as pl
import pytest

from unga_votes.sources.voeten.sources import (
    FILES,
    SourceChecksumError,
    read_source,
    verify_checksums,
)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def source_dir(tmp_path: Path) -> Path:
    """The five files with made-up contents and a SHA256SUMS (one entry in binary mode)."""
    folder = tmp_path / "voeten"
    folder.mkdir()
    lines = []
    for i, name in enumerate(FILES):
        data = f"file {i}\n".encode()
        (folder / name).write_bytes(data)
        lines.append(f"{sha(data)} {'*' if i == 0 else ' '}{name}")  # `sha256sum -b`: " *"
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    return folder


def test_verify_checksums_returns_the_listed_files(source_dir: Path) -> None:
    found = verify_checksums(source_dir)
    assert sorted(found) == sorted(FILES)
    assert found[FILES[0]] == sha(b"file 0\n")


def test_missing_sha256sums(source_dir: Path) -> None:
    (source_dir / "SHA256SUMS").unlink()
    message = f"{source_dir / 'SHA256SUMS'}: missing"
    with pytest.raises(SourceChecksumError, match=f"^{re.escape(message)}$"):
        verify_checksums(source_dir)


def test_listed_file_missing(source_dir: Path) -> None:
    (source_dir / FILES[2]).unlink()
    path = re.escape(str(source_dir / FILES[2]))
    with pytest.raises(SourceChecksumError, match=f"^{path}: missing \\(listed in SHA256SUMS\\)$"):
        verify_checksums(source_dir)


def test_extra_listed_file_missing(source_dir: Path) -> None:
    """Every file SHA256SUMS lists is checked, not only the ones the import reads."""
    sums = source_dir / "SHA256SUMS"
    sums.write_text(sums.read_text(encoding="utf-8") + f"{sha(b'')}  README.md\n", encoding="utf-8")
    with pytest.raises(SourceChecksumError, match=r"README\.md: missing \(listed in SHA256SUMS\)$"):
        verify_checksums(source_dir)


def test_mismatch(source_dir: Path) -> None:
    target = source_dir / FILES[1]
    target.write_bytes(b"changed\n")
    listed, found = sha(b"file 1\n"), sha(b"changed\n")
    message = f"{target}: SHA256 mismatch: SHA256SUMS says {listed}, the file has {found}"
    with pytest.raises(SourceChecksumError, match=f"^{re.escape(message)}$"):
        verify_checksums(source_dir)


def test_required_file_not_listed(source_dir: Path) -> None:
    sums = source_dir / "SHA256SUMS"
    lines = sums.read_text(encoding="utf-8").splitlines()
    sums.write_text("\n".join(line for line in lines if FILES[3] not in line), encoding="utf-8")
    message = f"{sums}: no checksum for {FILES[3]}"
    with pytest.raises(SourceChecksumError, match=f"^{re.escape(message)}$"):
        verify_checksums(source_dir)


def test_read_source_keeps_na_as_text(tmp_path: Path) -> None:
    """`NA` (Namibia) is a code, not a missing value; only empty cells are null; nothing is
    typed (leading zeros kept)."""
    text = "rcid,country_code,country,vote\n5116,NA,Namibia,yes\n5116,,Zanzibar,007\n"
    (tmp_path / "v.csv.gz").write_bytes(gzip.compress(text.encode()))
    (tmp_path / "v.csv").write_text(text, encoding="utf-8")
    for name in ("v.csv.gz", "v.csv"):
        frame = read_source(tmp_path, name)
        assert frame.dtypes == [pl.String] * 4
        assert frame.rows() == [
            ("5116", "NA", "Namibia", "yes"),
            ("5116", None, "Zanzibar", "007"),
        ]


def test_a_malformed_checksum_line_is_a_checksum_error(source_dir: Path) -> None:
    (source_dir / "SHA256SUMS").write_text("abc\n", encoding="utf-8")
    with pytest.raises(SourceChecksumError, match=r"SHA256SUMS:1: not '<sha256>  <file>'"):
        verify_checksums(source_dir)
