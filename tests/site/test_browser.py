"""The site in a real browser (Debian's headless Chromium), as a person sees it.

Every page is served from 127.0.0.1 and every visit fails if a request would leave it. The
site is the fixture package's, with a hostile title on A/RES/62/168 (conftest.py).
Screenshots are written to test-artifacts/site/.
"""

from __future__ import annotations

import re

import duckdb
import pytest


def test_roll_call_page_shows_every_vote_the_totals_and_the_map(visit) -> None:
    page = visit.open("rc/4813.html")
    assert page.inner_text("h1") == "A/RES/62/167"
    assert "101\u201322\u201359, 10 non-voting" in page.inner_text(".facts")  # en dashes
    declared = page.locator("table.totals tbody tr td:nth-child(2)").all_inner_texts()
    assert declared == ["101", "22", "59", "10"]
    rows = page.locator("#roll tbody tr")
    assert rows.count() == 192
    south_africa = rows.filter(has_text="South Africa")
    assert south_africa.count() == 1
    assert south_africa.locator("td").last.inner_text() == "Abstain"
    assert south_africa.locator("td").nth(1).inner_text() == "Africa"  # added by the script
    # The map: every member coloured by its vote.
    page.wait_for_selector("#vote-map[data-coloured]")
    assert page.get_attribute("#vote-map", "data-coloured") == "192"
    coloured = {v: page.locator(f"#vote-map svg .v{v}[data-state]").count() for v in "YNAX"}
    assert coloured == {"Y": 101, "N": 22, "A": 59, "X": 10}
    assert page.locator("#vote-map svg path.nonmember").count() > 0  # non-members greyed
    assert page.locator("#vote-map svg circle.vY[data-state=AND]").count() == 1  # a dot
    visit.screenshot("roll-call-4813")
    # Filters and sorting.
    page.select_option(".filters select >> nth=0", "N")
    assert page.locator("#roll tbody tr:visible").count() == 22
    page.select_option(".filters select >> nth=1", "Europe")
    shown = page.locator("#roll tbody tr:visible td:first-child").all_inner_texts()
    assert shown == ["Belarus", "Russian Federation"]
    page.select_option(".filters select >> nth=0", "")
    page.select_option(".filters select >> nth=1", "")
    page.click("#roll thead th:nth-child(3) button")  # vote, ascending: Abstain first
    assert page.locator("#roll tbody tr td:last-child").first.inner_text() == "Abstain"


def test_hostile_title_shows_as_text(visit, hostile: str) -> None:
    page = visit.open("rc/4814.html")
    assert page.inner_text(".lead") == hostile
    assert page.inner_text("title") == "A/RES/62/168 · unga-votes"
    assert page.locator("img").count() == 0
    assert page.evaluate("window.pwned") is None
    page = visit.open("index.html")
    page.fill("#q", "pwned")
    page.wait_for_selector("#search-results li")
    assert hostile[:40] in page.inner_text("#search-results")
    assert page.locator("img").count() == 0
    assert page.evaluate("window.pwned") is None


def test_state_page_charts_have_data(visit) -> None:
    page = visit.open("state/USA.html")
    for chart in ("shares-USA", "agreement-USA"):
        svg = page.locator(f"svg#{chart}")
        assert svg.get_attribute("role") == "img"
        assert "United States" in svg.get_attribute("aria-label")
        box = svg.bounding_box()
        assert box is not None and box["width"] > 400 and box["height"] > 100
    # Each series is a group of drawn paths (matplotlib's gid); shares are stacked areas.
    for series in ("shares-USA-yes", "shares-USA-no", "agreement-USA-RUS", "agreement-USA-CHN"):
        assert page.locator(f"[id='{series}'] path").count() >= 1, series
    assert page.locator("details.chart-data table tbody tr").count() > 2
    assert page.locator("#against ~ table tbody tr").count() >= 1
    visit.screenshot("state-USA")


def test_search_finds_a_resolution_adopted_without_a_vote(visit) -> None:
    page = visit.open("index.html")
    page.fill("#q", "A/RES/74/166")
    first = page.locator("#search-results li a").first
    first.wait_for()
    assert first.inner_text() == "A/RES/74/166"
    visit.screenshot("search")
    first.click()
    page.wait_for_url("**/res/A_RES_74_166.html")
    assert "Adopted without a vote" in page.inner_text("main")


