"""The Library's rows made tidy by stated rules, each counted."""

from __future__ import annotations

import datetime as dt

import polars as pl

from unga_votes.sources.undl.clean import clean_resolutions, clean_votes, sessions
from unga_votes.sources.undl.layout import RESOLUTIONS, VOTING


def voting(*rows: dict) -> pl.DataFrame:
    base = dict.fromkeys(VOTING, "") | {"undl_id": "7", "ms_code": "FRA", "ms_name": "FRANCE",
                                        "ms_vote": "Y", "date": "2007-12-18", "session": "62",
                                        "resolution": "A/RES/62/167", "meeting": "A/62/PV.76",
                                        "total_yes": "1"}  # fmt: skip
    return pl.DataFrame([base | r for r in rows], schema=dict.fromkeys(VOTING, pl.String))


def rules(log) -> dict[str, int]:
    return {d.rule: d.count for d in log.rows}


def test_votes_words_blanks_and_codes() -> None:
    votes, records, log = clean_votes(voting(
        {"ms_code": " fra ", "ms_vote": "yes"}, {"ms_code": "DEU", "ms_vote": ""},
        {"ms_code": "ITA", "ms_vote": "maybe"}, {"ms_code": "ESP", "ms_name": "  SPAIN  "},
        {"undl_id": "x7", "ms_code": "GBR"},
    ), "v.csv")  # fmt: skip
    assert votes.select("code", "vote").rows() == [("FRA", "Y"), ("DEU", "X"), ("ESP", "Y")]
    assert rules(log) == {
        "row without a numeric undl_id left out": 1,
        "stray spaces in a state name removed": 1,
        "vote not Y, N, A or X: row left out": 1,
        "blank vote read as X (non-voting)": 1,
        "vote written as a word read as its code": 1,
    }
    (record,) = records.rows(named=True)
    assert (record["undl_id"], record["date"], record["session"], record["total_yes"]) == (
        7, dt.date(2007, 12, 18), "62", 1)  # fmt: skip


def test_a_vote_s_attributes_are_those_most_rows_give() -> None:
    _, records, log = clean_votes(voting(
        {"ms_code": "FRA", "meeting": "A/62/PV. 76"}, {"ms_code": "DEU", "meeting": "A/62/PV. 76"},
        {"ms_code": "ITA", "date": "2007", "resolution": "A/RES/62/ 167", "meeting": "A/62/PV.77"},
    ), "v.csv")  # fmt: skip
    (r,) = records.rows(named=True)
    assert (r["meeting"], r["resolution"], r["date"], r["year"]) == (
        "A/62/PV.76", "A/RES/62/167", dt.date(2007, 12, 18), 2007)  # fmt: skip
    counts = rules(log)
    assert counts["meeting symbol written with spaces: spaces removed"] == 2
    assert counts["resolution symbol written with spaces: spaces removed"] == 1
    assert counts["rows of one vote disagree: the value most of them give is taken"] == 1


def test_sessions_from_the_symbol_or_the_text() -> None:
    frame = pl.DataFrame({
        "resolution": ["A/RES/62/167", "A/RES/1514(XV)", "A/RES/ES-10/21", "bad", "bad", "bad"],
        "session_text": ["sixty-two", "", "", "62nd session", "10th emergency special session",
                         "S-27"],
    })  # fmt: skip
    assert sessions(frame)["session"].to_list() == ["62", "15", "ES-10", "62", "ES-10", "S-27"]


def test_resolutions_modalities_and_duplicates() -> None:
    base = dict.fromkeys(RESOLUTIONS, "") | {"undl_id": "1", "session": "75", "date": "2020-12-16"}
    rows = [
        base | {"resolution": "A/RES/75/1", "modality": "Vote recorded"},
        base | {"resolution": "A/RES/75/2", "modality": "  without  a vote"},
        base | {"resolution": "A/RES/75/3", "modality": "vote non-recorded"},
        base | {"resolution": "A/RES/75/4", "modality": "by acclamation"},
        base | {"resolution": "A/RES/75/1", "modality": "without a vote", "undl_id": "9"},
    ]
    out, log = clean_resolutions(pl.DataFrame(rows, schema=dict.fromkeys(RESOLUTIONS, pl.String)),
                                 "r.csv")  # fmt: skip
    assert out.select("resolution", "adoption").rows() == [
        ("A/RES/75/1", "recorded vote"), ("A/RES/75/2", "without a vote"),
        ("A/RES/75/3", "non-recorded vote"),
    ]  # fmt: skip
    assert rules(log)["modality not one of the three kinds: row left out"] == 1
    assert rules(log)["a second row for one resolution: the first kept"] == 1


def test_dates_outside_the_assembly_and_trailing_text_are_no_date() -> None:
    _, records, _ = clean_votes(voting(
        {"undl_id": "1", "date": "1900-12-16"}, {"undl_id": "2", "date": "2099-12-16"},
        {"undl_id": "3", "date": "2020-12-16garbage"}, {"undl_id": "4", "date": "16/12/2020"},
        {"undl_id": "5", "date": " 1946-01-10 "},
    ), "v.csv")  # fmt: skip
    assert records.sort("undl_id")["date"].to_list() == [None] * 4 + [dt.date(1946, 1, 10)]


def test_titles_are_made_text_the_model_accepts() -> None:
    titles = ["a\nb\tc\u2028d", "a\x00b\x1b\x07c", "a\u202eb", "=cmd|' /C calc'!A0",
              "a\ufffdb", "x" * 3000, "  spaced  "]  # fmt: skip
    _, records, log = clean_votes(
        voting(*[{"undl_id": str(i), "title": t} for i, t in enumerate(titles, 1)]), "v.csv"
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
    res = pl.DataFrame([dict.fromkeys(RESOLUTIONS, "") | {"resolution": "A/RES/75/1",
                        "modality": "without a vote", "title": "@SUM(A1)\x00"}],
                       schema=dict.fromkeys(RESOLUTIONS, pl.String))  # fmt: skip
    out, res_log = clean_resolutions(res, "r.csv")
    assert out["title"].to_list() == ["'@SUM(A1)"]
    assert rules(res_log)["control character removed from a title"] == 1


def test_title_limit_is_the_schema_s() -> None:
    import json

    from helpers import ROOT

    from unga_votes.sources.undl.clean import TITLE_MAX

    fields = json.loads((ROOT / "schemas" / "resolutions.schema.json").read_text())["fields"]
    title = next(f for f in fields if f["name"] == "title")
    assert title["constraints"]["maxLength"] == TITLE_MAX
