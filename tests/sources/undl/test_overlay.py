"""The official record over the CC0 data: what it replaces, adds, unlinks and reports."""

from __future__ import annotations

import datetime as dt

import polars as pl

from unga_votes.sources.undl.clean import Log
from unga_votes.sources.undl.official import RANGE, Official
from unga_votes.sources.undl.overlay import lay_over

D = dt.date
RC_COLS = {"roll_call": pl.Int64, "session": pl.String, "date": pl.Date,
           "date_precision": pl.String, "meeting": pl.String, "subject": pl.String,
           "resolution": pl.String, "declared_yes": pl.Int64, "declared_no": pl.Int64,
           "declared_abstain": pl.Int64, "declared_non_voting": pl.Int64,
           "totals_source": pl.String, "description": pl.String, "source": pl.String,
           "rcid": pl.Int64, "unres": pl.String, "important_vote": pl.Boolean}  # fmt: skip
RES_COLS = {"resolution": pl.String, "session": pl.String, "date": pl.Date,
            "date_precision": pl.String, "title": pl.String, "adoption": pl.String,
            "roll_call": pl.Int64, "meeting": pl.String, "source": pl.String}  # fmt: skip


def cc0() -> dict[str, pl.DataFrame]:
    rc = pl.DataFrame([
        (1, "40", D(1985, 12, 3), "month", None, "resolution", "A/RES/40/1", 2, 0, 0, None,
         "src", "d", "s", 1, None, None),
        (2, "40", D(1985, 12, 5), "month", None, "resolution", "A/RES/40/2", 1, 1, 0, None,
         "src", "d", "s", 2, None, None),
    ], schema=RC_COLS, orient="row")  # fmt: skip
    res = pl.DataFrame([
        ("A/RES/40/1", "40", D(1985, 12, 3), "month", None, "recorded vote", 1, None, "s"),
        ("A/RES/40/2", "40", D(1985, 12, 5), "month", "x", "recorded vote", 2, None, "s"),
    ], schema=RES_COLS, orient="row")  # fmt: skip
    votes = pl.DataFrame({"roll_call": [1, 1, 2, 2], "state": ["FRA", "DEU"] * 2,
                          "vote": ["Y", "Y", "Y", "N"]})  # fmt: skip
    return {"roll_calls": rc, "resolutions": res, "votes": votes}


def official() -> Official:
    records = pl.DataFrame({
        "undl_id": [7], "roll_call": [RANGE + 7], "resolution": ["A/RES/40/1"], "session": ["40"],
        "date": [D(1985, 12, 10)], "meeting": ["A/40/PV.100"], "title": ["One"],
        "total_yes": [1], "total_no": [1], "total_abstentions": [0], "total_non_voting": [0],
        "total_ms": [2], "undl_link": ["https://digitallibrary.un.org/record/7"], "line": [2],
    })  # fmt: skip
    votes = pl.DataFrame({"roll_call": [RANGE + 7] * 2, "state": ["FRA", "DEU"],
                          "vote": ["Y", "N"], "note": [None, None]},
                         schema_overrides={"note": pl.String})  # fmt: skip
    resolutions = pl.DataFrame({
        "resolution": ["A/RES/40/1", "A/RES/40/2"], "session": ["40", "40"],
        "date": [D(1985, 12, 10), D(1985, 12, 5)], "title": ["One", "Two"],
        "adoption": ["recorded vote", "without a vote"], "meeting": [None, None],
        "record_id": [8, None],  # a row whose undl_id was no control number: the file's page
        "subjects": ["HUMAN RIGHTS|WOMEN", None], "draft": [None, "A/40/L.1|A/40/L.1/Add.1"],
        "committee_report": [None, "A/40/900"], "agenda_title": ["An item.", None],
        "total_yes": [None, None], "total_no": [None, None], "total_abstentions": [None, None],
        "total_non_voting": [None, None], "line": [2, 3],
    }, schema_overrides=dict.fromkeys(("total_yes", "total_no", "total_abstentions",
                                       "total_non_voting"), pl.Int64))  # fmt: skip
    return Official(records, votes, resolutions, pl.DataFrame())


