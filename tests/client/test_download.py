"""`unga download` and `unga query` against a real HTTP server on 127.0.0.1 serving a release
built by `unga build`, with the server's faults switched on one at a time."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import RELEASE_FILES, unga
from helpers import client_cli as cli

from unga_votes import connect
from unga_votes.client.cache import cached
from unga_votes.client.download import _os_error, download
from unga_votes.client.sums import parse_sums
from unga_votes.client.transfer import DownloadError, DownloadUsageError

VERSION = "2026.11.0"
TAG = f"v{VERSION}"  # as the release workflow publishes it


class ReleaseServer(ThreadingHTTPServer):
    """GitHub's release layout: /releases/latest/download/FILE and /releases/download/TAG/FILE."""

    def __init__(self, releases: dict[str, Path]) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.releases = releases  # tag -> release directory; "latest" is one of them
        self.requests: list[str] = []
        self.status: int | None = None  # answer every request with this status
        self.fail_first = 0  # answer the next N requests with 503
        self.mangle: dict[str, bytes] = {}  # asset name -> bytes served instead
        self.override: dict[str, Callable[[Handler], None]] = {}  # asset name -> hostile answer

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: ReleaseServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        srv = self.server
        srv.requests.append(self.path)
        if srv.status or srv.fail_first:
            srv.fail_first = max(0, srv.fail_first - 1)
            return self.send_error(srv.status or 503)
        parts = self.path.strip("/").split("/")
        if parts[:3] == ["releases", "latest", "download"] and len(parts) == 4:
            tag, asset = "latest", parts[3]
        elif parts[:2] == ["releases", "download"] and len(parts) == 4:
            tag, asset = parts[2], parts[3]
        else:
            return self.send_error(404)
        if tag == "latest" and asset in srv.override:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                srv.override[asset](self)
            return
        folder = srv.releases.get(tag)
        found = [p for p in folder.rglob(asset) if p.is_file()] if folder else []
        if not found:
            return self.send_error(404)
        data = srv.mangle.get(asset, found[0].read_bytes())
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def release(fixture_dist: Path) -> Path:
    """A release of the fixture package, built by `unga build`."""
    return fixture_dist


@pytest.fixture
def server(release: Path, tmp_path: Path) -> Iterator[ReleaseServer]:
    # A second, different release: same data, other notes, so other SHA256SUMS.
    newer = tmp_path / "newer"
    shutil.copytree(release, newer)
    (newer / "RELEASE_NOTES.md").write_text("# a newer release\n")
    lines = (newer / "SHA256SUMS").read_text().splitlines()
    notes_hash = hashlib.sha256(b"# a newer release\n").hexdigest()
    lines = [f"{notes_hash}  RELEASE_NOTES.md" if ln.endswith("RELEASE_NOTES.md") else ln
             for ln in lines]  # fmt: skip
    (newer / "SHA256SUMS").write_text("\n".join(lines) + "\n")
    srv = ReleaseServer({"latest": release, TAG: release, "newer": newer})
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def fetch(srv: ReleaseServer, cache: Path, version: str = "latest"):
    return download(version, cache, base_url=srv.url, backoff=0.01)


