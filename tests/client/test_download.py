"""`unga download` and `unga query` against a real HTTP server on 127.0.0.1 serving a release
built by `unga build`, with the server's faults switched on one at a time."""

from __future__ import annotations

import errno
import hashlib
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import client_cli as cli

from unga_votes import connect
from unga_votes.client.download import DownloadError, _os_error, cached, download

TAG = "2026.11.0"


class ReleaseServer(ThreadingHTTPServer):
    """GitHub's release layout: /releases/latest/download/FILE and /releases/download/TAG/FILE."""

    def __init__(self, releases: dict[str, Path]) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.releases = releases  # tag -> release directory; "latest" is one of them
        self.requests: list[str] = []
        self.status: int | None = None  # answer every request with this status
        self.fail_first = 0  # answer the next N requests with 503
        self.mangle: dict[str, bytes] = {}  # asset name -> bytes served instead

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
    result = cli("download", "--version", "nope", cache=tmp_path, url="http://127.0.0.1:9")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("unga download: ")
