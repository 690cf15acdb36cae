"""charts.py: the SVG charts are well-formed inline SVG with an accessible name (hostile text
escaped), compact, the same bytes for the same data, and draw what the data say."""

from __future__ import annotations

import datetime as dt
import re
import warnings
import xml.etree.ElementTree as ET

import pytest
from matplotlib.figure import Figure
from site_fixture import HOSTILE

from unga_votes.site import charts
from unga_votes.site.stats import Agreement, Coverage, Share

D = dt.date
SVG = "{http://www.w3.org/2000/svg}"
SHARES = [Share("1", D(1946, 2, 1), 2, 1, 1, 0), Share("2", D(1947, 9, 1), 0, 0, 0, 3),
          Share("3", D(1948, 9, 1), 1, 1, 0, 0)]  # fmt: skip


def _root(svg: str) -> ET.Element:
    """The chart parsed as XML: malformed markup (an unescaped value) fails here."""
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    return ET.fromstring(svg)


def _group(root: ET.Element, gid: str) -> ET.Element:
    found = [g for g in root.iter(f"{SVG}g") if g.get("id") == gid]
    assert len(found) == 1, gid
    return found[0]


def test_shares_chart_is_inline_accessible_svg() -> None:
    svg = str(charts.shares_chart("shares-AAA", HOSTILE, SHARES))
    root = _root(svg)
    assert root.get("id") == "shares-AAA" and root.get("role") == "img"
    # The label names the state as text; session 2, where it cast no vote, is not counted.
    assert (
        root.get("aria-label")
        == f"Yes, no and abstain shares of {HOSTILE}'s votes per session (2 sessions)"
    )
    assert "width" not in root.attrib and "height" not in root.attrib  # scales with the page
    assert root.get("viewBox")
    assert "<dc:date>" not in svg and "<?xml" not in svg  # no date: the same bytes each build
    for key in ("yes", "no", "abstain"):
        _group(root, f"shares-AAA-{key}")
    # Path coordinates kept to a tenth.
    coords = " ".join(re.findall(r' d="([^"]*)"', svg))
    assert coords and not re.search(r"\.\d\d", coords)


def test_a_hostile_chart_id_is_escaped() -> None:
    root = _root(str(charts.shares_chart(HOSTILE, "x", SHARES)))
    assert root.get("id") == HOSTILE
    _group(root, f"{HOSTILE}-yes")  # matplotlib escapes the ids it writes


def test_the_same_data_give_the_same_bytes() -> None:
    """Figures are reused between state charts: drawing another in between changes nothing."""
    first = charts.shares_chart("shares-A", "A", SHARES)
    charts.shares_chart("shares-B", "B", SHARES[:1])
    charts.agreement_chart("agreement-B", "B", {"USA": []})
    assert charts.shares_chart("shares-A", "A", SHARES) == first
    assert charts.shares_chart("shares-A", "A", SHARES[:1]) != first
    series = {"USA": [Agreement("1", D(1946, 1, 1), 2, 1)]}
    assert charts.agreement_chart("a", "x", series) == charts.agreement_chart("a", "x", series)


def test_a_state_without_votes_gets_an_empty_chart() -> None:
    root = _root(str(charts.shares_chart("shares-X", "X", [])))
    assert root.get("aria-label").endswith("(0 sessions)")
    assert {t.text for t in root.iter(f"{SVG}text")} >= {"1950", "2020"}  # the default years


def _moves(root: ET.Element, gid: str) -> int:
    return sum(p.get("d", "").count("M") for p in _group(root, gid).iter(f"{SVG}path"))


def test_agreement_lines_break_over_gaps() -> None:
    near = [Agreement("1", D(1950, 1, 1), 4, 2), Agreement("2", D(1951, 1, 1), 4, 4)]
    far = [*near, Agreement("9", D(1960, 1, 1), 2, 1)]  # nine years without a common vote
    none = [Agreement("1", D(1950, 1, 1), 0, 0)]  # never both voted: no line
    root = _root(str(charts.agreement_chart("ag", HOSTILE, {"USA": near, "RUS": far,
                                                             "CHN": none})))  # fmt: skip
    assert root.get("aria-label") == f"Agreement of {HOSTILE} with USA, RUS, CHN per session"
    assert _moves(root, "ag-USA") == 1 and _moves(root, "ag-RUS") == 2
    assert not [g for g in root.iter(f"{SVG}g") if g.get("id") == "ag-CHN"]
    assert charts.agreement_keys(["USA", "RUS", "CHN", "IND", "FRA", "GBR"]) == [
        ("USA", "#0072B2"), ("RUS", "#D55E00"), ("CHN", "#009E73"), ("IND", "#CC79A7"),
        ("FRA", "#56B4E9"), ("GBR", "#0072B2"),  # the colours cycle
    ]  # fmt: skip


