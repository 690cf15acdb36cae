"""`unga download`: fetch a release, verify every file against its SHA256SUMS, cache it.

Layout of the cache (platformdirs' user cache directory, or --dir):

    releases/<sha256 of SHA256SUMS>/   one complete, verified release: SHA256SUMS and its files
    <version>.json                     which release directory `latest` (or a tag) points to

A release directory is only pointed to once every file in it has been verified, and pooch
writes each download to a temporary file that is renamed into place only when its hash
matches: a partial or unverified file never enters the cache, and the last good release stays
usable when a download fails or the network is gone.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs
import pooch
import requests

from ..checksums import sha256
from ..errors import UngaError
from ..release.names import CHECKSUMS, DATABASE

DEFAULT_RELEASE_URL = "https://github.com/unga-votes/unga-votes"
RETRIES = 3  # attempts after the first, for 5xx answers and dropped connections
BACKOFF = 1.0  # seconds before the first retry; doubles each time
pooch.get_logger().setLevel("WARNING")  # the command prints its own one-line outcome


class DownloadError(UngaError):
    """One line saying what happened and what to do."""

    exit_code = 1


@dataclass(frozen=True)
class Release:
    version: str  # as asked: "latest" or a tag
    directory: Path
    files: dict[str, str]  # relative path -> sha256
    from_cache: bool

    @property
    def database(self) -> Path:
        return self.directory / DATABASE


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("unga-votes", appauthor=False))


def release_url(version: str, base: str | None = None) -> str:
    base = (base or os.environ.get("UNGA_VOTES_RELEASE_URL") or DEFAULT_RELEASE_URL).rstrip("/")
    if version == "latest":
        return f"{base}/releases/latest/download"
    return f"{base}/releases/download/{version}"


def asset_name(path: str) -> str:
    """GitHub release assets are flat: parquet/votes.parquet is the asset votes.parquet."""
    return path.rsplit("/", 1)[-1]


def parse_sums(text: str) -> dict[str, str]:
    files = {}
    for n, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if len(parts) != 2 or len(parts[0]) != 64 or ".." in parts[1].split("/"):
            raise DownloadError(f"SHA256SUMS line {n} is not '<sha256>  <file>': {line[:80]!r}")
        files[parts[1].lstrip("*")] = parts[0].lower()
    if not files:
        raise DownloadError("SHA256SUMS lists no files: the release is incomplete")
    return files


def _explain(e: Exception, url: str, what: str) -> DownloadError:
    if isinstance(e, requests.HTTPError) and e.response is not None:
        code = e.response.status_code
        if code == 404:
            return DownloadError(
                f"{what}: not found (HTTP 404) at {url}; check the release tag "
                "(--version latest for the newest release)"
            )
        return DownloadError(f"{what}: the server answered HTTP {code} at {url}; try again later")
    if isinstance(e, requests.ConnectionError | requests.Timeout):
        return DownloadError(f"{what}: cannot reach {url} ({type(e).__name__}); check the network")
    if isinstance(e, requests.exceptions.ChunkedEncodingError):
        return DownloadError(f"{what}: the download was cut short at {url}; try again")
    if isinstance(e, ValueError) and "hash" in str(e).lower():
        return DownloadError(
            f"{what}: the downloaded file does not match its SHA256SUMS entry (corrupted or "
            "truncated); nothing was kept, try again"
        )
    if isinstance(e, OSError):
        return _os_error(e)
    return DownloadError(f"{what}: {e}")


def _os_error(e: OSError) -> DownloadError:
    where = e.filename or "the cache directory"
    if e.errno == errno.ENOSPC:
        return DownloadError(f"no space left in {where}; free some space or use --dir elsewhere")
    if e.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
        return DownloadError(f"cannot write to {where} (read-only); use --dir with a writable one")
    return DownloadError(f"cannot use {where}: {e.strerror or e}")


def _retrying(fetch: Callable[[], str], backoff: float) -> str:
    """Run `fetch`, retrying 5xx answers and dropped connections a bounded number of times."""
    for attempt in range(RETRIES + 1):
        try:
            return fetch()
        except requests.HTTPError as e:
            status = e.response.status_code if e.response is not None else 0
            if status < 500 or attempt == RETRIES:
                raise
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
            if attempt == RETRIES:
                raise
        time.sleep(backoff * 2**attempt)
    raise AssertionError("unreachable")


def _pointer(root: Path, version: str) -> Path:
    return root / f"{version.replace('/', '_')}.json"


def cached(version: str = "latest", directory: Path | None = None) -> Release | None:
    """The last complete release downloaded for `version`, if any."""
    root = directory or cache_dir()
    try:
        pointer = json.loads(_pointer(root, version).read_text(encoding="utf-8"))
        release_dir = root / "releases" / pointer["release"]
        files = parse_sums((release_dir / CHECKSUMS).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, DownloadError):
        return None
    if not all((release_dir / f).is_file() for f in files):
        return None
    return Release(version, release_dir, files, from_cache=True)


def download(
    version: str = "latest",
    directory: Path | None = None,
    base_url: str | None = None,
    progress: bool = False,
    backoff: float = BACKOFF,
) -> Release:
    """Fetch and verify the release, or answer from the cache when the network fails."""
    root = directory or cache_dir()
    url = release_url(version, base_url)
    try:
        (root / "releases").mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _os_error(e) from e
    try:
        sums_text = _fetch_sums(url, root, backoff)
    except DownloadError as e:
        previous = cached(version, root)
        if previous is not None and "HTTP 404" not in str(e):
            return previous  # offline or server trouble: the last good copy
        raise
    files = parse_sums(sums_text)
    release_id = hashlib.sha256(sums_text.encode()).hexdigest()[:16]
    release_dir = root / "releases" / release_id
    try:
        release_dir.mkdir(exist_ok=True)
        for path, digest in sorted(files.items()):
            target = release_dir / path
            if target.is_file() and sha256(target) == digest:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            file_url = f"{url}/{asset_name(path)}"
            downloader = pooch.HTTPDownloader(progressbar=progress, timeout=60)
            try:
                _retrying(
                    lambda u=file_url, d=digest, t=target, dl=downloader: pooch.retrieve(
                        u, known_hash=f"sha256:{d}", fname=t.name, path=t.parent, downloader=dl
                    ),
                    backoff,
                )
            except (requests.RequestException, ValueError, OSError) as e:
                raise _explain(e, file_url, path) from e
        _write_atomic(release_dir / CHECKSUMS, sums_text)
        _write_atomic(_pointer(root, version), json.dumps({"release": release_id}) + "\n")
    except OSError as e:
        raise _os_error(e) from e
    return Release(version, release_dir, files, from_cache=False)


def _fetch_sums(url: str, root: Path, backoff: float) -> str:
    sums_url = f"{url}/{CHECKSUMS}"
    with tempfile.TemporaryDirectory(dir=root) as tmp:
        try:
            path = _retrying(
                lambda: pooch.retrieve(sums_url, known_hash=None, fname=CHECKSUMS, path=tmp),
                backoff,
            )
            return Path(path).read_text(encoding="utf-8")
        except (requests.RequestException, OSError, UnicodeDecodeError) as e:
            raise _explain(e, sums_url, "SHA256SUMS") from e


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
