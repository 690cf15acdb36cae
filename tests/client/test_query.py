"""`unga query`: read-only SQL over a release database, and the ways it prints the answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import client_cli as cli

from unga_votes.client.query import QueryError, connect, run, tables, to_csv, to_json, to_markdown


def test_query_a_release_database(dist: Path) -> None:
    con = connect(dist / "unga-votes.duckdb")
    columns, rows = run(
        con, "SELECT state, vote FROM votes WHERE roll_call = 4813 AND state = 'ZAF'"
    )
    assert (columns, rows) == (["state", "vote"], [("ZAF", "A")])
    assert to_csv(columns, rows) == "state,vote\nZAF,A\n"
    assert json.loads(to_json(columns, rows)) == [{"state": "ZAF", "vote": "A"}]
    assert to_markdown(columns, rows) == "| state | vote |\n|---|---|\n| ZAF | A |\n"
    names = {(name, kind) for name, kind, _ in tables(con)[1]}
    assert {
        ("votes", "table"),
        ("roll_call_results", "view"),
        ("agreement", "table macro"),
    } <= names


def test_dates_and_missing_values_print_as_text(dist: Path) -> None:
    con = connect(dist / "unga-votes.duckdb")
    columns, rows = run(con, "SELECT DATE '2007-12-18' AS d, NULL AS n, 'a|b' AS t")
    assert to_csv(columns, rows) == "d,n,t\n2007-12-18,,a|b\n"
    assert json.loads(to_json(columns, rows)) == [{"d": "2007-12-18", "n": None, "t": "a|b"}]
    assert to_markdown(columns, rows).splitlines()[-1] == "| 2007-12-18 |  | a\\|b |"


def test_a_failing_query_and_a_missing_database_are_query_errors(
    tmp_path: Path, dist: Path
) -> None:
    with pytest.raises(QueryError, match="no such database"):
        connect(tmp_path / "none.duckdb")
    with pytest.raises(QueryError, match="votez"):
        run(connect(dist / "unga-votes.duckdb"), "SELECT * FROM votez")


def test_query_without_a_download(tmp_path: Path) -> None:
    result = cli("query", "SELECT 1", cache=tmp_path, url="http://127.0.0.1:9")
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == "unga query: no latest release in the cache: run `unga download` first"
    )
