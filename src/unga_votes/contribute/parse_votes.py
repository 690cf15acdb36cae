"""`unga parse-votes`: vote rows from a vote list, every name resolved to a state on the day.

Every name is resolved through the package's state_names table on the date of the vote;
nothing is guessed. A name that resolves to no state, or to several, is an error naming the
closest candidates. Members the list does not name are marked X. The result must hold every
member on the date exactly once and agree with any totals the text states.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .. import model
from ..membership import member_tables, members_on
from ..package import Package, load_package
from .vote_lists import CODES, PARENTHETICAL, TOTAL, VoteListError, VoteText, parse_vote_text


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


def _norm(name: str) -> str:
    name = unicodedata.normalize("NFC", name).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", name).strip().casefold()


class NameResolver:
    """Names to state codes on one date, from the state_names and memberships tables."""

    def __init__(self, con: duckdb.DuckDBPyConnection, date: dt.date) -> None:
        self.date = date
        rows = con.execute(
            "SELECT n.state, n.name, n.valid_from, n.valid_to, "
            "n.state IN (SELECT state FROM members_on($d)) AS member FROM state_names n",
            {"d": date},
        ).fetchall()
        self.names = rows
        self.members = set(members_on(con, date))

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


def connect(package: Package | Path | str) -> duckdb.DuckDBPyConnection:
    """The names and memberships of a package (a Package or its descriptor's path)."""
    pkg = package if isinstance(package, Package) else load_package(package)
    return model.connect(member_tables(pkg))


def resolve_votes(
    package: Package | Path | str,
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
    resolver = NameResolver(con if con is not None else connect(package), date)
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
    package: Package | Path | str,
    date: dt.date,
    text: str,
    con: duckdb.DuckDBPyConnection | None = None,
) -> VoteList:
    """parse_vote_text, then resolve_votes with the totals the text states."""
    return resolve_votes(package, date, parse_vote_text(text), con=con)
