"""HTTP for `unga download`: one file fetched from an untrusted host, within bounds.

Only https is used, or plain http to this machine (127.0.0.1, ::1, localhost: a local mirror,
the tests); plain http elsewhere is refused, since whoever is on the path could replace
SHA256SUMS and every file with it. Redirects are followed (GitHub sends release downloads to
its storage host), at most MAX_REDIRECTS, and only to https (or http to this machine from
http). Every transfer is bounded: a size cap, a stall timeout (no byte for that many seconds)
and a total timeout per file, retries included (overrun by at most the stall timeout). A
failure is a DownloadError saying its real cause in one line.
"""

from __future__ import annotations

import encodings.idna
import hashlib
import http.client
import ipaddress
import math
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from ..errors import UngaError
from ..escape import is_unsafe, printable
from .limits import FILE_TIMEOUT, MAX_FILE_BYTES, MAX_REDIRECTS, STALL_TIMEOUT

RETRIES = 3  # attempts after the first, for 5xx answers, dropped connections and stalls
BACKOFF = 1.0  # seconds before the first retry; doubles each time
CHUNK = 1 << 16
# Bytes as they are stored: the sha256 is over what was sent, and no decompression bomb.
HEADERS = {"Accept-Encoding": "identity", "User-Agent": "unga-votes"}


class DownloadError(UngaError):
    """One line saying what happened and what to do."""

    exit_code = 1

    def __str__(self) -> str:  # the message may quote a hostile host's names and URLs
        return printable(super().__str__())


class DownloadUsageError(DownloadError):
    """The URL or the tag given cannot name a release."""

    exit_code = 2


class Transient(DownloadError):
    """Worth another attempt: a 5xx answer, a dropped connection, a stall."""


class NotFound(DownloadError):
    """HTTP 404: the tag does not exist; the cache does not stand in for it."""


class Sink(Protocol):
    """Where a download's bytes go: a file opened for writing, or a `Buffer`."""

    def write(self, data: bytes, /) -> int: ...
    def seek(self, offset: int, /) -> int: ...
    def truncate(self) -> int: ...


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_FILE_BYTES
    stall: float = STALL_TIMEOUT  # seconds without a byte
    timeout: float = FILE_TIMEOUT  # seconds for a whole file, retries included
    redirects: int = MAX_REDIRECTS

    def __post_init__(self) -> None:
        if not (self.max_bytes > 0 and 0 < self.stall < math.inf and 0 < self.timeout < math.inf):
            raise DownloadUsageError("the size cap and the timeouts must be positive and finite")


# --- URLs ---------------------------------------------------------------------------------------


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


HOST_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?")


def _host_problem(host: str) -> str | None:
    """Why `host` (an IP address or a DNS name) names no host, or None. Checked here so that a
    typo in the user's URL is a usage error before any connection, not a failed request."""
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    labels = host.removesuffix(".").split(".")  # a trailing dot is the root, not a label
    if any(not label for label in labels):
        return "the host name has an empty label"
    try:  # a non-ASCII label as DNS has it (punycode)
        labels = [a if a.isascii() else encodings.idna.ToASCII(a).decode() for a in labels]
    except UnicodeError as e:
        return f"the host name is not IDNA: {e}"
    if any(len(label) > 63 for label in labels):
        return "a label of the host name is longer than 63 characters"
    if len(".".join(labels)) > 253:
        return "the host name is longer than 253 characters"
    bad = next((label for label in labels if not HOST_LABEL.fullmatch(label)), None)
    if bad is not None:
        return f"the host name's label {bad[:63]!r} is not letters, digits and inner dashes"
    return None


def url_problem(url: str) -> str | None:
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
    host = _host_problem(parts.hostname)
    if host:
        return f"it is not a URL ({host})"
    if scheme == "http" and not _loopback(parts.hostname):
        return (
            "plain http is only used to this machine (127.0.0.1, ::1, localhost): anyone on "
            "the way could alter the release, SHA256SUMS included; use https://"
        )
    return None


def short(url: str) -> str:
    """`url` as a message quotes it: cut, every control character escaped here, since the
    one-line folding of UngaError would otherwise turn a CR or LF into a space."""
    url = url if len(url) <= 200 else url[:200] + "..."
    return printable(url, keep="")


def check_url(url: str) -> str:
    """`url` if a release may be fetched from it; DownloadUsageError otherwise."""
    problem = url_problem(url)
    if problem is None and (urlsplit(url).query or urlsplit(url).fragment):
        problem = "it has a query or a fragment, which the file names would follow"
    if problem:
        raise DownloadUsageError(f"release URL {short(url)} refused: {problem}")
    return url


def redirect_target(current: str, location: str, what: str) -> str:
    target = urljoin(current, location)
    problem = url_problem(target)
    if problem is None and current.lower().startswith("https:") and target[:5].lower() == "http:":
        problem = "a step down from https to plain http"
    if problem:
        raise DownloadError(
            f"{what}: {short(current)} redirects to {short(target)}, not followed: {problem}"
        )
    return target


