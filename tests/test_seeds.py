"""The seed resolution A/RES/62/167 in data/ is exactly the vote list of seed 000."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib

import pytest
from helpers import ROOT, connect

from unga_votes.contribute.parse_votes import parse_votes

SEEDS = ROOT / "sources" / "seeds"
DATE = dt.date(2007, 12, 18)


def test_checksums() -> None:
    for line in (SEEDS / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


@pytest.fixture(scope="module")
def con():
    return connect(ROOT / "datapackage.json", ("state_names", "memberships", "votes", "roll_calls"))


def test_seed_votes_are_the_data(con) -> None:
    """Every name of seed 000 resolves on DATE (parse_votes: a name valid then, else the bare
    name without a parenthetical remark, else a later name of a state that was a member then),
    and the groups, matched to For/Against/Abstention/Absent by the infobox totals, are the
    votes of roll call 4813."""
    text = (SEEDS / "000_f5c3375268893088.txt").read_text(encoding="utf-8")
    expected = parse_votes(ROOT / "datapackage.json", DATE, text, con=con)
    assert len(expected.names) == 192 and expected.filled == []
    found = dict(con.execute("SELECT state, vote FROM votes WHERE roll_call = 4813").fetchall())
    assert found == expected.votes


def test_seed_totals_are_declared() -> None:
    with (ROOT / "data" / "roll_calls.csv").open(encoding="utf-8", newline="") as f:
        (row,) = [r for r in csv.DictReader(f) if r["roll_call"] == "4813"]
    declared = [row[f"declared_{k}"] for k in ("yes", "no", "abstain", "non_voting")]
    assert declared == ["101", "22", "59", "10"]
    assert row["resolution"] == "A/RES/62/167" and row["meeting"] == "A/62/PV.76"
