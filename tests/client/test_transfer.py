"""One request to an untrusted host: URLs and redirects checked, and an answer that is not
HTTP said to be so, once, rather than blamed on the network. (Size caps, stalls, retries and
redirect loops: tests/client/test_download.py, against a release server.)"""

from __future__ import annotations

import contextlib
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator

import pytest
import requests

from unga_votes.client.transfer import (
    Buffer,
    DownloadError,
    DownloadUsageError,
    Limits,
    Transient,
    _causes,
    _network_error,
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


NON_UTF8_LOCATION = (
    b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1/\xff\xfe\r\nContent-Length: 0\r\n\r\n"
)


def test_a_redirect_to_bytes_that_are_not_utf8_is_not_http(
    raw_server: tuple[str, list[bytes]],
) -> None:
    """requests decodes Location as UTF-8 and raises UnicodeDecodeError, whose `reason` is a
    string, not an exception to follow."""
    url, answers = raw_server
    answers.append(NON_UTF8_LOCATION)
    with requests.Session() as session, pytest.raises(DownloadError) as refused:
        fetch(session, url, "SHA256SUMS", Buffer(), 1 << 20, Limits(stall=5, timeout=10), 0.01)
    assert str(refused.value).startswith(f"SHA256SUMS: {url}: the answer is not valid HTTP (")
    assert "0xff" in str(refused.value) and not isinstance(refused.value, Transient)


def test_a_cause_whose_reason_is_no_exception_is_not_followed() -> None:
    """ssl.SSLError and UnicodeError carry `reason` as a string; anything else may too."""
    e = requests.exceptions.ConnectionError(OSError(5, "boom"))
    e.reason = "a string"  # type: ignore[attr-defined]
    e.__context__ = ValueError(7, None)
    causes = list(_causes(e))
    assert causes[0] is e and all(isinstance(c, BaseException) for c in causes)
    message = str(_network_error(e, "SHA256SUMS", "https://h.example/x", Limits()))
    assert message == "SHA256SUMS: cannot reach https://h.example/x: boom; check the network"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 (openssl; the lock has no `cryptography`)."""
    if shutil.which("openssl") is None:
        pytest.skip("no openssl to make a certificate (https:// to plain http is tested too)")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_server(certificate: tuple[str, str]) -> Iterator[str]:
    """An https server on 127.0.0.1 whose certificate no authority signed."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with contextlib.suppress(OSError), context.wrap_socket(conn, server_side=True) as s:
                s.recv(65536)  # the client hangs up during the handshake
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield f"https://127.0.0.1:{listener.getsockname()[1]}/SHA256SUMS"
    listener.close()


def test_a_certificate_no_one_signed_is_a_tls_failure(tls_server: str) -> None:
    with requests.Session() as session, pytest.raises(DownloadError) as refused:
        fetch(session, tls_server, "SHA256SUMS", Buffer(), 1 << 20, Limits(stall=5, timeout=10),
              0.01)  # fmt: skip
    message = str(refused.value)
    assert message.startswith("SHA256SUMS: TLS with 127.0.0.1 failed (")
    assert "CERTIFICATE_VERIFY_FAILED" in message and "Max retries" not in message


def test_https_to_a_plain_http_port_is_a_tls_failure(
    raw_server: tuple[str, list[bytes]],
) -> None:
    url, answers = raw_server
    answers.append(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
    with requests.Session() as session, pytest.raises(DownloadError) as refused:
        fetch(session, url.replace("http:", "https:"), "SHA256SUMS", Buffer(), 1 << 20,
              Limits(stall=5, timeout=10), 0.01)  # fmt: skip
    assert str(refused.value).startswith("SHA256SUMS: TLS with 127.0.0.1 failed ([SSL")


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://a..b.com", "the host name has an empty label"),
        ("https://.example.org", "the host name has an empty label"),
        (f"https://{'a' * 64}.com", "a label of the host name is longer than 63 characters"),
        (f"https://{'abc.' * 63}com", "the host name is longer than 253 characters"),
        ("https://a!b.com/r", "the host name's label 'a!b' is not letters, digits and inner"),
        ("https://-a.example/r", "the host name's label '-a' is not letters"),
        (f"https://{'ü' * 70}.example", "the host name is not IDNA"),
    ],
)
def test_a_host_that_names_no_host_is_refused_before_any_connection(
    url: str, problem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    with pytest.raises(DownloadUsageError) as refused:
        check_url(url)
    assert refused.value.exit_code == 2
    assert f"refused: it is not a URL ({problem}" in str(refused.value)
    with pytest.raises(DownloadError, match=r"not followed: it is not a URL") as redirected:
        redirect_target("https://github.com/x", url, "SHA256SUMS")
    assert redirected.value.exit_code == 1  # the host's answer, not the user's input


def test_host_names_that_are_fine() -> None:
    fine = [
        *("https://github.com.", "https://xn--bcher-kva.example", "https://bücher.example"),
        *(f"https://{'a' * 63}.com", "https://[2001:db8::1]/r", "https://a-b_c.example"),
    ]
    for url in fine:
        assert check_url(url) == url
