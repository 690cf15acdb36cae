"""The voting file's rows made per-state votes and one record per vote, each rule counted."""

from __future__ import annotations

import datetime as dt

import polars as pl
from undl_frames import clean, rules, voting


def test_votes_words_blanks_and_codes() -> None:
    votes, records, log = clean(voting(
        {"ms_code": " fra ", "ms_vote": "yes"}, {"ms_code": "DEU", "ms_vote": ""},
        {"ms_code": "ITA", "ms_vote": "maybe"}, {"ms_code": "ESP", "ms_name": "  SPAIN  "},
        {"undl_id": "x7", "ms_code": "GBR"},
    ))  # fmt: skip
    # ITA's row is left out (counted), its vote empty: the seats know whose row it was.
    assert votes.select("code", "vote").rows() == [("FRA", "Y"), ("DEU", "X"), ("ITA", None),
                                                   ("ESP", "Y")]  # fmt: skip
    assert rules(log) == {
        "row without a numeric undl_id left out": 1,
        "spaces around a cell removed (read trimmed)": 1,
        "a state code or a vote in lower case read in capitals": 2,
        "stray spaces in a state name removed": 1,
        "vote not Y, N, A or X: row left out": 1,
        "blank vote read as X (non-voting)": 1,
        "vote written as a word read as its code": 1,
    }
    (record,) = records.rows(named=True)
    assert (record["undl_id"], record["date"], record["session"], record["total_yes"]) == (
        7, dt.date(2007, 12, 18), "62", 1)  # fmt: skip


def test_a_vote_s_attributes_are_those_most_rows_give() -> None:
    _, records, log = clean(voting(
        {"ms_code": "FRA", "meeting": "A/62/PV. 76"}, {"ms_code": "DEU", "meeting": "A/62/PV. 76"},
        {"ms_code": "ITA", "date": "2007", "resolution": "A/RES/62/ 167", "meeting": "A/62/PV.77"},
    ))  # fmt: skip
    (r,) = records.rows(named=True)
    assert (r["meeting"], r["resolution"], r["date"], r["year"]) == (
        "A/62/PV.76", "A/RES/62/167", dt.date(2007, 12, 18), 2007)  # fmt: skip
    counts = rules(log)
    assert counts["meeting symbol written with spaces: spaces removed"] == 2
    assert counts["resolution symbol written with spaces: spaces removed"] == 1
    assert counts["rows of one vote disagree: the value most of them give is taken"] == 1


def test_blocks_give_what_the_whole_file_gives() -> None:
    """A vote whose rows span several blocks is one record; a duplicate in another block is
    still an exact duplicate."""
    frame = voting(*[{"ms_code": c} for c in ("FRA", "DEU", "ITA", "ESP", "GBR", "FRA")])
    whole, split = clean(frame), clean(frame, blocks=3)
    assert whole[0].equals(split[0]) and whole[1].equals(split[1])
    assert rules(split[2]) == rules(whole[2]) == {"exact duplicate row dropped": 1}


def test_dates_outside_the_assembly_and_trailing_text_are_no_date() -> None:
    _, records, _ = clean(voting(
        {"undl_id": "1", "date": "1900-12-16"}, {"undl_id": "2", "date": "2099-12-16"},
        {"undl_id": "3", "date": "2020-12-16garbage"}, {"undl_id": "4", "date": "16/12/2020"},
        {"undl_id": "5", "date": " 1946-01-10 "},
    ))  # fmt: skip
    assert records.sort("undl_id")["date"].to_list() == [None] * 4 + [dt.date(1946, 1, 10)]


def test_the_library_s_values() -> None:
    """Decimal totals read; a total that is no count left empty and counted with its line; a
    bracketed part read; a huge undl_id left out, never a traceback; a link to another record
    not believed."""
    votes, records, log = clean(voting(
        {"undl_id": "1", "resolution": "A/RES/32/87[F]", "total_yes": "101.0", "total_no": "22.0"},
        {"undl_id": "2", "resolution": "A/RES/2194(XXI)[B]", "total_yes": "101.5",
         "undl_link": "https://digitallibrary.un.org/record/99"},
        {"undl_id": "3", "resolution": "A/RES/36/235XVII", "total_yes": "1e308"},
        {"undl_id": "9" * 20}, {"undl_id": str(2**63 - 5)},
    ))  # fmt: skip
    got = records.sort("undl_id").select("undl_id", "resolution", "total_yes", "total_no").rows()
    assert got == [(1, "A/RES/32/87F", 101, 22), (2, "A/RES/2194B(XXI)", None, None),
                   (3, "A/RES/36/235-XVII", None, None)]  # fmt: skip
    dirt = {d.rule: d for d in log.rows}
    totals = dirt["declared total not a whole number of at most three digits (142.5, -1, text): "
                  "left empty"]  # fmt: skip
    assert totals.count == 2 and totals.examples == ["line 3: total_yes 101.5",
                                                     "line 4: total_yes 1e308"]  # fmt: skip
    out = dirt[next(r for r in dirt if r.startswith("undl_id out of range"))]
    assert (out.count, out.left_out) == (2, True)
    assert dirt[
        "undl_link not the row's own record address: the address made from its undl_id used"
    ].examples == ["line 3: https://digitallibrary.un.org/record/99"]
    assert votes["undl_id"].to_list() == [1, 2, 3]


def test_version_1_modality_and_nv() -> None:
    """Version 1's NV is non-voting; a vote its modality says was not recorded is left out."""
    frame = voting({"ms_vote": "NV"}, {"undl_id": "8", "resolution": "A/RES/62/168"}).with_columns(
        pl.Series("modality", ["Vote, recorded", "Vote, non-recorded"])
    )
    votes, records, log = clean(frame)
    assert votes.select("undl_id", "vote").rows() == [(7, "X")]
    assert records["undl_id"].to_list() == [7]
    counts = rules(log)
    assert counts["NV (how version 1 writes non-voting) read as X"] == 1
    assert (
        counts["vote version 1's modality says was not recorded: left out (no per-state votes)"]
        == 1
    )


def test_an_undl_id_written_as_a_decimal_is_read_as_a_total_is() -> None:
    """`285346.0` is the control number 285346 (as `142.0` is the total 142), counted; the
    whole vote is no longer left out for it."""
    votes, records, log = clean(voting(
        {"undl_id": "285346.0", "ms_code": "FRA"}, {"undl_id": "285346", "ms_code": "DEU"},
        {"undl_id": "285346.5", "ms_code": "ITA"},
    ))  # fmt: skip
    assert records["undl_id"].to_list() == [285346]
    assert votes.select("undl_id", "code").rows() == [(285346, "FRA"), (285346, "DEU")]
    counts = rules(log)
    assert counts["undl_id written as a decimal (285346.0): read as the whole number"] == 1
    assert counts["row without a numeric undl_id left out"] == 1


def test_the_library_s_count_of_members_and_its_note_are_read() -> None:
    """total_ms (the number of member states) is read as a total is, dirt counted; a vote
    note is kept on one line for the report."""
    _, records, log = clean(voting(
        {"undl_id": "1", "total_ms": "192.0", "vote_note": "Subsequently\nX said it\n"},
        {"undl_id": "2", "total_ms": "1e9"},
    ))  # fmt: skip
    got = records.sort("undl_id").select("total_ms", "vote_note").rows()
    assert got == [(192, "Subsequently X said it"), (None, None)]
    assert (
        rules(log)[
            "total_ms (the Library's count of member states) not a whole number of at most three "
            "digits: not used"
        ]
        == 1
    )
