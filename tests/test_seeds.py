"""The seed resolution A/RES/62/167 in data/ is exactly the vote list of seed 000."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re

import pytest
from conftest import ROOT

from unga_votes.package import load_package
from unga_votes.read import read_table
from unga_votes.validate import connect_tables

SEEDS = ROOT / "sources" / "seeds"
DATE = dt.date(2007, 12, 18)
GROUPS = {"For": "Y", "Against": "N", "Abstention": "A", "Absent": "X"}


def test_checksums() -> None:
    for line in (SEEDS / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


def seed_votes() -> dict[str, str]:
    """Name -> Y/N/A/X from seed 000's voting table, its groups matched by their totals."""
    text = (SEEDS / "000_f5c3375268893088.txt").read_text(encoding="utf-8")
    totals = {
        int(n): GROUPS[k] for k, n in re.findall(r"^- (\w+): (\d+)$", text, re.M) if k in GROUPS
    }
    votes = {}
    for quantity, names in re.findall(r"^\| \| (\d+) \| (.+) \|$", text, re.M):
        listed = [n.strip() for n in names.split(",")]
        assert len(listed) == int(quantity)
        votes.update(dict.fromkeys(listed, totals[int(quantity)]))
    return votes


@pytest.fixture(scope="module")
def con():
    package = load_package(ROOT / "datapackage.json")
    tables = {}
    for name in ("state_names", "memberships", "votes", "roll_calls"):
        table, problems = read_table(package.root, package.resource(name))
        assert table is not None, problems
        tables[name] = table
    return connect_tables(tables)


def resolve(con, name: str) -> str:
    """The state a name denotes on DATE: a name valid then, else the bare name without a
    parenthetical remark, else a later name of a state that was a member then."""
    valid = "valid_from <= $d AND (valid_to IS NULL OR $d < valid_to)"
    member = "state IN (SELECT state FROM memberships WHERE admitted <= $d AND " \
             "(\"left\" IS NULL OR $d < \"left\"))"  # fmt: skip
    bare = re.sub(r"\s*\(since .*\)$", "", name)
    for candidate, when in ((name, valid), (bare, valid), (bare, f"valid_from > $d AND {member}")):
        rows = con.execute(
            f"SELECT DISTINCT state FROM state_names WHERE name = $n AND {when}",
            {"n": candidate, "d": DATE},
        ).fetchall()
        if rows:
            assert len(rows) == 1, f"{name!r} is ambiguous: {rows}"
            return rows[0][0]
    raise AssertionError(f"{name!r} resolves to no state on {DATE}")


def test_seed_votes_are_the_data(con) -> None:
    expected = {resolve(con, name): vote for name, vote in seed_votes().items()}
    assert len(expected) == 192
    found = dict(con.execute("SELECT state, vote FROM votes WHERE roll_call = 4813").fetchall())
    assert found == expected


def test_seed_totals_are_declared() -> None:
    with (ROOT / "data" / "roll_calls.csv").open(encoding="utf-8", newline="") as f:
        (row,) = [r for r in csv.DictReader(f) if r["roll_call"] == "4813"]
    declared = [row[f"declared_{k}"] for k in ("yes", "no", "abstain", "non_voting")]
    assert declared == ["101", "22", "59", "10"]
    assert row["resolution"] == "A/RES/62/167" and row["meeting"] == "A/62/PV.76"