def digest_tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_fresh_download_then_offline(server: ReleaseServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    got = fetch(server, cache)
    assert not got.from_cache and "unga-votes.duckdb" in got.files
    assert (got.directory / "parquet" / "votes.parquet").is_file()
    for path, digest in got.files.items():
        assert hashlib.sha256((got.directory / path).read_bytes()).hexdigest() == digest
    requests_before = len(server.requests)
    again = fetch(server, cache)  # nothing to fetch but the sums: every file verifies
    assert len(server.requests) == requests_before + 1 and again.directory == got.directory
    server.shutdown()
    server.server_close()
    offline = fetch(server, cache)
    assert offline.from_cache and offline.directory == got.directory
    con = connect(version="latest", directory=cache)
    row = con.sql("SELECT vote FROM votes WHERE roll_call = 4813 AND state = 'ZAF'").fetchall()
    assert row == [("A",)]


def test_tagged_release(server: ReleaseServer, tmp_path: Path) -> None:
    got = fetch(server, tmp_path / "cache", TAG)
    assert any(p.startswith(f"/releases/download/{TAG}/") for p in server.requests)
    assert cached(TAG, tmp_path / "cache") == got.__class__(TAG, got.directory, got.files, True)


def test_a_version_is_fetched_by_its_tag(server: ReleaseServer, tmp_path: Path) -> None:
    """--version 2026.11.0 asks for the release the workflow tagged v2026.11.0 (nothing is
    published under the bare version), and finds it in the cache by either name."""
    got = fetch(server, tmp_path / "cache", VERSION)
    assert got.directory.is_dir() and server.requests
    assert all(p.startswith(f"/releases/download/{TAG}/") for p in server.requests)
    assert cached(TAG, tmp_path / "cache").directory == got.directory
    assert cached(VERSION, tmp_path / "cache").directory == got.directory


@pytest.mark.parametrize("damage", ["truncated", "corrupted", "wrong hash"])
def test_bad_file_is_rejected_and_the_last_good_copy_kept(
    server: ReleaseServer, tmp_path: Path, damage: str
) -> None:
    cache = tmp_path / "cache"
    good = fetch(server, cache)
    before = digest_tree(good.directory)
    server.releases["latest"] = server.releases["newer"]
    notes = (server.releases["newer"] / "RELEASE_NOTES.md").read_bytes()
    if damage == "truncated":
        server.mangle["RELEASE_NOTES.md"] = notes[:5]
    elif damage == "corrupted":
        server.mangle["RELEASE_NOTES.md"] = notes.replace(b"newer", b"NEWER")
    else:
        sums = (server.releases["newer"] / "SHA256SUMS").read_text()
        server.mangle["SHA256SUMS"] = sums.replace(
            hashlib.sha256(notes).hexdigest(), "0" * 64
        ).encode()
    with pytest.raises(DownloadError, match="does not match its SHA256SUMS entry"):
        fetch(server, cache)
    kept = cached("latest", cache)
    assert kept is not None and kept.directory == good.directory
    assert digest_tree(good.directory) == before
    # nothing unverified entered the cache
    for folder in (cache / "releases").iterdir():
        for path in folder.rglob("*"):
            if path.is_file() and path.name != "SHA256SUMS" and folder != good.directory:
                sums = (server.releases["newer"] / "SHA256SUMS").read_text()
                assert hashlib.sha256(path.read_bytes()).hexdigest() in sums


def test_unknown_tag_is_a_404_without_retries(server: ReleaseServer, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match=r"HTTP 404.*check the release tag"):
        fetch(server, tmp_path / "cache", "v1999.1.1")
    assert len(server.requests) == 1


def test_server_errors_are_retried_a_bounded_number_of_times(
    server: ReleaseServer, tmp_path: Path
) -> None:
    server.status = 503
    with pytest.raises(DownloadError, match=r"HTTP 503.*try again later"):
        fetch(server, tmp_path / "cache")
    assert len(server.requests) == 4  # the first attempt and three retries
    server.status = None
    server.fail_first = 2
    assert not fetch(server, tmp_path / "cache").from_cache


def test_no_network_and_no_cache(tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match=r"cannot reach .*check the network"):
        download("latest", tmp_path / "cache", base_url="http://127.0.0.1:9", backoff=0.01)


def test_read_only_cache_directory(server: ReleaseServer) -> None:
    with pytest.raises(DownloadError, match=r"read-only.*--dir"):
        fetch(server, Path("/sys/kernel/unga-votes-cache"))


def test_full_disk_message() -> None:
    e = _os_error(OSError(errno.ENOSPC, "No space left on device", "/cache/x"))
    assert str(e) == "no space left in /cache/x; free some space or use --dir elsewhere"


def test_download_and_query_commands(server: ReleaseServer, tmp_path: Path) -> None:
    result = cli("download", cache=tmp_path, url=server.url)
    assert result.returncode == 0, result.stderr
    assert "files verified" in result.stdout
    sql = (
        "SELECT state, vote FROM votes_named WHERE resolution = 'A/RES/62/167' "
        "AND state IN ('PRK', 'USA', 'ZAF') ORDER BY state"
    )
    result = cli("query", sql, "--format", "csv", cache=tmp_path, url=server.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "state,vote\nPRK,N\nUSA,Y\nZAF,A\n"
    result = cli("query", "--tables", "--format", "json", cache=tmp_path, url=server.url)
    assert '"name": "votes_named"' in result.stdout and '"kind": "view"' in result.stdout
    result = cli("query", "DELETE FROM votes", cache=tmp_path, url=server.url)
    assert result.returncode == 2 and "read-only" in result.stderr
    assert "Traceback" not in result.stderr


def test_download_command_error_is_one_line(tmp_path: Path) -> None:
    # --timeout 1 leaves no time for the retries (after 1, 2 and 4 s), which end in the same
    # error: test_no_network_and_no_cache takes them, with a short backoff.
    args = ("download", "--version", "nope", "--timeout", "1")
    result = cli(*args, cache=tmp_path, url="http://127.0.0.1:9")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("unga download: ")
    assert "cannot reach http://127.0.0.1:9/" in result.stderr


# --- A hostile release host -----------------------------------------------------------------

SUMS = "SHA256SUMS"
H = "0" * 64
LAST = len(RELEASE_FILES)  # the line number of a line added to SHA256SUMS


def sums_with(release: Path, line: str) -> bytes:
    """The release's SHA256SUMS with one more line."""
    return ((release / SUMS).read_text() + line + "\n").encode()


def answer(data: bytes, status: int = 200, headers: dict[str, str] | None = None):
    def handle(h: Handler) -> None:
        h.send_response(status)
        for k, v in (headers or {"Content-Length": str(len(data))}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)

    return handle


def redirect(location: str):
    return answer(b"", 302, {"Location": location, "Content-Length": "0"})


def endless(h: Handler) -> None:
    h.send_response(200)
    h.end_headers()  # no length: the body ends when the connection does, here never
    block = b"x" * 65536
    for _ in range(100_000):
        h.wfile.write(block)


def dripping(h: Handler) -> None:
    h.send_response(200)
    h.end_headers()
    for _ in range(600):  # a byte every 50 ms: never a stall, never an end
        h.wfile.write(b"x")
        h.wfile.flush()
        time.sleep(0.05)


def stalled(h: Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Length", "1000")
    h.end_headers()
    h.wfile.write(b"x" * 10)
    h.wfile.flush()
    time.sleep(5)


def dripping_headers(h: Handler) -> None:
    h.wfile.write(b"HTTP/1.1 200 OK\r\n")
    for _ in range(600):  # one header byte every 50 ms: http.client waits for the line
        h.wfile.write(b"X")
        h.wfile.flush()
        time.sleep(0.05)


def fetch_limited(srv: ReleaseServer, cache: Path, **limits):
    return download("latest", cache, base_url=srv.url, backoff=0.01, **limits)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (f"{H}  /etc/passwd", rf"line {LAST} names '/etc/passwd': an absolute path"),
        (f"{H} *../../x", rf"line {LAST} names '\.\./\.\./x': a path through '\.\.'"),
        (f"{H}  parquet/../../x.parquet", r"a path through '\.\.'"),
        (f"{H}  ..\\..\\x", r"a backslash"),
        (f"{H}  C:/x", r"an absolute path"),
        (
            f"{H}  notes\x1b]8;;https://e\x07.md",
            r"names 'notes\\x1b\]8;;https://e\\x07\.md': a control",
        ),
        (f"{H}  RELEASE_NOTES.md\u202e", r"a control or invisible character"),
        (f"{H}  install.sh", r"names 'install\.sh': not a file of a release"),
        (f"{H}  parquet/.parquet", r"not a file of a release"),
        (f"{H}  RELEASE_NOTES.md", rf"lists RELEASE_NOTES\.md twice \(lines 1 and {LAST}\)"),
        (f"{H} *RELEASE_NOTES.md", r"lists RELEASE_NOTES\.md twice"),
        (f"{H}  *RELEASE_NOTES.md", r"names '\*RELEASE_NOTES\.md': not a file of a release"),
        (f"{H[:-1]}  x", rf"line {LAST} is not '<sha256>  <file>'"),
        (f"{H}\tRELEASE_NOTES.md", rf"line {LAST} is not"),
        (f"{H}  RELEASE_NOTES.md\r", r"control or invisible"),
        ("", rf"line {LAST} is not"),
    ],
)
def test_sums_naming_anything_but_release_files_is_refused(
    release: Path, line: str, message: str
) -> None:
    with pytest.raises(DownloadError, match=message) as refused:
        parse_sums(sums_with(release, line))
    assert "\n" not in str(refused.value) and not any(c in str(refused.value) for c in "\x1b\x07")


@pytest.mark.parametrize(
    "name", ["  /tmp/unga-escape", " *../../../unga-escape", "  ../unga-escape", "  ..\\x"]
)
def test_a_hostile_sums_writes_nothing_anywhere(
    server: ReleaseServer, release: Path, tmp_path: Path, name: str
) -> None:
    cache = tmp_path / "cache"
    good = fetch(server, cache)
    before = digest_tree(tmp_path)
    digest = hashlib.sha256(b"pwned\n").hexdigest()
    server.mangle[SUMS] = sums_with(release, digest + name)
    server.override["unga-escape"] = answer(b"pwned\n")
    with pytest.raises(DownloadError, match="the release is refused, nothing downloaded"):
        fetch(server, cache)
    assert digest_tree(tmp_path) == before
    assert not Path("/tmp/unga-escape").exists()
    assert not any("unga-escape" in p for p in server.requests)
    assert cached("latest", cache) == good.__class__("latest", good.directory, good.files, True)


def test_a_refused_release_leaves_no_cache_folder(
    server: ReleaseServer, release: Path, tmp_path: Path
) -> None:
    server.mangle[SUMS] = sums_with(release, f"{H}  /etc/passwd")
    with pytest.raises(DownloadError, match="an absolute path"):
        fetch(server, tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_an_endless_file_is_cut_at_the_size_cap(server: ReleaseServer, tmp_path: Path) -> None:
    server.override["RELEASE_NOTES.md"] = endless
    started = time.monotonic()
    with pytest.raises(DownloadError, match=r"RELEASE_NOTES\.md: larger than 1,048,576 bytes"):
        fetch_limited(server, tmp_path / "cache", max_bytes=1 << 20)
    assert time.monotonic() - started < 10
    assert cached("latest", tmp_path / "cache") is None
    assert list((tmp_path / "cache").glob(".partial-*")) == []  # the partial file is gone


def test_a_declared_length_over_the_cap_is_refused_unread(
    server: ReleaseServer, tmp_path: Path
) -> None:
    server.override["unga-votes.duckdb"] = answer(b"", headers={"Content-Length": str(1 << 40)})
    with pytest.raises(DownloadError, match=r"unga-votes\.duckdb: larger than"):
        fetch(server, tmp_path / "cache")


def test_an_endless_sums_is_cut_at_its_own_cap(server: ReleaseServer, tmp_path: Path) -> None:
    server.override[SUMS] = endless
    with pytest.raises(DownloadError, match=r"SHA256SUMS: larger than 65,536 bytes"):
        fetch(server, tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize(
    ("handler", "message"),
    [
        (stalled, r"unga-votes\.duckdb: no data for 0\.3 s from http://127\.0\.0\.1:\d+/"),
        (dripping, r"unga-votes\.duckdb: not complete after 1\.5 s from"),
        (dripping_headers, r"unga-votes\.duckdb: not complete after 1\.5 s from"),
    ],
    ids=["stalled", "dripping", "dripping-headers"],
)
def test_a_stalled_or_dripping_answer_ends(
    server: ReleaseServer, tmp_path: Path, handler, message: str
) -> None:
    server.override["unga-votes.duckdb"] = handler
    started = time.monotonic()
    with pytest.raises(DownloadError, match=message):
        fetch_limited(server, tmp_path / "cache", stall_timeout=0.3, timeout=1.5)
    assert time.monotonic() - started < 1.5 + 0.3 + 1.5  # the file's time, one stall, slack


def test_redirects_are_followed_like_github_s(server: ReleaseServer, tmp_path: Path) -> None:
    """latest -> the tag -> the storage host, as github.com answers."""
    tagged = f"{server.url}/releases/download/{TAG}"
    for asset in ["SHA256SUMS", "unga-votes.duckdb", "votes.parquet"]:
        server.override[asset] = redirect(f"{tagged}/{asset}")
    got = fetch(server, tmp_path / "cache")
    assert (got.directory / "parquet" / "votes.parquet").is_file()
    assert f"/releases/download/{TAG}/unga-votes.duckdb" in server.requests


def test_a_redirect_loop_ends(server: ReleaseServer, tmp_path: Path) -> None:
    server.override[SUMS] = redirect("/releases/latest/download/SHA256SUMS")
    with pytest.raises(DownloadError, match=r"more than 5 redirects .*a redirect loop"):
        fetch(server, tmp_path / "cache")
    assert len(server.requests) == 6


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("file:///etc/passwd", r"redirects to file:///etc/passwd, not followed: unsupported sc"),
        ("ftp://127.0.0.1/x", r"not followed: unsupported scheme ftp:"),
        ("javascript:alert(1)", r"not followed: unsupported scheme javascript:"),
        ("http://example.org/x", r"not followed: plain http is only used to this machine"),
        ("http://[::1", r"not valid HTTP \(Invalid IPv6 URL\)"),
    ],
)
def test_a_redirect_away_from_http_is_refused(
    server: ReleaseServer, tmp_path: Path, location: str, message: str
) -> None:
    server.override["unga-votes.duckdb"] = redirect(location)
    with pytest.raises(DownloadError, match=message) as refused:
        fetch(server, tmp_path / "cache")
    assert refused.value.exit_code == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://127.0.0.1/r", r"unsupported scheme ftp:, only https:// is"),
        ("file:///etc", r"unsupported scheme file:"),
        ("javascript:alert(1)", r"unsupported scheme javascript:"),
        ("127.0.0.1:8000", r"unsupported scheme \(none\)"),
        ("github.com/unga-votes", r"unsupported scheme \(none\)"),
        ("http://example.org", r"plain http is only used to this machine"),
        ("https://", r"it names no host"),
        ("https://github.com:99999", r"it is not a URL"),
        ("https://git hub.com", r"spaces or control characters"),
        ("https://github.com/\x1b[31m", r"spaces or control characters"),
        ("https://github.com/x?y=1", r"a query or a fragment"),
    ],
)
def test_release_urls_other_than_https_are_refused(tmp_path: Path, url: str, message: str) -> None:
    with pytest.raises(DownloadUsageError, match=message) as refused:
        download("latest", tmp_path / "cache", base_url=url)
    assert refused.value.exit_code == 2 and "\x1b" not in str(refused.value)
    assert not (tmp_path / "cache").exists()


