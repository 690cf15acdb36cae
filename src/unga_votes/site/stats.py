"""The figures the site shows, computed in the release database: shares, agreement, coverage."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import duckdb

from .data import Release, Resolution, RollCall

# Agreement over time is shown with these states (those present in the release).
REFERENCE_STATES = ("USA", "RUS", "CHN", "IND")
AGAINST_SHOWN = 15  # recent votes against the majority, per state page


@dataclass(frozen=True)
class Share:
    session: str
    first: dt.date
    yes: int
    no: int
    abstain: int
    non_voting: int

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain


@dataclass(frozen=True)
class Agreement:
    session: str
    first: dt.date
    both: int
    same: int


def shares(con: duckdb.DuckDBPyConnection) -> dict[str, list[Share]]:
    """Per state, its votes of each kind per session, in session order."""
    out: dict[str, list[Share]] = defaultdict(list)
    for state, *row in con.execute(
        """
        SELECT v.state, r.session, min(r.date) AS first,
               count(*) FILTER (WHERE v.vote = 'Y'), count(*) FILTER (WHERE v.vote = 'N'),
               count(*) FILTER (WHERE v.vote = 'A'), count(*) FILTER (WHERE v.vote = 'X')
        FROM votes v JOIN roll_calls r USING (roll_call)
        GROUP BY v.state, r.session
        ORDER BY v.state, first, r.session
        """
    ).fetchall():
        out[state].append(Share(*row))
    return out


def agreement(
    con: duckdb.DuckDBPyConnection, references: tuple[str, ...]
) -> dict[str, dict[str, list[Agreement]]]:
    """Per state and reference state, per session: roll calls both voted in, and alike."""
    out: dict[str, dict[str, list[Agreement]]] = defaultdict(lambda: defaultdict(list))
    if not references:
        return out
    placeholders = ", ".join("?" for _ in references)
    for state, ref, *row in con.execute(
        f"""
        SELECT a.state, b.state, r.session, min(r.date) AS first, count(*),
               count(*) FILTER (WHERE a.vote = b.vote)
        FROM votes a
        JOIN votes b ON b.roll_call = a.roll_call AND b.state <> a.state
        JOIN roll_calls r ON r.roll_call = a.roll_call
        WHERE b.state IN ({placeholders}) AND a.vote <> 'X' AND b.vote <> 'X'
        GROUP BY a.state, b.state, r.session
        ORDER BY a.state, b.state, first, r.session
        """,
        list(references),
    ).fetchall():
        out[state][ref].append(Agreement(*row))
    return out


def against_majority(
    con: duckdb.DuckDBPyConnection, shown: int = AGAINST_SHOWN
) -> dict[str, list[tuple[int, dt.date, str, int, int]]]:
    """Per state, its latest votes of yes where no carried, or no where yes carried:
    (roll call, date, vote, yes, no), newest first."""
    out: dict[str, list[tuple[int, dt.date, str, int, int]]] = defaultdict(list)
    for state, *row in con.execute(
        """
        WITH t AS (
            SELECT roll_call, count(*) FILTER (WHERE vote = 'Y') AS y,
                   count(*) FILTER (WHERE vote = 'N') AS n
            FROM votes GROUP BY roll_call)
        SELECT v.state, r.roll_call, r.date, v.vote, t.y, t.n
        FROM votes v JOIN t USING (roll_call) JOIN roll_calls r USING (roll_call)
        WHERE (v.vote = 'Y' AND t.n > t.y) OR (v.vote = 'N' AND t.y > t.n)
        QUALIFY row_number() OVER (
            PARTITION BY v.state ORDER BY r.date DESC, r.roll_call DESC) <= ?
        ORDER BY v.state, r.date DESC, r.roll_call DESC
        """,
        [shown],
    ).fetchall():
        out[state].append(tuple(row))
    return out


# Said of a session the release has no resolution of: its source gives none (the CC0 data's
# roll calls before 1963 carry no resolution symbol), which is not "none adopted".
NOT_IN_SOURCE = "not in the source"


@dataclass(frozen=True)
class Coverage:
    session: str
    first: dt.date | None
    roll_calls: int
    adoption: dict[str, int]  # resolutions per adoption method; empty: none in the release
    day_dated: int  # roll calls and resolutions dated to the day
    dated: int  # roll calls and resolutions

    def resolutions(self, method: str) -> int | str:
        """Its resolutions adopted by `method`, or NOT_IN_SOURCE where the release has no
        resolution of the session at all (a gap in the chart, never a 0)."""
        return self.adoption.get(method, 0) if self.adoption else NOT_IN_SOURCE


def coverage(release: Release) -> list[Coverage]:
    """Per session, in session order: roll calls, resolutions by adoption, date precision."""
    rcs: dict[str, list[RollCall]] = defaultdict(list)
    res: dict[str, list[Resolution]] = defaultdict(list)
    for rc in release.roll_calls.values():
        rcs[rc.session].append(rc)
    for resolution in release.resolutions.values():
        res[resolution.session].append(resolution)
    rows = []
    for session in release.sessions:
        items: list[RollCall | Resolution] = [*rcs[session], *res[session]]
        adoption: dict[str, int] = defaultdict(int)
        for resolution in res[session]:
            adoption[resolution.adoption] += 1
        day = sum(item.precision == "day" for item in items)
        first = min((item.date for item in items), default=None)
        rows.append(Coverage(session, first, len(rcs[session]), dict(adoption), day, len(items)))
    return rows
