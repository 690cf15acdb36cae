"""SHA-256 of files, as SHA256SUMS lists them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from unga_votes.checksums import sha256


def test_sha256_of_a_file_larger_than_one_block(tmp_path: Path) -> None:
    data = bytes(range(256)) * 9000  # more than the 1 MiB read at a time
    (tmp_path / "f").write_bytes(data)
    assert sha256(tmp_path / "f") == hashlib.sha256(data).hexdigest()
    (tmp_path / "empty").write_bytes(b"")
    assert sha256(tmp_path / "empty") == hashlib.sha256(b"").hexdigest()
