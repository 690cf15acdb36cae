"""What the release's notes tell the site: its version and its data's licences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..client.addresses import TAG
from ..release.names import NOTES
from ..release.notes import LICENCE_HEADING
from .data import SiteError

LICENCE_LINE = re.compile(r"- (?P<name>[^:\n]+): (?P<title>.+?)(?: <(?P<path>https://[^<>\s]+)>)?")


@dataclass(frozen=True)
class Licence:
    name: str
    title: str
    path: str | None  # an https address, or none


def version(database: Path) -> str:
    """The release's version, from the first line of its notes ("# unga-votes 2026.11.0")."""
    notes = database.parent / NOTES
    if notes.is_file():
        first = notes.read_text(encoding="utf-8").split("\n", 1)[0]
        match = re.fullmatch(r"# unga-votes (\S+)", first.strip())
        if match and not TAG.fullmatch(match.group(1)):
            raise SiteError(f"{notes}: version {match.group(1)[:60]!r} is not a release tag")
        if match:
            return match.group(1)
    return "unversioned"


def licences(database: Path) -> list[Licence]:
    """The data's licences, as the release notes beside the database state them (an official
    edition's: the UN Digital Library's terms); none when there are no notes."""
    notes = database.parent / NOTES
    if not notes.is_file():
        return []
    text = notes.read_text(encoding="utf-8")
    _, found, rest = text.partition(f"\n{LICENCE_HEADING}\n")
    out = []
    for line in rest.split("\n## ", 1)[0].splitlines() if found else []:
        match = LICENCE_LINE.fullmatch(line.strip())
        if match:
            out.append(Licence(match["name"], match["title"], match["path"]))
    return out
