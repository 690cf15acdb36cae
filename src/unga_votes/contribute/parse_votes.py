"""`unga parse-votes`: vote rows from a vote list, every name resolved to a state on the day.

Every name is resolved through the package's state_names table on the date of the vote;
nothing is guessed. A name that resolves to no state, or to several, is an error naming the
closest candidates; so is a state listed twice, or one that was not a member then. A member on
the date whom no group names is an error naming it, unless the caller says that members not
listed did not vote (`missing_as_non_voting`, as when a meeting record prints no list of the
absent): then they are marked X, and the result says which. A count the text states (a group's
"Against (22)", an infobox, a table's total, "adopted by 101 votes to 22, with 59 abstentions")
must equal the number of names the text lists there, whatever the caller says: an empty group
whose count is 22 is an error, never 22 members marked X. The result holds every member on the
date exactly once.
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

from .. import package_db
from ..membership import member_tables, members_on
from ..package import Package, load_package
from .vote_lists import CODES, PARENTHETICAL, TOTAL, VoteListError, VoteText, parse_vote_text


@dataclass
class VoteList:
    date: dt.date
    votes: dict[str, str]  # state -> Y/N/A/X, every member on the date
    names: dict[str, str]  # state -> the name the text gave (absent from it: not listed)
    filled: list[str]  # members the text did not list, marked X (only when asked to)
    members: dict[str, str] = field(default_factory=dict)  # member -> its name on the date

    def described(self, states: list[str]) -> str:
        """The states with their names on the date: `AZE (Azerbaijan), BEN (Benin)`."""
        return ", ".join(f"{s} ({self.members.get(s, s)})" for s in states)

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
            "n.state IN (SELECT state FROM members_on($d)) AS member, n.kind FROM state_names n",
            {"d": date},
        ).fetchall()
        self.names = [r[:5] for r in rows]
        self.members = set(members_on(con, date))
        # The official name valid on the date, else one valid then, else the latest official.
        ranked: dict[str, tuple[tuple, str]] = {}
        for state, name, start, end, _, kind in rows:
            valid = start <= date and (end is None or date < end)
            rank = (valid, kind == "official", start)
            if state not in ranked or rank > ranked[state][0]:
                ranked[state] = (rank, name)
        self.member_names = {s: ranked[s][1] if s in ranked else s for s in sorted(self.members)}

    def _lookup(self, name: str, later: bool) -> set[str]:
        key = _norm(name)
        date = self.date
        found = set()
        for state, n, start, end, member in self.names:
            if _norm(n) != key:
                continue
            if later:
                if start > date and member:
                    found.add(state)
            elif start <= date and (end is None or date < end):
                found.add(state)
        return found

    def _named_within(self, name: str) -> set[str]:
        """Members on the date whose name, then, holds `name` as whole words."""
        words = re.compile(rf"(^|\W){re.escape(_norm(name))}(\W|$)")
        date = self.date
        return {
            state for state, n, start, end, member in self.names
            if member and start <= date and (end is None or date < end) and words.search(_norm(n))
        }  # fmt: skip

    def resolve(self, name: str) -> tuple[str | None, str | None]:
        """(state, None), or (None, the problem): a name valid on the date, else the bare name
        without a trailing parenthetical remark, else a later name of a state that was a
        member on the date. Each step must give one state."""
        bare = PARENTHETICAL.sub("", name)
        steps = [(name, False), (bare, False), (bare, True)] if bare != name else [
            (name, False), (name, True)]  # fmt: skip
        for candidate, later in steps:
            states = self._lookup(candidate, later)
            if (candidate != name or later) and states:
                # The remark dropped may be what tells two states apart ("Congo (Democratic
                # Republic of the)"), and a later name may be one another member then bore in
                # part ("Congo" in 1965, beside "Congo (Leopoldville)"): the name must name no
                # other member, even in part.
                states |= self._named_within(candidate)
            if len(states) == 1:
                return states.pop(), None
            if len(states) > 1:
                return None, f"{name!r} is ambiguous on {self.date}: {', '.join(sorted(states))}"
        return None, f"{name!r} is no state on {self.date}; closest: {self.candidates(name)}"

    def candidates(self, name: str, n: int = 5) -> str:
        """The closest names valid on the date, or borne at any time by a member then."""
        pool: dict[str, set[str]] = {}
        date = self.date
        for state, nm, start, end, member in self.names:
            if member or (start <= date and (end is None or date < end)):
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
                first, second = resolver.resolve(left)[0], resolver.resolve(right)[0]
                if first is not None and second is not None:
                    splits.append([(left, first, None), (right, second, None)])
            if len(splits) == 1:
                out += splits[0]
                continue
        out.append((name, state, problem))
    return out


def connect(package: Package | Path | str) -> duckdb.DuckDBPyConnection:
    """The names and memberships of a package (a Package or its descriptor's path)."""
    pkg = package if isinstance(package, Package) else load_package(package)
    return package_db.connect(member_tables(pkg))


def resolve_votes(
    package: Package | Path | str,
    date: dt.date,
    groups: dict[str, list[str]] | VoteText,
    totals: dict[str, int] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
    *,
    missing_as_non_voting: bool = False,
) -> VoteList:
    """Resolve every name on `date`, check the counts, and account for every member.

    `groups` maps Y/N/A/X to the names listed (or is a VoteText, whose totals and group labels
    are used); `totals` maps a code, or "total" for all groups, to the count the text states.
    Raises VoteListError listing every problem: a name that resolves to no state or to several
    (with the closest candidates), a state listed twice, a non-member, a stated count that is
    not the number of names listed, and (unless `missing_as_non_voting`) each member on the
    date that no group names (the error's `missing` holds their codes). With
    `missing_as_non_voting`, those members are marked X and listed in `filled`.
    """
    text = groups if isinstance(groups, VoteText) else VoteText(dict(groups))
    totals = {**text.totals, **(totals or {})}
    resolver = NameResolver(con if con is not None else connect(package), date)
    problems: list[str] = []
    votes: dict[str, str] = {}
    names: dict[str, str] = {}
    listed: dict[str, int] = {}  # code -> how many names the text lists there
    for code, group in text.groups.items():
        if code not in CODES:
            problems.append(f"unknown vote code {code!r} (expected one of {', '.join(CODES)})")
            continue
        resolved = _resolve_all(resolver, group)
        listed[code] = len(resolved)
        for name, state, problem in resolved:
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
    for code, n in totals.items():
        if code == TOTAL:
            found = sum(listed.values())
            if found != n:
                problems.append(f"the text states {n} in all; its groups list {found} names")
        elif code not in CODES:
            problems.append(f"a count for unknown vote code {code!r}")
        elif (found := listed.get(code, 0)) != n:
            what = "has no list" if code not in text.groups else f"lists {found} names"
            problems.append(f"the {text.section(code)!r} group {what}; the text states {n}")
    missing = sorted(resolver.members - set(votes))
    if missing_as_non_voting:
        votes.update(dict.fromkeys(missing, "X"))
    result = VoteList(
        date, dict(sorted(votes.items())), names, missing if missing_as_non_voting else [],
        resolver.member_names,
    )  # fmt: skip
    if not missing_as_non_voting:
        for state in missing:
            problems.append(f"no group names {result.described([state])}, a member on {date}")
    if problems:
        raise VoteListError(problems, missing=[] if missing_as_non_voting else missing)
    if set(votes) != resolver.members:  # follows from the checks above
        raise VoteListError([f"{len(votes)} votes for {len(resolver.members)} members on {date}"])
    return result


def parse_votes(
    package: Package | Path | str,
    date: dt.date,
    text: str,
    con: duckdb.DuckDBPyConnection | None = None,
    *,
    missing_as_non_voting: bool = False,
) -> VoteList:
    """parse_vote_text, then resolve_votes with the totals the text states."""
    return resolve_votes(
        package, date, parse_vote_text(text), con=con, missing_as_non_voting=missing_as_non_voting
    )
