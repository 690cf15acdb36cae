"""The release database as the site reads it: checked to be a release, columns from its metadata.

It is opened as every release is (release/reader.py: read-only, locked down, refused when a
view needs more); the tables the pages read must be tables, not views. Columns a later edition
may add (`date_precision` on roll calls and resolutions) are read when the database's own
catalogue (`duckdb_columns()`) has them, and default to 'day' otherwise; so are the tables of
what the UN Digital Library adds to a resolution (its subject headings, documents and agenda
titles: `EXTRAS`), empty in the CC0 releases and filled in an official edition. What the values
must be is release_checks.py's, which `unga site` runs between opening and reading.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..errors import UngaError
from ..release import reader


class SiteError(UngaError):
    """The site cannot be generated; the message says why and nothing was written."""

    exit_code = 1


# The tables and columns every page needs; a database without them is not a release.
REQUIRED = {
    "states": ("state", "name", "cow_code", "m49"),
    "state_names": ("state", "name", "valid_from", "valid_to", "kind"),
    "memberships": ("state", "admitted", "left"),
    "roll_calls": ("roll_call", "session", "date", "meeting", "subject", "resolution",
                   "declared_yes", "declared_no", "declared_abstain", "declared_non_voting",
                   "description"),
    "resolutions": ("resolution", "session", "date", "title", "adoption", "roll_call", "meeting"),
    "votes": ("roll_call", "state", "vote"),
}  # fmt: skip


def region(cow_code: int | None) -> str:
    """The state's region as the Correlates of War code ranges group them."""
    if cow_code is None:
        return "Other"
    for bound, name in ((200, "Americas"), (400, "Europe"), (630, "Africa"),
                        (700, "Middle East"), (900, "Asia")):  # fmt: skip
        if cow_code < bound:
            return name
    return "Oceania"


@dataclass
class State:
    code: str
    name: str
    m49: str | None
    region: str
    names: list[tuple[str, str, dt.date, dt.date | None]] = field(default_factory=list)
    spells: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)


@dataclass
class RollCall:
    id: int
    session: str
    date: dt.date
    precision: str
    meeting: str | None
    subject: str | None
    resolution: str | None
    description: str | None
    declared: tuple[int | None, int | None, int | None, int | None]
    votes: list[tuple[str, str, str]] = field(default_factory=list)  # (state, name, vote)

    def tally(self) -> tuple[int, int, int, int]:
        counts = {"Y": 0, "N": 0, "A": 0, "X": 0}
        for _, _, vote in self.votes:
            counts[vote] = counts.get(vote, 0) + 1
        return counts["Y"], counts["N"], counts["A"], counts["X"]


@dataclass
class Resolution:
    symbol: str
    session: str
    date: dt.date
    precision: str
    title: str | None
    adoption: str
    roll_call: int | None
    meeting: str | None
    subjects: list[str] = field(default_factory=list)
    documents: list[tuple[str, str]] = field(default_factory=list)  # (kind, symbol)
    agenda_titles: list[str] = field(default_factory=list)

    def documents_of(self, kind: str) -> list[str]:
        return [d for k, d in self.documents if k == kind]


# table -> (its columns the pages show, the Resolution attribute they fill)
EXTRAS = {
    "resolution_subjects": (("subject",), "subjects"),
    "resolution_documents": (("kind", "document"), "documents"),
    "resolution_agenda_titles": (("agenda_title",), "agenda_titles"),
}


@dataclass
class Release:
    path: Path
    states: dict[str, State]
    roll_calls: dict[int, RollCall]
    resolutions: dict[str, Resolution]
    sessions: list[str]  # in the order of their first date
    has_precision: bool
    con: duckdb.DuckDBPyConnection
    drawn: set[str] = field(default_factory=set)  # state codes the vote map can draw
    regions: list[str] = field(default_factory=list)


# Columns a later edition added, read when the release has them.
OPTIONAL = {"roll_calls": ("date_precision",), "resolutions": ("date_precision",)}


