"""The site in a real browser, against what a link or a hostile value could make it do: every
page keeps to its Content-Security-Policy, and a link to the SQL page neither runs its query nor
makes the visitor's browser fetch from anywhere else (a server on 127.0.0.1 counts every
connection)."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from urllib.parse import quote

import pytest

# Every violation of the page's policy, as the browser reports it (before any page script).
WATCH = (
    "window.violations = [];"
    "document.addEventListener('securitypolicyviolation', (e) => "
    "window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));"
)


class _Count(socketserver.BaseRequestHandler):
    """Counts a connection, whatever comes over it (DuckDB-WASM may upgrade to https), and
    answers a plain HTTP request with a CSV any origin may read."""

    def handle(self) -> None:
        self.server.connections += 1  # type: ignore[attr-defined]
        self.request.settimeout(2)
        try:
            self.request.recv(65536)
            body = b"a\n1\n"
            self.request.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nAccess-Control-Allow-Origin: *\r\n"
                b"Content-Length: "
                + str(len(body)).encode()
                + b"\r\nConnection: close\r\n\r\n"
                + body
            )
        except OSError:
            pass


@pytest.fixture
def tracker() -> Iterator[socketserver.ThreadingTCPServer]:
    """A server on 127.0.0.1 standing for someone else's: it counts connections."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Count)
    server.connections = 0  # type: ignore[attr-defined]
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_no_page_breaks_its_policy(visit) -> None:
    """The policy is strict (no inline script, no <style>, nothing from elsewhere) and every
    page works within it: the map, search, comparing."""
    visit.context.add_init_script(WATCH)
    page = visit.open("rc/4813.html")
    page.wait_for_selector("#vote-map[data-coloured]")
    assert page.evaluate("window.violations") == []
    page = visit.open("index.html")
    page.fill("#q", "A/RES/74/166")
    page.press("#q", "Enter")  # the form's submission is the script's: no navigation
    page.wait_for_selector("#search-results li")
    assert page.url.endswith("/index.html") and page.evaluate("window.violations") == []
    for path in ("state/ZAF.html", "sessions.html", "session/62.html", "downloads.html"):
        page = visit.open(path)
        assert page.evaluate("window.violations") == [], path
    page = visit.open("compare.html#a=USA&b=ISR")
    page.wait_for_selector("#compare-sessions:not([hidden])")
    assert page.evaluate("window.violations") == []
    # The SQL page (WebAssembly, a worker, the import map): the next test, which runs queries.


def test_a_link_to_the_sql_page_runs_nothing_and_fetches_nothing(visit, tracker) -> None:
    """sql.html#sql=… with a query reading another address: shown, not run; and run by the
    visitor, refused by DuckDB (external access off and locked): no connection either way."""
    address = f"http://127.0.0.1:{tracker.server_address[1]}/track.csv"
    visit.context.route(address, lambda route: route.continue_())  # the visit's gate lets it by
    visit.context.add_init_script(WATCH)
    sql = f"SELECT * FROM read_csv('{address}')"
    page = visit.open("sql.html#sql=" + quote(sql))
    page.wait_for_selector("body[data-ready]", timeout=60_000)
    assert page.get_attribute("body", "data-ready") == "1", page.inner_text("#sql-status")
    assert page.input_value("#sql") == sql
    assert "press Run" in page.inner_text("#sql-count")
    assert page.get_attribute("body", "data-queries") is None  # nothing ran
    assert page.locator("#sql-result td").count() == 0
    page.click("#run")
    page.wait_for_selector("body[data-queries='1']")
    assert page.locator("#sql-result td").count() == 0
    assert page.locator("#sql-count.error").count() == 1
    for queries, sql in enumerate(
        ("SET enable_external_access = true", "SET lock_configuration = false"), start=2
    ):
        page.fill("#sql", sql)
        page.click("#run")
        page.wait_for_selector(f"body[data-queries='{queries}']")
        assert page.locator("#sql-count.error").count() == 1, sql
    page.fill("#sql", f"SELECT * FROM read_csv('{address}')")
    page.click("#run")
    page.wait_for_selector("body[data-queries='4']")
    page.fill("#sql", "SELECT count(*) FROM votes")  # the site's own data still answer
    page.click("#run")
    page.wait_for_selector("body[data-queries='5']")
    assert page.locator("#sql-result td").count() == 1
    assert tracker.connections == 0  # type: ignore[attr-defined]
    assert page.evaluate("window.violations") == []


def test_the_sql_page_runs_nothing_while_it_loads(visit, tracker) -> None:
    """Until its tables are in and external access is off and locked, the page runs no query:
    with the Parquet files held back (DuckDB already started), a query the visitor submits
    that reads another address runs neither then nor later, and makes no connection."""
    address = f"http://127.0.0.1:{tracker.server_address[1]}/early.csv"
    visit.context.route(address, lambda route: route.continue_())
    held: list = []
    hold = lambda route: held.append(route)  # noqa: E731 (unroute needs the same handler)
    visit.context.route("**/parquet/*.parquet", hold)  # tried before the gate
    page = visit.page
    page.goto(visit.base + "sql.html", wait_until="commit")
    for _ in range(600):  # the page asks for its tables once DuckDB has started
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the page never asked for its tables"
    page.fill("#sql", f"SELECT * FROM read_csv('{address}')")
    page.evaluate("document.getElementById('sql-form').requestSubmit()")  # Run is disabled
    page.click("button.example")
    page.wait_for_timeout(1000)
    assert page.get_attribute("body", "data-queries") is None
    visit.context.unroute("**/parquet/*.parquet", hold)
    for route in held:
        route.continue_()
    page.wait_for_selector("body[data-ready]", timeout=60_000)
    assert page.get_attribute("body", "data-ready") == "1", page.inner_text("#sql-status")
    assert page.get_attribute("body", "data-queries") is None  # nothing queued either
    assert tracker.connections == 0  # type: ignore[attr-defined]
