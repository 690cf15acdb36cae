"""sections.py: the pages about states and sessions, the index, the lists and the comparison
page, written from the tiny release (hostile names shown as text), and the tables beside the
charts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from site_fixture import HOSTILE, assert_inert
from site_fixture import HOSTILE_SHOWN as SHOWN

from unga_votes.site import pages, sections
from unga_votes.site.data import Release
from unga_votes.site.stats import Agreement, Coverage, Share

D = dt.date


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_agreement_rows_by_session_date() -> None:
    series = {
        "USA": [Agreement("2", D(1950, 1, 1), 4, 3), Agreement("10", D(1955, 1, 1), 2, 2)],
        "RUS": [Agreement("10", D(1955, 1, 1), 0, 0), Agreement("1", D(1946, 1, 1), 5, 1)],
        "CHN": [],  # no roll call in common: no column
    }
    # "10" after "2": by first date, not as text; a point with no roll call in common says so
    # (the chart's line breaks there).
    assert sections._agreement_rows(series) == [
        ("1", "no vote", "1/5"), ("2", "3/4", "no vote"), ("10", "2/2", "no vote")
    ]  # fmt: skip
    assert sections._agreement_rows({}) == []


def test_share_rows_and_coverage_rows() -> None:
    assert sections._share_rows([Share("1", D(1946, 1, 1), 1, 2, 3, 4)]) == [
        ("1", D(1946, 1, 1), 1, 2, 3, 4)
    ]
    rows = [Coverage("1", D(1946, 1, 1), 2, {"recorded vote": 1}, 2, 3),
            Coverage("9", None, 0, {}, 0, 0)]  # fmt: skip
    head, body = sections.coverage_rows(rows, ["recorded vote", "without a vote"], True)
    assert head == ["Session", "First date", "Roll calls", "Resolutions, recorded vote",
                    "Resolutions, without a vote", "Dated to the day"]  # fmt: skip
    # A session the release has no resolution of: not in the source, not 0 adopted.
    gap = "not in the source"
    assert body == [["1", D(1946, 1, 1), 2, 1, 0, "2 of 3"], ["9", "", 0, gap, gap, "0 of 0"]]
    head, body = sections.coverage_rows(rows, [], False)  # a release without date precision
    assert head == ["Session", "First date", "Roll calls"] and body[0] == ["1", D(1946, 1, 1), 2]


def test_pool_size_is_one_or_two() -> None:
    assert sections._pool_size() in (1, 2)


def test_session_pages(tiny: Release, tmp_path: Path) -> None:
    writer = pages.Writer(tmp_path, "t")
    assert sections.session_pages(writer, tiny) == 2
    one = _read(tmp_path / "session" / "1.html")
    assert_inert(one)
    assert "2 roll calls and 1 resolutions, from 1946-02-01 to 1946-02-03." in one
    assert f"<td>{SHOWN}</td>" in one  # the subject, and the title of roll call 1
    # A long description is cut to 200 characters, the last an ellipsis.
    assert f"<td>{'x' * 199}…</td>" in one and "x" * 200 not in one
    assert '<a href="../rc/2.html">Roll call 2</a>' in one
    assert "without a roll call" not in one
    other = _read(tmp_path / "session" / "74.html")
    assert_inert(other)
    assert '<a href="../res/A_RES_74_2.html">A/RES/74/2</a> (2019-12-19, without a vote): ' in other
    assert "<td>1\u20131\u20130</td>" in other  # roll call 3's tally, en dashes between
    assert writer.pages == 2


def test_index_and_list_pages(tiny: Release, tmp_path: Path) -> None:
    writer = pages.Writer(tmp_path, "t")
    sections.index_pages(writer, tiny, {"roll_calls": "3", "resolutions": "3", "states": "3",
                                        "sessions": "2"})  # fmt: skip
    assert writer.pages == 3
    index = _read(tmp_path / "index.html")
    assert_inert(index)
    assert '<svg id="coverage" role="img"' in index
    # The latest session first, with its resolutions by adoption.
    latest = re.findall(r'<li><a href="session/([^.]+)\.html">', index)
    assert latest == ["74", "1"]
    assert "1 recorded vote, 1 without a vote" in index
    assert "<td>74</td><td>2019-12-18</td><td>1</td><td>1</td><td>1</td><td>2 of 3</td>" in index
    states = _read(tmp_path / "states.html")
    assert_inert(states)
    # By name: "<script…" sorts before "Russian…" and "United…".
    assert re.findall(r'href="state/(\w+)\.html"', states) == ["AAA", "RUS", "USA"]
    assert f'<a href="state/AAA.html">{SHOWN}</a></td><td>AAA</td><td>Oceania</td>' in states
    assert "<td>1945-10-24</td><td>1990-01-01</td>" in states
    sessions = _read(tmp_path / "sessions.html")
    assert '<th scope="col">Dated to the day</th>' in sessions


def test_compare_page(tiny: Release, tmp_path: Path) -> None:
    writer = pages.Writer(tmp_path, "t")
    sections.compare_page(writer, tiny, ("USA", "RUS"))
    html = _read(tmp_path / "compare.html")
    assert_inert(html)
    assert f'<option value="AAA">{SHOWN} (AAA)</option>' in html
    assert "agreement with USA, RUS." in html


def test_state_pages(tiny: Release, tmp_path: Path) -> None:
    writer = pages.Writer(tmp_path, "t")
    assert sections.state_pages(writer, tiny, ("USA", "RUS")) == 3
    aaa = _read(tmp_path / "state" / "AAA.html")
    assert_inert(aaa)
    assert f"<h1>{SHOWN}</h1>" in aaa
    assert "<dd>2 (1 yes, 0 no, 1 abstain, 0 non-voting)</dd>" in aaa
    assert '<svg id="shares-AAA" role="img"' in aaa and '<svg id="agreement-AAA"' in aaa
    # Agreement with USA: session 1, both voted twice (1 and 2), alike once; with Russia, on
    # roll call 1 only (Russia did not vote on 2), not alike.
    assert "<tr><td>1</td><td>1/2</td><td>0/1</td></tr>" in aaa
    # AAA voted yes on roll call 1, which yes carried: not against the majority.
    assert "never voted yes where no carried" in aaa
    usa = _read(tmp_path / "state" / "USA.html")
    assert "agreement-USA-USA" not in usa  # not compared with itself
    rus = _read(tmp_path / "state" / "RUS.html")
    # Russia's no on roll call 1, which yes carried 2 to 1 (on 3, 1 to 1, nothing carried).
    assert re.findall(r'<a href="\.\./rc/(\d+)\.html">', rus) == ["1"]
    assert '>A/RES/1(I)</a></td><td class="vN">No</td><td>2 yes, 1 no</td>' in rus
    assert HOSTILE not in aaa + usa + rus


def test_the_tables_say_no_vote_where_the_charts_have_a_gap() -> None:
    order = [("1", D(1946, 1, 1)), ("2", D(1947, 1, 1)), ("3", D(1948, 1, 1)),
             ("4", D(1949, 1, 1)), ("5", D(1950, 1, 1))]  # fmt: skip
    shares = [Share("2", D(1947, 2, 1), 1, 0, 0, 0), Share("3", D(1948, 2, 1), 0, 0, 0, 5),
              Share("5", D(1950, 2, 1), 0, 1, 1, 0)]  # fmt: skip
    assert sections._share_rows(shares, order) == [  # from its first session to its last
        ("2", D(1947, 2, 1), 1, 0, 0, 0),
        ("3", D(1948, 2, 1), "no vote", "no vote", "no vote", 5),  # present, cast none
        ("4", D(1949, 1, 1), "no vote", "no vote", "no vote", "no vote"),  # no row at all
        ("5", D(1950, 2, 1), 0, 1, 1, 0),
    ]
    series = {"USA": [Agreement("2", D(1947, 2, 1), 3, 1), Agreement("5", D(1950, 2, 1), 2, 2)],
              "RUS": [Agreement("3", D(1948, 2, 1), 1, 1)]}  # fmt: skip
    assert sections._agreement_rows(series, order) == [
        ("2", "1/3", "no vote"), ("3", "no vote", "1/1"), ("4", "no vote", "no vote"),
        ("5", "2/2", "no vote"),
    ]  # fmt: skip


def test_session_dates_in_the_releases_order(tiny: Release) -> None:
    assert sections.session_dates(tiny) == [("1", D(1946, 2, 1)), ("74", D(2019, 12, 18))]


def test_a_session_without_resolutions_in_the_source_shows_no_zero(site: Path) -> None:
    """Session 1 of the fixture release: 5 roll calls, and no resolution (the source gives no
    symbol for roll calls before 1963). The index's chart has no resolutions bar for it, and
    its table, the sessions page and the latest sessions say so instead of 0."""
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'id="coverage-roll-calls-1"' in index
    assert (
        'id="coverage-recorded-vote-1"' not in index and 'id="coverage-recorded-vote-74"' in index
    )
    gap = "<td>not in the source</td>"
    assert re.search(rf"<tr><td>1</td><td>[0-9-]+</td><td>5</td>({gap})+<td>", index)
    assert not re.search(r"<tr><td>1</td><td>[0-9-]+</td><td>5</td><td>0</td>", index)
    sessions = (site / "sessions.html").read_text(encoding="utf-8")
    assert re.search(
        rf'session/1\.html">1</a></td><td>[0-9-]+</td><td>5</td>({gap})+<td>', sessions
    )
    for page in (index, sessions):  # a session with resolutions keeps its counts, 0 included
        assert re.search(r">74</(a></)?td><td>[0-9-]+</td><td>3</td><td>[0-9]+</td>", page)
