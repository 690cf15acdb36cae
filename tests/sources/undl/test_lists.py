"""What the Library adds to a resolution, one row per value, and the CC0 rows for the rest."""

from __future__ import annotations

import polars as pl

from unga_votes.sources.undl.lists import extra_tables, rows


def test_one_row_per_value_in_the_library_s_order() -> None:
    res = pl.DataFrame({
        "resolution": ["A/RES/1(I)", "A/RES/2(I)"],
        "subjects": ["WOMEN|HUMAN RIGHTS--REPORTS", None],
        "draft": ["A/L.2|A/L.1", None], "committee_report": [None, "A/900"],
        "agenda_title": [None, "An item."],
    })  # fmt: skip
    assert rows(res, "resolution_subjects").rows() == [
        ("A/RES/1(I)", "WOMEN"), ("A/RES/1(I)", "HUMAN RIGHTS--REPORTS")]  # fmt: skip
    assert rows(res, "resolution_documents").rows() == [
        ("A/RES/1(I)", "draft", "A/L.2"), ("A/RES/1(I)", "draft", "A/L.1"),
        ("A/RES/2(I)", "committee report", "A/900")]  # fmt: skip
    cc0 = {"resolution_subjects": pl.DataFrame({"resolution": ["A/RES/1(I)", "A/RES/9(I)"],
                                                "subject": ["OLD", "KEPT"]})}  # fmt: skip
    out = extra_tables(res, cc0)["resolution_subjects"]
    assert out.rows() == [("A/RES/1(I)", "WOMEN"), ("A/RES/1(I)", "HUMAN RIGHTS--REPORTS"),
                          ("A/RES/9(I)", "KEPT")]  # fmt: skip
