"""What the release's notes tell the site: its version and its data's licences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..client.addresses import TAG
from ..release.names import NOTES
from ..release.notes import LICENCE_HEADING
from ..release.tag import release_tag
from .data import SiteError

LICENCE_LINE = re.compile(r"- (?P<name>[^:\n]+): (?P<title>.+?)(?: <(?P<path>https://[^<>\s]+)>)?")


@dataclass(frozen=True)
class Licence:
    name: str
    title: str
    path: str | None  # an https address, or none


def _notes(database: Path) -> str | None:
    """The text of the release notes beside the database, or None when there are none."""
    notes = database.parent / NOTES
    if not notes.is_file():
        return None
    try:
        return notes.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise SiteError(f"{notes}: not UTF-8 text (byte {e.start:,})") from e


def version(database: Path) -> str:
    """The release's version, from the first line of its notes ("# unga-votes 2026.11.0")."""
    text = _notes(database)
    if text is not None:
        first = text.split("\n", 1)[0]
        match = re.fullmatch(r"# unga-votes (\S+)", first.strip())
        # Its files are published under release_tag(version), which must be a tag too.
        if match and not TAG.fullmatch(release_tag(match.group(1))):
            notes = database.parent / NOTES
            raise SiteError(f"{notes}: version {match.group(1)[:60]!r} is not a release tag")
        if match:
            return match.group(1)
    return "unversioned"


def licences(database: Path) -> list[Licence]:
    """The data's licences, as the release notes beside the database state them (an official
    edition's: the UN Digital Library's terms); none when there are no notes."""
    text = _notes(database)
    if text is None:
        return []
    _, found, rest = text.partition(f"\n{LICENCE_HEADING}\n")
    out = []
    for line in rest.split("\n## ", 1)[0].splitlines() if found else []:
        match = LICENCE_LINE.fullmatch(line.strip())
        if match:
            out.append(Licence(match["name"], match["title"], match["path"]))
    return out
