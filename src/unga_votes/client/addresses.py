"""Where a release is published: a release tag, the address of a version's files on the
release host, and each file's name there (what `unga download` fetches, and the site links)."""

from __future__ import annotations

import os
import re

from ..release.tag import release_tag
from .transfer import DownloadUsageError, check_url

DEFAULT_RELEASE_URL = "https://github.com/unga-votes/unga-votes"
TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")


def check_tag(version: str) -> str:
    if version != "latest" and not TAG.fullmatch(version):
        raise DownloadUsageError(
            f"--version {version[:60]!r} is not a release tag: latest, or letters, digits, "
            f"dots, dashes ({release_tag('2026.11.0')})"
        )
    return version


def release_url(version: str, base: str | None = None) -> str:
    base = base or os.environ.get("UNGA_VOTES_RELEASE_URL") or DEFAULT_RELEASE_URL
    base = check_url(base).rstrip("/")
    if check_tag(version) == "latest":
        return f"{base}/releases/latest/download"
    return f"{base}/releases/download/{version}"


def asset_name(path: str) -> str:
    """GitHub release assets are flat: parquet/votes.parquet is the asset votes.parquet."""
    return path.rsplit("/", 1)[-1]
