"""Roman numerals, as the symbols of sessions 1-30 write the session: A/RES/1514(XV)."""

from __future__ import annotations

VALUES = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def int_to_roman(number: int) -> str:
    out = []
    for value, numeral in VALUES:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)
