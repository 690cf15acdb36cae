"""The text of a vote list, as records and encyclopedias print it: groups of names and totals.

Two forms are read. The official-record form names each group, with the list on the same
line or on the lines that follow ("In favour: Afghanistan, Albania, …", "Against: …",
"Abstaining: …", "Absent: …", "Non-voting: …", "Did not vote: …"). A group may state its
count: "Against (22): …", or "Against: 22" with the list on the lines that follow. The table
form of an encyclopedia article (`| | 101 | Afghanistan, Albania, … |`) has no group names: its
groups are matched to For, Against, Abstention and Absent through the totals of the infobox
(`- For: 101`), which must tell them apart. A sentence such as "adopted by 101 votes to 22,
with 59 abstentions" states the counts of the first three groups; a count stated twice must
agree.

What the names mean is `parse_votes`'s business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import UngaError

CODES = "YNAX"
# Group labels, compared case-insensitively, mapped to vote codes.
LABELS = {
    "in favour": "Y",
    "in favor": "Y",
    "for": "Y",
    "yes": "Y",
    "against": "N",
    "no": "N",
    "abstaining": "A",
    "abstention": "A",
    "abstentions": "A",
    "abstain": "A",
    "abstained": "A",
    "absent": "X",
    "non-voting": "X",
    "not voting": "X",
    "did not vote": "X",
    "absent or not voting": "X",
    "absent/non-voting": "X",
}
_LABEL = "|".join(sorted((re.escape(k) for k in LABELS), key=len, reverse=True))
# "In favour:" or "Against (22):" at the start of a line; the list may follow on the same line.
LABEL_LINE = re.compile(rf"^\s*(?:\*\*)?({_LABEL})(?:\s*\((\d+)\))?\s*(?:\*\*)?\s*:(.*)$", re.I)
INFOBOX_TOTAL = re.compile(rf"^\s*-\s*({_LABEL})\s*:\s*(\d+)\s*$", re.I | re.M)
TABLE_ROW = re.compile(r"^\|\s*([^|]*?)\s*\|\s*(\d+)\s*\|\s*(.+?)\s*\|\s*$", re.M)
TABLE_TOTAL = re.compile(r"^\|\s*Total\s*\|\s*(\d+)\s*\|", re.I | re.M)
RECORD_TOTALS = re.compile(
    r"(\d+)\s+(?:votes\s+)?(?:in favour\s+)?to\s+(\d+),?\s+with\s+(\d+)\s+abstentions?", re.I
)
# "Against: 22": the rest of a label line is the group's count, and its list follows.
COUNT_ONLY = re.compile(r"^\s*(\d+)\s*[.;]?\s*$")
PARENTHETICAL = re.compile(r"\s*\([^()]*\)$")
TOTAL = "total"
# How a group is named in a message when the text gave it no label of its own.
SECTIONS = {"Y": "In favour", "N": "Against", "A": "Abstaining", "X": "Non-voting", TOTAL: "Total"}


class VoteListError(UngaError):
    """The vote list cannot be turned into vote rows; `problems` says every reason, one line
    each; `missing` holds the members on the date that no group names (each also a problem)."""

    exit_code = 1

    def __init__(self, problems: list[str], missing: list[str] | None = None) -> None:
        self.problems = problems
        self.missing = list(missing or [])
        super().__init__("; ".join(problems))


@dataclass
class VoteText:
    """What a text says: the names in each group (Y, N, A, X) and any totals it states."""

    groups: dict[str, list[str]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)  # code -> count; "total" -> all
    labels: dict[str, str] = field(default_factory=dict)  # code -> the group's label in the text

    def section(self, code: str) -> str:
        """The group's name for a message: its label in the text, else the usual one."""
        return self.labels.get(code) or SECTIONS.get(code, code)


