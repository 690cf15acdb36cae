"""The contract's cross-table rules (docs: data-model invariants 1-6), in DuckDB.

Count totals and single membership are Pandera dataframe checks over audit frames that DuckDB
computes per roll call and per (roll call, state); the other rules are SQL queries that return
one row per violation.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandera.polars as pa
import polars as pl
from pandera.errors import SchemaErrors

from .keys import key_sql
from .membership import member_on
from .package import Package
from .report import Violation
from .roman import int_to_roman

FIRST_MEETING = "1946-01-10"  # the Assembly's first plenary meeting, London


@dataclass(frozen=True)
class SqlRule:
    """A rule as a query returning (_line, key, column, expected, found, message) rows."""

    rule: str
    table: str
    needs: tuple[str, ...]
    sql: str


def _symbol_session_sql() -> str:
    # Session written in the symbol: A/RES/62/167 -> 62; A/RES/1514(XV) -> 15 via the roman table.
    return """
    CASE WHEN regexp_matches(r.resolution, '^A/RES/(ES-|S-)?[0-9]+/')
         THEN regexp_extract(r.resolution, '^A/RES/((ES-|S-)?[0-9]+)/', 1)
         ELSE regexp_extract(r.resolution, '\\((ES-|S-)?[IVXLC]+\\)', 1)
              || CAST((SELECT n FROM roman WHERE roman.r =
                       regexp_extract(r.resolution, '\\((ES-|S-)?([IVXLC]+)\\)', 2)) AS VARCHAR)
    END"""


def _session_window(alias: str) -> str:
    """Regular session N runs from September of 1945+N into the next September (session 1: 1946)."""
    return f"""(NOT regexp_matches({alias}.session, '^[0-9]+$')
        OR TRY_CAST({alias}.session AS INTEGER) = 1 AND year({alias}.date) = 1946
        OR {alias}.date BETWEEN make_date(1945 + TRY_CAST({alias}.session AS INTEGER), 9, 1)
                        AND make_date(1946 + TRY_CAST({alias}.session AS INTEGER), 9, 30))"""


def sql_rules() -> list[SqlRule]:
    k_rc = key_sql(["roll_call"], "r")
    k_res = key_sql(["resolution"], "r")
    rules = []
    for table, k in (("roll_calls", k_rc), ("resolutions", k_res)):
        rules += [
            SqlRule(
                "dates.before-assembly",
                table,
                (table,),
                f"""
                SELECT r._line, {k}, 'date', 'on or after {FIRST_MEETING} (first meeting)',
                       CAST(r.date AS VARCHAR), NULL
                FROM {table} r WHERE r.date < DATE '{FIRST_MEETING}'""",
            ),
            SqlRule(
                "dates.outside-session",
                table,
                (table,),
                f"""
                SELECT r._line, {k}, 'date',
                       'a date within session ' || r.session || ' (September '
                       || (1945 + TRY_CAST(r.session AS INTEGER)) || ' to September '
                       || (1946 + TRY_CAST(r.session AS INTEGER)) || ')',
                       CAST(r.date AS VARCHAR), NULL
                FROM {table} r WHERE r.date >= DATE '{FIRST_MEETING}' AND r.session IS NOT NULL
                  AND NOT {_session_window("r")}""",
            ),
        ]
    rules += [
        SqlRule(
            "resolutions.symbol-session",
            "resolutions",
            ("resolutions",),
            f"""
            SELECT r._line, {k_res}, 'session', 'session ' || r.sym || ' (from the symbol)',
                   r.session, r.resolution
            FROM (SELECT r.*, {_symbol_session_sql()} AS sym FROM resolutions r) r
            WHERE r.sym IS NOT NULL AND r.sym <> '' AND r.sym <> r.session""",
        ),
        SqlRule(
            "resolutions.adoption",
            "resolutions",
            ("resolutions",),
            f"""
            SELECT r._line, {k_res}, 'roll_call',
                   CASE r.adoption WHEN 'recorded vote' THEN 'the roll call that adopted it'
                        ELSE 'no roll call (adopted without a vote)' END,
                   coalesce(CAST(r.roll_call AS VARCHAR), 'empty'), r.adoption
            FROM resolutions r
            WHERE (r.adoption = 'recorded vote' AND r.roll_call IS NULL)
               OR (r.adoption = 'without a vote' AND r.roll_call IS NOT NULL)""",
        ),
        SqlRule(
            "resolutions.roll-call",
            "resolutions",
            ("resolutions", "roll_calls"),
            f"""
            SELECT r._line, {k_res}, 'roll_call',
                   'roll call ' || r.roll_call || ' adopting ' || r.resolution || ' on '
                   || r.date || ' in session ' || r.session,
                   'roll call ' || c.roll_call || ' adopting ' || coalesce(c.resolution, 'nothing')
                   || ' on ' || c.date || ' in session ' || c.session, NULL
            FROM resolutions r JOIN roll_calls c ON c.roll_call = r.roll_call
            WHERE c.resolution IS DISTINCT FROM r.resolution OR c.date <> r.date
               OR c.session <> r.session""",
        ),
        SqlRule(
            "resolutions.without-vote",
            "roll_calls",
            ("resolutions", "roll_calls"),
            f"""
            SELECT c._line, {key_sql(["roll_call"], "c")}, 'resolution',
                   'no roll call adopting ' || r.resolution || ' (adopted without a vote)',
                   'roll call ' || c.roll_call, NULL
            FROM roll_calls c JOIN resolutions r ON r.resolution = c.resolution
            WHERE r.adoption = 'without a vote'""",
        ),
        SqlRule(
            "roll_calls.resolution",
            "roll_calls",
            ("resolutions", "roll_calls"),
            f"""
            SELECT c._line, {key_sql(["roll_call"], "c")}, 'resolution',
                   'subject resolution and ' || c.resolution || ' naming roll call ' || c.roll_call,
                   'subject ' || c.subject || ', ' || c.resolution || ' naming roll call '
                   || coalesce(CAST(r.roll_call AS VARCHAR), 'none'), NULL
            FROM roll_calls c JOIN resolutions r ON r.resolution = c.resolution
            WHERE r.adoption = 'recorded vote'
              AND (r.roll_call IS DISTINCT FROM c.roll_call OR c.subject <> 'resolution')""",
        ),
        SqlRule(
            "roll_calls.totals-source",
            "roll_calls",
            ("roll_calls",),
            f"""
            SELECT r._line, {k_rc}, 'totals_source', 'a source for the declared totals', 'empty',
                   NULL
            FROM roll_calls r WHERE r.totals_source IS NULL
              AND coalesce(r.declared_yes, r.declared_no, r.declared_abstain,
                           r.declared_non_voting) IS NOT NULL""",
        ),
        SqlRule(
            "memberships.interval",
            "memberships",
            ("memberships",),
            f"""
            SELECT r._line, {key_sql(["state", "admitted"], "r")}, 'left',
                   'a date after ' || r.admitted, CAST(r."left" AS VARCHAR), NULL
            FROM memberships r WHERE r."left" <= r.admitted""",
        ),
        SqlRule(
            "memberships.overlap",
            "memberships",
            ("memberships",),
            f"""
            SELECT b._line, {key_sql(["state", "admitted"], "b")}, 'admitted',
                   'no overlap with the spell from ' || a.admitted || ' (line ' || a._line || ')',
                   b.admitted || ' to ' || coalesce(CAST(b."left" AS VARCHAR), 'now'), NULL
            FROM memberships a JOIN memberships b ON a.state = b.state AND a._line < b._line
            WHERE a.admitted < coalesce(b."left", DATE '9999-12-31')
              AND b.admitted < coalesce(a."left", DATE '9999-12-31')""",
        ),
        SqlRule(
            "state_names.interval",
            "state_names",
            ("state_names",),
            f"""
            SELECT r._line, {key_sql(["state", "name", "valid_from"], "r")}, 'valid_to',
                   'a date after ' || r.valid_from, CAST(r.valid_to AS VARCHAR), NULL
            FROM state_names r WHERE r.valid_to <= r.valid_from""",
        ),
        SqlRule(
            "state_names.official-overlap",
            "state_names",
            ("state_names",),
            f"""
            SELECT b._line, {key_sql(["state", "name", "valid_from"], "b")}, 'valid_from',
                   'one official name at a time; ' || a.name || ' (line ' || a._line
                   || ') applies from ' || a.valid_from || ' to '
                   || coalesce(CAST(a.valid_to AS VARCHAR), 'now'),
                   b.name || ' from ' || b.valid_from || ' to '
                   || coalesce(CAST(b.valid_to AS VARCHAR), 'now'), NULL
            FROM state_names a JOIN state_names b
              ON a.state = b.state AND a._line < b._line AND a.kind = 'official'
                 AND b.kind = 'official'
            WHERE a.valid_from < coalesce(b.valid_to, DATE '9999-12-31')
              AND b.valid_from < coalesce(a.valid_to, DATE '9999-12-31')""",
        ),
        SqlRule(
            "state_names.official-gap",
            "memberships",
            ("memberships", "state_names"),
            f"""
            WITH n AS (SELECT state, valid_from f, coalesce(valid_to, DATE '9999-12-31') t
                       FROM state_names WHERE kind = 'official'),
            s AS (SELECT _line, {key_sql(["state", "admitted"], "m")} AS k, state, admitted a,
                         coalesce("left", DATE '9999-12-31') l FROM memberships m),
            j AS (SELECT s.*, n.f, n.t,
                         max(n.t) OVER (PARTITION BY s._line ORDER BY n.f
                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev
                  FROM s JOIN n ON n.state = s.state AND n.f < s.l AND s.a < n.t),
            gaps AS (
                SELECT _line, k, greatest(coalesce(prev, a), a) AS g0, f AS g1 FROM j
                WHERE f > greatest(coalesce(prev, a), a)
                UNION ALL
                SELECT _line, k, max(t), any_value(l) FROM j GROUP BY _line, k
                HAVING max(t) < any_value(l)
                UNION ALL
                SELECT _line, k, a, l FROM s WHERE _line NOT IN (SELECT _line FROM j))
            SELECT _line, k, 'state', 'an official name on every day of membership',
                   'none from ' || g0 || ' to '
                   || CASE WHEN g1 = DATE '9999-12-31' THEN 'now' ELSE CAST(g1 AS VARCHAR) END,
                   NULL
            FROM gaps""",
        ),
    ]
    return rules


def run_sql_rules(
    con: duckdb.DuckDBPyConnection, package: Package, loaded: set[str]
) -> tuple[list[Violation], list[str]]:
    con.register(
        "roman", pl.DataFrame({"r": [int_to_roman(n) for n in range(1, 200)], "n": range(1, 200)})
    )
    out: list[Violation] = []
    skipped: list[str] = []
    for rule in sql_rules():
        if not set(rule.needs) <= loaded:
            skipped.append(f"{rule.rule}: needs {', '.join(rule.needs)}, which did not load")
            continue
        path = package.resource(rule.table).path
        for line, key, column, expected, found, message in con.execute(rule.sql).fetchall():
            out.append(
                Violation(path, line, column, rule.rule, expected, found, message or "", key)
            )
    return out, skipped


# --- Count totals and single membership: Pandera checks over DuckDB audit frames -------------

ROLL_CALL_AUDIT = f"""
WITH tally AS (
    SELECT roll_call, count(*) FILTER (vote = 'Y') AS y, count(*) FILTER (vote = 'N') AS n,
           count(*) FILTER (vote = 'A') AS a, count(*) FILTER (vote = 'X') AS x,
           count(*) AS rows
    FROM votes GROUP BY roll_call),
members AS (
    SELECT r.roll_call, count(m.state) AS members
    FROM roll_calls r LEFT JOIN memberships m ON {member_on("m", "r.date")}
    GROUP BY r.roll_call)
SELECT r._line, CAST(r.roll_call AS VARCHAR) AS key, r.roll_call, r.date, r.resolution,
       r.declared_yes, r.declared_no, r.declared_abstain, r.declared_non_voting,
       coalesce(t.y, 0) AS tally_yes, coalesce(t.n, 0) AS tally_no,
       coalesce(t.a, 0) AS tally_abstain, coalesce(t.x, 0) AS tally_non_voting,
       coalesce(t.rows, 0) AS tally_rows, mb.members
FROM roll_calls r LEFT JOIN tally t USING (roll_call) JOIN members mb USING (roll_call)
WHERE r.roll_call IS NOT NULL AND r.date IS NOT NULL
ORDER BY r._line
"""

# Every (roll call, state) pair that is a vote row or a membership on the roll call's date.
SEAT_AUDIT = f"""
WITH expected AS (
    SELECT r.roll_call, m.state, r._line AS rc_line
    FROM roll_calls r JOIN memberships m ON {member_on("m", "r.date")}
    WHERE r.roll_call IS NOT NULL),
cast_votes AS (
    SELECT v.roll_call, v.state, v._line FROM votes v
    WHERE v.roll_call IS NOT NULL AND v.state IS NOT NULL
      AND v.roll_call IN (SELECT roll_call FROM roll_calls WHERE date IS NOT NULL))
SELECT coalesce(v._line, e.rc_line) AS _line,
       CAST(coalesce(v.roll_call, e.roll_call) AS VARCHAR) || '|' || coalesce(v.state, e.state)
           AS key,
       coalesce(v.roll_call, e.roll_call) AS roll_call, coalesce(v.state, e.state) AS state,
       e.state IS NOT NULL AS is_member, v.state IS NOT NULL AS has_vote
FROM cast_votes v FULL OUTER JOIN expected e ON v.roll_call = e.roll_call AND v.state = e.state
WHERE e.state IS NULL OR v.state IS NULL
"""

CATEGORIES = (("yes", "Y"), ("no", "N"), ("abstain", "A"), ("non_voting", "X"))


def _frame_check(rule: str, predicate: pl.Expr) -> pa.Check:
    return pa.Check(lambda data: data.lazyframe.select(predicate), name=rule)


def _totals_agree() -> pl.Expr:
    ok = pl.lit(True)
    for cat, _ in CATEGORIES:
        declared = pl.col(f"declared_{cat}")
        ok = ok & (declared.is_null() | (declared == pl.col(f"tally_{cat}")))
    return ok


ROLL_CALL_SCHEMA = pa.DataFrameSchema(
    checks=[
        _frame_check("votes.count-totals", _totals_agree()),
        _frame_check("votes.membership-total", pl.col("tally_rows") == pl.col("members")),
    ],
    name="roll call audit",
)
SEAT_SCHEMA = pa.DataFrameSchema(
    checks=[
        _frame_check("votes.non-member", pl.col("is_member") | ~pl.col("has_vote")),
        _frame_check("votes.missing-member", pl.col("has_vote") | ~pl.col("is_member")),
    ],
    name="seat audit",
)


def _failed_rows(schema: pa.DataFrameSchema, frame: pl.DataFrame) -> pl.DataFrame:
    """Rows of `frame` failing `schema`, with the failing check's name in `rule`."""
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as e:
        failures = e.failure_cases.select(pl.col("check").alias("rule"), pl.col("index"))
        return failures.join(
            frame.with_row_index("index").with_columns(pl.col("index").cast(pl.Int32)),
            on="index",
        ).sort("_line", "rule")
    return frame.clear().with_columns(pl.lit("").alias("rule"))


def _describe_totals(row: dict) -> tuple[str, str, str]:
    if row["rule"] == "votes.membership-total":
        return (
            "roll_call",
            f"Y+N+A+X = {row['members']} (members on {row['date']})",
            f"{row['tally_rows']}",
        )
    cats = [(c, s) for c, s in CATEGORIES if row[f"declared_{c}"] not in (None, row[f"tally_{c}"])]
    expected = ", ".join(f"{c.replace('_', '-')} {row[f'declared_{c}']}" for c, _ in cats)
    found = ", ".join(f"{c.replace('_', '-')} {row[f'tally_{c}']}" for c, _ in cats)
    return f"declared_{cats[0][0]}", f"declared totals ({expected})", f"per-state tally ({found})"


def count_and_membership_violations(
    con: duckdb.DuckDBPyConnection, package: Package, loaded: set[str]
) -> tuple[list[Violation], list[str]]:
    needs = {"roll_calls", "votes", "memberships"}
    if not needs <= loaded:
        return [], [
            "votes.count-totals, votes.membership-total, votes.non-member, "
            "votes.missing-member: need roll_calls, votes and memberships"
        ]
    rc_path = package.resource("roll_calls").path
    votes_path = package.resource("votes").path
    out: list[Violation] = []
    audit = con.sql(ROLL_CALL_AUDIT).pl()
    for row in _failed_rows(ROLL_CALL_SCHEMA, audit).iter_rows(named=True):
        column, expected, found = _describe_totals(row)
        what = f"roll call {row['roll_call']}" + (
            f" ({row['resolution']}, {row['date']})" if row["resolution"] else f" ({row['date']})"
        )
        out.append(
            Violation(rc_path, row["_line"], column, row["rule"], expected, found, what, row["key"])
        )
    seats = con.sql(SEAT_AUDIT).pl()
    for row in _failed_rows(SEAT_SCHEMA, seats).iter_rows(named=True):
        if row["rule"] == "votes.non-member":
            v = Violation(
                votes_path,
                row["_line"],
                "state",
                row["rule"],
                f"a member on the day of roll call {row['roll_call']}",
                f"{row['state']} (not a member then)",
                "",
                row["key"],
            )
        else:
            v = Violation(
                rc_path,
                row["_line"],
                "roll_call",
                row["rule"],
                "a vote row for every member (Y, N, A or X)",
                f"no row for {row['state']}",
                f"roll call {row['roll_call']}",
                row["key"],
            )
        out.append(v)
    return out, []
