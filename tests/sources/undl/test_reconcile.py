"""The reconciliation report: every category, counts per decade, every row, shown as text."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl

from unga_votes.sources.undl import reconcile
from unga_votes.sources.undl.layout import Dirt
from unga_votes.sources.undl.overlay import UNTOLD

SUMMARY = {"voting_file": "v.csv", "voting_rows": 3, "votes": 1, "resolutions_file": None,
           "resolutions_rows": 0, "roll_calls": 1, "resolutions": 1, "vote_rows": 3,
           "exceptions": 0}  # fmt: skip


def test_categories_decades_and_rows() -> None:
    findings = {"date differs": pl.DataFrame({
        "roll_call": [1, 2], "date": [dt.date(1971, 10, 25), dt.date(1985, 1, 2)], "days": [18, 1],
    })}  # fmt: skip
    doc = reconcile.assemble(SUMMARY, findings | {"dirty row handled": dirt(Dirt("a rule", "v.csv",
                             4, ["x"]))}, pl.DataFrame())  # fmt: skip
    assert list(doc["categories"]) == list(reconcile.ORDER)
    cat = doc["categories"]["date differs"]
    assert cat["count"] == 2 and cat["per_decade"] == {"1970s": 1, "1980s": 1}
    assert cat["rows"][0] == {"roll_call": 1, "date": "1971-10-25", "days": 18}
    assert doc["categories"]["dirty row handled"]["count"] == 4
    assert json.loads(reconcile.to_json(doc)) == doc


def test_cells_are_text_not_markup() -> None:
    hostile = "<script>alert(1)</script> | ![x](http://e) \n::error file=a::b"
    findings = {"title added": pl.DataFrame({"resolution": ["A/RES/1(I)"], "title": [hostile]})}
    md = reconcile.to_markdown(reconcile.assemble(SUMMARY, findings, pl.DataFrame()))
    assert "<script>" not in md and "&lt;script&gt;" in md
    # A link or image is escaped, not rendered (it used to pass as "\| ![x](...)").
    assert "\\| !\\[x\\](http://e)" in md and "\n::error" not in md


def test_what_the_library_writes_reaches_no_terminal() -> None:
    """ESC, NUL, U+202E and C1 controls in a title, a file name or an example are written as
    escapes; no line of the report is a forged workflow command."""
    hostile = "a\x1b[31mred\x00\u202e\x9bz"
    findings = {"title added": pl.DataFrame({"resolution": ["A/RES/1(I)"], "title": [hostile]})}
    summary = SUMMARY | {"voting_file": "v\x1b]0;x\x07.csv"}
    md = reconcile.to_markdown(reconcile.assemble(summary, findings, pl.DataFrame()))
    assert not any(c in md for c in "\x1b\x00\u202e\x9b\x07")
    assert "\\x1b" in md and "\\u202e" in md and "\\x9b" in md


def dirt(*rows: Dirt) -> pl.DataFrame:
    return pl.DataFrame(
        [(d.rule, d.file, d.count, d.left_out, d.votes, "; ".join(d.examples)) for d in rows],
        schema=reconcile.DIRT, orient="row",
    )  # fmt: skip


def test_the_json_is_exact_and_shows_nothing_a_terminal_runs() -> None:
    hostile = "Côte d'Ivoire\x1b[2J\x00\u202e\x9b\u2028\U000e0041"
    findings = {"title added": pl.DataFrame({"resolution": ["A/RES/1(I)"], "title": [hostile]})}
    text = reconcile.to_json(reconcile.assemble(SUMMARY, findings, pl.DataFrame()))
    assert not any(c in text for c in "\x1b\x00\u202e\x9b\u2028\U000e0041")
    assert "C\\u00f4te" in text and "\\u202e" in text and "\\udb40\\udc41" in text
    assert json.loads(text)["categories"]["title added"]["rows"][0]["title"] == hostile


def test_how_each_vote_found_its_roll_call() -> None:
    """The matching table counts the votes found by date and votes, of them those told apart
    by their words among CC0 roll calls with the same votes, and those nothing told apart
    (taken in order, the CC0 fields not carried), with examples."""
    head = pl.DataFrame([{"decade": "all", "library_roll_calls": 4, "in_cc0": 3, "by_votes": 2,
                          "unplaced": 0, "totals_compared": 3, "totals_agree": 3,
                          "totals_agree_share": 1.0, "votes_agree": 3,
                          "votes_agree_share": 1.0}])  # fmt: skip
    matched = pl.DataFrame({
        "roll_call": [83, 20], "resolution": ["A/RES/9(III)", "A/RES/1(I)"],
        "date": [dt.date(1948, 11, 5), dt.date(1946, 12, 14)], "same_votes": [2, 1],
        "told_apart": [True, True],
    })  # fmt: skip
    untold = pl.DataFrame({"roll_call": [84], "resolution": ["A/RES/10(III)"],
                           "date": [dt.date(1948, 11, 5)]})  # fmt: skip
    md = reconcile.to_markdown(reconcile.assemble(
        SUMMARY, {"roll call matched by date and votes": matched, UNTOLD: untold},
        head))  # fmt: skip
    lines = [line for line in md.splitlines() if line.startswith("| ")]
    assert "| by its symbol | 1 |  |" in lines
    assert ("| of them, one of several CC0 roll calls with the same votes, told apart by words | "
            "1 | A/RES/9(III) → roll call 83 (of 2) |") in lines  # fmt: skip
    assert ("| nothing tells it apart: taken in order, the CC0 fields not carried | 1 | "
            "A/RES/10(III) → roll call 84 |") in lines  # fmt: skip
    assert "| none: a roll call only in the official record | 1 |  |" in lines