def test_connection_refused_and_dns_failure_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(DownloadError, match=r"cannot reach .*: connection refused; check"):
        download("latest", tmp_path / "cache", base_url="http://127.0.0.1:9", backoff=0.01)

    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(DownloadError, match=r"cannot reach releases\.example: host name not found"):
        download("latest", tmp_path / "cache", base_url="https://releases.example", backoff=0.01)


@pytest.mark.parametrize("version", ["../x", "a/b", "", "-rf", "v1 2", "x\x1b"])
def test_a_version_that_is_no_tag_is_refused(tmp_path: Path, version: str) -> None:
    with pytest.raises(DownloadUsageError, match="is not a release tag"):
        download(version, tmp_path, base_url="http://127.0.0.1:9")
    with pytest.raises(DownloadUsageError):
        cached(version, tmp_path)


def test_the_cache_answers_with_the_reason_when_the_host_misbehaves(
    server: ReleaseServer, tmp_path: Path
) -> None:
    good = fetch(server, tmp_path / "cache")
    server.override[SUMS] = redirect("file:///etc/passwd")
    again = fetch(server, tmp_path / "cache")
    assert again.from_cache and again.directory == good.directory
    assert "redirects to file:///etc/passwd" in again.note


@pytest.mark.parametrize(
    "pointer",
    ["[]", "not json", '{"release": "../../outside"}', '{"release": 7}', "\xff", '"x"', "{}"],
)
def test_a_damaged_pointer_is_no_release(
    server: ReleaseServer, tmp_path: Path, pointer: str
) -> None:
    cache = tmp_path / "cache"
    fetch(server, cache)
    (cache / "latest.json").write_text(pointer, encoding="latin-1")
    assert cached("latest", cache) is None
    assert not fetch(server, cache).from_cache  # the next download rewrites it
    assert cached("latest", cache) is not None


