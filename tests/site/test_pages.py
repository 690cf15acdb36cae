"""pages.py: the names, dates and links built from values, the templates' environment, and the
roll call and resolution pages, with hostile text from the database shown as text and no link
a value could turn into script."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import unquote

import jinja2
import pytest
from site_fixture import HOSTILE, SCRIPT_URL, assert_inert
from site_fixture import HOSTILE_SHOWN as SHOWN

from unga_votes.site import pages
from unga_votes.site.data import Release


def test_slugs_and_document_links() -> None:
    # One value, one name (site/names.py): "/" is "_", other characters "." and hex.
    assert pages.slug("A/RES/2758(XXVI)") == "A_RES_2758.28XXVI.29"
    assert pages.slug("../../etc") == ".2e.2e_.2e.2e_.65.74.63"
    assert pages.undocs("A/RES/2758(XXVI)") == "https://undocs.org/A/RES/2758(XXVI)"
    assert pages.slug(74) == "74" and pages.slug("ES-10") == "ES-10"
    assert re.fullmatch(r"[A-Z0-9_.a-f-]+", pages.slug(HOSTILE))
    # A symbol is a path on undocs.org: a scheme, a query or a quote cannot leave it.
    assert pages.undocs(SCRIPT_URL) == "https://undocs.org/javascript%3Aalert(1)"
    assert pages.undocs('A/1?x="y"#z') == "https://undocs.org/A/1%3Fx%3D%22y%22%23z"


def test_dates_to_the_day_or_the_month() -> None:
    assert pages.longdate(dt.date(2007, 12, 18)) == "18 December 2007"
    assert pages.longdate(dt.date(1946, 1, 1), "month") == "January 1946"


def test_sql_links_and_literals() -> None:
    sql = "SELECT * FROM votes WHERE roll_call = 4813"
    link = pages.sql_link("../", sql)
    assert link == "../sql.html#sql=SELECT+*+FROM+votes+WHERE+roll_call+=+4813"
    hostile = pages.sql_link("", "SELECT '#\"<b>' AS x")
    assert hostile == "sql.html#sql=SELECT+'%23%22%3Cb%3E'+AS+x"  # no second # nor quote
    assert unquote(hostile.split("#sql=")[1].replace("+", " ")) == "SELECT '#\"<b>' AS x"
    assert pages._literal(4813) == "4813"
    assert pages._literal("A/RES/1(I)") == "'A/RES/1(I)'"
    assert pages._literal("x' OR '1'='1") == "'x'' OR ''1''=''1'"  # one string, quotes doubled
    assert pages._literal(None) == "'None'"


def test_the_environment_escapes_and_refuses_undefined_names() -> None:
    env = pages.environment()
    page = env.from_string("{{ v }}|{{ v | slug }}|{{ 'Y' | vote }}|{{ 'Z' | vote }}")
    assert page.render(v="<b>") == "&lt;b&gt;|.3c.62.3e|Yes|Z"
    assert env.get_template("base.html").environment.autoescape("x.html")
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


def test_vote_rows_escape_names_and_slug_codes(tiny: Release) -> None:
    html = str(pages.roll_rows(tiny, tiny.roll_calls[1]))
    assert html.count("<tr>") == 3
    # Each vote under the state's name on the day (AAA bore an older one in 1946).
    assert f"<tr><td><a href=../state/AAA.html>Old {SHOWN}</a><td>Yes\n" in html
    assert "<tr><td><a href=../state/RUS.html>Russian Federation</a><td>No\n" in html
    assert (
        pages._row("../x y", "a&b", "Q")
        == "<tr><td><a href=../state/.2e.2e_.78.20.79.html>a&amp;b</a><td>Q\n"
    )
    assert_inert("<a href=x>" + html)


def test_writer_renders_into_nested_folders(tmp_path: Path) -> None:
    writer = pages.Writer(tmp_path, "<i>1.0</i>")
    writer.page("a/b/c.html", "states.html", states=[])
    writer.page("top.html", "states.html", states=[])
    nested = (tmp_path / "a" / "b" / "c.html").read_text(encoding="utf-8")
    assert 'href="../../assets/style.css"' in nested  # links relative to the page
    assert 'href="assets/style.css"' in (tmp_path / "top.html").read_text(encoding="utf-8")
    assert "unga-votes &lt;i&gt;1.0&lt;/i&gt;." in nested  # the version is text too
    assert writer.pages == 2


def test_roll_call_page_shows_hostile_values_as_text(tiny: Release, tmp_path: Path) -> None:
    writer = pages.Writer(tmp_path, "test")
    pages.roll_call_page(writer, tiny, tiny.roll_calls[1])
    html = (tmp_path / "rc" / "1.html").read_text(encoding="utf-8")
    assert_inert(html)
    assert html.count("<script") == 3  # the page's own three scripts, nothing more
    assert f'<p class="lead">{SHOWN}</p>' in html  # the resolution's title
    assert f"<dd>1 ({SHOWN})</dd>" in html  # the subject
    # The meeting is a link to undocs.org whatever its text.
    assert '<a href="https://undocs.org/javascript%3Aalert(1)">javascript:alert(1)</a>' in html
    # Off the map (the fixture draws every state but AAA), by name and vote.
    assert f"having no present-day borders:\nOld {SHOWN} (Yes)." in html
    # The SQL page's links quote the symbol as an SQL string (the attribute escapes the quote).
    assert "WHERE+resolution+=+&#39;A%2FRES%2F1(I)&#39;" in html
    assert '<tr><th scope="row">Yes</th><td>2</td><td>2</td></tr>' in html


def test_roll_call_page_without_a_resolution(tiny: Release, tmp_path: Path) -> None:
    writer = pages.Writer(tmp_path, "test")
    pages.roll_call_page(writer, tiny, tiny.roll_calls[2])
    html = (tmp_path / "rc" / "2.html").read_text(encoding="utf-8")
    assert "<h1>Roll call 2</h1>" in html and "<title>Roll call 2 · unga-votes</title>" in html
    assert f'<p class="lead">{"x" * 250}</p>' in html  # the description stands for the title
    assert "<dd>not recorded</dd>" in html and "Official document" not in html
    assert '<time datetime="1946-02">February 1946</time>' in html  # known to the month
    # Declared 1 non-voting, tallied 1; declared abstain 1, tallied 1; yes 1, tallied 1.
    assert 'class="differs"' not in html


def test_a_total_that_differs_is_marked(tiny: Release, tmp_path: Path) -> None:
    pages.roll_call_page(pages.Writer(tmp_path, "t"), tiny, tiny.roll_calls[3])
    html = (tmp_path / "rc" / "3.html").read_text(encoding="utf-8")
    assert '<tr class="differs"><th scope="row">Yes</th><td>2</td><td>1</td></tr>' in html
    assert "Not on the map" not in html  # every voter drawn


def test_resolution_page(tiny: Release, tmp_path: Path) -> None:
    writer = pages.Writer(tmp_path, "test")
    pages.resolution_page(writer, tiny.resolutions["A/RES/74/2"])
    html = (tmp_path / "res" / "A_RES_74_2.html").read_text(encoding="utf-8")
    assert_inert(html)
    assert html.count("<script") == 0
    assert f'<p class="lead">{SHOWN}</p>' in html
    assert "Adopted without a vote: there is no roll call" in html
    assert '<a href="https://undocs.org/A/RES/74/2">A/RES/74/2 on undocs.org</a>' in html
    assert "(known to the month)" in html


def test_resolution_url_is_its_roll_calls_page_or_its_own(tiny: Release) -> None:
    assert pages.resolution_url(tiny, "A/RES/1(I)") == "rc/1.html"
    assert pages.resolution_url(tiny, "A/RES/74/2") == "res/A_RES_74_2.html"
    del tiny.roll_calls[3]  # a roll call the release lacks: the resolution gets its own page
    assert pages.resolution_url(tiny, "A/RES/74/1") == "res/A_RES_74_1.html"


INVISIBLE = "\u202eevil\u2066\u200b\x1b[31m"  # bidi override and isolate, zero width, ESC


def test_invisible_characters_are_shown_as_escapes(tiny: Release, tmp_path: Path) -> None:
    """A tampered release's bidi override would reorder what a reader sees: every text a page
    shows has them written as escapes, in the templates and in the vote table alike."""
    rc = tiny.roll_calls[1]
    rc.votes = [(code, name + INVISIBLE, vote) for code, name, vote in rc.votes]
    rc.description = "Described " + INVISIBLE
    pages.roll_call_page(pages.Writer(tmp_path, "test"), tiny, rc)
    html = (tmp_path / "rc" / "1.html").read_text(encoding="utf-8")
    assert not any(c in html for c in "\u202e\u2066\u200b\x1b")
    assert "\\u202eevil\\u2066\\u200b\\x1b[31m" in html
