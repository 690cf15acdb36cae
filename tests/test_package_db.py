"""package_db.py: a package's tables in DuckDB, typed, with the shared SQL installed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from helpers import connect


def test_each_connection_sees_only_its_own_tables(fixture_root: Path) -> None:
    a = connect(fixture_root / "datapackage.json", ("memberships", "state_names"))
    b = connect(fixture_root / "datapackage.json", ("memberships", "state_names", "votes"))
    assert b.execute("SELECT count(*) > 0 FROM votes").fetchone() == (True,)
    with pytest.raises(duckdb.CatalogException):
        a.execute("SELECT * FROM votes")
    assert a.execute("SELECT count(*) FROM members_on(DATE '2007-12-18')").fetchone() == (192,)
