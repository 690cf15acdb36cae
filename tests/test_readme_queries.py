"""Every SQL example of README.md runs against a freshly built database and prints its result,
through the connection `unga query` uses (read-only, locked down) and past its statement check."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from helpers import ROOT

from unga_votes.client.query import check_statement, connect
from unga_votes.readme_queries import examples, render

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = examples(README)


@pytest.fixture(scope="module")
def con(full_dist: Path) -> duckdb.DuckDBPyConnection:
    """The release database of the full data, built by `unga build`, opened as `unga query`
    opens it."""
    return connect(full_dist / "unga-votes.duckdb")


def test_the_readme_has_the_examples() -> None:
    assert len(EXAMPLES) >= 6
    assert README.count("```sql") == len(EXAMPLES), "every SQL block needs a result block"


@pytest.mark.parametrize(("sql", "printed"), EXAMPLES, ids=[f"q{i}" for i in range(len(EXAMPLES))])
def test_example_prints_its_result(con: duckdb.DuckDBPyConnection, sql: str, printed: str) -> None:
    check_statement(con, sql)
    assert render(con, sql) == printed, "run `make docs` to refresh README.md"
