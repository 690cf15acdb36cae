"""Outputs replaced whole, never damaged: a folder (a release, an edition, a site) swapped in
one step, and files (the imported tables and their report) renamed into place together.

A folder is built in a staging folder beside it and swapped into place in one atomic step
(Linux `renameat2(RENAME_EXCHANGE)`; elsewhere two renames, with recovery), so at every
instant the folder holds the previous output or the complete new one. Before anything is
written the target is checked: it may be a new path, an empty folder or a previous output of
the same kind (each kind says how it recognises one), never a file, never a folder holding
the data package or anything else. Leftovers of a killed run are recovered or removed by the
next run; two runs on one output cannot interleave (a lock beside it). Files (`write_all`)
are each written to a temporary file beside them and renamed into place only when every one
is written.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from .errors import UngaError

RENAME_EXCHANGE = 2
# Writes a file at the path it is given (a temporary one beside the target); returns nothing used.
Writer = Callable[[Path], object]
AT_FDCWD = -100


class OutputError(UngaError):
    """The output cannot be written where asked; nothing was changed."""

    exit_code = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]  # fmt: skip
    done = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if done == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _why(e: OSError) -> str:
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"writing there is not permitted ({e.strerror})"
    return e.strerror or str(e)


DESCRIPTOR = "datapackage.json"
MAX_DESCRIPTOR = 16 << 20  # a larger one is no data package's: it declares no folder here


def package_folder_around(out: Path) -> tuple[Path, Path] | None:
    """The folder of a data package's tables or schemas that `out` is or lies inside, if any:
    one a datapackage.json in a folder above declares (the folder of a resource's path or
    schema, not the package's own folder). An output there would sit among the package's
    files (`git add data` would take it in). The folder and the descriptor."""
    target = out.resolve()
    for root in target.parents:
        descriptor = root / DESCRIPTOR
        for folder in sorted(_declared_folders(descriptor)) if descriptor.is_file() else ():
            if target == folder or target.is_relative_to(folder):
                return folder, descriptor
    return None


def _declared_folders(descriptor: Path) -> set[Path]:
    """The folders, below the descriptor's own, of the files it names (an unreadable or
    foreign descriptor names none: the other checks of an output still hold). Read here, not
    by `package.load_package` (`package_files`): that loader refuses any descriptor it would
    not validate, and `package` writes through this module."""
    try:
        if descriptor.stat().st_size > MAX_DESCRIPTOR:
            return set()
        resources = json.loads(descriptor.read_bytes()).get("resources", [])
    except (OSError, ValueError, AttributeError, RecursionError):
        return set()
    root = descriptor.parent.resolve()
    names: list[object] = []
    for res in resources if isinstance(resources, list) else []:
        if isinstance(res, dict):
            path = res.get("path")
            names += path if isinstance(path, list) else [path]
            names.append(res.get("schema"))
    folders = set()
    for name in names:
        if isinstance(name, str) and "://" not in name and not name.startswith("/"):
            folder = (root / name).resolve().parent
            if folder != root and folder.is_relative_to(root):
                folders.add(folder)
    return folders


def refuse_package_folders(out: Path, shown: str) -> None:
    found = package_folder_around(out)
    if found is not None:
        folder, descriptor = found
        raise OutputError(f"refusing {shown}: it is inside {folder}, a folder of the data "
                          f"package {descriptor}; choose another")  # fmt: skip


def check_target(
    out: Path, kind: str, is_previous: Callable[[Path], bool], protected: Iterable[Path] = ()
) -> None:
    """Refuse an output that is a file, a folder holding a protected path (the data package's
    files), or a non-empty folder that is not a previous output of this kind."""
    out = out.resolve()
    for path in protected:
        real = Path(path).resolve()
        if real == out or real.is_relative_to(out):
            raise OutputError(f"{out}: holds {real}, which the {kind} is built from; choose "
                              "another --out")  # fmt: skip
    refuse_package_folders(out, f"--out {out}")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: not a folder; choose a new path for the {kind}")
    if out.is_dir() and any(out.iterdir()) and not is_previous(out):
        raise OutputError(
            f"{out}: a folder that is neither empty nor a previous {kind}; choose a new path "
            "or remove it"
        )


BUILDING = "building"  # `.NAME.building-XXXXXXXX`: the staging folder beside an output


def _leftovers(out: Path, what: str, suffix: str) -> list[Path]:
    """Folders beside `out` named as this module names them (`.NAME.old-PID`,
    `.NAME.building-XXXXXXXX`): the name is matched literally, never as a pattern, and a link
    is never one of them."""
    name = re.compile(re.escape(f".{out.name}.{what}-") + suffix)
    return sorted(
        p for p in out.parent.iterdir()
        if name.fullmatch(p.name) and p.is_dir() and not p.is_symlink()
    )  # fmt: skip


def _recover(out: Path, is_previous: Callable[[Path], bool]) -> None:
    """Finish or undo what a killed run left beside `out`."""
    for old in _leftovers(out, "old", "[0-9]+"):
        if not out.exists() and is_previous(old):
            os.replace(old, out)  # killed between the two renames: the previous output
        else:
            shutil.rmtree(old, ignore_errors=True)
    for stale in _leftovers(out, BUILDING, "[A-Za-z0-9_]+"):
        shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def replaced(
    out: Path, kind: str, is_previous: Callable[[Path], bool], protected: Iterable[Path] = ()
) -> Iterator[Path]:
    """A staging folder to write the new output into; on leaving without an error it replaces
    `out`, otherwise it is removed and `out` stays as it was."""
    out = Path(out).resolve()
    parent = out.parent
    check_target(out, kind, is_previous, protected)  # before anything is written
    try:
        parent.mkdir(parents=True, exist_ok=True)
        # Never through a link: the lock is created here or refused.
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC
        lock = os.fdopen(os.open(parent / f".{out.name}.lock", flags, 0o644), "a")
    except FileExistsError as e:
        raise OutputError(f"cannot write beside {out}: {e.filename} is not a directory") from e
    except NotADirectoryError as e:
        raise OutputError(f"cannot write beside {out}: a path above it is not a directory") from e
    except OSError as e:
        raise OutputError(f"cannot write beside {out}: {_why(e)}") from e
    with lock:
        if not _locked(lock, parent / f".{out.name}.lock"):
            raise OutputError(f"{out}: another run is writing it; try again later")
        try:
            try:
                _recover(out, is_previous)
                check_target(out, kind, is_previous, protected)
                staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.{BUILDING}-", dir=parent))
                staging.chmod(0o755)  # mkdtemp's 0700 would follow the output into place
            except OSError as e:
                raise OutputError(f"cannot write beside {out}: {_why(e)}") from e
            try:
                yield staging
                _swap(staging, out)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        finally:  # removed while still held: a run refused above never removes it
            with contextlib.suppress(OSError):
                (parent / f".{out.name}.lock").unlink()


@contextlib.contextmanager
def scratch(out: Path, what: str) -> Iterator[Path]:
    """A private working folder beside `out` (`.NAME.WHAT-XXXXXXXX`: on its filesystem, under
    the same git rules as `out`'s staging, never in the system's temporary folder), removed on
    leaving. A run holds a lock on a file in it while it works; one a killed run left behind
    (its lock free) is removed by the next run."""
    out = Path(out).resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        for left in _leftovers(out, what, "[A-Za-z0-9_]+"):
            if _unheld(left / HELD):
                shutil.rmtree(left, ignore_errors=True)
        folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.{what}-", dir=out.parent))
        held = open(folder / HELD, "a")  # noqa: SIM115 (held until the folder is removed)
    except OSError as e:
        raise OutputError(f"cannot write beside {out}: {_why(e)}") from e
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        yield folder
    finally:
        held.close()
        shutil.rmtree(folder, ignore_errors=True)


HELD = ".held"  # the file a run's lock is on, in its scratch folder


def _unheld(path: Path) -> bool:
    """Whether no live run holds the lock on `path`. A folder without it is a run killed before
    it locked it, or one starting now: left alone while younger than a minute."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        try:
            return time.time() - path.parent.stat().st_mtime > 60
        except OSError:
            return False
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def _locked(lock: IO[str], path: Path) -> bool:
    """Whether this run now holds the lock at `path`: the file it opened is locked by it and is
    still the one at `path` (a run that held it may have removed it since it was opened)."""
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return os.stat(path, follow_symlinks=False).st_ino == os.fstat(lock.fileno()).st_ino
    except OSError:
        return False


def _swap(staging: Path, out: Path) -> None:
    """Put `staging` in the place of `out`, atomically where the system allows."""
    if out.exists() and _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now the previous output
        return
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    try:
        os.replace(staging, out)
    except OSError:
        if old is not None:
            os.replace(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _staged(path: Path, write: Writer) -> Path:
    """`write` into a new temporary file beside `path`; its path. The file gets the usual mode
    (umask), not a temporary file's owner-only one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # mode from the umask
    try:
        write(tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_all(writes: dict[Path, Writer]) -> None:
    """Each file written to a temporary file beside it, and all renamed into place only when
    every one is written: a failure leaves every previous file as it was."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, write in writes.items():
            staged.append((_staged(path, write), path))
        for _, path in staged:  # what would stop a rename half-way, found before the first
            if path.is_dir():
                raise IsADirectoryError(errno.EISDIR, "a folder is there", str(path))
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise


def text_writer(text: str) -> Writer:
    return lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n")


def write_text(text: str, path: Path) -> None:
    """A report, written atomically."""
    write_all({path: text_writer(text)})
