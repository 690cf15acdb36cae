"""Fixtures of the site's tests: one small site, a tiny hand-made release for the unit tests,
a local server and Debian's Chromium.

The site is built once per test run (shared by the pytest-xdist workers through a lock file)
from a copy of the fixture package in which one resolution's title is hostile HTML, so every
browser test also checks that the pages show database values as text. Each worker starts one
browser, driven by Playwright (no browser download: `executable_path` is Debian's Chromium).
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from helpers import ROOT
from site_fixture import HOSTILE, hostile_package, tiny_release, unconstrained_release, unga_site

from unga_votes.site.data import Release, load

ARTIFACTS = ROOT / "test-artifacts" / "site"  # screenshots, kept for people to look at
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _shared_root(tmp_path_factory: pytest.TempPathFactory, config: pytest.Config) -> Path:
    base = tmp_path_factory.getbasetemp()
    worker = getattr(config, "workerinput", None)  # set in a pytest-xdist worker
    return base if worker is None else base.parent  # this run's, for every worker


@pytest.fixture(scope="session")
def built(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> dict[str, Path | str]:
    """The hostile fixture package's release and its site (built by `unga site`), and what
    the command printed."""
    root = _shared_root(tmp_path_factory, pytestconfig) / "site-fixture"
    root.mkdir(exist_ok=True)
    done = root / "done"
    with (root / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            from unga_votes.release.build import build

            descriptor = hostile_package(root / "package")
            build(descriptor, root / "dist")
            result = unga_site("--db", str(root / "dist" / "unga-votes.duckdb"),
                               "--out", str(root / "site"))  # fmt: skip
            assert result.returncode == 0, result.stderr
            done.write_text(result.stdout, encoding="utf-8")
    return {"dist": root / "dist", "site": root / "site", "stdout": done.read_text()}


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-made release of site_fixture.tiny_release (read-only)."""
    return tiny_release(tmp_path_factory.mktemp("tiny") / "tiny.duckdb")


@pytest.fixture
def tiny(tiny_db: Path) -> Iterator[Release]:
    """The tiny release as the site reads it, every state drawn on the map but the hostile
    one (so a roll call page lists it as off the map)."""
    release = load(tiny_db)
    release.drawn = set(release.states) - {"AAA"}
    yield release
    release.con.close()


@pytest.fixture(scope="session")
def unconstrained(tmp_path_factory: pytest.TempPathFactory, fixture_dist: Path) -> Path:
    """The fixture release without keys or constraints, the base of hostile releases (once per
    worker; copy it before changing it)."""
    folder = tmp_path_factory.mktemp("unconstrained")
    return unconstrained_release(fixture_dist / "unga-votes.duckdb", folder / "unga-votes.duckdb")


@pytest.fixture(scope="session")
def hostile() -> str:
    return HOSTILE


@pytest.fixture(scope="session")
def site(built) -> Path:
    return built["site"]  # type: ignore[return-value]


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
        ".json": "application/json",
    }  # fmt: skip

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The site served over HTTP on 127.0.0.1, an ephemeral port; its base address."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(site))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, one per worker. Missing Chromium fails: it is never
    skipped (`make test` installs Debian's package before pytest starts)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is missing ({CHROMIUM}): `make test` installs it (Debian's "
                    "chromium package; by hand: sudo apt-get install chromium)")  # fmt: skip
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


class Visit:
    """A browser context on the local site: every request that would leave the server is
    aborted and recorded, and fails the test."""

    def __init__(self, browser, base: str, javascript: bool = True) -> None:
        self.base = base
        self.offsite: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(
            java_script_enabled=javascript, service_workers="block",
            viewport={"width": 1200, "height": 900},
        )  # fmt: skip
        self.context.set_default_timeout(30_000)
        self.context.route("**/*", self._gate)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _gate(self, route) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.offsite.append(url)
            route.abort()

    def open(self, path: str):
        self.page.goto(self.base + path)
        return self.page

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, server: str) -> Iterator[Visit]:
    v = Visit(browser, server)
    yield v
    v.close()
    assert v.offsite == [], f"requests left 127.0.0.1: {v.offsite}"
    assert v.errors == [], f"errors in the page: {v.errors}"


@pytest.fixture
def visit_without_js(browser, server: str) -> Iterator[Visit]:
    v = Visit(browser, server, javascript=False)
    yield v
    v.close()
    assert v.offsite == [], f"requests left 127.0.0.1: {v.offsite}"
