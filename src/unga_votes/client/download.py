"""`unga download`: fetch a release, verify every file against its SHA256SUMS, cache it.

Layout of the cache (platformdirs' user cache directory, or --dir):

    releases/<sha256 of SHA256SUMS>/   one complete, verified release: SHA256SUMS and its files
    <version>.json                     which release directory `latest` (or a tag) points to
    .partial-<pid>-*/                  a download in progress (removed when it ends, and by the
                                       next download when its process is gone)

The release host is not trusted:

- Only https is used, or plain http to this machine (127.0.0.1, ::1, localhost: a local
  mirror, the tests); plain http elsewhere is refused, since whoever is on the path could
  replace SHA256SUMS and every file with it. Redirects are followed (GitHub sends release
  downloads to its storage host), at most MAX_REDIRECTS, and only to https (or http to this
  machine from http).
- SHA256SUMS must list the files of a release and nothing else (`release.names`): the
  database, the CSV zip, RELEASE_NOTES.md and `parquet/<table>.parquet`, each once. Any other
  name (an absolute path, `..`, a backslash, a control character, an unknown file) refuses the
  whole release before anything is written.
- Every transfer is bounded: a size cap (MAX_FILE_BYTES; SHA256SUMS MAX_SUMS_BYTES), a stall
  timeout (no byte for STALL_TIMEOUT seconds) and a total timeout per file, retries included
  (FILE_TIMEOUT; overrun by at most the stall timeout). Each is a parameter.
- A file is written to a temporary file and renamed into the release directory only when its
  sha256 matches; the pointer is rewritten only when every file of the release is in place.
  A failure or a kill leaves the last good release as it was and usable.
- When SHA256SUMS cannot be had (no network, server trouble, an answer over a limit), the last
  good release answers, with the reason; a 404 (no such tag) or a refused SHA256SUMS is an
  error.

A cached release is trusted as written: its files were verified before they entered the cache.
Before use, `cached` checks that the pointer names a release directory whose SHA256SUMS still
hashes to its name and lists release files only, all present as regular files; `download`
re-verifies the sha256 of every cached file before keeping it instead of fetching it again.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import ipaddress
import json
import math
import os
import re
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

import platformdirs
import requests
import urllib3

from ..checksums import sha256
from ..errors import UngaError
from ..escape import is_unsafe, printable
from ..release.names import CHECKSUMS, DATABASE, REQUIRED, is_release_file
from .limits import (
    FILE_TIMEOUT,
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_REDIRECTS,
    MAX_SUMS_BYTES,
    STALL_TIMEOUT,
)

DEFAULT_RELEASE_URL = "https://github.com/unga-votes/unga-votes"
RETRIES = 3  # attempts after the first, for 5xx answers, dropped connections and stalls
BACKOFF = 1.0  # seconds before the first retry; doubles each time
CHUNK = 1 << 16
# Bytes as they are stored: the sha256 is over what was sent, and no decompression bomb.
HEADERS = {"Accept-Encoding": "identity", "User-Agent": "unga-votes"}
TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")
RELEASE_ID = re.compile(r"[0-9a-f]{16}")
SUMS_LINE = re.compile(r"(?P<digest>[0-9a-fA-F]{64}) [ *](?P<name>.*)")


class DownloadError(UngaError):
    """One line saying what happened and what to do."""

    exit_code = 1

    def __str__(self) -> str:  # the message may quote a hostile host's names and URLs
        return printable(super().__str__())


class DownloadUsageError(DownloadError):
    """The URL or the tag given cannot name a release."""

    exit_code = 2


class _Transient(DownloadError):
    """Worth another attempt: a 5xx answer, a dropped connection, a stall."""


class _NotFound(DownloadError):
    """HTTP 404: the tag does not exist; the cache does not stand in for it."""


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


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_FILE_BYTES
    stall: float = STALL_TIMEOUT  # seconds without a byte
    timeout: float = FILE_TIMEOUT  # seconds for a whole file, retries included
    redirects: int = MAX_REDIRECTS

    def __post_init__(self) -> None:
        if not (self.max_bytes > 0 and 0 < self.stall < math.inf and 0 < self.timeout < math.inf):
            raise DownloadUsageError("the size cap and the timeouts must be positive and finite")


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("unga-votes", appauthor=False))


# --- URLs ---------------------------------------------------------------------------------------


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_problem(url: str) -> str | None:
    """Why a release cannot be fetched from `url`, or None: https, or http to this machine."""
    if any(c.isspace() or is_unsafe(c) for c in url):
        return "it holds spaces or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not one
    except ValueError as e:
        return f"it is not a URL ({e})"
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        return f"unsupported scheme {scheme + ':' if scheme else '(none)'}, only https:// is"
    if not parts.hostname:
        return "it names no host"
    if scheme == "http" and not _loopback(parts.hostname):
        return (
            "plain http is only used to this machine (127.0.0.1, ::1, localhost): anyone on "
            "the way could alter the release, SHA256SUMS included; use https://"
        )
    return None


def _short(url: str) -> str:
    return url if len(url) <= 200 else url[:200] + "..."


def check_url(url: str) -> str:
    """`url` if a release may be fetched from it; DownloadUsageError otherwise."""
    problem = _url_problem(url)
    if problem is None and (urlsplit(url).query or urlsplit(url).fragment):
        problem = "it has a query or a fragment, which the file names would follow"
    if problem:
        raise DownloadUsageError(f"release URL {_short(url)} refused: {problem}")
    return url


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


def _redirect(current: str, location: str, what: str) -> str:
    target = urljoin(current, location)
    problem = _url_problem(target)
    if problem is None and current.lower().startswith("https:") and target[:5].lower() == "http:":
        problem = "a step down from https to plain http"
    if problem:
        raise DownloadError(
            f"{what}: {_short(current)} redirects to {_short(target)}, not followed: {problem}"
        )
    return target


def asset_name(path: str) -> str:
    """GitHub release assets are flat: parquet/votes.parquet is the asset votes.parquet."""
    return path.rsplit("/", 1)[-1]


# --- SHA256SUMS ---------------------------------------------------------------------------------


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
                f"SHA256SUMS line {n} is not '<sha256>  <file>': '{line[:200]}'; "
                "the release is refused, nothing downloaded"
            )
        name = m["name"]
        if not is_release_file(name):
            raise DownloadError(
                f"SHA256SUMS line {n} names '{name[:200]}': {_name_problem(name)}; "
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


def _release_id(sums: bytes) -> str:
    return hashlib.sha256(sums).hexdigest()[:16]


# --- Errors -------------------------------------------------------------------------------------


def _causes(e: BaseException) -> Iterator[BaseException]:
    """`e` and everything it wraps (requests wraps urllib3, which wraps the socket's error)."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [e]
    while stack:
        x = stack.pop()
        if x is None or id(x) in seen:
            continue
        seen.add(id(x))
        yield x
        stack += [x.__cause__, x.__context__, getattr(x, "reason", None)]
        stack += [a for a in x.args if isinstance(a, BaseException)]


def _network_error(e: Exception, what: str, url: str, limits: Limits) -> DownloadError:
    """The real cause of a failed request, in one line."""
    causes = list(_causes(e))
    host = urlsplit(url).hostname or url
    if isinstance(e, requests.exceptions.SSLError):
        reason = next((str(c) for c in causes if isinstance(c, OSError) and c.args), "")
        return DownloadError(f"{what}: TLS with {host} failed ({reason[:150]}); check the URL")
    if any(isinstance(c, socket.gaierror | urllib3.exceptions.NameResolutionError)
           for c in causes):  # fmt: skip
        return _Transient(
            f"{what}: cannot reach {host}: host name not found (DNS); check the network "
            "and the release URL"
        )
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return _Transient(f"{what}: cannot reach {_short(url)}: connection refused; check the "
                          "network and the release URL")  # fmt: skip
    if isinstance(e, requests.exceptions.ConnectTimeout):
        return _Transient(
            f"{what}: cannot reach {_short(url)}: no connection within {limits.stall:g} s; "
            "check the network"
        )
    if isinstance(e, requests.exceptions.ReadTimeout | urllib3.exceptions.ReadTimeoutError):
        return _Transient(
            f"{what}: no data for {limits.stall:g} s from {_short(url)}; try again later"
        )
    if isinstance(e, urllib3.exceptions.ProtocolError | requests.exceptions.ChunkedEncodingError):
        return _Transient(f"{what}: the download was cut short at {_short(url)}; try again")
    if isinstance(e, requests.exceptions.ConnectionError):
        reason = next((c.strerror for c in causes if isinstance(c, OSError) and c.strerror), "")
        return _Transient(f"{what}: cannot reach {_short(url)}: {reason or 'connection failed'}; "
                          "check the network")  # fmt: skip
    if isinstance(e, ValueError):  # requests reading a Location it cannot parse, say
        return DownloadError(f"{what}: {_short(url)}: the answer is not valid HTTP ({e})")
    return DownloadError(f"{what}: {_short(url)}: {type(e).__name__}: {str(e)[:150]}")


def _status_error(response: requests.Response, what: str, url: str) -> DownloadError:
    code = response.status_code
    if code == 404:
        return _NotFound(
            f"{what}: not found (HTTP 404) at {_short(url)}; check the release tag "
            "(--version latest for the newest release)"
        )
    if code >= 500:
        return _Transient(f"{what}: the server answered HTTP {code} at {_short(url)}; "
                          "try again later")  # fmt: skip
    if 300 <= code < 400:
        return DownloadError(f"{what}: HTTP {code} without a place to go at {_short(url)}")
    return DownloadError(f"{what}: the server answered HTTP {code} at {_short(url)}")


def _os_error(e: OSError) -> DownloadError:
    where = e.filename or "the cache directory"
    if e.errno == errno.ENOSPC:
        return DownloadError(f"no space left in {where}; free some space or use --dir elsewhere")
    if e.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
        return DownloadError(f"cannot write to {where} (read-only); use --dir with a writable one")
    return DownloadError(f"cannot use {where}: {e.strerror or e}; use --dir with another folder")


# --- Transfers ----------------------------------------------------------------------------------


def _bounded(call: Callable[[], requests.Response], deadline: float) -> requests.Response | None:
    """`call()` (connect, send, read the headers) given until `deadline`: a server may drip its
    headers a byte at a time, which no socket timeout ends. None when time ran out."""
    box: dict[str, object] = {}
    lock = threading.Lock()

    def target() -> None:
        try:
            response = call()
        except BaseException as e:  # handed to the caller; never printed by the thread
            box["error"] = e
            return
        with lock:
            if box.get("abandoned"):
                response.close()
            else:
                box["response"] = response

    worker = threading.Thread(target=target, name="unga-download", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    with lock:
        if "response" not in box and "error" not in box:
            box["abandoned"] = True
            return None
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["response"]  # type: ignore[return-value]


def _get(
    session: requests.Session,
    url: str,
    what: str,
    out: BinaryIO,
    cap: int,
    limits: Limits,
    deadline: float,
    advance: Callable[[int, int | None], None],
) -> str:
    """GET `url` into `out`, following redirects; the sha256 of the bytes written."""
    late = DownloadError(
        f"{what}: not complete after {limits.timeout:g} s from {_short(url)}; try again later"
    )
    current = url
    for _ in range(limits.redirects + 1):

        def request(u: str = current) -> requests.Response:
            timeout = (limits.stall, limits.stall)
            return session.get(u, stream=True, allow_redirects=False, headers=HEADERS,
                               timeout=timeout)  # fmt: skip

        try:
            response = _bounded(request, deadline)
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError, ValueError) as e:
            raise _network_error(e, what, current, limits) from e
        if response is None:
            raise late
        with response:
            if response.is_redirect:
                current = _redirect(current, response.headers["location"], what)
                continue
            if response.status_code != 200:
                raise _status_error(response, what, current)
            length = response.headers.get("Content-Length", "")
            expected = int(length) if length.isdigit() else None
            if expected is not None and expected > cap:
                raise _too_big(what, current, cap)
            advance(0, expected)
            digest, size = hashlib.sha256(), 0
            while True:
                if time.monotonic() > deadline:
                    raise late
                try:
                    # At most one read from the socket: it returns within the stall timeout.
                    chunk = response.raw.read1(CHUNK, decode_content=False)
                except (urllib3.exceptions.HTTPError, requests.RequestException) as e:
                    raise _network_error(e, what, current, limits) from e
                if not chunk:
                    return digest.hexdigest()
                size += len(chunk)
                if size > cap:
                    raise _too_big(what, current, cap)
                digest.update(chunk)
                out.write(chunk)
                advance(len(chunk), None)
    raise DownloadError(
        f"{what}: more than {limits.redirects} redirects from {_short(url)} (a redirect loop?); "
        "check the release URL"
    )


def _too_big(what: str, url: str, cap: int) -> DownloadError:
    return DownloadError(
        f"{what}: larger than {cap:,} bytes at {_short(url)}, no release file is; nothing kept"
    )


def _fetch(
    session: requests.Session,
    url: str,
    what: str,
    out: BinaryIO,
    cap: int,
    limits: Limits,
    backoff: float,
    advance: Callable[[int, int | None], None] = lambda n, total: None,
) -> str:
    """`_get`, retried on transient failures while the file's time lasts."""
    deadline = time.monotonic() + limits.timeout
    for attempt in range(RETRIES + 1):
        out.seek(0)
        out.truncate()
        try:
            return _get(session, url, what, out, cap, limits, deadline, advance)
        except _Transient:
            pause = backoff * 2**attempt
            if attempt == RETRIES or time.monotonic() + pause >= deadline:
                raise
            time.sleep(pause)
    raise AssertionError("unreachable")


def _fetch_sums(session: requests.Session, url: str, limits: Limits, backoff: float) -> bytes:
    buffer = _Buffer()
    _fetch(session, f"{url}/{CHECKSUMS}", CHECKSUMS, buffer, MAX_SUMS_BYTES, limits, backoff)
    return buffer.getvalue()


class _Buffer:
    """An in-memory file for SHA256SUMS (a few kilobytes at most: it is capped)."""

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, b: bytes) -> int:
        self.data += b
        return len(b)

    def seek(self, offset: int) -> int:
        return offset

    def truncate(self) -> int:
        self.data.clear()
        return 0

    def getvalue(self) -> bytes:
        return bytes(self.data)


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
        if _release_id(sums) != release_id:
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
        except (_NotFound, DownloadUsageError):
            raise
        except DownloadError as e:
            previous = cached(version, root)
            if previous is not None:  # offline or server trouble: the last good copy
                return replace(previous, note=str(e))
            raise
        files = parse_sums(sums)
        release_id = _release_id(sums)
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
        got = _fetch(session, url, path, out, limits.max_bytes, limits, backoff, advance)
        out.flush()
        os.fsync(out.fileno())
    if got != digest:
        raise DownloadError(
            f"{path}: the downloaded file does not match its SHA256SUMS entry (corrupted or "
            "truncated); nothing was kept, try again"
        )
    target.parent.mkdir(exist_ok=True)
    os.replace(partial, target)
