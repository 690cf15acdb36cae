"""Where a package's bytes come from: a working tree, a git revision or a release's CSV zip.

Every source answers one question, `read(path)`: the bytes of a file named relative to the
package root, or None when it does not exist. Paths are checked here, once, for every source:
no absolute path, no `..`, no URL, and in a working tree no symbolic link that leads out of
the package. A zip is read with bounds, so a crafted archive cannot exhaust memory.
"""

from __future__ import annotations

import subprocess
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Protocol

from ..errors import UngaError

MAX_ZIP_MEMBER = 1 << 28  # bytes: far above any table of this dataset (votes.csv is ~10 MB)
MAX_ZIP_TOTAL = 1 << 29  # bytes unpacked from one bundle, all its members together
MAX_ZIP_RATIO = 200  # uncompressed/compressed: CSV deflates ~4-20x; a zip bomb far more


class PackageError(UngaError):
    """The descriptor or a file it names cannot be read: nothing else can be checked."""

    exit_code = 1  # the package is the data


class RevisionError(PackageError):
    """The repository or the ref asked for does not exist: the usage, not the data."""

    exit_code = 2


class Files(Protocol):
    label: str  # how messages name the source: a directory, "git REF", a zip

    def read(self, path: str) -> bytes | None: ...


def safe_path(path: object, what: str) -> str:
    """`path` as a relative POSIX path inside the package, or a PackageError saying why not."""
    if not isinstance(path, str) or not path.strip():
        raise PackageError(f"{what}: expected a relative file path, found {path!r}")
    pure = PurePosixPath(path)
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in path):
        raise PackageError(f"{what}: path {path!r} holds a control character")
    if (
        pure.is_absolute()
        or "\\" in path
        or "://" in path
        or ".." in pure.parts
        or path.startswith("~")
    ):
        raise PackageError(f"{what}: path {path!r} must stay in the package")
    return pure.as_posix()


