"""The git tag of a release, in one place: `v` and the version (v2026.11.0).

The release workflow publishes a release only from this tag (scripts/check_release_tag.py
loads this file, before anything is installed: standard library only), under which GitHub
serves its files (releases/download/v2026.11.0/…); the site links to them by it.
"""

from __future__ import annotations

PREFIX = "v"


def release_tag(version: str) -> str:
    """The tag of the release of this version: v2026.11.0 for 2026.11.0."""
    return f"{PREFIX}{version}"


def tag_of(asked: str) -> str:
    """The tag a user means: a version (it starts with a digit, as 2026.11.0) is published under
    its release tag (v2026.11.0); anything else (v2026.11.0, latest) is a tag as written."""
    return release_tag(asked) if asked[:1].isdigit() else asked
