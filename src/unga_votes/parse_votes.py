"""`unga parse-votes`: vote rows from a vote list as records and encyclopedias print it.

Two forms are read. The official-record form names each group, with the list on the same
line or on the lines that follow ("In favour: Afghanistan, Albania, …", "Against: …",
"Abstaining: …", "Absent: …", "Non-voting: …", "Did not vote: …"). The table form of an
encyclopedia article (`| | 101 | Afghanistan, Albania, … |`) has no group names: its groups are
matched to For, Against, Abstention and Absent through the totals of the infobox
(`- For: 101`), which must tell them apart.

Every name is resolved through data/state_names.csv on the date of the vote; nothing is
guessed. A name that resolves to no state, or to several, is an error naming the closest
candidates. Members the list does not name are marked X. The result must hold every member
on the date exactly once and agree with any totals the text states.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from .membership import member_on
from .package import load_package
from .read import read_table
from .validate import connect_tables

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
PARENTHETICAL = re.compile(r"\s*\([^()]*\)$")
TOTAL = "total"


class VoteListError(Exception):
    """The vote list cannot be turned into vote rows; `problems` says every reason."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class VoteText:
    """What a text says: the names in each group (Y, N, A, X) and any totals it states."""

    groups: dict[str, list[str]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)  # code -> count; "total" -> all


@dataclass
class VoteList:
    date: dt.date
    votes: dict[str, str]  # state -> Y/N/A/X, every member on the date
    names: dict[str, str]  # state -> the name the text gave (absent from it: not listed)
    filled: list[str]  # members the text did not list, marked X

    def tally(self) -> dict[str, int]:
        return {c: sum(v == c for v in self.votes.values()) for c in CODES}

    def rows(self, roll_call: int | str) -> list[tuple[str, str, str]]:
        return [(str(roll_call), s, self.votes[s]) for s in sorted(self.votes)]

    def to_csv(self, roll_call: int | str) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["roll_call", "state", "vote"])
        writer.writerows(self.rows(roll_call))
        return out.getvalue()


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
        out.totals[LABELS[label.lower()]] = int(n)
    if m := TABLE_TOTAL.search(text):
        out.totals[TOTAL] = int(m.group(1))
    rows = [r for r in TABLE_ROW.findall(text) if r[0].lower() not in ("vote", TOTAL)]
    if rows:
        _table_groups(rows, out)
        return out
    current: str | None = None
    chunks: dict[str, list[str]] = {}
    for line in text.splitlines():
        m = LABEL_LINE.match(line)
        if m:
            current = LABELS[m.group(1).lower()]
            if current in chunks:
                raise VoteListError([f"group {m.group(1)!r} appears twice in the text"])
            chunks[current] = [m.group(3)]
            if m.group(2):
                out.totals[current] = int(m.group(2))
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
    if (m := RECORD_TOTALS.search(text)) and not any(c in out.totals for c in "YNA"):
        out.totals.update(zip("YNA", map(int, m.groups()), strict=True))
    return out


def _table_groups(rows: list[tuple[str, str, str]], out: VoteText) -> None:
    by_count: dict[int, list[str]] = {}
    for code, n in out.totals.items():
        if code != TOTAL:
            by_count.setdefault(n, []).append(code)
    problems = []
    for label, quantity, names in rows:
        listed = _split_names(names)
        n = int(quantity)
        if len(listed) != n:
            problems.append(f"table row of {n} lists {len(listed)} names")
        if label and label.lower() in LABELS:
            code = LABELS[label.lower()]
        elif len(by_count.get(n, [])) == 1:
            code = by_count[n][0]
        else:
            why = "several groups have" if by_count.get(n) else "no stated total is"
            problems.append(f"table row of {n} names: {why} {n}, cannot tell which group it is")
            continue
        if code in out.groups:
            problems.append(f"two table rows are the {code} group")
        out.groups[code] = listed
    if problems:
        raise VoteListError(problems)


# --- names to states -------------------------------------------------------------------------


def _norm(name: str) -> str:
    name = unicodedata.normalize("NFC", name).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", name).strip().casefold()


