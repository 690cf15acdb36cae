"""A release host's SHA256SUMS, read as `release.sums` reads a release's, within the client's
bounds (at most MAX_FILES files), and the release's id in the cache (its digest)."""

from __future__ import annotations

import hashlib

from ..release.sums import SumsError, read_release_sums
from .limits import MAX_FILES
from .transfer import DownloadError


def parse_sums(data: bytes | str) -> dict[str, str]:
    """Release file -> sha256 from SHA256SUMS, which must list every file of a release once and
    nothing else; DownloadError saying what is wrong otherwise, before anything is written."""
    try:
        return read_release_sums(data, max_files=MAX_FILES)
    except SumsError as e:
        raise DownloadError(f"{e}, nothing downloaded") from e


def release_id_of(sums: bytes) -> str:
    return hashlib.sha256(sums).hexdigest()[:16]
