"""Where a release is published: a release tag, the address of a version's files on the
release host, and each file's name there (what `unga download` fetches, and the site links)."""

from __future__ import annotations

import os
import re

from ..release.tag import release_tag, tag_of
from .transfer import DownloadUsageError, check_url

DEFAULT_RELEASE_URL = "https://github.com/unga-votes/unga-votes"
TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")


def check_tag(version: str) -> str:
    """The tag of `--version`: latest, a tag, or a version given its release's tag (2026.11.0
    is published as v2026.11.0: a request for releases/download/2026.11.0 would find nothing)."""
    tag = tag_of(version)
    if tag != "latest" and not TAG.fullmatch(tag):
        raise DownloadUsageError(
            f"--version {version[:60]!r} is not a release tag: latest, a version or its tag, "
            f"of letters, digits, dots, dashes ({release_tag('2026.11.0')})"
        )
    return tag


def release_url(version: str, base: str | None = None) -> str:
    base = base or os.environ.get("UNGA_VOTES_RELEASE_URL") or DEFAULT_RELEASE_URL
    base = check_url(base).rstrip("/")
    tag = check_tag(version)
    if tag == "latest":
        return f"{base}/releases/latest/download"
    return f"{base}/releases/download/{tag}"


def asset_name(path: str) -> str:
    """GitHub release assets are flat: parquet/votes.parquet is the asset votes.parquet."""
    return path.rsplit("/", 1)[-1]
