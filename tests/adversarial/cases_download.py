"""Class 2: `unga download` writes nothing outside its cache, whatever SHA256SUMS names, and every
transfer ends (size cap, stall and total timeouts, a bounded number of redirects to http(s)
only); class 10: its failures are one line with the right exit code.

The release host is a server on 127.0.0.1 answering from the fixture release, with one answer
made hostile (`host`). `unga download` puts the release in XDG_CACHE_HOME/unga-votes, that is
`cache/unga-votes/releases/<id>/` in the workspace: four `..` from there is the workspace, so
`../../../../outside/secret.txt` aims at the sentinel.
"""

from __future__ import annotations

import hashlib
import os
import socket
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

from helpers import RELEASE_FILES

from adversarial.corpus import Workspace, case

LAST = len(RELEASE_FILES)  # the line number of a line added to SHA256SUMS

CACHE = ("cache", "cache/*")  # what a download may write (fnmatch's * crosses folders)
PAYLOAD = b"written by the release host\n"
REFUSED = "the release is refused, nothing downloaded"
Answer = Callable[[BaseHTTPRequestHandler], None]


def host(ws: Workspace, sums: bytes | None = None, answers: dict[str, Answer] | None = None):
    """A release host serving the fixture release, SHA256SUMS replaced by `sums`, and the
    assets named in `answers` answered by them."""
    files = {p.name: p for p in ws.fixture_dist.rglob("*") if p.is_file()}
    special = answers or {}

    def handle(h: BaseHTTPRequestHandler) -> None:
        asset = h.path.rsplit("/", 1)[-1]
        if asset in special:
            return special[asset](h)
        if asset == "SHA256SUMS" and sums is not None:
            data = sums
        elif asset in files:
            data = files[asset].read_bytes()
        else:
            return h.send_error(404)
        send(h, data)

    return ws.serve(handle)


def send(h: BaseHTTPRequestHandler, data: bytes, status: int = 200, **headers: str) -> None:
    h.send_response(status)
    for k, v in ({"Content-Length": str(len(data))} | headers).items():
        h.send_header(k.replace("_", "-"), v)
    h.end_headers()
    h.wfile.write(data)


def redirect(location: str) -> Answer:
    return lambda h: send(h, b"", 302, Location=location)


