"""Count totals and single membership (data-model invariants 1 and 2): Pandera dataframe checks.

The numbers come from DuckDB: the tally is the release's own `roll_call_results` view, and
membership on a date of either precision is the shared `may_be_member` / `surely_member` pair
(`sql/periods.sql`): a state whose membership begins or ends within the month of a date of
month precision may have a vote row or not; every other state must, or must not, have one.
Pandera checks each row of those audits; a failing row comes back whole in the failure report
(as JSON), so the violation is written from the row itself, with no trip back through row
positions.
"""

from __future__ import annotations

import duckdb
import pandera.polars as pa
import polars as pl
from pandera.errors import SchemaErrors

from .. import catalogue
from ..package import Package
from ..package.keys import key_expr
from ..report import Skipped, Violation, cannot_run

# Per roll call (at its first line in roll_calls.csv): the tally of the published view, and
# how many states surely were, and may have been, members on its date (for a date of month
# precision the two differ by the admissions and departures of that month).
ROLL_CALL_AUDIT = """
SELECT DISTINCT r._line, r._key, c.roll_call, CAST(c.date AS VARCHAR) AS date,
       c.date_precision, c.resolution,
       c.declared_yes, c.declared_no, c.declared_abstain, c.declared_non_voting,
       c.tallied_yes, c.tallied_no, c.tallied_abstain, c.tallied_non_voting,
       c.members AS vote_rows, c.totals_agree,
       (SELECT count(DISTINCT m.state) FROM memberships m
        WHERE surely_member(m.admitted, m."left", c.date, c.date_precision)) AS sure_members,
       (SELECT count(DISTINCT m.state) FROM memberships m
        WHERE may_be_member(m.admitted, m."left", c.date, c.date_precision)) AS possible_members
FROM roll_call_results c
JOIN (SELECT roll_call, min(_line) AS _line, any_value(_key) AS _key FROM roll_calls
      GROUP BY roll_call) r USING (roll_call)
WHERE c.roll_call IS NOT NULL AND c.date IS NOT NULL
ORDER BY r._line
"""

# Every (roll call, state) pair that is a vote row of a state that cannot have been a member
# on the date, or a state that surely was a member and has no vote row.
SEAT_AUDIT = """
WITH possible AS (
    SELECT r.roll_call, m.state, any_value(r._line) AS rc_line,
           bool_or(surely_member(m.admitted, m."left", r.date, r.date_precision)) AS sure
    FROM roll_calls r JOIN memberships m
      ON may_be_member(m.admitted, m."left", r.date, r.date_precision)
    WHERE r.roll_call IS NOT NULL
    GROUP BY r.roll_call, m.state),
cast_votes AS (
    SELECT v.roll_call, v.state, v._line FROM votes v
    WHERE v.roll_call IS NOT NULL AND v.state IS NOT NULL
      AND v.roll_call IN (SELECT roll_call FROM roll_calls WHERE date IS NOT NULL)),
dated AS (SELECT roll_call, any_value(date) AS date, any_value(date_precision) AS precision
          FROM roll_calls GROUP BY roll_call)
SELECT coalesce(v._line, e.rc_line) AS _line,
       coalesce(v.roll_call, e.roll_call) AS roll_call, coalesce(v.state, e.state) AS state,
       CASE WHEN d.precision = 'month' THEN strftime(d.date, '%Y-%m')
            ELSE strftime(d.date, '%Y-%m-%d') END AS written,
       e.state IS NOT NULL AS may_be_member, coalesce(e.sure, false) AS surely_member,
       v.state IS NOT NULL AS has_vote
FROM cast_votes v FULL OUTER JOIN possible e ON v.roll_call = e.roll_call AND v.state = e.state
JOIN dated d ON d.roll_call = coalesce(v.roll_call, e.roll_call)
WHERE e.state IS NULL OR (v.state IS NULL AND e.sure)
ORDER BY 1, 3
"""

CATEGORIES = (("yes", "Y"), ("no", "N"), ("abstain", "A"), ("non_voting", "X"))
RULES = catalogue.checked_by(catalogue.FRAME)
NEEDS = catalogue.tables_of(RULES)  # roll_calls, votes, memberships


def _frame_check(rule: catalogue.Rule, predicate: pl.Expr) -> pa.Check:
    return pa.Check(lambda data: data.lazyframe.select(predicate), name=rule.id)