class NameResolver:
    """Names to state codes on one date, from the state_names and memberships tables."""

    def __init__(self, con: duckdb.DuckDBPyConnection, date: dt.date) -> None:
        self.date = date
        rows = con.execute(
            "SELECT n.state, n.name, n.valid_from, n.valid_to, "
            f"EXISTS (SELECT 1 FROM memberships m WHERE m.state = n.state "
            f"AND {member_on('m', '$d')}) AS member FROM state_names n",
            {"d": date},
        ).fetchall()
        self.names = rows
        self.members = set(
            r[0]
            for r in con.execute(
                f"SELECT DISTINCT state FROM memberships m WHERE {member_on('m', '$d')}",
                {"d": date},
            ).fetchall()
        )

    def _lookup(self, name: str, later: bool) -> set[str]:
        key = _norm(name)
        d = self.date
        found = set()
        for state, n, start, end, member in self.names:
            if _norm(n) != key:
                continue
            if later:
                if start > d and member:
                    found.add(state)
            elif start <= d and (end is None or d < end):
                found.add(state)
        return found

    def resolve(self, name: str) -> tuple[str | None, str | None]:
        """(state, None), or (None, the problem): a name valid on the date, else the bare name
        without a trailing parenthetical remark, else a later name of a state that was a
        member on the date. Each step must give one state."""
        bare = PARENTHETICAL.sub("", name)
        steps = [(name, False), (bare, False), (bare, True)] if bare != name else [
            (name, False), (name, True)]  # fmt: skip
        for candidate, later in steps:
            states = self._lookup(candidate, later)
            if len(states) == 1:
                return states.pop(), None
            if len(states) > 1:
                return None, f"{name!r} is ambiguous on {self.date}: {', '.join(sorted(states))}"
        return None, f"{name!r} is no state on {self.date}; closest: {self.candidates(name)}"

    def candidates(self, name: str, n: int = 5) -> str:
        """The closest names valid on the date, or borne at any time by a member then."""
        pool: dict[str, set[str]] = {}
        d = self.date
        for state, nm, start, end, member in self.names:
            if member or (start <= d and (end is None or d < end)):
                pool.setdefault(nm, set()).add(state)
        by_norm = {_norm(k): k for k in pool}
        close = difflib.get_close_matches(_norm(name), list(by_norm), n=n, cutoff=0.5)
        if not close:
            return "none near"
        return "; ".join(f"{by_norm[c]} ({', '.join(sorted(pool[by_norm[c]]))})" for c in close)


def _resolve_all(
    resolver: NameResolver, listed: list[str]
) -> list[tuple[str, str | None, str | None]]:
    """(name, state, problem) for each name. Prose lists end "…, Zambia and Zimbabwe": a name
    that resolves to no state but is two names joined by "and" that each resolve is both."""
    out: list[tuple[str, str | None, str | None]] = []
    for name in listed:
        state, problem = resolver.resolve(name)
        if state is None and " and " in name:
            words = name.split(" and ")
            splits = []
            for i in range(1, len(words)):
                left, right = " and ".join(words[:i]), " and ".join(words[i:])
                a, b = resolver.resolve(left)[0], resolver.resolve(right)[0]
                if a is not None and b is not None:
                    splits.append([(left, a, None), (right, b, None)])
            if len(splits) == 1:
                out += splits[0]
                continue
        out.append((name, state, problem))
    return out


def _connect(package_root: Path) -> duckdb.DuckDBPyConnection:
    package = load_package(Path(package_root) / "datapackage.json")
    tables = {}
    for name in ("state_names", "memberships"):
        table, problems = read_table(package.root, package.resource(name))
        if table is None:
            raise VoteListError([p.text() for p in problems])
        tables[name] = table
    return connect_tables(tables)


def resolve_votes(
    package_root: Path,
    date: dt.date,
    groups: dict[str, list[str]] | VoteText,
    totals: dict[str, int] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> VoteList:
    """Resolve every name on `date`, mark unlisted members X, and check the count rules.

    `groups` maps Y/N/A/X to the names listed (or is a VoteText, whose totals are used).
    Raises VoteListError listing every problem: a name that resolves to no state or to several
    (with the closest candidates), a state listed twice, a non-member, a total that disagrees.
    """
    if isinstance(groups, VoteText):
        totals = {**groups.totals, **(totals or {})}
        groups = groups.groups
    totals = totals or {}
    resolver = NameResolver(con if con is not None else _connect(package_root), date)
    problems: list[str] = []
    votes: dict[str, str] = {}
    names: dict[str, str] = {}
    for code, listed in groups.items():
        if code not in CODES:
            problems.append(f"unknown vote code {code!r} (expected one of {', '.join(CODES)})")
            continue
        for name, state, problem in _resolve_all(resolver, listed):
            if state is None:
                problems.append(problem or f"{name!r} unresolved")
            elif state in votes:
                problems.append(
                    f"{state} is listed twice: as {names[state]!r} ({votes[state]}) "
                    f"and as {name!r} ({code})"
                )
            else:
                votes[state] = code
                names[state] = name
    for state in sorted(set(votes) - resolver.members):
        problems.append(f"{names[state]!r} ({state}) was not a UN member on {date}")
    filled = sorted(resolver.members - set(votes))
    for state in filled:
        votes[state] = "X"
    result = VoteList(date, dict(sorted(votes.items())), names, filled)
    tally = result.tally()
    for code, n in totals.items():
        found = len(votes) if code == TOTAL else tally.get(code, 0)
        if found != n:
            what = "states in all" if code == TOTAL else f"{code} votes"
            problems.append(f"the text states {n} {what}; the list gives {found}")
    if len(resolver.members) != len(votes) and not problems:
        problems.append(f"{len(votes)} votes for {len(resolver.members)} members on {date}")
    if problems:
        raise VoteListError(problems)
    return result


def parse_votes(
    package_root: Path, date: dt.date, text: str, con: duckdb.DuckDBPyConnection | None = None
) -> VoteList:
    """parse_vote_text, then resolve_votes with the totals the text states."""
    return resolve_votes(package_root, date, parse_vote_text(text), con=con)