# --- Errors -------------------------------------------------------------------------------------


def _causes(e: BaseException) -> Iterator[BaseException]:
    """`e` and everything it wraps (requests wraps urllib3, which wraps the socket's error)."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [e]
    while stack:
        cause = stack.pop()
        if cause is None or id(cause) in seen:
            continue
        seen.add(id(cause))
        yield cause
        # `reason` is an exception in urllib3 but a string in ssl.SSLError and UnicodeError.
        linked = [cause.__cause__, cause.__context__, getattr(cause, "reason", None), *cause.args]
        stack += [c for c in linked if isinstance(c, BaseException)]


def _network_error(e: Exception, what: str, url: str, limits: Limits) -> DownloadError:
    """The real cause of a failed request, in one line."""
    causes = list(_causes(e))
    host = urlsplit(url).hostname or url
    if any(isinstance(c, ssl.SSLError | requests.exceptions.SSLError) for c in causes):
        # The ssl module's own words (certificate verify failed, wrong version number), not
        # the wrappers' "Max retries exceeded with url".
        tls = [c for c in causes if isinstance(c, ssl.SSLError)] or causes
        reason = next((str(c) for c in tls if isinstance(c, OSError) and c.args), "")
        return DownloadError(f"{what}: TLS with {host} failed ({reason[:150]}); check the URL")
    if any(isinstance(c, socket.gaierror | urllib3.exceptions.NameResolutionError)
           for c in causes):  # fmt: skip
        return Transient(
            f"{what}: cannot reach {host}: host name not found (DNS); check the network "
            "and the release URL"
        )
    cut = (http.client.RemoteDisconnected, http.client.IncompleteRead)  # transient, below
    bad = http.client.HTTPException
    malformed = [c for c in causes if isinstance(c, bad) and not isinstance(c, cut)]
    if malformed:  # a header flood, an endless header line, a status line that is not one
        return DownloadError(
            f"{what}: {short(url)}: the answer is not valid HTTP ({str(malformed[0])[:150]})"
        )
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return Transient(f"{what}: cannot reach {short(url)}: connection refused; check the "
                          "network and the release URL")  # fmt: skip
    if isinstance(e, requests.exceptions.ConnectTimeout):
        return Transient(
            f"{what}: cannot reach {short(url)}: no connection within {limits.stall:g} s; "
            "check the network"
        )
    if isinstance(e, requests.exceptions.ReadTimeout | urllib3.exceptions.ReadTimeoutError):
        return Transient(
            f"{what}: no data for {limits.stall:g} s from {short(url)}; try again later"
        )
    if isinstance(e, urllib3.exceptions.ProtocolError | requests.exceptions.ChunkedEncodingError):
        return Transient(f"{what}: the download was cut short at {short(url)}; try again")
    if isinstance(e, requests.exceptions.ConnectionError):
        reason = next((c.strerror for c in causes if isinstance(c, OSError) and c.strerror), "")
        return Transient(f"{what}: cannot reach {short(url)}: {reason or 'connection failed'}; "
                          "check the network")  # fmt: skip
    if isinstance(e, ValueError):  # requests reading a Location it cannot parse, say
        return DownloadError(f"{what}: {short(url)}: the answer is not valid HTTP ({e})")
    return DownloadError(f"{what}: {short(url)}: {type(e).__name__}: {str(e)[:150]}")


def _status_error(response: requests.Response, what: str, url: str) -> DownloadError:
    code = response.status_code
    if code == 404:
        return NotFound(
            f"{what}: not found (HTTP 404) at {short(url)}; check the release tag "
            "(--version latest for the newest release)"
        )
    if code >= 500:
        return Transient(f"{what}: the server answered HTTP {code} at {short(url)}; "
                          "try again later")  # fmt: skip
    if 300 <= code < 400:
        return DownloadError(f"{what}: HTTP {code} without a place to go at {short(url)}")
    return DownloadError(f"{what}: the server answered HTTP {code} at {short(url)}")


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
    out: Sink,
    cap: int,
    limits: Limits,
    deadline: float,
    advance: Callable[[int, int | None], None],
) -> str:
    """GET `url` into `out`, following redirects; the sha256 of the bytes written."""
    late = DownloadError(
        f"{what}: not complete after {limits.timeout:g} s from {short(url)}; try again later"
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
                current = redirect_target(current, response.headers["location"], what)
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
        f"{what}: more than {limits.redirects} redirects from {short(url)} (a redirect loop?); "
        "check the release URL"
    )


def _too_big(what: str, url: str, cap: int) -> DownloadError:
    return DownloadError(
        f"{what}: larger than {cap:,} bytes at {short(url)}, no release file is; nothing kept"
    )


def fetch(
    session: requests.Session,
    url: str,
    what: str,
    out: Sink,
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
        except Transient:
            pause = backoff * 2**attempt
            if attempt == RETRIES or time.monotonic() + pause >= deadline:
                raise
            time.sleep(pause)
    raise AssertionError("unreachable")


class Buffer:
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
