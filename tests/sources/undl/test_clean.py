"""What tidying both files shares: sessions, and text the data model accepts, each counted."""

from __future__ import annotations

import polars as pl
from undl_frames import CHECKS, clean, resolutions, rules, voting

from unga_votes.sources.undl.clean import sessions
from unga_votes.sources.undl.resolutions import clean_resolutions
from unga_votes.sources.undl.versions import RESOLUTIONS


def test_sessions_from_the_symbol_or_the_text() -> None:
    frame = pl.DataFrame({
        "resolution": ["A/RES/62/167", "A/RES/1514(XV)", "A/RES/ES-10/21", "bad", "bad", "bad"],
        "session_text": ["sixty-two", "", "", "62nd session", "10th emergency special session",
                         "S-27"],
    })  # fmt: skip
    assert sessions(frame)["session"].to_list() == ["62", "15", "ES-10", "62", "ES-10", "S-27"]


def test_titles_are_made_text_the_model_accepts() -> None:
    titles = ["a\nb\tc\u2028d", "a\x00b\x1b\x07c", "a\u202eb", "=cmd|' /C calc'!A0",
              "a\ufffdb", "x" * 3000, "  spaced  "]  # fmt: skip
    _, records, log = clean(
        voting(*[{"undl_id": str(i), "title": t} for i, t in enumerate(titles, 1)])
    )
    out = records.sort("undl_id")["title"].to_list()
    assert out[:5] == ["a b c d", "abc", "ab", "'=cmd|' /C calc'!A0", None]
    assert len(out[5]) == 2000 and out[5].endswith("…") and out[6] == "spaced"
    counts = rules(log)
    assert counts["whitespace in a title (line breaks, tabs, runs) made single spaces"] == 2
    assert counts["control character removed from a title"] == 1
    assert counts["invisible formatting character removed from a title"] == 1
    assert counts["title a spreadsheet would run as a formula: prefixed with '"] == 1
    assert counts["title garbled by an encoding conversion left empty"] == 1
    assert counts["title over 2,000 characters: cut"] == 1
    res = resolutions([dict.fromkeys(RESOLUTIONS, "") | {"resolution": "A/RES/75/1",
                       "modality": "without a vote", "title": "@SUM(A1)\x00"}])  # fmt: skip
    out, res_log = clean_resolutions(res, "r.csv", CHECKS)
    assert out["title"].to_list() == ["'@SUM(A1)"]
    assert rules(res_log)["control character removed from a title"] == 1


def test_title_limit_is_the_schema_s() -> None:
    import json

    from helpers import ROOT

    from unga_votes.sources.undl.clean import TITLE_MAX

    fields = json.loads((ROOT / "schemas" / "resolutions.schema.json").read_text())["fields"]
    title = next(f for f in fields if f["name"] == "title")
    assert title["constraints"]["maxLength"] == TITLE_MAX