ROLL_CALL_SCHEMA = pa.DataFrameSchema(
    checks=[
        _frame_check(catalogue.VOTES_COUNT_TOTALS, pl.col("totals_agree")),
        _frame_check(
            catalogue.VOTES_MEMBERSHIP_TOTAL,
            pl.col("vote_rows").is_between(pl.col("sure_members"), pl.col("possible_members")),
        ),
    ],
    name="roll call audit",
)
SEAT_SCHEMA = pa.DataFrameSchema(
    checks=[
        _frame_check(catalogue.VOTES_NON_MEMBER, pl.col("may_be_member") | ~pl.col("has_vote")),
        _frame_check(catalogue.VOTES_MISSING_MEMBER, pl.col("has_vote") | ~pl.col("surely_member")),
    ],
    name="seat audit",
)


def failed_rows(schema: pa.DataFrameSchema, frame: pl.DataFrame) -> pl.DataFrame:
    """The rows of `frame` that fail a check of `schema`, with the check's name in `rule`.

    Pandera reports each failing row of a dataframe check as a JSON object of its values;
    decoded with the frame's own schema, they are the rows themselves."""
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as e:
        cases = e.failure_cases
        rows = cases.select(
            pl.col("check").alias("rule"),
            pl.col("failure_case").str.json_decode(pl.Struct(frame.schema)).alias("row"),
        ).unnest("row")
        return rows.sort("_line", "rule")
    return frame.clear().with_columns(pl.lit("").alias("rule"))


def _describe_totals(row: dict) -> tuple[str, str, str]:
    if row["rule"] == catalogue.VOTES_MEMBERSHIP_TOTAL.id:
        sure, possible = row["sure_members"], row["possible_members"]
        if sure == possible:
            expected = f"Y+N+A+X = {sure} (members on {row['date']})"
        else:
            month = row["date"][:7]
            expected = f"Y+N+A+X from {sure} to {possible} (members in {month}, a month date)"
        return "roll_call", expected, f"{row['vote_rows']}"
    cats = [c for c, _ in CATEGORIES if row[f"declared_{c}"] not in (None, row[f"tallied_{c}"])]
    expected = ", ".join(f"{c.replace('_', '-')} {row[f'declared_{c}']}" for c in cats)
    found = ", ".join(f"{c.replace('_', '-')} {row[f'tallied_{c}']}" for c in cats)
    return f"declared_{cats[0]}", f"declared totals ({expected})", f"per-state tally ({found})"


def _listed(names: tuple[str, ...]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def count_and_membership_violations(
    con: duckdb.DuckDBPyConnection, package: Package, loaded: set[str]
) -> tuple[list[Violation], list[Skipped]]:
    if not loaded.issuperset(NEEDS):
        return [], [Skipped(tuple(r.id for r in RULES), f"need {_listed(NEEDS)}")]
    try:
        audit, seats = con.sql(ROLL_CALL_AUDIT).pl(), con.sql(SEAT_AUDIT).pl()
    except duckdb.Error as e:
        what = "the count-totals and membership rules"
        return [cannot_run(package.descriptor_path, what, str(e))], []
    roll_calls = package.resource("roll_calls").path
    out = [_roll_call_violation(roll_calls, row)
           for row in failed_rows(ROLL_CALL_SCHEMA, audit).iter_rows(named=True)]  # fmt: skip
    seats = seats.with_columns(key_expr(["roll_call", "state"]).alias("key"))
    votes = package.resource("votes").path
    out += [_seat_violation(roll_calls, votes, row)
            for row in failed_rows(SEAT_SCHEMA, seats).iter_rows(named=True)]  # fmt: skip
    return out, []


def _roll_call_violation(path: str, row: dict) -> Violation:
    """A roll call whose tally is not its declared totals, or not its members on the day."""
    column, expected, found = _describe_totals(row)
    dated = f"{row['resolution']}, {row['date']}" if row["resolution"] else row["date"]
    return Violation(
        file=path, line=row["_line"], column=column, rule=row["rule"], expected=expected,
        found=found, message=f"roll call {row['roll_call']} ({dated})", key=row["_key"],
    )  # fmt: skip


def _seat_violation(roll_calls: str, votes: str, row: dict) -> Violation:
    """A vote row of a state that cannot have been a member, or a member without one."""
    if row["rule"] == catalogue.VOTES_NON_MEMBER.id:
        return Violation(
            file=votes, line=row["_line"], column="state", rule=row["rule"],
            expected=f"a member on the date of roll call {row['roll_call']} ({row['written']})",
            found=f"{row['state']} (not a member then)", key=row["key"],
        )  # fmt: skip
    return Violation(
        file=roll_calls, line=row["_line"], column="roll_call", rule=row["rule"],
        expected="a vote row for every member (Y, N, A or X)", found=f"no row for {row['state']}",
        message=f"roll call {row['roll_call']}", key=row["key"],
    )  # fmt: skip
