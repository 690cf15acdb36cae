"""The official record keyed and dated like the package: year-only dates settled, one vote per
resolution, members only, each member once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from unga_votes.package import load_package, read_table
from unga_votes.sources.undl.clean import Log
from unga_votes.sources.undl.official import RANGE, prepare

D = dt.date


@pytest.fixture(scope="module")
def reference(fixture_root: Path) -> dict[str, pl.DataFrame]:
    package = load_package(fixture_root / "datapackage.json")
    out = {}
    for name in ("states", "state_names", "memberships"):
        table, _ = read_table(package, package.resource(name))
        out[name] = table.typed()
    return out


def record(undl_id: int, symbol: str, date, year=None, meeting="A/75/PV.1") -> dict:
    return {"undl_id": undl_id, "resolution": symbol, "session": "75", "date": date,
            "year": year, "meeting": meeting, "title": "t", "total_yes": None,
            "total_no": None, "total_abstentions": None, "total_non_voting": None,
            "undl_link": f"https://digitallibrary.un.org/record/{undl_id}", "line": 2}  # fmt: skip


def test_dates_votes_and_seats(reference: dict[str, pl.DataFrame]) -> None:
    records = pl.DataFrame([
        record(1, "A/RES/75/1", D(2020, 12, 16)),
        record(2, "A/RES/75/2", None, 2020),  # only a year: the meeting's date
        record(3, "A/RES/75/1", D(2020, 12, 1)),  # an earlier vote on 75/1: left out
    ])  # fmt: skip
    votes = pl.DataFrame({
        "undl_id": [1, 1, 1, 2, 2, 3], "code": ["FRA", "FRA", "CSK", "DEU", "ZZZ", "FRA"],
        "name": ["FRANCE", "FRANCE", "CZECHOSLOVAKIA", "GERMANY", "NOWHERE", "FRANCE"],
        "vote": ["Y", "N", "Y", "A", "Y", "N"], "line": [2, 3, 4, 5, 6, 7],
    })  # fmt: skip
    resolutions = records.select("resolution", "session", "date", "year", "meeting").unique(
        "resolution"
    )
    log, res_log = Log("v.csv"), Log("r.csv")
    official = prepare(votes, records, resolutions.with_columns(
        pl.lit("recorded vote").alias("adoption")), reference, log, res_log)  # fmt: skip
    assert official.records.select("undl_id", "roll_call", "date").rows() == [
        (1, RANGE + 1, D(2020, 12, 16)), (2, RANGE + 2, D(2020, 12, 16))]  # fmt: skip
    by_roll_call = official.votes.group_by("roll_call").len().sort("roll_call").rows()
    assert by_roll_call == [(RANGE + 1, 193), (RANGE + 2, 193)]  # every member, once
    first = dict(official.votes.filter(pl.col("roll_call") == RANGE + 1)
                 .select("state", "vote").rows())  # fmt: skip
    assert (first["FRA"], first["DEU"]) == ("Y", "X")  # the first of FRA's rows; DEU: X
    assert official.unmapped.select("code", "rows").rows() == [("ZZZ", 1)]
    rules = {d.rule: d.count for d in log.rows}
    assert rules["a further vote on one resolution left out (the latest is taken)"] == 1
    assert rules["date given only as a year: taken from the resolutions file or the meeting"] == 1
    assert rules["row for a state that was not a member on that date left out"] == 1
    assert rules["a second row for one state in one vote left out (the first is kept)"] == 1
    # Vote 1's members but FRA have no row; vote 2 lost a row naming no state (ZZZ): its
    # members without a row may be the one it named. Neither is said to be the Library's X.
    assert rules["member without a row in a vote: the CC0 vote where the CC0 data hold the "
                 "roll call, else X (non-voting)"] == 192  # fmt: skip
    assert rules["member whose row a rule left out: the CC0 vote where the CC0 data hold the "
                 "roll call, else X (non-voting)"] == 192  # fmt: skip
    notes = official.votes.group_by("roll_call", "note").len().sort("roll_call", "note").rows()
    assert notes == [
        (RANGE + 1, None, 1), (RANGE + 1, "no row in the Library's file", 192),
        (RANGE + 2, None, 1),
        (RANGE + 2, "no row of its own: a row of this vote that names no state was left out", 192),
    ]  # fmt: skip
    assert official.dropped.sort("roll_call", "state").rows() == [
        (RANGE + 1, "CSK", "row for a state that was not a member on that date left out"),
        (RANGE + 1, "FRA", "a second row for one state in one vote left out (the first is kept)"),
        (RANGE + 2, None, "row whose code and name name no state left out (see state code not "
                          "mapped)"),
    ]  # fmt: skip


def test_a_row_a_rule_left_out_is_never_the_library_s_x(
    reference: dict[str, pl.DataFrame],
) -> None:
    """FRA's vote was unreadable: FRA is X only as the import's filling, its note says which
    rule left its row out (the CC0 vote replaces it where the CC0 data hold the roll call)."""
    records = pl.DataFrame([record(1, "A/RES/75/1", D(2020, 12, 16))])
    votes = pl.DataFrame({"undl_id": [1, 1], "code": ["FRA", "DEU"], "name": ["F", "D"],
                          "vote": [None, "Y"], "line": [2, 3]})  # fmt: skip
    log = Log("v.csv")
    official = prepare(votes, records, None, reference, log, Log(""))
    fra = official.votes.filter(pl.col("state") == "FRA").select("vote", "note").row(0)
    assert fra == ("X", "row left out: vote not Y, N, A or X")
    assert official.rows_kept == 1 and official.records["rows"].to_list() == [1]


def test_a_left_out_vote_counts_its_rows(reference: dict[str, pl.DataFrame]) -> None:
    records = pl.DataFrame([
        record(1, "A/RES/75/1", D(2020, 12, 16)),
        record(2, "A/RES/75/2", None),  # no usable date: its three rows are left out
        record(3, "A/RES/75/1", D(2020, 12, 1)),  # a further vote: its two rows are left out
    ])  # fmt: skip
    votes = pl.DataFrame({
        "undl_id": [1, 2, 2, 2, 3, 3], "code": ["FRA", "FRA", "DEU", "ZZZ", "FRA", "DEU"],
        "name": ["FRANCE"] * 6, "vote": ["Y"] * 6, "line": [2, 3, 4, 5, 6, 7],
    })  # fmt: skip
    log = Log("v.csv")
    official = prepare(votes, records, None, reference, log, Log(""))
    left = {d.rule: (d.count, d.votes) for d in log.rows if d.left_out}
    assert left == {
        "vote without a usable date left out": (3, 1),
        "a further vote on one resolution left out (the latest is taken)": (2, 1),
    }
    assert official.rows_kept + sum(n for n, _ in left.values()) == votes.height


def test_without_a_resolutions_file_the_latest_vote_is_taken(
    reference: dict[str, pl.DataFrame],
) -> None:
    records = pl.DataFrame([
        record(1, "A/RES/75/1", D(2020, 12, 16)), record(2, "A/RES/75/1", D(2020, 12, 17)),
    ])  # fmt: skip
    votes = pl.DataFrame({"undl_id": [1, 2], "code": ["FRA", "FRA"], "name": ["FRANCE"] * 2,
                          "vote": ["Y", "N"], "line": [2, 3]})  # fmt: skip
    official = prepare(votes, records, None, reference, Log("v.csv"), Log(""))
    assert official.records["undl_id"].to_list() == [2]
    assert official.resolutions.select("resolution", "date", "adoption").rows() == [
        ("A/RES/75/1", D(2020, 12, 17), "recorded vote")]  # fmt: skip
    assert official.added.is_empty()  # nothing to report: there is no resolutions file
