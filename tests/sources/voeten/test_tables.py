"""Voeten tables: free text cleaned, members on a date, unres codes checked, sequence letters."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from helpers import ROOT

from unga_votes.package import load_package, read_table
from unga_votes.sources.importer import SourceError
from unga_votes.sources.voeten.sources import read_source
from unga_votes.sources.voeten.states import code_map
from unga_votes.sources.voeten.tables import (
    build_roll_calls,
    build_votes,
    check_unres,
    clean_text,
    numbering_ranges,
    sequence_letters,
)

D = dt.date


def test_clean_text() -> None:
    """Backslashes go, doubled quotes become one, whitespace runs one space, ends stripped,
    empty becomes null."""
    raw = ['  a\\b  ""quoted""\tc  ', '""x""', "one\n\ntwo", "   ", '"\\"', None]
    out = pl.DataFrame({"t": raw}).select(clean_text("t").alias("t"))["t"].to_list()
    assert out == ['ab "quoted" c', "x", "one two", None, None, None]


def roll_calls(rows: list[tuple[int, int, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema={"rcid": pl.Int64, "src_session": pl.Int64, "unres": pl.String}, orient="row"
    )


def old_sessions() -> list[tuple[int, int, str | None]]:
    """Sessions 20-22, codes 2001-2010, 2101-2110 and 2201-2210 (rcid 1-30)."""
    return [
        (10 * i + n, s, f"R/{s}/{100 * s + n}")
        for i, s in enumerate((20, 21, 22))
        for n in range(1, 11)
    ]


def test_numbering_ranges_from_the_bulk_of_the_codes() -> None:
    """Old sessions: the 10th-90th percentile widened by half its span, clipped by the
    neighbours; from session 31, 1-400."""
    check = check_unres(roll_calls([*old_sessions(), (100, 21, "R/21/2500"), (101, 40, "R/40/5")]))
    assert check.ranges.rows() == [
        (20, 10, 2002, 2009, 1999, 2012),
        (21, 11, 2102, 2110, 2098, 2114),
        (22, 10, 2202, 2209, 2199, 2212),
        (40, 1, 5, 5, 1, 400),
    ]


def test_numbering_ranges_ignore_rejected_and_special_codes() -> None:
    """Only regular codes without a reason count; a lone old session is judged alone."""
    frame = pl.DataFrame(
        {
            "prefix": ["", "", "", "", "ES-"],
            "why": [None, None, None, "shape not mapped", None],
            "code_session": [5, 5, 5, 5, 5],
            "number": [100, 110, 120, 900, 5000],
        }
    )
    assert numbering_ranges(frame).rows() == [(5, 3, 100, 120, 90, 130)]


def test_overlapping_sessions_get_no_range() -> None:
    rows = [(n + 10 * s, s, f"R/{s}/{n}") for s in (2, 3) for n in range(1, 6)]
    check = check_unres(roll_calls(rows))
    assert check.ranges.select("session", "lo", "hi").rows() == [(2, None, None), (3, None, None)]
    assert check.frame["symbol"].null_count() == 10
    assert check.frame["why"][0] == (
        "session 2: its codes are not resolution numbers in bulk (they overlap the "
        "neighbouring sessions' numbers), so none is mapped"
    )


def test_check_unres_accepts_and_rejects_codes() -> None:
    extra = [
        (100, 21, "R/21/2500"),
        (101, 21, "R/22/2205"),
        (102, 40, "R/40/5"),
        (103, 40, "R/40/450"),
        (104, 40, None),
        (105, 40, "GOAR/40"),
        (106, 41, "ESS/10/21"),
        (107, 21, "ESS/5/2050"),
        (108, 21, "ESS/5/3000"),
    ]
    check = check_unres(roll_calls([*old_sessions(), *extra]))
    got = {
        r[0]: r[1:]
        for r in check.frame.select("rcid", "session", "symbol", "why").iter_rows()
        if r[0] >= 100 or r[0] == 11
    }
    assert got == {
        11: ("21", "A/RES/2101(XXI)", None),
        100: ("21", None, "number 2500 outside the numbering range 2098-2114 of session 21"),
        101: ("21", None, "code session 22 differs from the roll call's session 21"),
        102: ("40", "A/RES/40/5", None),
        103: ("40", None, "number 450 outside the numbering range 1-400 of session 40"),
        104: ("40", None, "blank code"),
        105: ("40", None, "shape not mapped"),
        106: ("ES-10", "A/RES/ES-10/21", None),
        107: ("ES-5", "A/RES/2050(ES-V)", None),
        108: (
            "ES-5",
            None,
            "number 3000 outside the range 1999-2114 of the regular sessions around it",
        ),
    }


def test_sequence_letters() -> None:
    """Letters on one number with a part vote are dropped; all-whole letters and new-style
    sessions keep theirs."""
    rows = [
        ("A", "", 26, 2758, "amendment", "A/RES/2758A(XXVI)"),
        ("G", "", 26, 2758, "whole", "A/RES/2758G(XXVI)"),
        ("A", "", 21, 2200, "whole", "A/RES/2200A(XXI)"),
        ("B", "", 21, 2200, "whole", "A/RES/2200B(XXI)"),
        ("A", "", 42, 70, "amendment", "A/RES/42/70A"),
        ("", "", 26, 2759, "paragraph", "A/RES/2759(XXVI)"),
    ]
    frame = pl.DataFrame(
        rows, schema=["letter", "prefix", "code_session", "number", "kind", "symbol"], orient="row"
    )
    out = sequence_letters(frame).select("symbol", "letter_dropped").rows()
    assert out == [
        ("A/RES/2758(XXVI)", True),
        ("A/RES/2758(XXVI)", True),
        ("A/RES/2200A(XXI)", False),
        ("A/RES/2200B(XXI)", False),
        ("A/RES/42/70A", False),
        ("A/RES/2759(XXVI)", False),
    ]


def test_source_rows_the_import_cannot_read_are_source_errors() -> None:
    """A roll call without a date, a vote code the source does not define: one line, and the
    import stops (the first rows of the vendored files, one of them changed)."""
    src = ROOT / "sources" / "voeten"
    rc = read_source(src, "unvotes2021_roll_calls.csv.gz").head(3)
    desc = read_source(src, "voeten2016_descriptions.csv.gz").head(3)
    undated = rc.with_columns(date=pl.when(pl.col("rcid") == "3").then(None).otherwise("date"))
    with pytest.raises(SourceError, match=r"^roll calls without a date in unvotes2021_roll_calls$"):
        build_roll_calls(undated, desc)
    package = load_package(ROOT / "datapackage.json")
    states = read_table(package, package.resource("states"))[0]
    members = read_table(package, package.resource("memberships"))[0]
    assert states is not None and members is not None
    v16 = read_source(src, "voeten2016_votes.csv.gz").select("rcid", "vote", "ccode").head(5)
    v21 = read_source(src, "unvotes2021_votes.csv.gz").head(0)
    built, codes = build_roll_calls(rc, desc)[0], code_map(states.cells())
    assert build_votes(built, v16, v21, members.typed(), codes)["votes"].height > 0
    with pytest.raises(SourceError, match=r"^unknown vote codes in the source$"):
        build_votes(built, v16.with_columns(pl.lit("7").alias("vote")), v21, members.typed(), codes)