def test_a_cache_whose_sums_changed_or_lost_a_file_is_no_release(
    server: ReleaseServer, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    got = fetch(server, cache)
    sums = got.directory / SUMS
    original = sums.read_bytes()
    sums.write_bytes(original.replace(b"  RELEASE_NOTES.md", b"  README.md"))
    assert cached("latest", cache) is None
    sums.write_bytes(original)
    (got.directory / "unga-votes.duckdb").unlink()
    (got.directory / "unga-votes.duckdb").symlink_to(tmp_path / "elsewhere.duckdb")
    assert cached("latest", cache) is None
    assert fetch(server, cache).directory == got.directory  # repaired: a file again
    assert not (got.directory / "unga-votes.duckdb").is_symlink()


def test_a_cache_directory_that_is_a_file(server: ReleaseServer, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(
        DownloadError, match=r"cannot use .*/file/releases/\w+: Not a directory; use --dir"
    ):
        fetch(server, tmp_path / "file")


def test_a_killed_download_leaves_the_last_release_usable(
    server: ReleaseServer, tmp_path: Path
) -> None:
    cache = tmp_path / "xdg" / "unga-votes"
    good = fetch(server, cache)
    before = digest_tree(good.directory)
    server.releases["latest"] = server.releases["newer"]
    server.override["unga-votes.duckdb"] = dripping
    env = os.environ | {
        "XDG_CACHE_HOME": str(tmp_path / "xdg"),
        "UNGA_VOTES_RELEASE_URL": server.url,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "unga_votes", "download"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(200):  # until it is writing the database
        if any(p.name == "unga-votes.duckdb" for p in cache.glob(".partial-*/*")):
            break
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    assert list(cache.glob(".partial-*/unga-votes.duckdb"))  # it was killed mid-file
    kept = cached("latest", cache)
    assert kept is not None and kept.directory == good.directory
    assert digest_tree(good.directory) == before
    result = cli("query", "SELECT count(*) FROM votes", "-f", "csv", cache=tmp_path / "xdg",
                 url=server.url)  # fmt: skip
    assert result.returncode == 0 and result.stdout.startswith("count_star()\n")
    del server.override["unga-votes.duckdb"]
    assert not fetch(server, cache).from_cache
    assert list(cache.glob(".partial-*")) == []  # the killed download's leftovers removed


def test_download_command_errors_are_one_line(server: ReleaseServer, tmp_path: Path) -> None:
    server.override[SUMS] = endless
    for args, url, code in [
        (["download"], "ftp://127.0.0.1/x", 2),
        (["download"], "file:///etc", 2),
        (["download", "--version", "../x"], server.url, 2),
        (["download", "--stall", "0"], server.url, 2),
        (["download", "--timeout", "inf"], server.url, 2),
        (["download", "--max-size", "-1"], server.url, 2),
        (["download", "--dir", "/dev/null"], server.url, 1),
        (["download"], server.url, 1),
    ]:
        result = cli(*args, cache=tmp_path, url=url)
        assert result.returncode == code, (args, url, result.stderr)
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("unga download: ")


def test_a_tls_failure_is_one_line_and_the_cache_answers(
    server: ReleaseServer, tmp_path: Path
) -> None:
    """https:// to the plain-http server: the handshake fails (ssl.SSLError, whose `reason` is a
    string)."""
    tls = server.url.replace("http:", "https:")
    good = fetch(server, tmp_path / "cache")
    again = download("latest", tmp_path / "cache", base_url=tls, backoff=0.01)
    assert again.from_cache and again.directory == good.directory
    assert again.note.startswith("SHA256SUMS: TLS with 127.0.0.1 failed (")
    result = cli("download", cache=tmp_path / "empty", url=tls)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("unga download: SHA256SUMS: TLS with 127.0.0.1 failed (")
    assert result.stderr.count("\n") == 1


# --- A hostile cache ------------------------------------------------------------------------


def in_time(call: Callable[[], object], seconds: float = 5.0) -> object:
    """`call()`, which must return within `seconds` (a FIFO would block it for ever)."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except Exception as e:  # raised again in the test's thread
            box["error"] = e

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]


def pointer_and_sums(cache: Path) -> dict[str, Path]:
    release = cached("latest", cache)
    assert release is not None
    return {"pointer": cache / "latest.json", "sums": release.directory / SUMS}


@pytest.mark.parametrize("what", ["pointer", "sums"])
@pytest.mark.parametrize("kind", ["fifo", "link-to-dev-zero", "link-to-a-good-copy", "folder"])
def test_a_cache_file_that_is_no_regular_file_is_no_release(
    server: ReleaseServer, tmp_path: Path, what: str, kind: str
) -> None:
    """Read only as a regular file, not through a link, without waiting on a FIFO, bounded."""
    cache = tmp_path / "cache"
    fetch(server, cache)
    path = pointer_and_sums(cache)[what]
    copy = tmp_path / "copy"
    shutil.copy(path, copy)  # what a link may point to: the very same bytes
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero" if kind == "link-to-dev-zero" else copy)
    assert in_time(lambda: cached("latest", cache)) is None
    server.shutdown()  # offline: the download falls back on the cache, which has nothing
    server.server_close()
    with pytest.raises(DownloadError, match="cannot reach"):
        in_time(lambda: download("latest", cache, base_url=server.url, backoff=0.01, timeout=1))


def test_query_over_a_fifo_pointer_says_there_is_no_release(tmp_path: Path) -> None:
    (tmp_path / "unga-votes").mkdir()
    os.mkfifo(tmp_path / "unga-votes" / "latest.json")
    result = unga("query", "--tables", env=os.environ | {"XDG_CACHE_HOME": str(tmp_path)},
                  timeout=30)  # fmt: skip
    assert result.returncode == 1
    assert (
        result.stderr == "unga query: no latest release in the cache: run `unga download` first\n"
    )


def tree(folder: Path) -> dict[str, str]:
    """Every file, folder and link under `folder`, with content."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out[rel] = f"link {os.readlink(p)}"
        elif p.is_dir():
            out[rel] = "dir"
        else:
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.mark.parametrize("linked", ["releases", "releases/ID", "releases/ID/parquet"])
def test_a_linked_cache_folder_is_never_followed(
    server: ReleaseServer, tmp_path: Path, linked: str
) -> None:
    """The release id is predictable: a link put at any folder of the cache would have the
    download write (and replace files) wherever it points, and `cached` read from there."""
    cache = tmp_path / "cache"
    good = fetch(server, cache)
    folder = cache / linked.replace("ID", good.directory.name)
    outside = tmp_path / "outside"
    outside.mkdir()
    folder.rename(outside / "moved")  # a complete, valid release, but behind a link
    folder.symlink_to(outside / "moved", target_is_directory=True)
    assert cached("latest", cache) is None
    votes = next((outside / "moved").rglob("votes.parquet"))
    votes.write_bytes(b"a file outside the cache\n")  # what a download would replace
    (outside / "moved" / "unga-votes.duckdb").unlink(missing_ok=True)
    before = tree(outside)
    with pytest.raises(DownloadError, match=rf"cannot use {folder}: a link, .*--dir") as refused:
        fetch(server, cache)
    assert refused.value.exit_code == 1
    assert tree(outside) == before and folder.is_symlink()
    assert cached("latest", cache) is None
    result = cli("download", "--dir", str(cache), cache=tmp_path, url=server.url)
    assert (result.returncode, result.stderr.count("\n")) == (1, 1)
    assert result.stderr.startswith("unga download: cannot use ") and tree(outside) == before
    folder.unlink()  # the user's way out: remove the link
    assert not fetch(server, cache).from_cache and cached("latest", cache) is not None
    assert tree(outside) == before


def test_a_stale_partial_folder_that_is_a_link_is_not_emptied(
    server: ReleaseServer, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("kept\n")
    cache.mkdir()
    (cache / ".partial-999999999-x").symlink_to(outside, target_is_directory=True)
    fetch(server, cache)  # removes what dead downloads left: not through a link
    assert tree(outside) == {"keep.txt": hashlib.sha256(b"kept\n").hexdigest()}
