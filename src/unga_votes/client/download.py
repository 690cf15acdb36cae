"""`unga download`: fetch a release, verify every file against its SHA256SUMS, cache it.

Layout of the cache (platformdirs' user cache directory, or --dir):

    releases/<sha256 of SHA256SUMS>/   one complete, verified release: SHA256SUMS and its files
    <version>.json                     which release directory `latest` (or a tag) points to
    .partial-<pid>-*/                  a download in progress (removed when it ends, and by the
                                       next download when its process is gone)

The release host is not trusted: `transfer` bounds every request (https only, size cap, stall
and total timeouts, redirects checked), `sums` refuses a SHA256SUMS naming anything but the
files of a release. A file is written to a temporary file and renamed into the release
directory only when its sha256 matches; the pointer is rewritten only when every file of the
release is in place. A failure or a kill leaves the last good release as it was and usable.
When SHA256SUMS cannot be had (no network, server trouble, an answer over a limit), the last
good release answers, with the reason; a 404 (no such tag) or a refused SHA256SUMS is an error.

A cached release is trusted as written: its files were verified before they entered the cache.
Before use, `cached` checks that the pointer names a release directory whose SHA256SUMS still
hashes to its name and lists release files only, all present as regular files; `download`
re-verifies the sha256 of every cached file before keeping it instead of fetching it again.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs
import requests

from ..checksums import sha256
from ..release.names import CHECKSUMS, DATABASE
from .limits import FILE_TIMEOUT, MAX_FILE_BYTES, MAX_SUMS_BYTES, STALL_TIMEOUT
from .sums import parse_sums, release_id_of
from .transfer import (
    BACKOFF,
    Buffer,
    DownloadError,
    DownloadUsageError,
    Limits,
    NotFound,
    check_url,
    fetch,
)

DEFAULT_RELEASE_URL = "https://github.com/unga-votes/unga-votes"
TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")
RELEASE_ID = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True)
class Release:
    version: str  # as asked: "latest" or a tag
    directory: Path
    files: dict[str, str]  # relative path -> sha256
    from_cache: bool
    note: str = ""  # why the cache answered, when the download failed

    @property
    def database(self) -> Path:
        return self.directory / DATABASE


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("unga-votes", appauthor=False))


def check_tag(version: str) -> str:
    if version != "latest" and not TAG.fullmatch(version):
        raise DownloadUsageError(
            f"--version {version[:60]!r} is not a release tag: latest, or letters, digits, "
            "dots, dashes (2026.11.0)"
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


def _os_error(e: OSError) -> DownloadError:
    where = e.filename or "the cache directory"
    if e.errno == errno.ENOSPC:
        return DownloadError(f"no space left in {where}; free some space or use --dir elsewhere")
    if e.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
        return DownloadError(f"cannot write to {where} (read-only); use --dir with a writable one")
    return DownloadError(f"cannot use {where}: {e.strerror or e}; use --dir with another folder")


def _fetch_sums(session: requests.Session, url: str, limits: Limits, backoff: float) -> bytes:
    buffer = Buffer()
    fetch(session, f"{url}/{CHECKSUMS}", CHECKSUMS, buffer, MAX_SUMS_BYTES, limits, backoff)
    return buffer.getvalue()


# --- The cache ----------------------------------------------------------------------------------


def _pointer(root: Path, version: str) -> Path:
    return root / f"{check_tag(version)}.json"


def _regular_file(path: Path) -> bool:
    try:
        return path.lstat().st_mode & 0o170000 == 0o100000
    except OSError:
        return False


def cached(version: str = "latest", directory: Path | None = None) -> Release | None:
    """The last complete release downloaded for `version`, if any."""
    root = directory or cache_dir()
    check_tag(version)
    try:
        pointer = json.loads(_pointer(root, version).read_text(encoding="utf-8"))
        release_id = pointer.get("release") if isinstance(pointer, dict) else None
        if not isinstance(release_id, str) or not RELEASE_ID.fullmatch(release_id):
            return None
        release_dir = root / "releases" / release_id
        sums = (release_dir / CHECKSUMS).read_bytes()
        if release_id_of(sums) != release_id:
            return None
        files = parse_sums(sums)
    except (OSError, ValueError, DownloadError):
        return None
    if not all(_regular_file(release_dir / f) for f in files):
        return None
    return Release(version, release_dir, files, from_cache=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _workdir(root: Path) -> Path:
    """A private folder for the partial files of this download, on the cache's file system
    (for the rename); what killed downloads left behind is removed."""
    for old in root.glob(".partial-*"):
        pid = old.name.split("-")[1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f".partial-{os.getpid()}-", dir=root))


def _verified(path: Path, digest: str) -> bool:
    return _regular_file(path) and sha256(path) == digest


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str], Callable[[int, int | None], None]]]:
    """A progress bar on stderr (a terminal's): one task per file."""
    if not enabled:
        yield lambda name: lambda n, total: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:

        def task(name: str) -> Callable[[int, int | None], None]:
            tid = bar.add_task(name, total=None)

            def advance(n: int, total: int | None) -> None:
                if total is not None:
                    bar.reset(tid, total=total)
                bar.advance(tid, n)

            return advance

        yield task


def download(
    version: str = "latest",
    directory: Path | None = None,
    base_url: str | None = None,
    progress: bool = False,
    backoff: float = BACKOFF,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    stall_timeout: float = STALL_TIMEOUT,
    timeout: float = FILE_TIMEOUT,
) -> Release:
    """Fetch and verify the release, or answer from the cache when the network fails.

    `max_bytes` caps each file, `stall_timeout` is how long a transfer may go without a byte,
    `timeout` how long one file may take in all (seconds)."""
    limits = Limits(max_bytes, stall_timeout, timeout)
    url = release_url(version, base_url)
    root = directory or cache_dir()
    with requests.Session() as session:
        try:
            sums = _fetch_sums(session, url, limits, backoff)
        except (NotFound, DownloadUsageError):
            raise
        except DownloadError as e:
            previous = cached(version, root)
            if previous is not None:  # offline or server trouble: the last good copy
                return replace(previous, note=str(e))
            raise
        files = parse_sums(sums)
        release_id = release_id_of(sums)
        release_dir = root / "releases" / release_id
        try:
            release_dir.mkdir(parents=True, exist_ok=True)
            work = _workdir(root)
            try:
                with _progress(progress) as task:
                    for path, digest in sorted(files.items()):
                        target = release_dir / path
                        if _verified(target, digest):
                            continue
                        _fetch_file(
                            session, f"{url}/{asset_name(path)}", path, digest, target, work,
                            limits, backoff, task(path),
                        )  # fmt: skip
                _write_atomic(release_dir / CHECKSUMS, sums.decode("utf-8"))
                _write_atomic(_pointer(root, version), json.dumps({"release": release_id}) + "\n")
            finally:
                shutil.rmtree(work, ignore_errors=True)
        except OSError as e:
            raise _os_error(e) from e
    return Release(version, release_dir, files, from_cache=False)


def _fetch_file(
    session: requests.Session,
    url: str,
    path: str,
    digest: str,
    target: Path,
    work: Path,
    limits: Limits,
    backoff: float,
    advance: Callable[[int, int | None], None],
) -> None:
    partial = work / asset_name(path)
    with partial.open("wb") as out:
        got = fetch(session, url, path, out, limits.max_bytes, limits, backoff, advance)
        out.flush()
        os.fsync(out.fileno())
    if got != digest:
        raise DownloadError(
            f"{path}: the downloaded file does not match its SHA256SUMS entry (corrupted or "
            "truncated); nothing was kept, try again"
        )
    target.parent.mkdir(exist_ok=True)
    os.replace(partial, target)
