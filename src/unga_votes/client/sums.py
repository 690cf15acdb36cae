"""SHA256SUMS: which files a release has and their sha256, from a host that is not trusted.

It must list the files of a release and nothing else (`release.names`): the database, the CSV
zip, RELEASE_NOTES.md and `parquet/<table>.parquet`, each once, at most MAX_FILES. Any other
name (an absolute path, `..`, a backslash, a control character, an unknown file) refuses the
whole release before anything is written.
"""

from __future__ import annotations

import hashlib
import re

from ..escape import is_unsafe, printable
from ..release.names import REQUIRED, is_release_file
from .limits import MAX_FILES
from .transfer import DownloadError

SUMS_LINE = re.compile(r"(?P<digest>[0-9a-fA-F]{64}) [ *](?P<name>.*)")


def _shown(text: str) -> str:
    """A name or line of SHA256SUMS as a message quotes it: escaped here, CR and LF included,
    before UngaError folds line breaks into spaces (`RELEASE_NOTES.md\r` would show as
    `RELEASE_NOTES.md `, hiding what was refused)."""
    return printable(text[:200], keep="")


def _name_problem(name: str) -> str:
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


def parse_sums(data: bytes | str) -> dict[str, str]:
    """Release file -> sha256 from SHA256SUMS, which must list every file of a release once and
    nothing else; DownloadError saying what is wrong otherwise."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as e:
        raise DownloadError("SHA256SUMS is not text: not a release") from e
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    files: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for n, line in enumerate(lines, start=1):
        m = SUMS_LINE.fullmatch(line)
        if m is None:
            raise DownloadError(
                f"SHA256SUMS line {n} is not '<sha256>  <file>': '{_shown(line)}'; "
                "the release is refused, nothing downloaded"
            )
        name = m["name"]
        if not is_release_file(name):
            raise DownloadError(
                f"SHA256SUMS line {n} names '{_shown(name)}': {_name_problem(name)}; "
                "the release is refused, nothing downloaded"
            )
        if name in files:
            raise DownloadError(
                f"SHA256SUMS lists {name} twice (lines {first_line[name]} and {n}); "
                "the release is refused, nothing downloaded"
            )
        files[name], first_line[name] = m["digest"].lower(), n
    if len(files) > MAX_FILES:
        raise DownloadError(
            f"SHA256SUMS lists {len(files):,} files, more than a release holds ({MAX_FILES}); "
            "the release is refused, nothing downloaded"
        )
    missing = [name for name in REQUIRED if name not in files]
    if missing:
        raise DownloadError(
            f"SHA256SUMS does not list {', '.join(missing)}: not a complete release; "
            "nothing downloaded"
        )
    return files


def release_id_of(sums: bytes) -> str:
    return hashlib.sha256(sums).hexdigest()[:16]
