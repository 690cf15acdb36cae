"""The Library's cells read by stated rules: totals, control numbers, links, text, lists."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from helpers import ROOT, csv_rows

from unga_votes.sources.undl import import_undl
from unga_votes.sources.undl.values import (
    FIELDS,
    MAX_UNDL_ID,
    TITLE,
    own_link,
    tidy_field,
    total,
    total_dirty,
    undl_id,
)
from unga_votes.sources.undl.versions import RESOLUTIONS, VOTING
from unga_votes.validate import validate


def frame(**cols: list) -> pl.DataFrame:
    return pl.DataFrame(cols, schema=dict.fromkeys(cols, pl.String))


def test_totals_as_the_library_writes_them() -> None:
    cells = ["142.0", "0.0", "6", " 11.00 ", "", "142.5", "-1", "1e308", "9" * 20, "1000",
             "abc", "142.0.0"]  # fmt: skip
    out = frame(t=cells).select(total("t").alias("n"), total_dirty("t").alias("d"))
    assert out["n"].to_list() == [142, 0, 6, 11] + [None] * 8
    assert out["d"].to_list() == [False] * 5 + [True] * 7


def test_control_numbers_in_range() -> None:
    cells = ["279803", "0", "x7", str(MAX_UNDL_ID), str(MAX_UNDL_ID + 1), "9" * 20, " 12 "]
    out = frame(u=cells).select(undl_id("u"))["u"].to_list()
    assert out == [279803, None, None, MAX_UNDL_ID, None, None, 12]
    assert 10_000_000 + MAX_UNDL_ID == 2**53 - 1  # the roll call a JavaScript number holds


def test_only_the_row_s_own_record_address_is_believed() -> None:
    links = ["https://digitallibrary.un.org/record/7", "https://digitallibrary.un.org/record/7?ln=en",
             "https://digitallibrary.un.org/record/8", "https://evil.example/record/7",
             "https://digitallibrary.un.org/record/77"]  # fmt: skip
    out = frame(undl_link=links, undl_id=["7"] * 5).select(own_link())
    assert out.to_series().to_list() == [True, True, False, False, False]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Question of Palestine : resolution / adopted by the General Assembly",
         "Question of Palestine"),
        ("Trust Territories :P resolution / adopted by the General Assembly", "Trust Territories"),
        ("Nuclear-weapon-free zone : resolution / adopted by the General Assemly",
         "Nuclear-weapon-free zone"),
        ("Admission of Jamaica  resolution / adopted by the General Assembly",
         "Admission of Jamaica"),
        ("Resolution adopted by the General Assembly at its 2093rd plenary meeting",
         "Resolution adopted by the General Assembly at its 2093rd plenary meeting"),
        ("Situation in Kampuchea : resolutions / adopted by the General Assembly.",
         "Situation in Kampuchea"),
    ],
)  # fmt: skip
def test_the_catalogue_s_suffix_is_removed_from_titles(raw: str, clean: str) -> None:
    title, repaired = tidy_field(pl.Series([raw]), TITLE)
    assert title[0] == clean
    assert repaired.row(0)[0] == (raw != clean) and repaired.columns[0].startswith("catalogue")


def test_lists_are_split_tidied_and_deduplicated() -> None:
    cells = ["A/38/L.2|A/38/L.2/Add.1", " A/38/24 (Part II)| |A/38/24 (Part II) ", "",
             "=A/1\x1b|A/2"]  # fmt: skip
    drafts, repaired = tidy_field(pl.Series(cells), FIELDS["draft"])
    assert drafts.to_list() == ["A/38/L.2|A/38/L.2/Add.1", "A/38/24 (Part II)", None,
                                "'=A/1|A/2"]  # fmt: skip
    counted = {r: repaired[r].to_list() for r in repaired.columns}
    assert counted["empty or unusable value in a `|` list of draft dropped"] == [
        False, True, False, False]  # fmt: skip
    assert counted["value repeated in a `|` list of draft: kept once"] == [
        False, True, False, False]  # fmt: skip
    assert counted["control character removed from a draft symbol"] == [False, False, False, True]


def test_the_limits_are_the_schemas() -> None:
    """Each text field's limit is its Table Schema's maxLength (one source of truth, checked)."""
    where = {"title": ("resolutions", "title"), "draft": ("resolution_documents", "document"),
             "committee_report": ("resolution_documents", "document"),
             "agenda_title": ("resolution_agenda_titles", "agenda_title"),
             "subjects": ("resolution_subjects", "subject")}  # fmt: skip
    for column, (table, name) in where.items():
        schema = json.loads((ROOT / "schemas" / f"{table}.schema.json").read_text())
        field = next(f for f in schema["fields"] if f["name"] == name)
        assert field["constraints"]["maxLength"] == FIELDS[column].limit, column


def test_hostile_values_are_counted_never_fatal(built, tmp_path: Path) -> None:
    """Totals of 101.5, -5 and 1e308, an undl_id of 20 digits and one near 2^63, a link to
    another record, controls and markup in a title: each a counted rule naming the file and
    line; the edition is written, the CC0 totals (and the correction citing them) kept where
    the Library's are unusable, and the report quotes nothing a terminal or Markdown runs."""
    from undl_fixture import _csv, dirt, resolution_rows, voting_rows

    rows = dirt(voting_rows(built.package.parent))
    for r in rows:
        if r["undl_id"] == "1001":
            r["total_yes"] = "101.5"  # A/RES/62/167's: its CC0 totals (a correction) stay
        if r["undl_id"] == "1002":
            r["total_no"] = "-5"
        if r["undl_id"] == "2001":
            r["total_abstentions"] = "1e308"
        if r["undl_id"] == "2003":
            r["undl_link"] = "https://digitallibrary.un.org/record/1001"
        if r["undl_id"] == "2004":
            r["title"] = "Evil\x1b[2J\x00\u202e\x9b [click](https://evil.example) ![i](x)"
    rows += [r | {"undl_id": "9" * 20} for r in rows if r["undl_id"] == "2005"]
    rows += [r | {"undl_id": str(2**63 - 7)} for r in rows if r["undl_id"] == "2005"]
    (tmp_path / "v.csv").write_bytes(_csv(rows, VOTING))
    (tmp_path / "r.csv").write_bytes(_csv(resolution_rows(), RESOLUTIONS))
    out = tmp_path / "official"
    import_undl(tmp_path / "v.csv", tmp_path / "r.csv", out, built.package)
    rc = {r["resolution"]: r for r in csv_rows(out / "data" / "roll_calls.csv")}
    assert (rc["A/RES/62/167"]["declared_yes"], rc["A/RES/62/167"]["totals_source"]) == (
        "101", "A/62/PV.76")  # the CC0 data's, cited by corrections 9-12  # fmt: skip
    assert rc["A/RES/75/35B"]["source"] == "https://digitallibrary.un.org/record/2003"
    assert all(int(r["roll_call"]) > 0 for r in rc.values())
    doc = json.loads((out / "reconciliation.json").read_text(encoding="utf-8"))
    superseded = doc["categories"]["correction superseded by the official record"]["rows"]
    assert not [c for c in superseded if c["column"] == "declared_yes"]
    dirt_rows = {d["rule"]: d for d in doc["categories"]["dirty row handled"]["rows"]}
    totals = dirt_rows["declared total not a whole number of at most three digits (142.5, -1, "
                       "text): left empty"]  # fmt: skip
    assert totals["rows"] == 192 + 192 + 198 and "total_yes 101.5" in totals["examples"]
    assert "line 2: " in totals["examples"]
    big = next(d for r, d in dirt_rows.items() if r.startswith("undl_id out of range"))
    assert big["rows"] == 2 * 193 and big["left_out"]
    link = dirt_rows["undl_link not the row's own record address: the address made from its "
                     "undl_id used"]  # fmt: skip
    assert link["rows"] == 193
    md = (out / "reconciliation.md").read_text(encoding="utf-8")
    assert not any(c in md for c in "\x1b\x00\u202e\x9b")
    assert "[click](" not in md and "![i](" not in md
    assert validate(out / "datapackage.json").valid
