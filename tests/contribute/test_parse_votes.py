"""`unga parse-votes`: vote rows from a published vote list; every name resolved, none guessed."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from helpers import ROOT, PackageCopy, connect, unga_here

from unga_votes.contribute.parse_votes import parse_votes, resolve_votes
from unga_votes.contribute.vote_lists import VoteListError, parse_vote_text

SEED = ROOT / "sources" / "seeds" / "000_f5c3375268893088.txt"
DATE = dt.date(2007, 12, 18)
# The members that did not vote on roll call 4813, which a meeting record does not list.
ABSENT_4813 = ["AZE", "BEN", "COM", "GAB", "GMB", "GNB", "MNG", "SYC", "TJK", "TUN"]


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


def record_text(con, absent: bool = False, empty: str = "", counts: bool = False) -> str:
    """Roll call 4813 as an official record prints it: groups, wrapped lines, no absent list
    (unless `absent`); the group labelled `empty` lists nothing; `counts`: "Against (22):"."""
    votes = dict(con.execute("SELECT state, vote FROM votes WHERE roll_call = 4813").fetchall())
    parts = ["A recorded vote was taken.", ""]
    groups = [("In favour", "Y"), ("Against", "N"), ("Abstaining", "A")]
    for label, code in groups + ([("Absent", "X")] if absent else []):
        names = official_names(con, votes, code)
        head = f"{label} ({len(names)}):" if counts else f"{label}:"
        listed = [] if label == empty else textwrap.wrap(", ".join(names), 70)
        parts += [head, *listed, ""]
    parts.append("Draft resolution was adopted by 101 votes to 22, with 59 abstentions.")
    return "\n".join(parts)


def test_record_form(con) -> None:
    """A meeting record prints no list of the absent: marking them X is asked for."""
    text = record_text(con)
    parsed = parse_vote_text(text)
    assert parsed.totals == {"Y": 101, "N": 22, "A": 59}
    assert "X" not in parsed.groups
    votes = parse_votes(ROOT / "datapackage.json", DATE, text, con=con, missing_as_non_voting=True)
    assert len(votes.filled) == 10 and votes.tally() == {"Y": 101, "N": 22, "A": 59, "X": 10}
    assert votes.filled == ABSENT_4813
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
    votes = resolve_votes(
        ROOT / "datapackage.json", DATE, parsed, con=con, missing_as_non_voting=True
    )
    assert [s for s, v in votes.votes.items() if v == "Y"] == ["AFG", "ALB", "DZA"]
    assert votes.names["DZA"] == "Algeria" and votes.tally()["X"] == 192 - 6


def test_a_member_on_no_list_is_an_error_naming_it(con) -> None:
    text = record_text(con, absent=True).replace(", Tunisia", "")
    with pytest.raises(VoteListError) as e:
        parse_votes(ROOT / "datapackage.json", DATE, text, con=con)
    assert e.value.problems == ["no group names TUN (Tunisia), a member on 2007-12-18"]
    assert e.value.missing == ["TUN"] and e.value.exit_code == 1
    votes = parse_votes(ROOT / "datapackage.json", DATE, text, con=con, missing_as_non_voting=True)
    assert votes.filled == ["TUN"] and votes.to_csv(4813) == rows_4813()


def test_a_record_without_its_absent_list_needs_the_flag(con) -> None:
    """Without --missing-as-non-voting, each member the record leaves out is named."""
    with pytest.raises(VoteListError) as e:
        parse_votes(ROOT / "datapackage.json", DATE, record_text(con), con=con)
    assert e.value.missing == ABSENT_4813
    assert len(e.value.problems) == 10
    assert "no group names GMB (Gambia), a member on 2007-12-18" in e.value.problems
    # Listing them is enough.
    votes = parse_votes(ROOT / "datapackage.json", DATE, record_text(con, absent=True), con=con)
    assert votes.filled == [] and votes.to_csv(4813) == rows_4813()


@pytest.mark.parametrize("flag", [False, True])
def test_an_empty_group_with_a_count_is_an_error(con, flag: bool) -> None:
    """An "Against (22):" with no names: never 22 members marked X, whatever the flag says."""
    text = record_text(con, absent=True, empty="Against", counts=True)
    assert parse_vote_text(text).groups["N"] == []
    with pytest.raises(VoteListError) as e:
        parse_votes(ROOT / "datapackage.json", DATE, text, con=con, missing_as_non_voting=flag)
    assert e.value.problems[0] == "the 'Against' group lists 0 names; the text states 22"
    against = [
        r[0]
        for r in con.execute(
            "SELECT state FROM votes WHERE roll_call = 4813 AND vote = 'N' ORDER BY 1"
        ).fetchall()
    ]
    assert len(against) == 22
    # With the flag the count alone; without it, also each of the 22 on no list.
    assert e.value.missing == ([] if flag else against)
    assert len(e.value.problems) == 1 + len(e.value.missing)


def test_a_count_on_the_label_line_is_a_count() -> None:
    """A line "Against: 22" states the group's count (its list follows): no state is "22"."""
    parsed = parse_vote_text("In favour: 2\nFrance, Ghana\nAgainst: 22\n\nAbstaining: Angola\n")
    assert parsed.groups == {"Y": ["France", "Ghana"], "N": [], "A": ["Angola"]}
    assert parsed.totals == {"Y": 2, "N": 22}
    assert parsed.section("N") == "Against" and parsed.section("X") == "Non-voting"


