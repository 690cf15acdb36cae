"""unres codes to resolution symbols and sessions (unga_votes.voeten.symbols)."""

from __future__ import annotations

import pytest

from unga_votes.sources.voeten.symbols import parse_unres, session_from_code, symbol_of


@pytest.mark.parametrize(
    ("code", "symbol", "session"),
    [
        ("R/62/167", "A/RES/62/167", "62"),
        ("A/RES/62/167", "A/RES/62/167", "62"),
        ("R/15/1514", "A/RES/1514(XV)", "15"),
        ("R/21/2200A", "A/RES/2200A(XXI)", "21"),
        ("R/42/70/A", "A/RES/42/70A", "42"),
        ("ESS/10/21", "A/RES/ES-10/21", "ES-10"),
        ("A/RES/ES-10/19", "A/RES/ES-10/19", "ES-10"),
        ("SS/27/2", "A/RES/S-27/2", "S-27"),
        ("ESS/2/79B", "A/RES/79B(ES-II)", "ES-2"),
    ],
)
def test_symbol_conversions(code: str, symbol: str, session: str) -> None:
    assert symbol_of(code) == symbol
    parsed = parse_unres(code)
    assert parsed is not None and parsed.session_label == session


@pytest.mark.parametrize("code", [None, "", "R/33/116A/I", "GOAR/1/1288B", "R/10 65", "R/6444A"])
def test_codes_not_mapped(code: str | None) -> None:
    assert parse_unres(code) is None


def test_session_only_codes() -> None:
    assert session_from_code("SS/5") == "S-5"
    assert session_from_code("R/62/167") is None
