"""The Library's ways of writing a resolution symbol, each made the package's symbol."""

from __future__ import annotations

import polars as pl
import pytest
from helpers import ROOT

from unga_votes.package import load_package
from unga_votes.sources.undl.allowed import allowed
from unga_votes.sources.undl.symbols import canonical, rewritten

SYMBOL = allowed(load_package(ROOT / "datapackage.json"), "resolution")


def accepted(text: str) -> bool:
    return pl.select(SYMBOL.ok(pl.lit(text))).item()


@pytest.mark.parametrize(
    ("library", "package"),
    [
        ("A/RES/62/167", "A/RES/62/167"),
        ("A/RES/32/87[F]", "A/RES/32/87F"),
        ("A/RES/2194(XXI)[B]", "A/RES/2194B(XXI)"),
        ("A/RES/3029(XXVII)[C]", "A/RES/3029C(XXVII)"),
        ("A/RES/3029A(XXVII)", "A/RES/3029A(XXVII)"),  # as the CC0 data write it
        ("A/RES/2194(XXI)B", "A/RES/2194B(XXI)"),
        ("A/RES/36/235[B-VIII]", "A/RES/36/235B-VIII"),
        ("A/RES/36/235[VIII]", "A/RES/36/235-VIII"),
        ("A/RES/36/235XVII", "A/RES/36/235-XVII"),
        ("A/RES/36/235[X]", "A/RES/36/235X"),  # one letter: a part
        ("A/RES/1000(XX)[B-II]", "A/RES/1000B-II(XX)"),
        ("A/RES/2758 (XXVI)", "A/RES/2758(XXVI)"),
        ("A/RES/62/223 A", "A/RES/62/223A"),
        ("a/res/62/167", "A/RES/62/167"),
        ("A/RES/ES-10/21", "A/RES/ES-10/21"),
        ("A/RES/S-27/2", "A/RES/S-27/2"),
    ],
)
def test_every_form_becomes_the_package_symbol(library: str, package: str) -> None:
    out = pl.DataFrame({"s": [library]}).select(
        canonical(pl.col("s")).alias("c"), rewritten(pl.col("s")).alias("r")
    )
    assert out["c"][0] == package and out["r"][0] == (library != package)
    assert accepted(package)


@pytest.mark.parametrize("text", ["A/RES/36/235BVIII", "not a symbol", "A/RES/62/", "", "S/RES/1"])
def test_what_is_no_symbol_stays_none(text: str) -> None:
    out = pl.DataFrame({"s": [text]}).select(canonical(pl.col("s")))
    assert not accepted(out.item())