def test_the_official_record_replaces_and_reports() -> None:
    edition = lay_over(cc0(), official())
    rc = edition.tables["roll_calls"].sort("roll_call")
    first = rc.row(0, named=True)
    assert (first["date"], first["date_precision"], first["meeting"]) == (
        D(1985, 12, 10), "day", "A/40/PV.100")  # fmt: skip
    assert (first["declared_yes"], first["declared_no"]) == (1, 1)
    assert first["totals_source"] == "https://digitallibrary.un.org/record/7"
    # A/RES/40/2 was adopted without a vote: its CC0 roll call no longer names it.
    assert rc.row(1, named=True)["resolution"] is None
    votes = edition.tables["votes"].filter(pl.col("roll_call") == 1)
    assert dict(votes.select("state", "vote").rows()) == {"FRA": "Y", "DEU": "N"}
    f = edition.findings
    assert f["date differs"].select("roll_call", "days").rows() == [(1, 7)]
    assert f["state vote differs"].select("state", "cc0", "official").rows() == [("DEU", "Y", "N")]
    assert f["declared totals differ"].select("cc0", "official").rows() == [("2-0-0-?", "1-1-0-0")]
    assert f["adoption differs"].select("resolution", "official").rows() == [
        ("A/RES/40/2", "without a vote")]  # fmt: skip
    res = edition.tables["resolutions"].sort("resolution")
    assert res.select("resolution", "adoption", "roll_call", "source").rows() == [
        ("A/RES/40/1", "recorded vote", 1, "https://digitallibrary.un.org/record/8"),
        ("A/RES/40/2", "without a vote", None, "https://digitallibrary.un.org/record/4060945"),
    ]  # fmt: skip


def test_a_recorded_vote_outweighs_the_modality_and_a_vote_nowhere_is_left_out() -> None:
    o = official()
    # The resolutions file says 40/1 was adopted without a vote; the voting file holds its vote.
    # It says 40/3 was adopted by recorded vote; neither source holds that vote.
    o.resolutions = pl.concat([
        o.resolutions.with_columns(
            pl.when(pl.col("resolution") == "A/RES/40/1").then(pl.lit("without a vote"))
            .otherwise("adoption").alias("adoption")),
        o.resolutions.head(1).with_columns(pl.lit("A/RES/40/3").alias("resolution")),
    ]).with_columns(pl.Series("line", [2, 3, 4]))  # fmt: skip
    log = Log("r.csv")
    edition = lay_over(cc0(), o, log)
    res = edition.tables["resolutions"].sort("resolution")
    assert res.select("resolution", "adoption", "roll_call").rows() == [
        ("A/RES/40/1", "recorded vote", 1), ("A/RES/40/2", "without a vote", None)]  # fmt: skip
    assert edition.tables["roll_calls"].sort("roll_call")["resolution"][0] == "A/RES/40/1"
    differs = edition.findings["adoption differs between the two files"]
    assert differs.select("resolution", "resolutions_file", "voting_file", "line").rows() == [
        ("A/RES/40/1", "without a vote", "recorded vote", 2)]  # fmt: skip
    (dirt,) = log.rows
    assert (dirt.count, dirt.left_out, dirt.examples) == (1, True, ["A/RES/40/3 (line 4)"])
    assert edition.resolutions_left_out == 1


def test_what_the_library_adds_is_one_row_per_value() -> None:
    edition = lay_over(cc0(), official())
    t = edition.tables
    assert t["resolution_subjects"].rows() == [("A/RES/40/1", "HUMAN RIGHTS"),
                                               ("A/RES/40/1", "WOMEN")]  # fmt: skip
    assert t["resolution_documents"].rows() == [
        ("A/RES/40/2", "draft", "A/40/L.1"), ("A/RES/40/2", "draft", "A/40/L.1/Add.1"),
        ("A/RES/40/2", "committee report", "A/40/900")]  # fmt: skip
    assert t["resolution_agenda_titles"].rows() == [("A/RES/40/1", "An item.")]


def test_totals_the_library_cannot_give_leave_the_cc0_ones() -> None:
    """A total left empty by a rule (101.5, -5, 1e308): the CC0 totals, their source and the
    correction citing them stay; the roll call is listed."""
    o = official()
    o.records = o.records.with_columns(pl.lit(None, pl.Int64).alias("total_yes"))
    edition = lay_over(cc0(), o)
    first = edition.tables["roll_calls"].sort("roll_call").row(0, named=True)
    assert (first["declared_yes"], first["declared_no"], first["totals_source"]) == (2, 0, "src")
    unusable = edition.findings["declared totals not usable in the Library record"]
    assert unusable.select("roll_call", "official", "edition").rows() == [
        (1, "?-1-0-0", "the CC0 totals kept")]  # fmt: skip
    assert edition.findings["declared totals differ"].is_empty()