def test_sql_page_counts_the_votes_and_runs_a_readme_query(visit, built) -> None:
    con = duckdb.connect(str(built["dist"] / "unga-votes.duckdb"), read_only=True)
    (votes,) = con.execute("SELECT count(*) FROM votes").fetchone()
    con.close()
    page = visit.open("sql.html")
    page.wait_for_selector("body[data-ready]", timeout=60_000)
    assert page.get_attribute("body", "data-ready") == "1", page.inner_text("#sql-status")
    page.fill("#sql", "SELECT count(*) FROM votes")
    page.click("#run")
    page.wait_for_selector("body[data-queries='1']")
    assert page.locator("#sql-result td").all_inner_texts() == [str(votes)]
    visit.screenshot("sql")
    # README examples: the release's macros, recreated in the page from the database's
    # catalogue, give what DuckDB gives on the database (dates, integers, doubles, text).
    page.locator("button.example", has_text="The members on a date").click()
    page.wait_for_selector("body[data-queries='2']")
    assert page.locator("#sql-result td").all_inner_texts() == ["192"]
    button = page.locator("button.example", has_text="The same question over time")
    sql = button.get_attribute("data-sql")
    button.click()
    page.wait_for_selector("body[data-queries='3']")
    con = duckdb.connect(str(built["dist"] / "unga-votes.duckdb"), read_only=True)
    expected = [[str(v) for v in row] for row in con.execute(sql).fetchall()]
    con.close()
    assert expected, "the example finds nothing in the fixture release"
    shown = [r.locator("td").all_inner_texts() for r in page.locator("#sql-result tbody tr").all()]
    assert [[_number(v) for v in row] for row in shown] == [
        [_number(v) for v in row] for row in expected
    ]


def _number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


@pytest.mark.parametrize("path", ["rc/4813.html", "state/ZAF.html"])
def test_pages_without_javascript(visit_without_js, path: str) -> None:
    page = visit_without_js.open(path)
    if path.startswith("rc/"):
        rows = page.locator("#roll tbody tr")
        assert rows.count() == 192
        assert rows.filter(has_text="South Africa").locator("td").last.inner_text() == "Abstain"
        visit_without_js.screenshot("roll-call-4813-no-js")
    else:
        assert page.locator("svg#shares-ZAF [id='shares-ZAF-yes'] path").count() >= 1


def test_compare_two_states(visit) -> None:
    page = visit.open("compare.html#a=USA&b=ISR")
    page.wait_for_selector("#compare-sessions:not([hidden])")
    assert "United States" in page.inner_text("#compare-status")
    assert page.locator("#compare-sessions tbody tr").count() >= 1


def _years_to_x(page, chart: str):
    """The chart's x coordinate of a year, from its decade ticks' labels."""
    ticks = page.eval_on_selector_all(
        f"svg#{chart} text", "ts => ts.filter(t => /^(19|20)\\d0$/.test(t.textContent))"
        ".map(t => [Number(t.textContent), Number(t.getAttribute('x'))])",
    )  # fmt: skip
    (y0, x0), (y1, x1) = ticks[0], ticks[-1]
    return lambda year: x0 + (year - y0) * (x1 - x0) / (y1 - y0)


def _xs(page, selector: str) -> list[float]:
    paths = page.eval_on_selector_all(selector, "ps => ps.map(p => p.getAttribute('d'))")
    return [float(x) for d in paths for x in re.findall(r"[ML] ([-\d.]+) ", d)]


def test_south_africas_charts_break_where_it_cast_no_vote(visit) -> None:
    """South Africa cast no vote in the fixture's roll calls between 1971 and 2005 (it was
    suspended from 1974 to 1994; in session 41's roll call it is X): no step, no line and no
    point between 1974 and 1994, and the tables beside the charts say "no vote" there."""
    page = visit.open("state/ZAF.html")
    for chart, series in (("shares-ZAF", ["yes", "no", "abstain"]),
                          ("agreement-ZAF", ["USA", "RUS", "CHN", "IND"])):  # fmt: skip
        x = _years_to_x(page, chart)
        xs = [v for s in series for v in _xs(page, f"svg#{chart} [id='{chart}-{s}'] path")]
        dots = f"svg#{chart} [id$='-dots'] use"  # a point alone on its line
        xs += [float(v) for v in page.eval_on_selector_all(
            dots, "us => us.map(u => u.getAttribute('x'))")]  # fmt: skip
        assert [v for v in xs if x(1974) < v < x(1994)] == [], chart
        assert min(xs) < x(1974) and max(xs) > x(1994), chart  # drawn on both sides
    rows = page.locator("details.chart-data tbody tr")
    shares = rows.filter(has=page.locator("td:first-child", has_text=re.compile("^41$")))
    assert shares.first.locator("td").all_text_contents() == [
        "41", "1986-12-05", "no vote", "no vote", "no vote", "1"
    ]  # fmt: skip
    agreement = shares.last.locator("td").all_text_contents()
    assert agreement[0] == "41" and set(agreement[1:]) == {"no vote"}
    page.locator("details.chart-data summary").first.click()
    page.locator("details.chart-data summary").last.click()
    visit.screenshot("state-ZAF")
    # Comparing two states: a session between without a roll call both voted in has its row.
    page = visit.open("compare.html#a=ZAF&b=USA")
    page.wait_for_selector("#compare-sessions:not([hidden])")
    rows = page.locator("#compare-sessions tbody tr")
    sessions = [r.locator("td").first.inner_text() for r in rows.all()]
    assert sessions == ["1", "S-1", "3", "ES-1", "17", "26", "41", "59", "62", "66", "ES-10", "74"]
    assert rows.nth(6).locator("td").all_inner_texts() == ["41", "0", "", "no vote"]
    assert rows.nth(6).locator(".bar").count() == 0 and rows.nth(5).locator(".bar").count() == 1
