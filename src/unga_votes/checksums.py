"""SHA-256 of files: `release.sums.sha256`, under the name site/release_files.py imports."""

from __future__ import annotations

from .release.sums import sha256

__all__ = ["sha256"]
