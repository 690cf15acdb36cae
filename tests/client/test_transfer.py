"""One request to an untrusted host: URLs and redirects checked, and an answer that is not
HTTP said to be so, once, rather than blamed on the network. (Size caps, stalls, retries and
redirect loops: tests/client/test_download.py, against a release server.)"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
import requests

from unga_votes.client.transfer import (
    Buffer,
    DownloadError,
    Limits,
    Transient,
    check_url,
    fetch,
    redirect_target,
)


def test_no_step_down_from_https() -> None:
    with pytest.raises(DownloadError, match="step down from https to plain http"):
        redirect_target("https://github.com/x", "http://127.0.0.1/x", "SHA256SUMS")
    assert redirect_target("https://github.com/a/b", "/c", "x") == "https://github.com/c"


def test_plain_http_to_this_machine_is_accepted() -> None:
    for url in ["http://127.0.0.1:8000", "http://127.1.2.3", "http://[::1]:80", "http://localhost"]:
        assert check_url(url) == url


HEADER_FLOOD = b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: y\r\n" % n for n in range(200)) + b"\r\n"
LONG_HEADER = b"HTTP/1.1 200 OK\r\nX: " + b"a" * 70_000 + b"\r\n\r\n"
NOT_HTTP = b"SSH-2.0-OpenSSH_9.6\r\n\x1b[31m::error::forged\r\n\r\n"


@pytest.fixture
def raw_server() -> Iterator[tuple[str, list[bytes]]]:
    """A socket on 127.0.0.1 answering every connection with the bytes put in its list."""
    listener = socket.create_server(("127.0.0.1", 0))
    answers: list[bytes] = []
    connections = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            connections.append(conn)
            conn.recv(65536)
            conn.sendall(answers[0])
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/SHA256SUMS", answers
    listener.close()
    assert connections, "the client never connected"


@pytest.mark.parametrize(
    ("answer", "cause"),
    [(HEADER_FLOOD, "got more than 100 headers"),
     (LONG_HEADER, "got more than 65536 bytes when reading header line"),
     (NOT_HTTP, "SSH-2.0-OpenSSH_9.6")],
    ids=["header-flood", "long-header-line", "not-http"],
)  # fmt: skip
def test_an_answer_that_is_not_http_says_so(
    raw_server: tuple[str, list[bytes]], answer: bytes, cause: str
) -> None:
    url, answers = raw_server
    answers.append(answer)
    with requests.Session() as session, pytest.raises(DownloadError) as refused:
        fetch(session, url, "SHA256SUMS", Buffer(), 1 << 20, Limits(stall=5, timeout=10), 0.01)
    message = str(refused.value)
    assert not isinstance(refused.value, Transient)  # not retried: the host answers, wrongly
    assert message.startswith(f"SHA256SUMS: {url}: the answer is not valid HTTP (")
    assert cause in message and "network" not in message
    assert "\n" not in message and "\x1b" not in message