def open_release(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only, locked-down connection to a release database (release/reader.py), or a
    one-line SiteError: every table the site reads is there, as a table."""
    try:
        con = reader.open_release(path)
    except reader.ReleaseReadError as e:
        raise SiteError(str(e)) from e
    have = columns(con)
    views = {v for (v,) in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND NOT internal"
    ).fetchall()}  # fmt: skip
    for table, needed in REQUIRED.items():
        if table not in have:
            con.close()
            what = "a view, not a table" if table in views else "no table"
            raise SiteError(f"{path}: not an unga-votes release ({table}: {what})")
        missing = [c for c in needed if c not in have[table]]
        if missing:
            con.close()
            raise SiteError(f"{path}: not an unga-votes release ({table} lacks {missing[0]})")
    return con


def columns(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """The columns of each table (not view) of the database's main schema, from its
    catalogue: a view computes its rows when read, and the site reads stored rows only."""
    rows = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() c WHERE database_name = "
        "current_database() AND schema_name = 'main' AND EXISTS (SELECT 1 FROM duckdb_tables() t "
        "WHERE t.database_name = c.database_name AND t.schema_name = c.schema_name "
        "AND t.table_name = c.table_name)"
    ).fetchall()
    out: dict[str, set[str]] = {}
    for table, column in rows:
        out.setdefault(table, set()).add(column)
    return out


def read_columns(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, ...]]:
    """Per table the site reads, the columns it reads: REQUIRED, and OPTIONAL where present;
    the EXTRAS tables where the release has them whole."""
    have = columns(con)
    read = {table: needed + tuple(c for c in OPTIONAL.get(table, ()) if c in have[table])
            for table, needed in REQUIRED.items()}  # fmt: skip
    for table, (cols, _) in EXTRAS.items():
        if {"resolution", *cols} <= have.get(table, set()):
            read[table] = ("resolution", *cols)
    return read


def _precision(have: dict[str, set[str]], table: str, alias: str) -> str:
    if "date_precision" in have[table]:
        return f"coalesce({alias}.date_precision, 'day')"
    return "'day'"


def _extras(con: duckdb.DuckDBPyConnection, resolutions: dict[str, Resolution]) -> None:
    """Each resolution's subject headings, documents and agenda titles, where the database has
    their tables (in their rows' order)."""
    read = read_columns(con)
    for table, (cols, attr) in EXTRAS.items():
        if table not in read:
            continue
        for symbol, *values in con.execute(
            f"SELECT resolution, {', '.join(cols)} FROM {table} ORDER BY resolution"
        ).fetchall():
            if symbol in resolutions:
                getattr(resolutions[symbol], attr).append(
                    values[0] if len(values) == 1 else tuple(values)
                )


def load(path: Path) -> Release:
    """The release at `path` as the pages read it (see release_checks.py for the checks
    `unga site` runs between opening and reading)."""
    return read(open_release(path), path)


def read(con: duckdb.DuckDBPyConnection, path: Path) -> Release:
    have = columns(con)
    states: dict[str, State] = {}
    for code, name, cow, m49 in con.execute(
        "SELECT state, name, cow_code, m49 FROM states ORDER BY state"
    ).fetchall():
        states[code] = State(code, name, m49, region(cow))
    for code, name, kind, start, stop in con.execute(
        "SELECT state, name, kind, valid_from, valid_to FROM state_names "
        "ORDER BY state, valid_from, kind DESC, name"
    ).fetchall():
        states[code].names.append((name, kind, start, stop))
    for code, admitted, left in con.execute(
        'SELECT state, admitted, "left" FROM memberships ORDER BY state, admitted'
    ).fetchall():
        states[code].spells.append((admitted, left))
    roll_calls: dict[int, RollCall] = {}
    for (rc_id, session, date, precision, meeting, subject, resolution, description,
         yes, no, abstain, non_voting) in con.execute(
        f"SELECT roll_call, session, date, {_precision(have, 'roll_calls', 'r')}, meeting, "
        "subject, resolution, description, declared_yes, declared_no, declared_abstain, "
        "declared_non_voting FROM roll_calls r ORDER BY roll_call"
    ).fetchall():  # fmt: skip
        declared = (yes, no, abstain, non_voting)
        roll_calls[rc_id] = RollCall(
            rc_id, session, date, precision, meeting, subject, resolution, description, declared
        )
    # Each vote with the state's official name on the day of the roll call.
    for rc, code, vote, name in con.execute(
        """
        SELECT v.roll_call, v.state, v.vote, coalesce(n.name, s.name)
        FROM votes v
        JOIN roll_calls r USING (roll_call)
        JOIN states s USING (state)
        LEFT JOIN state_names n ON n.state = v.state AND n.kind = 'official'
            AND n.valid_from <= r.date AND (n.valid_to IS NULL OR r.date < n.valid_to)
        ORDER BY v.roll_call, coalesce(n.name, s.name), v.state
        """
    ).fetchall():
        roll_calls[rc].votes.append((code, name, vote))
    resolutions = {
        row[0]: Resolution(*row)
        for row in con.execute(
            f"SELECT resolution, session, date, {_precision(have, 'resolutions', 'x')}, title, "
            "adoption, roll_call, meeting FROM resolutions x ORDER BY date, resolution"
        ).fetchall()
    }
    _extras(con, resolutions)
    sessions = [
        s
        for (s,) in con.execute(
            "SELECT session FROM (SELECT session, date FROM roll_calls UNION ALL "
            "SELECT session, date FROM resolutions) GROUP BY session ORDER BY min(date), session"
        ).fetchall()
    ]
    has_precision = any("date_precision" in have[t] for t in ("roll_calls", "resolutions"))
    release = Release(path, states, roll_calls, resolutions, sessions, has_precision, con)
    release.regions = sorted({s.region for s in states.values()})
    return release
