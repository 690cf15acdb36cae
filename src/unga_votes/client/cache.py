"""The cache of downloaded releases: where each one lives, the last complete one of a version,
and the moves that put a verified file into it.

Layout of the cache (platformdirs' user cache directory, or --dir):

    releases/<sha256 of SHA256SUMS>/   one complete, verified release: SHA256SUMS and its files
    <version>.json                     which release directory `latest` (or a tag) points to
    .partial-<pid>-*/                  a download in progress (removed when it ends, and by the
                                       next download when its process is gone)

A cached release is trusted as written: its files were verified before they entered the cache.
Before use, `cached` checks that the pointer names a release directory whose SHA256SUMS still
hashes to its name and lists release files only, all present as regular files; a download
re-verifies the sha256 of every cached file (`verified`) before keeping it instead of fetching
it again. Below the cache's root nothing is followed or waited on: a folder that is a link is
no release for `cached` and refused by a download (one line; it is left in place), and the
pointer and SHA256SUMS are read only as regular files of at most MAX_SUMS_BYTES (a FIFO, a
device or a link there is "no cached release").
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
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from ..release.names import CHECKSUMS, DATABASE
from ..release.sums import sha256_of
from .addresses import check_tag
from .limits import MAX_SUMS_BYTES
from .sums import parse_sums, release_id_of
from .transfer import DownloadError

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


def pointer_name(version: str) -> str:
    return f"{check_tag(version)}.json"


def open_folder(root: Path, parts: tuple[str, ...], create: bool = False) -> int:
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
    folder = open_folder(root, parts)
    try:
        with os.fdopen(_open_file(folder, name), "rb") as f:
            data = f.read(MAX_SUMS_BYTES + 1)
    finally:
        os.close(folder)
    if len(data) > MAX_SUMS_BYTES:
        raise DownloadError(f"{name}: larger than {MAX_SUMS_BYTES} bytes")
    return data


def _is_file(root: Path, parts: tuple[str, ...], name: str) -> bool:
    try:
        folder = open_folder(root, parts)
    except (OSError, DownloadError):
        return False
    try:
        return stat.S_ISREG(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode)
    except OSError:
        return False
    finally:
        os.close(folder)


def place(release_id: str, path: str) -> tuple[tuple[str, ...], str]:
    """The folders of a release file below the cache root, and its name."""
    *folders, name = path.split("/")
    return ("releases", release_id, *folders), name


def cached(version: str = "latest", directory: Path | None = None) -> Release | None:
    """The last complete release downloaded for `version`, if any."""
    root = directory or cache_dir()
    pointer_file = pointer_name(version)  # a version that is no tag is an error, not "none cached"
    try:
        pointer = json.loads(_read_small(root, (), pointer_file).decode("utf-8"))
        release_id = pointer.get("release") if isinstance(pointer, dict) else None
        if not isinstance(release_id, str) or not RELEASE_ID.fullmatch(release_id):
            return None
        sums = _read_small(root, ("releases", release_id), CHECKSUMS)
        if release_id_of(sums) != release_id:
            return None
        files = parse_sums(sums)
    except (OSError, ValueError, DownloadError):
        return None
    if not all(_is_file(root, *place(release_id, f)) for f in files):
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


def workdir(root: Path) -> Path:
    """A private folder for the partial files of this download, on the cache's file system
    (for the rename); what killed downloads left behind is removed."""
    for old in root.glob(".partial-*"):
        pid = old.name.split("-")[1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f".partial-{os.getpid()}-", dir=root))


def verified(root: Path, release_id: str, path: str, digest: str) -> bool:
    """Whether the cache holds release file `path` already, a regular file with that sha256."""
    parts, name = place(release_id, path)
    folder = open_folder(root, parts, create=True)
    try:
        fd = _open_file(folder, name)
    except OSError:
        return False
    finally:
        os.close(folder)
    with os.fdopen(fd, "rb") as f:
        return sha256_of(f) == digest


def put(source: Path, root: Path, parts: tuple[str, ...], name: str) -> None:
    """Rename `source` (in the work folder) to root/parts/name, through the folder's
    descriptor: it lands in the cache's own folder even if a link replaced it meanwhile."""
    folder = open_folder(root, parts, create=True)
    try:
        os.replace(source, name, dst_dir_fd=folder)
    finally:
        os.close(folder)


def write_atomic(work: Path, text: str, root: Path, parts: tuple[str, ...], name: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=work)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    put(Path(tmp), root, parts, name)
