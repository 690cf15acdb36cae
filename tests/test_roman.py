"""Roman numerals, as symbols of sessions 1-30 write the session."""

from __future__ import annotations

import pytest

from unga_votes.roman import int_to_roman


@pytest.mark.parametrize(
    ("n", "numeral"),
    [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (15, "XV"), (26, "XXVI"), (40, "XL"),
     (49, "XLIX"), (90, "XC"), (199, "CXCIX")],
)  # fmt: skip
def test_int_to_roman(n: int, numeral: str) -> None:
    assert int_to_roman(n) == numeral