def test_a_group_count_that_differs_from_its_list_is_an_error(con) -> None:
    """The text says 101 in favour and lists 100: an error even when missing members may be
    marked X (Albania, dropped, would otherwise become X)."""
    text = record_text(con, absent=True).replace("Albania, ", "", 1)
    with pytest.raises(VoteListError) as e:
        parse_votes(ROOT / "datapackage.json", DATE, text, con=con, missing_as_non_voting=True)
    assert e.value.problems == ["the 'In favour' group lists 100 names; the text states 101"]


def test_a_total_that_differs_from_the_lists_is_an_error(con) -> None:
    parsed = parse_vote_text(
        SEED.read_text(encoding="utf-8").replace("| Total | 192 |", "| Total | 193 |")
    )
    with pytest.raises(VoteListError) as e:
        resolve_votes(ROOT / "datapackage.json", DATE, parsed, con=con, missing_as_non_voting=True)
    assert e.value.problems == ["the text states 193 in all; its groups list 192 names"]


def test_a_count_for_a_group_the_text_does_not_list_is_an_error(con) -> None:
    """The text states 10 absent and lists none: they are not taken to be the unlisted."""
    groups = parse_vote_text(record_text(con)).groups
    with pytest.raises(VoteListError) as e:
        resolve_votes(ROOT / "datapackage.json", DATE, groups, totals={"X": 10}, con=con,
                      missing_as_non_voting=True)  # fmt: skip
    assert e.value.problems == ["the 'Non-voting' group has no list; the text states 10"]


def test_two_different_counts_for_a_group_are_an_error(con) -> None:
    text = record_text(con, counts=True).replace("Against (22):", "Against (21):")
    with pytest.raises(VoteListError) as e:
        parse_vote_text(text)
    (problem,) = e.value.problems
    assert problem.startswith("the text states two counts for 'Against': 21 and 22 (")


def test_unknown_name_errors_with_candidates(con) -> None:
    text = record_text(con).replace("Albania,", "Albanai,")
    with pytest.raises(VoteListError) as e:
        parse_votes(ROOT / "datapackage.json", DATE, text, con=con)
    (problem,) = [p for p in e.value.problems if "Albanai" in p]
    assert "'Albanai' is no state on 2007-12-18; closest: Albania (ALB)" in problem
    assert "no group names ALB (Albania), a member on 2007-12-18" in e.value.problems


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("Congo (Democratic Republic of the)", None),  # not the Congo: ambiguous, never COG
        ("Bolivia (Plurinational State of)", "BOL"),  # a remark: no other member is "Bolivia"
    ],
)
def test_a_remark_dropped_may_not_change_the_state(con, name: str, found: str | None) -> None:
    groups = {"Y": [name]}
    if found is None:
        with pytest.raises(VoteListError) as e:
            resolve_votes(ROOT / "datapackage.json", DATE, groups, con=con,
                          missing_as_non_voting=True)  # fmt: skip
        assert f"{name!r} is ambiguous on 2007-12-18: COD, COG" in e.value.problems
    else:
        with pytest.raises(VoteListError) as e:  # the other members are on no list
            resolve_votes(ROOT / "datapackage.json", DATE, groups, con=con)
        assert not any(name in p for p in e.value.problems)
        assert not any(f"{found} (" in p for p in e.value.problems)


@pytest.mark.parametrize("day", [dt.date(1965, 6, 1), dt.date(1970, 1, 1)])
def test_a_later_name_another_member_then_bore_in_part_is_ambiguous(con, day: dt.date) -> None:
    """ "Congo" became COG's name only in 1971; before, COD was "Congo (Leopoldville)" and COG
    "Congo (Brazzaville)": the later name does not pick one of them."""
    with pytest.raises(VoteListError) as e:
        resolve_votes(ROOT / "datapackage.json", day, {"Y": ["Congo"]}, con=con,
                      missing_as_non_voting=True)  # fmt: skip
    assert f"'Congo' is ambiguous on {day}: COD, COG" in e.value.problems


def test_name_listed_twice_errors(con) -> None:
    groups = {"Y": ["Ireland", "France"], "A": ["Republic of Ireland"]}
    with pytest.raises(VoteListError) as e:
        resolve_votes(ROOT / "datapackage.json", DATE, groups, con=con, missing_as_non_voting=True)
    assert e.value.problems == [
        "IRL is listed twice: as 'Ireland' (Y) and as 'Republic of Ireland' (A)"
    ]