def test_a_vote_the_cc0_data_hold_without_a_symbol_is_laid_over_it() -> None:
    """The CC0 roll call 3 (no symbol, dated to the month) is the Library's A/RES/40/9: it
    takes the symbol, day, meeting and totals, keeps its number, and no roll call is added."""
    data = cc0()
    data["roll_calls"] = pl.concat([data["roll_calls"], pl.DataFrame([
        (3, "40", D(1985, 12, 1), "month", None, "resolution", None, 2, 0, 0, None, "src", "d",
         "s", 3, None, None)], schema=RC_COLS, orient="row")])  # fmt: skip
    data["votes"] = pl.concat([data["votes"], pl.DataFrame(
        {"roll_call": [3, 3], "state": ["FRA", "DEU"], "vote": ["Y", "Y"]})])  # fmt: skip
    o = official()
    o.records = o.records.with_columns(pl.lit("A/RES/40/9").alias("resolution"))
    o.votes = o.votes.with_columns(pl.lit("Y").alias("vote"))
    o.resolutions = o.resolutions.with_columns(
        pl.when(pl.col("resolution") == "A/RES/40/1").then(pl.lit("A/RES/40/9"))
        .otherwise("resolution").alias("resolution"))  # fmt: skip
    edition = lay_over(data, o)
    rc = edition.tables["roll_calls"]
    assert rc.height == 3 and rc["roll_call"].max() == 3  # none added beside it
    third = rc.filter(pl.col("roll_call") == 3).row(0, named=True)
    assert (third["resolution"], third["date"], third["date_precision"], third["meeting"]) == (
        "A/RES/40/9", D(1985, 12, 10), "day", "A/40/PV.100")  # fmt: skip
    assert third["totals_source"] == "https://digitallibrary.un.org/record/7"
    res = edition.tables["resolutions"].filter(pl.col("resolution") == "A/RES/40/9")
    assert res["roll_call"].to_list() == [3]
    found = edition.findings["roll call matched by date and votes"]
    assert found.select("roll_call", "resolution", "agreement_percent").rows() == [
        (3, "A/RES/40/9", 100.0)]  # fmt: skip
    assert edition.findings["roll call only in the official record"].is_empty()
    assert edition.headline.filter(pl.col("decade") == "all").select(
        "in_cc0", "by_votes").row(0) == (1, 1)  # fmt: skip


def test_a_row_the_import_left_out_keeps_the_cc0_vote_and_says_so() -> None:
    """DEU's Library row was left out by a rule: DEU keeps its CC0 vote (never an X said to
    be the Library's), is listed, and the roll call's gap says what the import did."""
    o = official()
    o.votes = o.votes.with_columns(
        pl.when(pl.col("state") == "DEU").then(pl.lit("X")).otherwise("vote").alias("vote"),
        pl.when(pl.col("state") == "DEU").then(pl.lit("row left out: vote not Y, N, A or X"))
        .alias("note"),
    )  # fmt: skip
    o.dropped = pl.DataFrame({"roll_call": [RANGE + 7], "state": ["DEU"],
                              "rule": ["vote not Y, N, A or X: row left out"]})  # fmt: skip
    edition = lay_over(cc0(), o)
    votes = edition.tables["votes"].filter(pl.col("roll_call") == 1)
    assert dict(votes.select("state", "vote").rows()) == {"FRA": "Y", "DEU": "Y"}
    silent = edition.findings["state without a usable row in the Library's vote"]
    assert silent.select("roll_call", "state", "library", "cc0", "edition").rows() == [
        (1, "DEU", "row left out: vote not Y, N, A or X", "Y", "Y")]  # fmt: skip
    assert edition.findings["state vote differs"].is_empty()
    assert edition.gaps.rows() == [(1, "the import left out 1 of its rows (vote not Y, N, A or "
                                       "X: 1); 1 member(s) without a usable row of its own hold "
                                       "the CC0 vote")]  # fmt: skip


def test_a_total_only_one_side_gives_is_no_difference() -> None:
    """The CC0 roll call gives no non-voting total; the Library gives 0: not a difference of
    the totals (it is 'declared total the CC0 data lack', counted apart)."""
    o = official()
    o.records = o.records.with_columns(pl.lit(2).alias("total_yes"), pl.lit(0).alias("total_no"))
    edition = lay_over(cc0(), o)
    assert edition.findings["declared totals differ"].is_empty()
    lack = edition.findings["declared total the CC0 data lack"]
    assert lack.select("roll_call", "lacking", "cc0", "official").rows() == [
        (1, "non-voting", "2-0-0-?", "2-0-0-0")]  # fmt: skip


def test_a_non_recorded_vote_s_totals_are_kept_where_a_user_can_query_them() -> None:
    """The resolutions file's totals of a non-recorded vote (112-2-30) were kept nowhere;
    those given for a resolution adopted without a vote are counted, not kept."""
    o = official()
    o.resolutions = o.resolutions.with_columns(
        pl.Series("adoption", ["non-recorded vote", "without a vote"]),
        pl.Series("total_yes", [112, 5]), pl.Series("total_no", [2, 0]),
        pl.Series("total_abstentions", [30, 0]),
    )  # fmt: skip
    o.records = o.records.with_columns(pl.lit("A/RES/40/7").alias("resolution"))
    log = Log("r.csv")
    edition = lay_over(cc0(), o, log)
    assert edition.tables["resolution_totals"].rows() == [
        ("A/RES/40/1", 112, 2, 30, None, "https://digitallibrary.un.org/record/8")]  # fmt: skip
    (dirt,) = [d for d in log.rows if d.rule.startswith("declared totals given for a")]
    assert (dirt.count, dirt.examples) == (1, ["A/RES/40/2 (line 3)"])
