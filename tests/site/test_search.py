"""search.py: the search index and the comparison data the pages load as JSON, and the JSON
written so that the same release gives the same bytes."""

from __future__ import annotations

import json
from pathlib import Path

from site_fixture import HOSTILE

from unga_votes.site.data import Release, load
from unga_votes.site.search import compare_data, dump, search_index


def test_search_index_and_comparison_data(dist: Path) -> None:
    release = load(dist / "unga-votes.duckdb")
    entries = search_index(release)["entries"]
    assert ["res/A_RES_74_166.html", "A/RES/74/166"] in [e[:2] for e in entries]
    assert any(e[0] == "rc/4813.html" and "Korea" in e[2] for e in entries)
    assert any(e[0] == "state/MKD.html" and "Macedonia" in e[2] for e in entries)
    compare = compare_data(release)
    position = [rc[0] for rc in compare["roll_calls"]].index(4813)
    assert compare["states"]["ZAF"]["votes"][position] == "A"
    assert compare["states"]["SSD"]["votes"][position] == "-"  # not a member in 2007
    release.con.close()


def test_search_entries_of_every_kind(tiny: Release) -> None:
    entries = search_index(tiny)["entries"]
    assert all(len(e) == 4 and all(isinstance(x, str) for x in e) for e in entries)
    by_url = {e[0]: e[1:] for e in entries}
    # A roll call: its resolution's title and its description; or its number and description.
    assert by_url["rc/1.html"] == ["A/RES/1(I)", f"{HOSTILE} {HOSTILE}", "1946-02-01"]
    assert by_url["rc/2.html"] == ["Roll call 2", "x" * 250, "1946-02-03"]
    assert by_url["rc/3.html"] == ["A/RES/74/1", "Roll-called", "2019-12-18"]
    # Only a resolution without a roll call has an entry of its own.
    assert by_url["res/A_RES_74_2.html"] == ["A/RES/74/2", HOSTILE, "2019-12-19"]
    assert [u for u in by_url if u.startswith("res/")] == ["res/A_RES_74_2.html"]
    # A state under every name it bore, sorted.
    assert by_url["state/USA.html"] == [
        "United States", "State USA: United States; United States of America", ""
    ]  # fmt: skip
    assert by_url["state/AAA.html"][1] == f"State AAA: {HOSTILE}; Old {HOSTILE}"
    assert by_url["session/74.html"] == ["Session 74", "", ""]
    assert len(entries) == 3 + 1 + 3 + 2


def test_a_resolution_without_title_is_found_by_its_adoption(tiny: Release) -> None:
    tiny.resolutions["A/RES/74/2"].title = None
    entry = next(e for e in search_index(tiny)["entries"] if e[0] == "res/A_RES_74_2.html")
    assert entry[2] == "without a vote"


def test_urls_are_slugged_whatever_the_code(tiny: Release) -> None:
    """A hostile state code gives a file name of letters, digits, _, . and - only."""
    state = tiny.states.pop("AAA")
    state.code = "../<x>"
    tiny.states[state.code] = state
    urls = [e[0] for e in search_index(tiny)["entries"]]
    assert "state/.2e.2e_.3c.78.3e.html" in urls
    assert all(u.count("/") == 1 and ".." not in u and "<" not in u for u in urls)


def test_compare_data_in_date_order_with_non_members(tiny: Release) -> None:
    data = compare_data(tiny)
    assert data["roll_calls"] == [
        [1, "1", "1946-02-01", "A/RES/1(I)"],
        [2, "1", "1946-02-03", "Roll call 2"],
        [3, "74", "2019-12-18", "A/RES/74/1"],
    ]
    assert data["states"] == {
        "AAA": {"name": HOSTILE, "votes": "YA-"},  # no longer a member on roll call 3
        "RUS": {"name": "Russian Federation", "votes": "NXN"},
        "USA": {"name": "United States", "votes": "YYY"},
    }


def test_compare_data_leaves_out_states_that_never_voted(tiny: Release) -> None:
    for rc in tiny.roll_calls.values():
        rc.votes = [v for v in rc.votes if v[0] != "RUS"]
    rc = tiny.roll_calls[3]
    rc.votes.append(("AAA", "name", "?"))  # not a vote code: shown as no vote
    data = compare_data(tiny)
    assert set(data["states"]) == {"AAA", "USA"}
    assert data["states"]["AAA"]["votes"] == "YA-"


def test_dump_is_compact_sorted_and_keeps_text(tiny: Release) -> None:
    value = {"b": [1, "Côte d'Ivoire"], "a": HOSTILE}
    text = dump(value)
    assert text == json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    assert text.startswith('{"a":') and "Côte" in text and ", " not in text.replace(HOSTILE, "")
    assert json.loads(text) == value
    assert dump(search_index(tiny)) == dump(search_index(tiny))
    assert dump(compare_data(tiny)) == dump(compare_data(tiny))


def test_dump_writes_invisible_characters_as_escapes() -> None:
    """The pages' scripts put these texts into the page: no bidi override or control character
    reaches it raw, in keys or values."""
    text = dump({"AAA\u202e": ["Name\u2066\u200b", {"x": "\x1b[31m\n"}], "n": 1})
    assert not any(c in text for c in "\u202e\u2066\u200b\x1b\n")
    assert json.loads(text) == {"AAA\\u202e": ["Name\\u2066\\u200b", {"x": "\\x1b[31m\\x0a"}],
                                "n": 1}  # fmt: skip
