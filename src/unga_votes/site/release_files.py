"""What the site takes from the release folder beside the database: its version and its data's
licence (from its notes), and its files with their checksums (the downloads page). Nothing in
the folder is read through a link, and no file of it is copied onto the site: the site's own
Parquet files are written from its checked copy of the database (sql_page.py)."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..checksums import sha256
from ..client.download import TAG, asset_name, release_url
from ..release.names import CHECKSUMS, CSV_BUNDLE, DATABASE, NOTES, PARQUET, is_release_file
from ..release.notes import LICENCE_HEADING
from ..release.tag import release_tag
from .data import SiteError

LICENCE_LINE = re.compile(r"- (?P<name>[^:\n]+): (?P<title>.+?)(?: <(?P<path>https://[^<>\s]+)>)?")


@dataclass(frozen=True)
class Licence:
    name: str
    title: str
    path: str | None  # an https address, or none


def check_links(database: Path) -> None:
    """Nothing the site may read beside the database (SHA256SUMS, the notes, the CSV zip, the
    parquet folder and what it holds, a database of the release's name beside another) is a
    link: a release folder's file is read as it is, never as a file elsewhere on the machine
    (a link to a local file would be hashed, sized and, before, copied onto the site)."""
    folder = database.parent
    names = [CHECKSUMS, NOTES, CSV_BUNDLE, PARQUET, DATABASE]
    parquet = folder / PARQUET
    if parquet.is_dir() and not parquet.is_symlink():
        names += [f"{PARQUET}/{entry}" for entry in sorted(os.listdir(parquet))]
    for name in names:
        path = folder / name
        if path == database:  # the database the user named, as named
            continue
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            continue
        except OSError as e:
            raise SiteError(f"{path}: cannot be read ({e.strerror})") from e
        if stat.S_ISLNK(mode):
            raise SiteError(f"{path}: a link, in the release folder; the site reads the "
                            "release's own files only, never through a link")  # fmt: skip


def _notes(database: Path) -> str | None:
    """The text of the release notes beside the database, or None when there are none."""
    notes = database.parent / NOTES
    if not notes.is_file():
        return None
    try:
        return notes.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise SiteError(f"{notes}: not UTF-8 text (byte {e.start:,})") from e


def download_tag(version: str) -> str:
    """The tag the downloads page links the release's files under: the release workflow's
    (release/tag.py), or `latest` for a release that states no version."""
    return "latest" if version == "unversioned" else release_tag(version)


def version(database: Path) -> str:
    """The release's version, from the first line of its notes ("# unga-votes 2026.11.0")."""
    text = _notes(database)
    if text is not None:
        first = text.split("\n", 1)[0]
        match = re.fullmatch(r"# unga-votes (\S+)", first.strip())
        if match and not TAG.fullmatch(match.group(1)):
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


def files(database: Path, tag: str) -> list[tuple[str, int | None, str, str]]:
    """(name, bytes, sha256, download address) of every file SHA256SUMS lists beside the
    database, or of the database alone when there is no SHA256SUMS."""
    base = release_url("latest" if tag == "unversioned" else tag)
    sums = database.parent / CHECKSUMS
    if sums.is_file():
        listed = []
        for line in sums.read_text(encoding="utf-8").splitlines():
            digest, _, name = line.partition("  ")
            if not is_release_file(name):
                raise SiteError(f"{sums}: lists {name[:100]!r}, not a file of a release")
            path = database.parent / name
            size = path.stat().st_size if path.is_file() else None
            if size is not None and sha256(path) != digest:  # the page shows this checksum
                raise SiteError(
                    f"{path}: does not match its SHA256SUMS line (changed since the release was "
                    "built); build or download the release again"
                )
            listed.append((name, size, digest, f"{base}/{asset_name(name)}"))
        listed.append((CHECKSUMS, sums.stat().st_size, "", f"{base}/{CHECKSUMS}"))
        return listed
    return [(DATABASE, database.stat().st_size, sha256(database), f"{base}/{DATABASE}")]


DIGEST = re.compile(r"[0-9a-fA-F]{64}")


def check_digests(listed: list[tuple[str, int | None, str, str]], database: Path) -> None:
    """Every checksum the downloads page shows is a SHA-256 (64 hexadecimal digits): a file
    SHA256SUMS lists that is not beside the database is shown with the checksum SHA256SUMS
    gives it, unchecked, so that must be one and never any other text."""
    for name, _, digest, _ in listed:
        if name != CHECKSUMS and not DIGEST.fullmatch(digest):
            raise SiteError(f"{database.parent / CHECKSUMS}: the checksum of {name[:100]!r} is "
                            f"not 64 hexadecimal digits: {digest[:80]!r}")  # fmt: skip


def check_tables(listed: list[tuple[str, int | None, str, str]], con, database: Path) -> None:
    """The release's SHA256SUMS (when there is one) lists a Parquet file for each table of the
    database and for nothing else: a table dropped from either is not the release."""
    served = {n.removeprefix(f"{PARQUET}/").removesuffix(".parquet")
              for n, *_ in listed if n.startswith(f"{PARQUET}/")}  # fmt: skip
    if not served:  # the database alone: it is the whole release
        return
    held = set(tables(con))
    for name in sorted(served ^ held):
        where = "the database has no such table" if name in served else "SHA256SUMS lists none"
        raise SiteError(f"{database}: not the release its SHA256SUMS describes (table {name}: "
                        f"{where})")  # fmt: skip


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND NOT internal ORDER BY table_name"
        ).fetchall()
    ]