def test_non_member_and_wrong_totals_error(con) -> None:
    # Indonesia had withdrawn from 1965-01-20 to 1966-09-28.
    groups = {"Y": ["France", "Ghana"], "N": ["Indonesia"]}
    with pytest.raises(VoteListError) as e:
        resolve_votes(
            ROOT / "datapackage.json", dt.date(1965, 10, 1), groups, totals={"Y": 3}, con=con,
            missing_as_non_voting=True,
        )  # fmt: skip
    assert e.value.problems == [
        "'Indonesia' (IDN) was not a UN member on 1965-10-01",
        "the 'In favour' group lists 2 names; the text states 3",
    ]


def test_later_name_of_a_member_resolves(con) -> None:
    votes = resolve_votes(
        ROOT / "datapackage.json", DATE, {"Y": ["North Macedonia"], "A": ["Eswatini"]}, con=con,
        missing_as_non_voting=True,
    )  # fmt: skip
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
    result = unga_here("parse-votes", str(SEED), "--date", "2007-12-18", "--roll-call", "4813",
                  "--package", str(other / "other.json"))  # fmt: skip
    # The descriptor's paths leave its folder: refused, in one line, naming the path.
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "must stay in the package" in result.stderr
    pkg.write("other.json", original)
    result = unga_here("parse-votes", str(SEED), "--date", "2007-12-18", "--roll-call", "4813",
                  "--package", str(pkg.root / "other.json"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == rows_4813()
    assert "192 members on 2007-12-18" in result.stderr


def test_a_missing_package_is_one_line(tmp_path: Path) -> None:
    result = unga_here("parse-votes", str(SEED), "--date", "2007-12-18", "--roll-call", "4813",
                  "--package", str(tmp_path / "none.json"))  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == f"unga parse-votes: {tmp_path / 'none.json'}: no such file\n"


def test_cli_names_a_member_on_no_list(tmp_path: Path, con) -> None:
    text = tmp_path / "record.txt"
    text.write_text(record_text(con, absent=True).replace(", Tunisia", ""), encoding="utf-8")
    result = unga_here("parse-votes", str(text), "--date", "2007-12-18", "--roll-call", "4813")
    assert result.returncode == 1 and result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "unga parse-votes: no group names TUN (Tunisia), a member on 2007-12-18",
        "unga parse-votes: 1 member on no list; if the text leaves out those who did not vote, "
        "pass --missing-as-non-voting to mark them X",
    ]


def test_cli_marks_the_unlisted_x_when_asked_and_says_which(tmp_path: Path, con) -> None:
    text = tmp_path / "record.txt"
    text.write_text(record_text(con), encoding="utf-8")
    result = unga_here("parse-votes", str(text), "--date", "2007-12-18", "--roll-call", "4813",
                  "--missing-as-non-voting")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == rows_4813()
    assert result.stderr.splitlines() == [
        "unga parse-votes: 192 members on 2007-12-18: Y 101 N 22 A 59 X 10",
        "unga parse-votes: 10 members on no list marked X (--missing-as-non-voting): "
        "AZE (Azerbaijan), BEN (Benin), COM (Comoros), GAB (Gabon), GMB (Gambia), "
        "GNB (Guinea-Bissau), MNG (Mongolia), SYC (Seychelles), TJK (Tajikistan), TUN (Tunisia)",
    ]


@pytest.mark.parametrize("flag", [[], ["--missing-as-non-voting"]])
def test_cli_refuses_an_empty_against_whose_count_is_22(tmp_path: Path, con, flag) -> None:
    text = tmp_path / "record.txt"
    text.write_text(record_text(con, absent=True, empty="Against", counts=True), encoding="utf-8")
    result = unga_here(
        "parse-votes", str(text), "--date", "2007-12-18", "--roll-call", "4813", *flag
    )
    assert result.returncode == 1 and result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "unga parse-votes: the 'Against' group lists 0 names; the text states 22"
    # Without the flag, each of the 22 is also on no list; the flag would not help: not offered.
    assert len(lines) == (1 if flag else 1 + 22) and "--missing-as-non-voting" not in lines[-1]


def test_cli_refuses_a_group_count_that_differs(tmp_path: Path, con) -> None:
    text = tmp_path / "record.txt"
    text.write_text(record_text(con, absent=True).replace("59 abstentions", "60 abstentions"))
    result = unga_here("parse-votes", str(text), "--date", "2007-12-18", "--roll-call", "4813",
                  "--missing-as-non-voting")  # fmt: skip
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        "unga parse-votes: the 'Abstaining' group lists 59 names; the text states 60\n"
    )


def test_cli_a_misspelt_name_does_not_suggest_the_flag(tmp_path: Path) -> None:
    """The member a misspelt name stands for is on no list; the fix is the name, not X."""
    text = tmp_path / "seed.txt"
    text.write_text(SEED.read_text(encoding="utf-8").replace("Albania,", "Albanai,", 1))
    result = unga_here("parse-votes", str(text), "--date", "2007-12-18", "--roll-call", "4813")
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and "--missing-as-non-voting" not in result.stderr
    assert lines[0].startswith("unga parse-votes: 'Albanai' is no state on 2007-12-18; closest: ")
    assert lines[1] == "unga parse-votes: no group names ALB (Albania), a member on 2007-12-18"
