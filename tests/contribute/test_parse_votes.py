"""`unga parse-votes`: vote rows from a published vote list; every name resolved, none guessed."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from helpers import ROOT, PackageCopy, connect, unga

from unga_votes.contribute.parse_votes import parse_votes, resolve_votes
from unga_votes.contribute.vote_lists import VoteListError, parse_vote_text

SEED = ROOT / "sources" / "seeds" / "000_f5c3375268893088.txt"
DATE = dt.date(2007, 12, 18)


@pytest.fixture(scope="module")
def con(fixture_root: Path):
    """The fixture package's names, memberships and votes (every vote of roll call 4813)."""
    return connect(fixture_root / "datapackage.json", ("state_names", "memberships", "votes"))


def rows_4813() -> str:
    lines = (ROOT / "data" / "votes.csv").read_text(encoding="utf-8").split("\n")
    rows = sorted(ln for ln in lines if ln.startswith("4813,"))
    return "roll_call,state,vote\n" + "\n".join(rows) + "\n"


def test_seed_table_reproduces_roll_call_4813(con) -> None:
    text = SEED.read_text(encoding="utf-8")
    parsed = parse_vote_text(text)
    assert {k: len(v) for k, v in parsed.groups.items()} == {"Y": 101, "N": 22, "A": 59, "X": 10}
    assert parsed.totals == {"Y": 101, "N": 22, "A": 59, "X": 10, "total": 192}
    votes = parse_votes(ROOT / "datapackage.json", DATE, text, con=con)
    assert votes.filled == []
    assert votes.to_csv(4813) == rows_4813()


def official_names(con, votes: dict[str, str], code: str) -> list[str]:
    states = sorted(s for s, v in votes.items() if v == code)
    rows = con.execute(
        "SELECT state, name FROM state_names WHERE kind = 'official' AND valid_from <= $d "
        "AND (valid_to IS NULL OR $d < valid_to)",
        {"d": DATE},
    ).fetchall()
    names = dict(rows)
    return sorted(names[s] for s in states)


def record_text(con) -> str:
    """Roll call 4813 as an official record prints it: groups, wrapped lines, no absent list."""
    votes = dict(con.execute("SELECT state, vote FROM votes WHERE roll_call = 4813").fetchall())
    parts = ["A recorded vote was taken.", ""]
    for label, code in (("In favour", "Y"), ("Against", "N"), ("Abstaining", "A")):
        listed = ", ".join(official_names(con, votes, code))
        parts += [f"{label}:", *textwrap.wrap(listed, 70), ""]
    parts.append("Draft resolution was adopted by 101 votes to 22, with 59 abstentions.")
    return "\n".join(parts)


def test_record_form(con) -> None:
    text = record_text(con)
    parsed = parse_vote_text(text)
    assert parsed.totals == {"Y": 101, "N": 22, "A": 59}
    assert "X" not in parsed.groups
    votes = parse_votes(ROOT / "datapackage.json", DATE, text, con=con)
    assert len(votes.filled) == 10 and votes.tally() == {"Y": 101, "N": 22, "A": 59, "X": 10}
    assert votes.to_csv(4813) == rows_4813()


def test_record_form_on_the_same_line_with_non_voting(con) -> None:
    parsed = parse_vote_text(
        "In favour: Afghanistan, Albania and Algeria.\n"
        "Against (1): Andorra\n"
        "Abstaining: Angola,\n  Antigua and Barbuda\n"
        "Non-voting: Argentina\n"
    )
    assert parsed.groups == {
        "Y": ["Afghanistan", "Albania and Algeria"],
        "N": ["Andorra"],
        "A": ["Angola", "Antigua and Barbuda"],
        "X": ["Argentina"],
    }
    assert parsed.totals == {"N": 1}
    votes = resolve_votes(ROOT / "datapackage.json", DATE, parsed, con=con)
    assert [s for s, v in votes.votes.items() if v == "Y"] == ["AFG", "ALB", "DZA"]
    assert votes.names["DZA"] == "Algeria" and votes.tally()["X"] == 192 - 6


def test_unknown_name_errors_with_candidates(con) -> None:
    text = record_text(con).replace("Albania,", "Albanai,")
    with pytest.raises(VoteListError) as e:
        parse_votes(ROOT / "datapackage.json", DATE, text, con=con)
    (problem,) = [p for p in e.value.problems if "Albanai" in p]
    assert "'Albanai' is no state on 2007-12-18; closest: Albania (ALB)" in problem


def test_name_listed_twice_errors(con) -> None:
    groups = {"Y": ["Ireland", "France"], "A": ["Republic of Ireland"]}
    with pytest.raises(VoteListError) as e:
        resolve_votes(ROOT / "datapackage.json", DATE, groups, con=con)
    assert e.value.problems == [
        "IRL is listed twice: as 'Ireland' (Y) and as 'Republic of Ireland' (A)"
    ]


def test_non_member_and_wrong_totals_error(con) -> None:
    # Indonesia had withdrawn from 1965-01-20 to 1966-09-28.
    groups = {"Y": ["France", "Ghana"], "N": ["Indonesia"]}
    with pytest.raises(VoteListError) as e:
        resolve_votes(
            ROOT / "datapackage.json", dt.date(1965, 10, 1), groups, totals={"Y": 3}, con=con
        )
    assert e.value.problems == [
        "'Indonesia' (IDN) was not a UN member on 1965-10-01",
        "the text states 3 Y votes; the list gives 2",
    ]


def test_later_name_of_a_member_resolves(con) -> None:
    votes = resolve_votes(
        ROOT / "datapackage.json", DATE, {"Y": ["North Macedonia"], "A": ["Eswatini"]}, con=con
    )
    assert (votes.votes["MKD"], votes.votes["SWZ"]) == ("Y", "A")
    assert len(votes.filled) == 190


def test_the_package_option_reads_that_descriptor(pkg: PackageCopy) -> None:
    """`--package some/other.json`: the descriptor named, wherever it lies and however named."""
    other = pkg.root / "some"
    other.mkdir()
    original = pkg.read("datapackage.json")
    (pkg.root / "datapackage.json").unlink()
    text = original.replace('"data/', '"../data/').replace('"schemas/', '"../schemas/')
    (other / "other.json").write_text(text, encoding="utf-8")
    result = unga("parse-votes", str(SEED), "--date", "2007-12-18", "--roll-call", "4813",
                  "--package", str(other / "other.json"))  # fmt: skip
    # The descriptor's paths leave its folder: refused, in one line, naming the path.
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "must stay in the package" in result.stderr
    pkg.write("other.json", original)
    result = unga("parse-votes", str(SEED), "--date", "2007-12-18", "--roll-call", "4813",
                  "--package", str(pkg.root / "other.json"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == rows_4813()
    assert "192 members on 2007-12-18" in result.stderr


def test_a_missing_package_is_one_line(tmp_path: Path) -> None:
    result = unga("parse-votes", str(SEED), "--date", "2007-12-18", "--roll-call", "4813",
                  "--package", str(tmp_path / "none.json"))  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == f"unga parse-votes: {tmp_path / 'none.json'}: no such file\n"
