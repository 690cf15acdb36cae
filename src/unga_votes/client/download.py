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
Below the cache's root nothing is followed or waited on: a folder that is a link is no release
for `cached` and refused by `download` (one line; it is left in place), and the pointer and
SHA256SUMS are read only as regular files of at most MAX_SUMS_BYTES (a FIFO, a device or a
link there is "no cached release").
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs
import requests

from ..release.names import CHECKSUMS, DATABASE
from ..release.sums import sha256_of
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
# Below its root (which may be a link: the user's choice), the cache is opened one component at
# a time through descriptors, never following a link (O_NOFOLLOW): a link put there cannot send
# a write outside the cache or a read to another file, and a FIFO or a device is never read
# (O_NONBLOCK: opening a FIFO does not wait for a writer). `cached` takes any of them for "no
# release"; `download` refuses a linked folder in one line (it may be the user's own link to
# another disk: not removed, but never followed) and replaces a file that is not a regular one.

OPEN_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
OPEN_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


class LinkedFolder(DownloadError):
    """A folder of the cache is a link: nothing is written or read through it."""


def _pointer(version: str) -> str:
    return f"{check_tag(version)}.json"


def _folder(root: Path, parts: tuple[str, ...], create: bool = False) -> int:
    """A descriptor of root/parts..., each part a real directory below the root (made when
    `create`); LinkedFolder for a link, an OSError naming the whole path otherwise."""
    target = root.joinpath(*parts)
    try:
        if create and not root.exists():  # a file there is "Not a directory", below
            root.mkdir(parents=True, exist_ok=True)
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(target)) from e
    try:
        for n, part in enumerate(parts, start=1):
            if create:
                with contextlib.suppress(FileExistsError):  # mkdir never follows a link
                    os.mkdir(part, dir_fd=fd)
            try:
                child = os.open(part, OPEN_DIR, dir_fd=fd)
            except OSError as e:
                if _is_link(fd, part):  # O_NOFOLLOW says ELOOP or ENOTDIR: tell them apart
                    raise LinkedFolder(
                        f"cannot use {root.joinpath(*parts[:n])}: a link, and the cache writes "
                        "only into its own folders; remove the link or use --dir with another "
                        "folder"
                    ) from e
                raise OSError(e.errno, e.strerror, str(target)) from e
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return fd


def _is_link(folder: int, name: str) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode)
    except OSError:
        return False


def _open_file(folder: int, name: str) -> int:
    """A descriptor of the regular file `name` in `folder`; OSError for anything else (a link,
    a FIFO, a device, a folder)."""
    fd = os.open(name, OPEN_FILE, dir_fd=folder)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file", name)
    return fd


def _read_small(root: Path, parts: tuple[str, ...], name: str) -> bytes:
    """A file of the cache that is at most MAX_SUMS_BYTES (the pointer, SHA256SUMS)."""
    folder = _folder(root, parts)
    try:
        with os.fdopen(_open_file(folder, name), "rb") as f:
            data = f.read(MAX_SUMS_BYTES + 1)
    finally:
        os.close(folder)
    if len(data) > MAX_SUMS_BYTES:
        raise ValueError(f"{name}: larger than {MAX_SUMS_BYTES} bytes")
    return data


def _is_file(root: Path, parts: tuple[str, ...], name: str) -> bool:
    try:
        folder = _folder(root, parts)
    except (OSError, DownloadError):
        return False
    try:
        return stat.S_ISREG(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode)
    except OSError:
        return False
    finally:
        os.close(folder)


def _split(release_id: str, path: str) -> tuple[tuple[str, ...], str]:
    """The folders of a release file below the cache root, and its name."""
    *folders, name = path.split("/")
    return ("releases", release_id, *folders), name


def cached(version: str = "latest", directory: Path | None = None) -> Release | None:
    """The last complete release downloaded for `version`, if any."""
    root = directory or cache_dir()
    pointer_name = _pointer(version)  # a version that is no tag is an error, not "none cached"
    try:
        pointer = json.loads(_read_small(root, (), pointer_name).decode("utf-8"))
        release_id = pointer.get("release") if isinstance(pointer, dict) else None
        if not isinstance(release_id, str) or not RELEASE_ID.fullmatch(release_id):
            return None
        sums = _read_small(root, ("releases", release_id), CHECKSUMS)
        if release_id_of(sums) != release_id:
            return None
        files = parse_sums(sums)
    except (OSError, ValueError, DownloadError):
        return None
    if not all(_is_file(root, *_split(release_id, f)) for f in files):
        return None
    return Release(version, root / "releases" / release_id, files, from_cache=True)


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


def _verified(root: Path, release_id: str, path: str, digest: str) -> bool:
    """Whether the cache holds release file `path` already, a regular file with that sha256."""
    parts, name = _split(release_id, path)
    folder = _folder(root, parts, create=True)
    try:
        fd = _open_file(folder, name)
    except OSError:
        return False
    finally:
        os.close(folder)
    with os.fdopen(fd, "rb") as f:
        return sha256_of(f) == digest


def _put(source: Path, root: Path, parts: tuple[str, ...], name: str) -> None:
    """Rename `source` (in the work folder) to root/parts/name, through the folder's
    descriptor: it lands in the cache's own folder even if a link replaced it meanwhile."""
    folder = _folder(root, parts, create=True)
    try:
        os.replace(source, name, dst_dir_fd=folder)
    finally:
        os.close(folder)


def _write_atomic(work: Path, text: str, root: Path, parts: tuple[str, ...], name: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=work)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    _put(Path(tmp), root, parts, name)


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
            os.close(_folder(root, release, create=True))
            work = _workdir(root)
            try:
                with _progress(progress) as task:
                    for path, digest in sorted(files.items()):
                        if _verified(root, release_id, path, digest):
                            continue
                        got = _fetch_file(
                            session, f"{url}/{asset_name(path)}", path, digest, work, limits,
                            backoff, task(path),
                        )  # fmt: skip
                        _put(got, root, *_split(release_id, path))
                _write_atomic(work, sums.decode("utf-8"), root, release, CHECKSUMS)
                pointer = json.dumps({"release": release_id}) + "\n"
                _write_atomic(work, pointer, root, (), _pointer(version))
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