def test_coverage_chart() -> None:
    rows = [
        Coverage("1", D(1946, 1, 10), 5, {"recorded vote": 2, HOSTILE: 1}, 6, 7),
        Coverage("2", D(1947, 9, 16), 3, {"without a vote": 4}, 7, 7),
        Coverage("3", None, 0, {}, 0, 0),  # nothing dated: left out
    ]
    svg = str(charts.coverage_chart("coverage", rows))
    root = _root(svg)
    assert root.get("aria-label").startswith("Coverage of 2 sessions: ")
    # A bar per session and series, each with its own id (ids are unique in a page).
    for gid in ("roll-calls-1", "roll-calls-2", "recorded-vote-1", "recorded-vote-2",
                "without-a-vote-2", "precision"):  # fmt: skip
        _group(root, f"coverage-{gid}")
    _group(root, "coverage-" + HOSTILE.replace(" ", "-") + "-1")
    ids = re.findall(r' id="([^"]+)"', svg)
    assert len(ids) == len(set(ids))
    assert HOSTILE in {t.text for t in root.iter(f"{SVG}text")}  # the legend, as text


def test_adoption_order_known_methods_first() -> None:
    methods = ["zz", "without a vote", "aa", "recorded vote", "non-recorded vote"]
    assert sorted(methods, key=charts.adoption_order) == [
        "recorded vote", "non-recorded vote", "without a vote", "aa", "zz"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("first", "last", "ticks"),
    [(1946.0, 2020.5, list(range(1950, 2021, 10))), (1990.2, 2005.0, [1995, 2000, 2005]),
     (2000.0, 2003.9, [2000, 2001, 2002, 2003])],
)  # fmt: skip
def test_date_axis_ticks(first: float, last: float, ticks: list[int]) -> None:
    ax = Figure().add_subplot()
    charts._date_axis(ax, first, last)
    assert list(ax.get_xticks()) == ticks
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(t) for t in ticks]
    assert ax.get_xlim() == (first - 0.6, last + 0.6)


def test_year_is_a_decimal_year() -> None:
    assert charts._year(D(2000, 1, 1)) == 2000.0
    assert charts._year(D(2000, 12, 31)) == 2000 + 365 / 366


def test_state_charts_gives_both_charts_of_a_page() -> None:
    shares_svg, agreement_svg = charts.state_charts(("USA", "United States", SHARES, {}))
    assert _root(str(shares_svg)).get("id") == "shares-USA"
    assert _root(str(agreement_svg)).get("id") == "agreement-USA"


def test_invisible_characters_in_a_label_are_escapes() -> None:
    shares_svg, _ = charts.state_charts(("USA", "Name\u202e\u200b", SHARES, {}))
    label = re.search(r'aria-label="([^"]*)"', str(shares_svg)).group(1)
    assert "Name\\u202e\\u200b" in label and "\u202e" not in str(shares_svg)


SESSIONS = [("1", D(1950, 1, 1)), ("ES-1", D(1950, 6, 1)), ("2", D(1951, 1, 1)),
            ("3", D(1952, 1, 1)), ("4", D(1953, 1, 1)), ("5", D(1954, 1, 1))]  # fmt: skip


def _vertices(root: ET.Element, gid: str) -> list[list[tuple[float, float]]]:
    """The runs of (x, y) of a group's paths: a new run at each move (a break)."""
    runs: list[list[tuple[float, float]]] = []
    for path in _group(root, gid).iter(f"{SVG}path"):
        for op, x, y in re.findall(r"([ML]) ([-\d.]+) ([-\d.]+)", path.get("d", "")):
            if op == "M":
                runs.append([])
            runs[-1].append((float(x), float(y)))
    return runs


