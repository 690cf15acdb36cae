"""Class 11: `unga parse-votes` guesses nothing. A member on the date that no group names is an
error naming it, unless --missing-as-non-voting asks for X (and the command names those it
marked); a count the text states must equal the names listed, with or without that flag.

Every case reads a vote list made from seed 000 (roll call 4813, A/RES/62/167 of 2007-12-18),
written into the workspace: the encyclopedia table as is, or turned into a meeting record."""

from __future__ import annotations

import re

from adversarial.corpus import ROOT, Workspace, case

SEED = ROOT / "sources" / "seeds" / "000_f5c3375268893088.txt"
DATE = "2007-12-18"
SENTENCE = "The draft resolution was adopted by 101 votes to 22, with 59 abstentions."
LABELS = {101: "In favour", 22: "Against", 59: "Abstaining", 10: "Absent"}
CSV = r"roll_call,state,vote"  # the rows: never printed when the command refuses


def _groups() -> dict[str, str]:
    """Label -> the names of seed 000's table row, as printed there."""
    rows = re.findall(r"^\| \| (\d+) \| (.+?) \|$", SEED.read_text(encoding="utf-8"), re.M)
    return {LABELS[int(n)]: names for n, names in rows}


def _record(ws: Workspace, absent: bool = True, against: str | None = None, counts=False, **edits):
    """Write roll call 4813 as a meeting record prints it and return the command's arguments.
    `absent`: print the list of the absent (records usually do not); `against`: the Against
    label line in place of the usual one and its list; `counts`: "In favour (101):" labels;
    `edits`: old=new replacements in the names, keyed by label."""
    parts = ["A recorded vote was taken.", ""]
    for label, names in _groups().items():
        if label == "Absent" and not absent:
            continue
        for old, new in edits.get(label.replace(" ", "_"), {}).items():
            assert old in names, old
            names = names.replace(old, new)
        count = f" ({len(names.split(', '))})" if counts else ""
        if label == "Against" and against is not None:
            parts += [against, ""]
        else:
            parts += [f"{label}{count}:", names, ""]
    parts.append(SENTENCE)
    path = ws.root / "record.txt"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return ["parse-votes", str(path), "--date", DATE, "--roll-call", "4813"]


@case(
    11,
    "a meeting record whose lists leave out Tunisia (a member then)",
    1,
    r"unga parse-votes: no group names TUN \(Tunisia\), a member on 2007-12-18",
    says="an error naming TUN (Tunisia); no rows",
    absent=CSV,
)
def state_on_no_list(ws: Workspace):
    return _record(ws, Absent={", Tunisia": ""})


@case(
    11,
    "a meeting record with no list of the absent (10 members on no list), no flag",
    1,
    r"no group names AZE \(Azerbaijan\).*\n(.*\n)*.*10 members on no list; .*"
    r"pass --missing-as-non-voting to mark them X",
    says="one error line per member, each named; the flag suggested; no rows",
    absent=CSV,
)
def record_without_its_absent_list(ws: Workspace):
    return _record(ws, absent=False)


@case(
    11,
    "a meeting record with no list of the absent, with --missing-as-non-voting",
    0,
    r"(?s)^roll_call,state,vote\n4813,AFG,Y\n.*4813,AZE,X\n.*"
    r"unga parse-votes: 10 members on no list marked X \(--missing-as-non-voting\): "
    r"AZE \(Azerbaijan\), BEN \(Benin\), [^\n]*TUN \(Tunisia\)\n$",
    says="the rows, and how many members it marked X, named",
)
def missing_marked_x_when_asked(ws: Workspace):
    return [*_record(ws, absent=False), "--missing-as-non-voting"]


@case(
    11,
    "an empty `Against (22):` group (its 22 states on no list)",
    1,
    r"unga parse-votes: the 'Against' group lists 0 names; the text states 22",
    says="the group, the count stated and the count found; the flag not suggested",
    absent=CSV + "|--missing-as-non-voting",
)
def empty_against_counted_22(ws: Workspace):
    return _record(ws, against="Against (22):", counts=True)


@case(
    11,
    "an empty `Against (22):` group, with --missing-as-non-voting",
    1,
    r"^unga parse-votes: the 'Against' group lists 0 names; the text states 22\n$",
    says="the same error, alone: the flag never turns a counted group into X",
    absent=CSV,
)
def empty_against_counted_22_with_the_flag(ws: Workspace):
    return [*_record(ws, against="Against (22):", counts=True), "--missing-as-non-voting"]


@case(
    11,
    "`Against: 22` and nothing listed, with --missing-as-non-voting",
    1,
    r"^unga parse-votes: the 'Against' group lists 0 names; the text states 22\n$",
    says="a count, not a state named 22: the same error",
    absent=CSV + "|'22' is no state",
)
def against_colon_22_with_the_flag(ws: Workspace):
    return [*_record(ws, against="Against: 22"), "--missing-as-non-voting"]


@case(
    11,
    "a name dropped from `In favour` while the record says 101 votes, with the flag",
    1,
    r"^unga parse-votes: the 'In favour' group lists 100 names; the text states 101\n$",
    says="the group, 101 stated, 100 found (not one more X)",
    absent=CSV,
)
def group_count_disagrees_with_the_flag(ws: Workspace):
    return [*_record(ws, In_favour={"Albania, ": ""}), "--missing-as-non-voting"]


@case(
    11,
    "`Against (21):` over 22 names, in a record that says 101 votes to 22",
    1,
    r"the text states two counts for 'Against': 21 and 22",
    says="both counts named; nothing resolved",
    absent=CSV,
)
def two_counts_for_one_group(ws: Workspace):
    args = _record(ws, counts=True)
    path = ws.root / "record.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Against (22):", "Against (21):"), encoding="utf-8")
    return args


@case(
    11,
    "the seed's table with its total line changed to 193",
    1,
    r"^unga parse-votes: the text states 193 in all; its groups list 192 names\n$",
    says="the total stated and the names found",
    absent=CSV,
)
def table_total_disagrees(ws: Workspace):
    path = ws.root / "seed.txt"
    text = SEED.read_text(encoding="utf-8")
    path.write_text(text.replace("| Total | 192 |", "| Total | 193 |"), encoding="utf-8")
    return ["parse-votes", str(path), "--date", DATE, "--roll-call", "4813"]


@case(
    5,
    "a name in a vote list holding terminal escapes and a right-to-left override",
    1,
    r"is no state on 2007-12-18; closest: .*\n.*no group names ARG \(Argentina\)",
    says="the name shown escaped, the member it stands for named; no rows",
    absent=CSV,
)
def hostile_name_in_a_vote_list(ws: Workspace):
    return _record(ws, In_favour={"Argentina": "Arg\x1b[31mentina\u202e\x07"})
