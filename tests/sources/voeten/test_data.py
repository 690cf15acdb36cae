"""Facts of the imported data (the committed data/ files), checked on real rows."""

from __future__ import annotations

import polars as pl
import pytest
from helpers import ROOT

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def votes() -> pl.DataFrame:
    rc = pl.read_csv(DATA / "roll_calls.csv", infer_schema=False).select(
        pl.col("roll_call"), pl.col("date").str.to_date()
    )
    v = pl.read_csv(DATA / "votes.csv", infer_schema=False)
    return v.join(rc, on="roll_call")


def states_in(votes: pl.DataFrame, roll_call: str) -> set[str]:
    return set(votes.filter(pl.col("roll_call") == roll_call)["state"])


def first_after(votes: pl.DataFrame, day: str, before: str = "2100-01-01") -> str:
    lo, hi = pl.lit(day).str.to_date(), pl.lit(before).str.to_date()
    hit = votes.filter((pl.col("date") >= lo) & (pl.col("date") < hi)).sort("date", "roll_call")
    return hit["roll_call"][0]


def test_namibia_is_present(votes: pl.DataFrame) -> None:
    nam = votes.filter(pl.col("state") == "NAM")
    assert nam.height > 1000 and {"Y", "N", "A"} & set(nam["vote"])
    states = pl.read_csv(DATA / "states.csv", infer_schema=False)
    assert states.filter(pl.col("state") == "NAM")["iso2"][0] == "NA"


def test_serbia_in_2007(votes: pl.DataFrame) -> None:
    assert {"SRB", "MNE"} <= states_in(votes, "4813")
    assert "YUG" not in states_in(votes, "4813")


def test_ussr_and_russian_federation_are_rus(votes: pl.DataFrame) -> None:
    for year in ("1990", "1992"):
        rc = first_after(votes, f"{year}-01-10", f"{year}-12-31")
        assert "RUS" in states_in(votes, rc)


def test_both_germanys_then_one(votes: pl.DataFrame) -> None:
    both = states_in(votes, first_after(votes, "1973-09-19", "1974-01-01"))
    assert {"DEU", "DDR"} <= both
    one = states_in(votes, first_after(votes, "1990-10-04"))
    assert "DEU" in one and "DDR" not in one


def test_republic_of_china_in_1970(votes: pl.DataFrame) -> None:
    seated = states_in(votes, first_after(votes, "1970-09-15", "1971-01-01"))
    assert "TWN" in seated and "CHN" not in seated


def test_indonesia_not_a_member_in_1965(votes: pl.DataFrame) -> None:
    rc = first_after(votes, "1965-01-21", "1966-01-01")
    assert "IDN" not in states_in(votes, rc)
    gap = votes.filter(
        (pl.col("state") == "IDN")
        & (pl.col("date") >= pl.date(1965, 1, 20))
        & (pl.col("date") < pl.date(1966, 9, 28))
    )
    assert gap.height == 0


def test_south_sudan_first_vote(votes: pl.DataFrame) -> None:
    assert "SSD" in states_in(votes, first_after(votes, "2011-07-14"))
    assert (
        votes.filter((pl.col("state") == "SSD") & (pl.col("date") < pl.date(2011, 7, 14))).height
        == 0
    )


def test_every_roll_call_has_votes() -> None:
    rc = pl.read_csv(DATA / "roll_calls.csv", infer_schema=False)
    v = pl.read_csv(DATA / "votes.csv", infer_schema=False, columns=["roll_call"])
    assert rc.height == 6203 and set(rc["roll_call"]) == set(v["roll_call"])
    assert sorted(
        set(rc["session"].filter(rc["session"].str.contains("^[0-9]+$")).cast(int))
    ) == list(range(1, 75))


def test_seed_resolutions_kept() -> None:
    res = pl.read_csv(DATA / "resolutions.csv", infer_schema=False)
    row = res.filter(pl.col("resolution") == "A/RES/74/166").row(0, named=True)
    assert row["adoption"] == "without a vote" and row["roll_call"] is None
    row = res.filter(pl.col("resolution") == "A/RES/62/167").row(0, named=True)
    assert (row["roll_call"], row["meeting"]) == ("4813", "A/62/PV.76")
