"""The release database: tables, types, keys and comments from the Table Schemas, and the views."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from helpers import ROOT


def test_database_tables_keys_and_comments(dist: Path) -> None:
    con = duckdb.connect(str(dist / "unga-votes.duckdb"), read_only=True)
    schema = json.loads((ROOT / "schemas" / "votes.schema.json").read_text())
    comments = dict(
        con.sql(
            "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'votes'"
        ).fetchall()
    )
    assert comments == {f["name"]: f["description"] for f in schema["fields"]}
    types = dict(
        con.sql(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'roll_calls'"
        ).fetchall()
    )
    assert (types["roll_call"], types["date"], types["important_vote"]) == (
        "BIGINT",
        "DATE",
        "BOOLEAN",
    )
    constraints = {
        (t, c)
        for t, c in con.sql(
            "SELECT table_name, constraint_text FROM duckdb_constraints()"
        ).fetchall()
    }
    assert ("votes", "PRIMARY KEY(roll_call, state)") in constraints
    assert ("votes", "FOREIGN KEY (state) REFERENCES states(state)") in constraints
    with pytest.raises(duckdb.Error):
        con.execute("INSERT INTO votes VALUES (4813, 'ZAF', 'Y')")  # read-only, and a duplicate
    n = con.sql("SELECT count(*) FROM votes WHERE roll_call = 4813").fetchall()[0]
    assert n == (192,)
    table_comment = con.sql("SELECT comment FROM duckdb_tables() WHERE table_name = 'roll_calls'")
    assert "cycle" in table_comment.fetchall()[0][0]  # the one foreign key DuckDB cannot declare


def test_views_answer_the_seed(dist: Path) -> None:
    con = duckdb.connect(str(dist / "unga-votes.duckdb"), read_only=True)
    row = con.sql(
        "SELECT declared_yes, tallied_yes, tallied_abstain, members, totals_agree "
        "FROM roll_call_results WHERE resolution = 'A/RES/62/167'"
    ).fetchall()[0]
    assert row == (101, 101, 59, 192, True)
    names = dict(
        con.sql(
            "SELECT state, state_name FROM votes_named WHERE roll_call = 4813 "
            "AND state IN ('MKD', 'SWZ', 'TUR')"
        ).fetchall()
    )
    assert names == {
        "MKD": "The former Yugoslav Republic of Macedonia",
        "SWZ": "Swaziland",
        "TUR": "Turkey",
    }
    assert con.sql("SELECT count(*) FROM members_on(DATE '2011-07-14')").fetchall()[0] == (193,)
    usa = con.sql("SELECT * FROM agreement('USA', 'USA')").fetchall()
    assert usa and all(r[-1] == 1.0 for r in usa)
