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
