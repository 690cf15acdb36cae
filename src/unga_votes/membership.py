"""Who was a member on a date: a query on the memberships table (half-open spells)."""

from __future__ import annotations

import datetime as dt

import duckdb


def member_on(alias: str, date_sql: str) -> str:
    """SQL condition: the membership row `alias` covers the date `date_sql`."""
    left = f'{alias}."left"'
    return f"{alias}.admitted <= {date_sql} AND ({left} IS NULL OR {date_sql} < {left})"


def members_on(con: duckdb.DuckDBPyConnection, date: dt.date) -> list[str]:
    """State codes of the members on `date`, sorted, from a connection holding `memberships`."""
    rows = con.execute(
        f"SELECT DISTINCT m.state FROM memberships m WHERE {member_on('m', '$d')} ORDER BY 1",
        {"d": date},
    ).fetchall()
    return [r[0] for r in rows]
