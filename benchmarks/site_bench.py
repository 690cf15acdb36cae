"""`make bench`, the site (issue 14): `unga site` on the full release, the site's size, and in
Debian's headless Chromium a roll-call page's readiness and each README query on the SQL page.

The site is served from 127.0.0.1 (an ephemeral port) by Python's http.server. A roll-call
page is ready when its vote map is drawn (every member coloured); each load uses a fresh
browser context, so nothing is cached. Each README query runs on the SQL page (DuckDB-WASM
over the Parquet files), timed from the click to the rendered result. Budgets are reported,
not asserted.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

SITE_BUDGET_S = 60.0
SIZE_BUDGET_MB = 150.0
PAGE_BUDGET_S = 1.0
SQL_BUDGET_S = 3.0
PAGE = "rc/4813.html"  # A/RES/62/167: 192 members
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@dataclass
class SiteBench:
    build_s: list[float] = field(default_factory=list)
    bytes: int = 0
    disk_bytes: int = 0  # as du counts it: whole blocks
    files: int = 0
    page_s: list[float] = field(default_factory=list)
    sql_ready_s: float = 0.0
    queries: list[tuple[str, float, str]] = field(default_factory=list)  # (first line, s, rows)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,  # noqa: RUF012
                      ".mjs": "text/javascript", ".wasm": "application/wasm"}  # fmt: skip

    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def build_site(unga: Path, db: Path, out: Path, runs: int, bench: SiteBench) -> None:
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([unga, "site", "--db", db, "--out", out], check=True, capture_output=True)
        bench.build_s.append(time.perf_counter() - start)
    sizes = [p.stat() for p in out.rglob("*") if p.is_file()]
    bench.files = len(sizes)
    bench.bytes = sum(s.st_size for s in sizes)
    bench.disk_bytes = sum(s.st_blocks * 512 for s in sizes)


def browse(site: Path, examples: list[str], loads: int, bench: SiteBench) -> None:
    from playwright.sync_api import sync_playwright

    with served(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for _ in range(loads):
            context = browser.new_context()
            page = context.new_page()
            start = time.perf_counter()
            page.goto(base + PAGE)
            page.wait_for_selector("#vote-map[data-coloured]", state="attached")
            bench.page_s.append(time.perf_counter() - start)
            assert page.get_attribute("#vote-map", "data-coloured") == "192"
            context.close()
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(120_000)
        start = time.perf_counter()
        page.goto(base + "sql.html")
        page.wait_for_selector("body[data-ready='1']", state="attached")
        bench.sql_ready_s = time.perf_counter() - start
        for n, sql in enumerate(examples, start=1):
            page.fill("#sql", sql)
            start = time.perf_counter()
            page.click("#run")
            page.wait_for_selector(f"body[data-queries='{n}']", state="attached")
            seconds = time.perf_counter() - start
            bench.queries.append((sql.strip().splitlines()[0], seconds,
                                  page.inner_text("#sql-count")))  # fmt: skip
        context.close()
        browser.close()


def measure(unga: Path, db: Path, work: Path, examples: list[str], runs: int) -> SiteBench:
    bench = SiteBench()
    out = work / "site"
    build_site(unga, db, out, runs, bench)
    browse(out, examples, max(runs, 3), bench)
    return bench


def verdict(ok: bool) -> str:
    return "pass" if ok else "FAIL"


def render(bench: SiteBench) -> str:
    build = statistics.median(bench.build_s)
    page = statistics.median(bench.page_s)
    worst = max((s for _, s, _ in bench.queries), default=0.0)
    mb, disk = bench.bytes / 1e6, bench.disk_bytes / 1e6
    lines = [
        "",
        "## The site (`unga site`)",
        "",
        f"`unga site` on the full release, median of {len(bench.build_s)} runs: "
        f"{build:.1f} s; {bench.files:,} files, {mb:.1f} MB ({disk:.1f} MB on disk, whole "
        f"blocks). In headless Chromium, from 127.0.0.1: `{PAGE}` ready (map drawn) in a "
        f"median {page:.2f} s over {len(bench.page_s)} cold loads; the SQL page ready (DuckDB-WASM "
        f"started, every table loaded) in {bench.sql_ready_s:.2f} s.",
        "",
        "| README query on the SQL page | s | result |",
        "|---|---:|---|",
        *[f"| `{sql}…` | {s:.2f} | {rows} |" for sql, s, rows in bench.queries],
        "",
        "| budget | measured | result |",
        "|---|---|---|",
        f"| `unga site` ≤ 60 s | {build:.1f} s | {verdict(build <= SITE_BUDGET_S)} |",
        f"| site ≤ 150 MB | {mb:.1f} MB | {verdict(mb <= SIZE_BUDGET_MB)} |",
        f"| roll-call page ready ≤ 1 s | {page:.2f} s | {verdict(page <= PAGE_BUDGET_S)} |",
        f"| every README query on the SQL page ≤ 3 s | slowest {worst:.2f} s | "
        f"{verdict(worst <= SQL_BUDGET_S)} |",
    ]
    return "\n".join(lines) + "\n"