def endless(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.end_headers()
    block = b"x" * 65536
    for _ in range(100_000):
        h.wfile.write(block)


def dripping(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.end_headers()
    for _ in range(400):
        h.wfile.write(b"x")
        h.wfile.flush()
        time.sleep(0.05)


def stalled(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.write(b"x" * 100)
    h.wfile.flush()
    time.sleep(10)


def dripping_headers(h: BaseHTTPRequestHandler) -> None:
    h.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    for _ in range(400):
        h.wfile.write(b"x")
        h.wfile.flush()
        time.sleep(0.05)


def sums_plus(ws: Workspace, *lines: str, drop: str = "") -> bytes:
    """The fixture release's SHA256SUMS with `lines` added (and lines ending with `drop` left
    out)."""
    text = (ws.fixture_dist / "SHA256SUMS").read_text()
    kept = [ln for ln in text.splitlines() if not (drop and ln.endswith(drop))]
    return ("\n".join([*kept, *lines]) + "\n").encode()


PAYLOAD_HASH = hashlib.sha256(PAYLOAD).hexdigest()


def _aimed_at_outside(ws: Workspace, name: str) -> list[str]:
    host(ws, sums_plus(ws, f"{PAYLOAD_HASH}{name}"), {"secret.txt": lambda h: send(h, PAYLOAD)})
    return ["download"]


@case(
    2, "SHA256SUMS names an absolute path: the sentinel outside", 1,
    rf"^unga download: SHA256SUMS line {LAST} names '/\S+/outside/secret\.txt': an absolute path;",
    says="refused in one line; nothing written, not even the cache folder",
)  # fmt: skip
def download_sums_absolute_path(ws: Workspace):
    return _aimed_at_outside(ws, f"  {ws.outside}/secret.txt")


@case(
    2, "`<sha256> *../../../../outside/secret.txt`: `..` behind the binary-mode marker", 1,
    rf"^unga download: SHA256SUMS line {LAST} names '\.\./\.\./\.\./\.\./outside/secret\.txt': "
    r"a path through '\.\.'",
    says="refused in one line, nothing written",
)  # fmt: skip
def download_sums_dotdot_behind_binary_marker(ws: Workspace):
    return _aimed_at_outside(ws, " *../../../../outside/secret.txt")


@case(
    2, "SHA256SUMS names `..\\..\\..\\..\\outside\\secret.txt` (backslashes)", 1,
    rf"^unga download: SHA256SUMS line {LAST} names .*: a backslash;",
    says="refused, nothing written",
)  # fmt: skip
def download_sums_backslash(ws: Workspace):
    return _aimed_at_outside(ws, "  ..\\..\\..\\..\\outside\\secret.txt")


@case(
    2, "SHA256SUMS names a file no release has (`install.sh`)", 1,
    rf"^unga download: SHA256SUMS line {LAST} names 'install\.sh': not a file of a release",
    says="refused, nothing written",
)  # fmt: skip
def download_sums_unknown_file(ws: Workspace):
    host(
        ws, sums_plus(ws, f"{PAYLOAD_HASH}  install.sh"), {"install.sh": lambda h: send(h, PAYLOAD)}
    )
    return ["download"]


@case(
    2, "SHA256SUMS lists the database twice, the second time with another hash", 1,
    rf"^unga download: SHA256SUMS lists unga-votes\.duckdb twice \(lines {LAST - 1} and {LAST}\)",
    says="refused, nothing written",
)  # fmt: skip
def download_sums_duplicate_line(ws: Workspace):
    host(ws, sums_plus(ws, f"{PAYLOAD_HASH}  unga-votes.duckdb"))
    return ["download"]


@case(
    2, "SHA256SUMS leaves out the database", 1,
    r"^unga download: SHA256SUMS does not list unga-votes\.duckdb: not a complete release",
    says="refused, nothing written",
)  # fmt: skip
def download_sums_missing_database(ws: Workspace):
    host(ws, sums_plus(ws, drop="  unga-votes.duckdb"))
    return ["download"]


@case(
    2, "SHA256SUMS names a file with a terminal escape and a bidi override in it", 1,
    rf"^unga download: SHA256SUMS line {LAST} names 'notes\\x1b\]8;;https://evil\.example\\x07"
    r"\\u202e\.md': a control or invisible character",
    says="refused, the name printed escaped",
)  # fmt: skip
def download_sums_control_characters(ws: Workspace):
    host(ws, sums_plus(ws, f"{PAYLOAD_HASH}  notes\x1b]8;;https://evil.example\x07\u202e.md"))
    return ["download"]


@case(
    2, "an endless answer for RELEASE_NOTES.md (`--max-size 1`)", 1,
    r"^unga download: RELEASE_NOTES\.md: larger than 1,048,576 bytes at http://127\.0\.0\.1:\d+/",
    may_change=CACHE, timeout=20, says="cut at the size cap; no release pointed to",
)  # fmt: skip
def download_endless_file(ws: Workspace):
    host(ws, answers={"RELEASE_NOTES.md": endless})
    return ["download", "--max-size", "1"]


@case(
    2, "an endless SHA256SUMS", 1, r"^unga download: SHA256SUMS: larger than 65,536 bytes",
    timeout=20, says="cut at 64 KiB; nothing written",
)  # fmt: skip
def download_endless_sums(ws: Workspace):
    host(ws, answers={"SHA256SUMS": endless})
    return ["download"]


@case(
    2, "RELEASE_NOTES.md dripping a byte every 50 ms (`--stall 1 --timeout 1.5`)", 1,
    r"^unga download: RELEASE_NOTES\.md: not complete after 1\.5 s from http://127\.",
    may_change=CACHE, timeout=20, says="ends after the file's time, one line",
)  # fmt: skip
def download_dripping_file(ws: Workspace):
    host(ws, answers={"RELEASE_NOTES.md": dripping})
    return ["download", "--stall", "1", "--timeout", "1.5"]


@case(
    2, "RELEASE_NOTES.md stops sending after 100 of 100,000 bytes (`--stall 0.3`)", 1,
    r"^unga download: RELEASE_NOTES\.md: no data for 0\.3 s from http://127\.",
    may_change=CACHE, timeout=20, says="ends after the stall timeout and its retries, one line",
)  # fmt: skip
def download_stalled_file(ws: Workspace):
    host(ws, answers={"RELEASE_NOTES.md": stalled})
    return ["download", "--stall", "0.3", "--timeout", "1.5"]


@case(
    2, "SHA256SUMS' headers dripping a byte every 50 ms (`--stall 1 --timeout 1.5`), "
    "in a process", 1, r"^unga download: SHA256SUMS: not complete after 1\.5 s",
    process=True, timeout=20, says="ends; the process exits",
)  # fmt: skip
def download_dripping_headers(ws: Workspace):
    host(ws, answers={"SHA256SUMS": dripping_headers})
    return ["download", "--stall", "1", "--timeout", "1.5"]


@case(
    2, "SHA256SUMS redirects to itself", 1,
    r"^unga download: SHA256SUMS: more than 5 redirects from .*\(a redirect loop\?\)",
    says="ends after 5 redirects, one line",
)  # fmt: skip
def download_redirect_loop(ws: Workspace):
    host(ws, answers={"SHA256SUMS": redirect("/releases/latest/download/SHA256SUMS")})
    return ["download"]


@case(
    2, "the database redirects to `file://…/outside/secret.txt`", 1,
    r"^unga download: unga-votes\.duckdb: \S+ redirects to file:///\S+/outside/secret\.txt, "
    r"not followed: unsupported scheme file:",
    may_change=CACHE, says="not followed, one line",
)  # fmt: skip
def download_redirect_to_file_url(ws: Workspace):
    host(ws, answers={"unga-votes.duckdb": redirect(f"file://{ws.outside}/secret.txt")})
    return ["download"]


@case(
    2, "SHA256SUMS redirects to `javascript:alert(1)`", 1,
    r"redirects to javascript:alert\(1\), not followed: unsupported scheme javascript:",
    says="not followed, one line",
)  # fmt: skip
def download_redirect_to_javascript(ws: Workspace):
    host(ws, answers={"SHA256SUMS": redirect("javascript:alert(1)")})
    return ["download"]


@case(
    2, "the database redirects to plain http on another host", 1,
    r"redirects to http://example\.org/x, not followed: plain http is only used to this machine",
    may_change=CACHE, says="not followed, one line",
)  # fmt: skip
def download_redirect_to_plain_http(ws: Workspace):
    host(ws, answers={"unga-votes.duckdb": redirect("http://example.org/x")})
    return ["download"]


@case(
    2, "nothing listens at the release URL (`--timeout 1`)", 1,
    r"^unga download: SHA256SUMS: cannot reach http://127\.0\.0\.1:\d+/\S+: connection refused",
    says="says: connection refused",
)  # fmt: skip
def download_connection_refused(ws: Workspace):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ws.env["UNGA_VOTES_RELEASE_URL"] = f"http://127.0.0.1:{port}"
    return ["download", "--timeout", "1"]


@case(
    2, "UNGA_VOTES_RELEASE_URL=ftp://127.0.0.1/releases", 2,
    r"^unga download: release URL ftp://127\.0\.0\.1/releases refused: unsupported scheme ftp:",
    says="usage error in one line",
)  # fmt: skip
def download_ftp_url(ws: Workspace):
    ws.env["UNGA_VOTES_RELEASE_URL"] = "ftp://127.0.0.1/releases"
    return ["download"]


@case(
    2, "UNGA_VOTES_RELEASE_URL=file:///…/outside", 2,
    r"^unga download: release URL file:///\S+ refused: unsupported scheme file:",
    says="usage error in one line",
)  # fmt: skip
def download_file_url(ws: Workspace):
    ws.env["UNGA_VOTES_RELEASE_URL"] = f"file://{ws.outside}"
    return ["download"]


@case(
    2, "UNGA_VOTES_RELEASE_URL=http://example.org (plain http to another host)", 2,
    r"^unga download: release URL http://example\.org refused: plain http is only used to this",
    says="usage error, no connection made",
)  # fmt: skip
def download_plain_http_elsewhere(ws: Workspace):
    ws.env["UNGA_VOTES_RELEASE_URL"] = "http://example.org"
    return ["download"]


@case(
    10, "`unga download --version ../../outside/x`", 2,
    r"^unga download: --version '\.\./\.\./outside/x' is not a release tag",
    says="usage error in one line",
)  # fmt: skip
def download_version_is_a_path(ws: Workspace):
    host(ws)
    return ["download", "--version", "../../outside/x"]


@case(
    10, "`unga download --dir outside/secret.txt` (a file)", 1,
    r"^unga download: cannot use \S+/outside/secret\.txt/releases/\w+: Not a directory; use --dir",
    says="one line; the file untouched",
)  # fmt: skip
def download_dir_is_a_file(ws: Workspace):
    host(ws)
    return ["download", "--dir", ws.outside / "secret.txt"]


@case(
    10, "the cache's pointer `latest.json` holds `[]`; `unga query`", 1,
    r"^unga query: no latest release in the cache: run `unga download` first$",
    says="one line, no traceback",
)  # fmt: skip
def query_with_a_damaged_cache_pointer(ws: Workspace):
    (ws.cache / "unga-votes").mkdir(parents=True)
    (ws.cache / "unga-votes" / "latest.json").write_text("[]")
    return ["query", "SELECT 1"]


@case(
    10, "the cache's pointer names `../../../outside`; `unga download`", 0,
    rf"^unga download: latest: {LAST - 1} files verified in \S+/cache/unga-votes/releases/\w+$",
    may_change=CACHE, says="the pointer ignored and rewritten; the release verified",
)  # fmt: skip
def download_over_a_hostile_cache_pointer(ws: Workspace):
    (ws.cache / "unga-votes").mkdir(parents=True)
    (ws.cache / "unga-votes" / "latest.json").write_text('{"release": "../../../outside"}')
    host(ws)
    return ["download"]


@case(
    2, "the cache's pointer `latest.json` is a FIFO; `unga query --tables`, in a process", 1,
    r"^unga query: no latest release in the cache: run `unga download` first$",
    may_change=("cache/unga-votes/latest.json",), process=True, timeout=20,
    says="no hang: the FIFO is not read (regular files only), one line",
)  # fmt: skip
def query_over_a_fifo_cache_pointer(ws: Workspace):
    (ws.cache / "unga-votes").mkdir(parents=True)
    os.mkfifo(ws.cache / "unga-votes" / "latest.json")
    return ["query", "--tables"]


@case(
    2, "the cache's `releases/<id>/parquet` (the id is predictable) is a link to the sentinel "
    "folder outside", 1,
    r"^unga download: cannot use \S+/cache/unga-votes/releases/\w+/parquet: a link, and the "
    r"cache writes only into its own folders",
    may_change=CACHE, says="refused in one line; nothing written through the link",
)  # fmt: skip
def download_through_a_linked_cache_folder(ws: Workspace):
    release_id = hashlib.sha256((ws.fixture_dist / "SHA256SUMS").read_bytes()).hexdigest()[:16]
    folder = ws.cache / "unga-votes" / "releases" / release_id
    folder.mkdir(parents=True)
    (folder / "parquet").symlink_to(ws.outside, target_is_directory=True)
    host(ws)
    return ["download"]
