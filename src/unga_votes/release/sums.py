"""SHA256SUMS: the sha256 of each file of a folder, written and read here in one grammar.

A line is what `sha256sum` writes (GNU coreutils): 64 hexadecimal digits, a space, a space
(text mode) or `*` (binary mode), then the file's name, every character of it significant;
the file ends with a line break. Nothing else is read: no comment, no BSD tag line
(`SHA256 (name) = …`) and no escaped name (coreutils starts a line with a backslash when the
name holds a line break or a backslash, which no release file does). A release's SHA256SUMS
(`read_release_sums`) must also list the files of a release and nothing else (`names`): the
database, the CSV zip, RELEASE_NOTES.md and `parquet/<table>.parquet`, each once, at most as
many as the reader allows. Any other name (an absolute path, `..`, a backslash, a control
character, an unknown file) refuses the whole list.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import UngaError
from ..escape import is_unsafe, printable
from .names import CHECKSUMS, REQUIRED, is_release_file

LINE = re.compile(r"(?P<digest>[0-9a-fA-F]{64}) [ *](?P<name>.*)")
REFUSED = "the release is refused"


class SumsError(UngaError):
    """A SHA256SUMS that is not one, or not a release's: which line, and why."""

    exit_code = 1


class SumsLineError(SumsError):
    """A line that is not `<sha256>  <file>`; `number` and `line` say which."""

    def __init__(self, number: int, line: str) -> None:
        super().__init__(f"{CHECKSUMS} line {number} is not '<sha256>  <file>': '{shown(line)}'")
        self.number, self.line = number, line


@dataclass(frozen=True)
class Entry:
    """One line of SHA256SUMS: its number, the digest (lower case) and the file's name."""

    number: int
    digest: str
    name: str


def sha256(path: Path) -> str:
    """The file's sha256 as SHA256SUMS writes it, read a block at a time."""
    with path.open("rb") as f:
        return sha256_of(f)


def sha256_of(f: BinaryIO) -> str:
    """The sha256 of what is left to read of an open file, read a block at a time."""
    digest = hashlib.sha256()
    for block in iter(lambda: f.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def sums_text(digests: dict[str, str]) -> str:
    """SHA256SUMS listing these files (name -> sha256), sorted by name, in text mode."""
    return "".join(f"{digests[name]}  {name}\n" for name in sorted(digests))


def write_sums(folder: Path) -> Path:
    """SHA256SUMS over every file below `folder` (`sha256sum -c` checks it); its path."""
    digests = {
        path.relative_to(folder).as_posix(): sha256(path)
        for path in folder.rglob("*")
        if path.is_file() and path.name != CHECKSUMS
    }
    target = folder / CHECKSUMS
    target.write_text(sums_text(digests), encoding="utf-8")
    return target


def shown(text: str) -> str:
    """A name or line of SHA256SUMS as a message quotes it: escaped here, CR and LF included,
    before UngaError folds line breaks into spaces (`RELEASE_NOTES.md\\r` would show as
    `RELEASE_NOTES.md `, hiding what was refused)."""
    return printable(text[:200], keep="")


def read_entries(data: bytes | str, *, allow_blank: bool = False) -> list[Entry]:
    """Every line of SHA256SUMS, in order (blank lines passed over when `allow_blank`);
    SumsError for text that is not UTF-8, SumsLineError for a line of another form."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as e:
        raise SumsError(f"{CHECKSUMS} is not text (UTF-8)") from e
    lines = text.split("\n")
    if lines[-1] == "":  # the line break that ends the last line
        lines.pop()
    entries = []
    for number, line in enumerate(lines, start=1):
        if allow_blank and not line.strip():
            continue
        match = LINE.fullmatch(line)
        if match is None:
            raise SumsLineError(number, line)
        entries.append(Entry(number, match["digest"].lower(), match["name"]))
    return entries


def name_problem(name: str) -> str:
    """Why a release cannot hold a file of this name (one that `is_release_file` refuses)."""
    if any(is_unsafe(c) for c in name):
        return "a control or invisible character"
    if "\\" in name:
        return "a backslash"
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return "an absolute path"
    if ".." in name.split("/"):
        return "a path through '..'"
    return (
        "not a file of a release (the database, the CSV zip, RELEASE_NOTES.md, "
        "parquet/<table>.parquet)"
    )


def read_release_sums(data: bytes | str, *, max_files: int) -> dict[str, str]:
    """Release file -> sha256 from a release's SHA256SUMS, which must list every file of a
    release once, at most `max_files`, and nothing else; SumsError saying what is wrong."""
    try:
        return _release_files(read_entries(data), max_files)
    except SumsError as e:
        raise SumsError(f"{e}; {REFUSED}") from e


def _release_files(entries: list[Entry], max_files: int) -> dict[str, str]:
    files: dict[str, Entry] = {}
    for entry in entries:
        name = entry.name
        if not is_release_file(name):
            raise SumsError(
                f"{CHECKSUMS} line {entry.number} names '{shown(name)}': {name_problem(name)}"
            )
        if name in files:
            lines = f"lines {files[name].number} and {entry.number}"
            raise SumsError(f"{CHECKSUMS} lists {name} twice ({lines})")
        files[name] = entry
    if len(files) > max_files:
        raise SumsError(
            f"{CHECKSUMS} lists {len(files):,} files, more than a release holds ({max_files})"
        )
    missing = [name for name in REQUIRED if name not in files]
    if missing:
        raise SumsError(f"{CHECKSUMS} does not list {', '.join(missing)}: not a complete release")
    return {name: entry.digest for name, entry in files.items()}


def is_release(folder: Path) -> bool:
    """Whether `folder` holds a release: a SHA256SUMS naming release files only, and nothing
    else besides them."""
    try:
        entries = read_entries((folder / CHECKSUMS).read_bytes(), allow_blank=True)
    except (OSError, SumsError):
        return False
    listed = {entry.name for entry in entries}
    if not listed or not all(is_release_file(name) for name in listed):
        return False
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()}
    return present <= listed | {CHECKSUMS}
