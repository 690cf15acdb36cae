"""`unga download`: fetch a release, verify every file against its SHA256SUMS, cache it.

The release host is not trusted: `transfer` bounds every request (https only, size cap, stall
and total timeouts, redirects checked), `sums` refuses a SHA256SUMS naming anything but the
files of a release. A file is written to a temporary file and renamed into the release
directory of the cache (`cache.py`) only when its sha256 matches; the pointer is rewritten only
when every file of the release is in place. A failure or a kill leaves the last good release as
it was and usable. When SHA256SUMS cannot be had (no network, server trouble, an answer over a
limit), the last good release answers, with the reason; a 404 (no such tag) or a refused
SHA256SUMS is an error.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import requests

from ..release.names import CHECKSUMS
from .addresses import asset_name, release_url
from .cache import (
    Release,
    cache_dir,
    cached,
    open_folder,
    place,
    pointer_name,
    put,
    verified,
    workdir,
    write_atomic,
)
from .limits import FILE_TIMEOUT, MAX_FILE_BYTES, MAX_SUMS_BYTES, STALL_TIMEOUT
from .sums import parse_sums, release_id_of
from .transfer import (
    BACKOFF,
    Buffer,
    DownloadError,
    DownloadUsageError,
    Limits,
    NotFound,
    fetch,
)


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
        release = ("releases", release_id)
        try:
            os.close(open_folder(root, release, create=True))
            work = workdir(root)
            try:
                with _progress(progress) as task:
                    for path, digest in sorted(files.items()):
                        if verified(root, release_id, path, digest):
                            continue
                        got = _fetch_file(
                            session, f"{url}/{asset_name(path)}", path, digest, work, limits,
                            backoff, task(path),
                        )  # fmt: skip
                        put(got, root, *place(release_id, path))
                write_atomic(work, sums.decode("utf-8"), root, release, CHECKSUMS)
                pointer = json.dumps({"release": release_id}) + "\n"
                write_atomic(work, pointer, root, (), pointer_name(version))
            finally:
                shutil.rmtree(work, ignore_errors=True)
        except OSError as e:
            raise _os_error(e) from e
    return Release(version, root.joinpath(*release), files, from_cache=False)


def _fetch_file(
    session: requests.Session,
    url: str,
    path: str,
    digest: str,
    work: Path,
    limits: Limits,
    backoff: float,
    advance: Callable[[int, int | None], None],
) -> Path:
    """Release file `path`, downloaded into `work` and verified; where it is."""
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
    return partial