class WorkingTree:
    """Files below a directory on disk."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.label = str(root)

    def read(self, path: str) -> bytes | None:
        rel = safe_path(path, "file")
        target = self.root / rel
        if not target.exists() and not target.is_symlink():
            return None
        real_root = self.root.resolve()
        real = target.resolve()
        if not real.is_relative_to(real_root):
            raise PackageError(f"{rel}: a link out of the package (to {real})")
        if real.is_dir():
            raise PackageError(f"{rel}: a directory, not a file")
        if not real.is_file():
            if real.exists():
                raise PackageError(f"{rel}: not a regular file")
            return None
        try:
            return real.read_bytes()
        except OSError as e:
            raise PackageError(f"{rel}: cannot read ({e.strerror or e})") from e


class GitRevision:
    """Files of one commit of a git repository, read as blobs (nothing is checked out)."""

    def __init__(self, repo: Path, ref: str, base: str = "") -> None:
        self.repo = Path(repo)
        self.label = ref
        self.base = f"{safe_path(base, 'package folder')}/" if base not in ("", ".") else ""
        if not self.repo.is_dir():
            raise RevisionError(f"{repo}: no such directory")
        try:
            self.prefix = self._git("rev-parse", "--show-prefix").decode().strip()
        except PackageError as e:
            raise RevisionError(f"{repo}: not in a git repository") from e
        if ref.startswith("-"):
            raise RevisionError(f"{ref!r} is not a commit in {repo}")
        try:
            commit = self._git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        except PackageError as e:
            raise RevisionError(f"{ref!r} is not a commit in {repo}{self._shallow()}") from e
        self.commit = commit.decode().strip()

    def _shallow(self) -> str:
        """Why a base may be missing in CI: a shallow checkout has only the last commit."""
        try:
            shallow = self._git("rev-parse", "--is-shallow-repository").decode().strip()
        except PackageError:
            return ""
        if shallow != "true":
            return ""
        return "; the clone is shallow: fetch the history (actions/checkout with fetch-depth: 0)"

    def _git(self, *args: str, data: bytes | None = None) -> bytes:
        try:
            done = subprocess.run(
                ["git", "-C", str(self.repo), *args], input=data, capture_output=True, check=False
            )
        except FileNotFoundError as e:
            raise PackageError("git is not installed") from e
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip()
            raise PackageError(f"git {' '.join(args[:2])}: {message or 'failed'}")
        return done.stdout

    def read(self, path: str) -> bytes | None:
        return self.read_many([path])[path]

    def read_many(self, paths: list[str]) -> dict[str, bytes | None]:
        """Several blobs in one `git cat-file --batch` (a tree or a missing path: None)."""
        rels = [safe_path(p, "file") for p in paths]
        if not rels:
            return {}
        full = [f"{self.prefix}{self.base}{p}" for p in rels]
        self._refuse_links(full)
        request = "".join(f"{self.commit}:{p}\n" for p in full).encode("utf-8")
        out = self._git("cat-file", "--batch", data=request)
        blobs: dict[str, bytes | None] = {}
        pos = 0
        for original in paths:
            end = out.index(b"\n", pos)
            line = out[pos:end]
            pos = end + 1
            # "<sha> <type> <size>" and the object follow; "<name> missing" (the name may hold
            # spaces) and "<name> ambiguous" do not.
            header = line.split()
            if len(header) != 3 or not header[2].isdigit():
                blobs[original] = None
                continue
            size = int(header[2])
            blobs[original] = out[pos : pos + size] if header[1] == b"blob" else None
            pos += size + 1
        return blobs

    def _refuse_links(self, full: list[str]) -> None:
        """A symbolic link's blob is its target's name, not the file: refuse it rather than
        read it as data (a working tree would follow it, so the two views would differ)."""
        listing = self._git("ls-tree", "-z", "--full-tree", self.commit, "--", *full)
        for entry in listing.split(b"\0"):
            meta, _, name = entry.partition(b"\t")
            if meta.startswith(b"120000 "):
                path = name.decode("utf-8", "replace")
                raise PackageError(f"{self.label}: {path}: a symbolic link, not a file")


class ZipBundle:
    """Files of a release's CSV zip, all under one top folder, read with size bounds."""

    def __init__(self, path: Path, folder: str) -> None:
        self.path = Path(path)
        self.folder = folder
        self.label = str(path)
        self.unpacked = 0  # bytes read so far, against MAX_ZIP_TOTAL
        if self.path.exists() and not self.path.is_file():
            raise PackageError(f"{path}: not a regular file")
        try:
            self.zip = zipfile.ZipFile(self.path)
        except OSError as e:
            raise PackageError(f"{path}: {e.strerror or e}") from e
        except zipfile.BadZipFile as e:
            raise PackageError(f"{path}: not a zip file") from e

    def read(self, path: str) -> bytes | None:
        name = f"{self.folder}/{safe_path(path, 'file')}"
        try:
            info = self.zip.getinfo(name)
        except KeyError:
            return None
        if (
            info.file_size > MAX_ZIP_MEMBER
            or info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1 << 16)
            or self.unpacked + info.file_size > MAX_ZIP_TOTAL
        ):
            raise PackageError(
                f"{self.path}: {name} would unpack to {info.file_size:,} bytes from "
                f"{info.compress_size:,}; refused"
            )
        try:
            with self.zip.open(info) as member:
                data = member.read(info.file_size + 1)
        except (OSError, zipfile.BadZipFile, EOFError, zlib.error, RuntimeError,
                NotImplementedError) as e:  # fmt: skip
            # RuntimeError: an encrypted member; NotImplementedError: an unknown compression.
            raise PackageError(f"{self.path}: cannot read {name} ({e})") from e
        if len(data) > info.file_size:
            raise PackageError(f"{self.path}: {name} is larger than its entry declares; refused")
        self.unpacked += len(data)
        return data