def _state_count(out: VoteText, code: str, n: int, where: str) -> None:
    """Record that the text states `n` for the group `code`; a different count stated
    elsewhere is an error (which one is right is not for the parser to guess)."""
    if code in out.totals and out.totals[code] != n:
        raise VoteListError(
            [f"the text states two counts for {out.section(code)!r}: "
             f"{out.totals[code]} and {n} ({where})"]
        )  # fmt: skip
    out.totals[code] = n


def _split_names(text: str) -> list[str]:
    text = re.sub(r"-\n\s*", "-", text)  # a name broken at a hyphen
    text = re.sub(r"\s+", " ", text).strip().rstrip(".;")
    names = []
    for part in text.split(","):
        name = re.sub(r"^and\s+", "", part.strip().rstrip(".;")).strip()
        if name and name not in ("\u2013", "-", "\u2014"):
            names.append(name)
    return names


def parse_vote_text(text: str) -> VoteText:
    """The groups and totals of a vote list, in the official-record or the table form."""
    out = VoteText()
    for label, n in INFOBOX_TOTAL.findall(text):
        code = LABELS[label.lower()]
        out.labels.setdefault(code, label)
        _state_count(out, code, int(n), "infobox")
    if total := TABLE_TOTAL.search(text):
        _state_count(out, TOTAL, int(total.group(1)), "table total")
    rows = [r for r in TABLE_ROW.findall(text) if r[0].lower() not in ("vote", TOTAL)]
    if rows:
        _record_totals(text, out)  # a sentence's counts name the table's groups too
        _table_groups(rows, out)
        return out
    current: str | None = None
    chunks: dict[str, list[str]] = {}
    for line in text.splitlines():
        label = LABEL_LINE.match(line)
        if label:
            current = LABELS[label.group(1).lower()]
            if current in chunks:
                raise VoteListError([f"group {label.group(1)!r} appears twice in the text"])
            out.labels[current] = label.group(1)
            rest = label.group(3)
            if label.group(2):
                _state_count(
                    out, current, int(label.group(2)), f"{label.group(1)} ({label.group(2)})"
                )
            if count := COUNT_ONLY.match(rest):
                _state_count(
                    out, current, int(count.group(1)), f"{label.group(1)}: {count.group(1)}"
                )
                rest = ""
            chunks[current] = [rest]
        elif current is not None:
            if not line.strip():
                # A blank line ends a group unless the list has not begun yet.
                if any(c.strip() for c in chunks[current]):
                    current = None
                continue
            chunks[current].append(line)
    for code, lines in chunks.items():
        out.groups[code] = _split_names("\n".join(lines))
    if not out.groups:
        raise VoteListError(["no vote list found: expected lines like 'In favour: …' or a table"])
    _record_totals(text, out)
    return out


def _record_totals(text: str, out: VoteText) -> None:
    """The counts of a sentence such as "adopted by 101 votes to 22, with 59 abstentions"."""
    if sentence := RECORD_TOTALS.search(text):
        for code, n in zip("YNA", map(int, sentence.groups()), strict=True):
            _state_count(out, code, n, repr(sentence.group(0)))


def _table_groups(rows: list[tuple[str, str, str]], out: VoteText) -> None:
    by_count: dict[int, list[str]] = {}
    for code, total in out.totals.items():
        if code != TOTAL:
            by_count.setdefault(total, []).append(code)
    problems = []
    for label, quantity, names in rows:
        listed = _split_names(names)
        count = int(quantity)
        if len(listed) != count:
            problems.append(f"table row of {count} lists {len(listed)} names")
        if label and label.lower() in LABELS:
            code = LABELS[label.lower()]
            out.labels[code] = label
        elif len(by_count.get(count, [])) == 1:
            code = by_count[count][0]
        else:
            why = "several groups have" if by_count.get(count) else "no stated total is"
            problems.append(
                f"table row of {count} names: {why} {count}, cannot tell which group it is"
            )
            continue
        if code in out.groups:
            problems.append(f"two table rows are the {code} group")
        out.groups[code] = listed
    if problems:
        raise VoteListError(problems)