def test_a_session_without_a_common_vote_breaks_the_line() -> None:
    """Sessions a year apart: the one in between without a roll call both voted in (ES-1, 3)
    is a break, never a point at 0 nor a line across; a point alone is a dot."""
    points = [Agreement("1", D(1950, 1, 1), 4, 2), Agreement("2", D(1951, 1, 1), 4, 4),
              Agreement("4", D(1953, 1, 1), 2, 0), Agreement("5", D(1954, 1, 1), 3, 3),
              Agreement("3", D(1952, 1, 1), 0, 0)]  # fmt: skip
    lone = [Agreement("2", D(1951, 1, 1), 2, 1)]
    root = _root(str(charts.agreement_chart("ag", "X", {"USA": points, "RUS": lone}, SESSIONS)))
    runs = _vertices(root, "ag-USA")
    assert [len(r) for r in runs] == [1, 1, 2]  # 1 | 2 | 4-5: ES-1 and 3 break it
    assert runs[2][0][1] > runs[2][1][1]  # session 4 at 0 (lower on the page), 5 at 100 %
    assert [g.get("id") for g in root.iter(f"{SVG}g") if g.get("id", "").startswith("ag-")] == [
        "ag-USA", "ag-USA-dots", "ag-RUS", "ag-RUS-dots"
    ]  # fmt: skip
    assert len(list(_group(root, "ag-USA-dots").iter(f"{SVG}use"))) == 2  # sessions 1 and 2
    assert len(list(_group(root, "ag-RUS-dots").iter(f"{SVG}use"))) == 1


def test_shares_leave_a_session_without_a_vote_cast_empty() -> None:
    """The state cast no vote in session 2 (only X) and has no row in 3 (not a member): both
    are gaps in each area, between steps of their own sessions' width."""
    shares = [
        Share("1", D(1950, 1, 1), 2, 1, 1, 0),
        Share("2", D(1951, 1, 1), 0, 0, 0, 3),
        Share("4", D(1953, 1, 1), 1, 1, 0, 0),
        Share("5", D(1954, 1, 1), 1, 0, 0, 0),
    ]
    order = [s for s in SESSIONS if s[0] != "ES-1"]
    root = _root(str(charts.shares_chart("sh", "X", shares, order)))
    assert root.get("aria-label").endswith("(3 sessions)")
    areas = [p.get("d") for p in _group(root, "sh-yes").iter(f"{SVG}path")]
    assert len(areas) == 2  # session 1, then 4-5: nothing over 2 and 3
    xs = [float(x) for x in re.findall(r"[ML] ([-\d.]+) ", areas[0])]
    first = [float(x) for x in re.findall(r"[ML] ([-\d.]+) ", areas[1])]
    assert max(xs) < min(first)
    # Without the release's sessions, those of the shares: the same gap at 2, none at 3.
    root = _root(str(charts.shares_chart("sh", "X", shares)))
    assert len(list(_group(root, "sh-yes").iter(f"{SVG}path"))) == 2


def test_the_charts_carry_no_style_element() -> None:
    """The pages' policy refuses <style>; matplotlib's one rule is in style.css."""
    coverage = [Coverage("1", D(1946, 1, 10), 5, {"recorded vote": 2}, 6, 7)]
    for svg in (charts.shares_chart("a", "X", SHARES), charts.agreement_chart("b", "X", {}),
                charts.coverage_chart("c", coverage)):  # fmt: skip
        assert "<style" not in str(svg)


def test_a_session_without_resolutions_in_the_source_is_a_gap() -> None:
    """Roll calls but no resolution of the session in the release (the source gives no symbol):
    its roll calls are drawn, its resolutions are not (no bar of 0)."""
    rows = [
        Coverage("1", D(1946, 1, 10), 43, {}, 43, 43),
        Coverage("18", D(1963, 9, 6), 29, {"recorded vote": 14}, 43, 43),
    ]
    root = _root(str(charts.coverage_chart("coverage", rows)))
    _group(root, "coverage-roll-calls-1")
    _group(root, "coverage-recorded-vote-18")
    ids = {g.get("id") for g in root.iter(f"{SVG}g")}
    assert "coverage-recorded-vote-1" not in ids
    assert rows[0].resolutions("recorded vote") == "not in the source"
    assert rows[1].resolutions("recorded vote") == 14 and rows[1].resolutions("x") == 0


@pytest.mark.parametrize(
    "rows",
    [[], [Coverage("1", D(1946, 1, 10), 43, {}, 43, 43)], [Coverage("9", None, 0, {}, 0, 0)]],
)
def test_a_coverage_chart_of_nothing_warns_of_nothing(rows: list[Coverage]) -> None:
    """An empty release, or one whose sessions have no resolution in the source: no legend of
    nothing (matplotlib's UserWarning, printed by `unga site`), an axis of the years."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        root = _root(str(charts.coverage_chart("c", rows)))
    if not any(r.first for r in rows):  # nothing dated: the years of an empty chart
        assert {"1950", "2000"} <= {t.text for t in root.iter(f"{SVG}text")}
