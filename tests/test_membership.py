"""The number of members on a date is a query on the memberships table."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import ROOT, connect
from typer.testing import CliRunner

from unga_votes.cli import app
from unga_votes.membership import members_on


@pytest.fixture(scope="module")
def con():
    return connect(ROOT / "datapackage.json", ("memberships", "state_names"))


@pytest.mark.parametrize(
    ("date", "count"),
    [
        ("1945-10-23", 0),
        ("1945-10-24", 29),  # the Charter in force: 29 ratifications deposited
        ("1945-12-27", 51),  # the last of the 51 original members ratified
        ("1946-01-10", 51),  # the first meeting of the Assembly
        ("2006-06-27", 191),  # the day before Montenegro
        ("2006-06-28", 192),
        ("2007-12-18", 192),  # A/RES/62/167
        ("2011-07-13", 192),
        ("2011-07-14", 193),  # South Sudan
        ("2026-11-23", 193),
    ],
)
def test_members_on(con, date: str, count: int) -> None:
    assert len(members_on(con, dt.date.fromisoformat(date))) == count


def test_historical_seats(con) -> None:
    assert "TWN" in members_on(con, dt.date(1970, 1, 1))
    assert "TWN" not in members_on(con, dt.date(1971, 10, 26))
    assert "CHN" in members_on(con, dt.date(1971, 10, 26))
    both_germanys = members_on(con, dt.date(1973, 12, 1))
    assert {"DEU", "DDR"} <= set(both_germanys)
    assert "DDR" not in members_on(con, dt.date(1990, 10, 3))
    assert "IDN" not in members_on(con, dt.date(1965, 12, 1))
    assert "IDN" in members_on(con, dt.date(1966, 12, 1))


def test_members_command() -> None:
    result = CliRunner().invoke(
        app, ["members", "2007-12-18", "--package", str(ROOT / "datapackage.json")]
    )
    assert result.exit_code == 0
    assert result.output.startswith("192 members on 2007-12-18")


def test_members_command_without_a_package(tmp_path) -> None:
    result = CliRunner().invoke(
        app, ["members", "2007-12-18", "--package", str(tmp_path / "none.json")]
    )
    assert result.exit_code == 1 and "no such file" in result.output
