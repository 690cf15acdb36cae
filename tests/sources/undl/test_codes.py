"""The Library's codes to the package's states, by date; a name where the code says nothing."""

from __future__ import annotations

import datetime as dt

import polars as pl

from unga_votes.sources.undl.codes import code_table, map_states, name_table, normal_name

D = dt.date


def states() -> tuple[pl.DataFrame, pl.DataFrame]:
    codes = code_table(
        pl.DataFrame(
            {
                "state": [
                    "CHN",
                    "TWN",
                    "RUS",
                    "SRB",
                    "YUG",
                    "KOR",
                    "DEU",
                    "DDR",
                    "CSK",
                    "YMD",
                    "TZA",
                    "XZZ",
                    "TUR",
                ]
            }
        )
    )
    names = name_table(pl.DataFrame({
        "state": ["KOR", "KOR", "PRK", "TUR", "TUR", "CIV"],
        "name": ["Republic of Korea", "South Korea", "Democratic People's Republic of Korea",
                 "Türkiye", "Turkey", "Côte d'Ivoire"],
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


def test_historical_codes_by_code_and_date() -> None:
    """The codes the Library writes for seats the package codes otherwise, by code and date,
    never by the name beside them (a name in capitals, or none)."""
    rows = pl.DataFrame({
        "code": ["GER", "GER", "DDR", "CSK", "YMD", "SUN", "YUG", "YUG", "SCG", "EAT", "EAZ"],
        "name": ["GERMANY, FEDERAL REPUBLIC OF", "", "GERMAN DEMOCRATIC REPUBLIC",
                 "CZECHOSLOVAKIA", "DEMOCRATIC YEMEN", "USSR", "YUGOSLAVIA", "YUGOSLAVIA",
                 "SERBIA AND MONTENEGRO", "TANGANYIKA", "ZANZIBAR"],
        "date": [D(1985, 12, 12), D(1990, 10, 2), D(1985, 12, 12), D(1985, 12, 12),
                 D(1985, 12, 12), D(1985, 12, 12), D(1985, 12, 12), D(2001, 1, 1),
                 D(2004, 1, 1), D(1962, 1, 1), D(1964, 1, 1)],
    })  # fmt: skip
    out = map_states(rows, *states())
    assert out["state"].to_list() == ["DEU", "DEU", "DDR", "CSK", "YMD", "RUS", "YUG", "SRB",
                                      "SRB", "TZA", "XZZ"]  # fmt: skip
    assert not out["by_name"].any()


def test_names_in_capitals_and_variant_spellings() -> None:
    """Where no code says which state: the Library's capitals, accents or not, a Turkish name
    read through the wrong code page, an apostrophe in lower case."""
    names = ["TÜRKÝYE", "TÜRKİYE", "TÜRKIYE", "COTE D'IVOIRE", "CÔTE D'IVOIRE", "SOUTH KOREA"]
    rows = pl.DataFrame({"code": [""] * 6, "name": names, "date": [D(2023, 1, 1)] * 6})
    out = map_states(rows, *states())
    assert out["state"].to_list() == ["TUR", "TUR", "TUR", "CIV", "CIV", "KOR"]


def test_names_compare_alike() -> None:
    assert (
        normal_name("  Côte\u00a0d\u2019Ivoire ") == normal_name("CÔTE D'IVOIRE") == "cote d'ivoire"
    )
    assert normal_name("LAO PEOPLE's DEMOCRATIC REPUBLIC") == normal_name(
        "Lao People\u2019s Democratic Republic"
    )
