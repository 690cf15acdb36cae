"""The Library's codes to the package's states, by date; a name where the code says nothing."""

from __future__ import annotations

import datetime as dt

import polars as pl

from unga_votes.sources.undl.codes import code_table, map_states, name_table, normal_name

D = dt.date


def states() -> tuple[pl.DataFrame, pl.DataFrame]:
    codes = code_table(pl.DataFrame({"state": ["CHN", "TWN", "RUS", "SRB", "YUG", "KOR"]}))
    names = name_table(pl.DataFrame({
        "state": ["KOR", "KOR", "PRK"],
        "name": ["Republic of Korea", "South Korea", "Democratic People's Republic of Korea"],
    }))  # fmt: skip
    return codes, names


def test_codes_by_date() -> None:
    rows = pl.DataFrame({
        "code": ["CHN", "CHN", "SUN", "YUG", "YUG", "SCG", "XKX", ""],
        "name": ["CHINA", "CHINA", "USSR", "YUGOSLAVIA", "YUGOSLAVIA", "", "KOSOVO", "Palestine"],
        "date": [D(1970, 1, 1), D(1971, 10, 25), D(1985, 1, 1), D(1980, 1, 1), D(2001, 1, 1),
                 D(2004, 1, 1), D(2010, 1, 1), D(2012, 1, 1)],
    })  # fmt: skip
    out = map_states(rows, *states())
    assert out["state"].to_list() == ["TWN", "CHN", "RUS", "YUG", "SRB", "SRB", None, None]
    assert not out["by_name"].any()


def test_a_name_where_the_code_says_nothing() -> None:
    names = ["Republic  of  KOREA", "Democratic People\u2019s Republic of Korea"]
    rows = pl.DataFrame({"code": ["", "ZZZ"], "name": names, "date": [D(2020, 1, 1)] * 2})
    out = map_states(rows, *states())
    assert out["state"].to_list() == ["KOR", "PRK"] and out["by_name"].to_list() == [True, True]


def test_names_compare_alike() -> None:
    assert (
        normal_name("  Côte\u00a0d\u2019Ivoire ") == normal_name("CÔTE D'IVOIRE") == "côte d'ivoire"
    )
