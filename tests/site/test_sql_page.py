"""sql_page.py: the SQL page's Parquet files, written from the site's copy of a release as the
release build writes its own (the same bytes for an honest release), and its views and macros,
the checkout's SQL whatever the release's catalogue holds."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from site_fixture import owned_copy, tampered_release

from unga_votes import model
from unga_votes.release.views import release_objects, release_sql
from unga_votes.site.data import SiteError
from unga_votes.site.release_files import tables
from unga_votes.site.sql_page import statements, write_parquet


def _objects(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {name for (name,) in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal UNION "
        "SELECT function_name FROM duckdb_functions() WHERE NOT internal"
    ).fetchall()}  # fmt: skip


def test_the_parquet_files_are_the_release_s_bytes(fixture_dist: Path, tmp_path: Path) -> None:
    """Written from the checked copy, never copied from the release folder; for an honest
    release the same bytes as the release's own (the release build's writer, on the same
    rows and types)."""
    copy = owned_copy(fixture_dist / "unga-votes.duckdb")
    names = write_parquet(copy, tmp_path / "parquet")
    copy.close()
    released = sorted(p.name for p in (fixture_dist / "parquet").iterdir())
    assert names == released
    for name in names:
        site = (tmp_path / "parquet" / name).read_bytes()
        assert site == (fixture_dist / "parquet" / name).read_bytes(), name


def test_the_statements_are_the_checkout_s_sql(fixture_dist: Path, tmp_path: Path) -> None:
    """Each statement of the SQL the release build installs, in order; on a fresh database
    holding the site's Parquet files (as the page does) they create the release's views and
    macros, which answer as the release does."""
    db = fixture_dist / "unga-votes.duckdb"
    copy = owned_copy(db)
    done = statements(copy, db)
    names = write_parquet(copy, tmp_path / "parquet")
    expected = [s.query.strip() for name in release_sql(tables(copy))
                for s in copy.extract_statements(model.sql(name))]  # fmt: skip
    assert done == expected
    assert _objects(copy) == release_objects(tables(copy))
    copy.close()
    page = duckdb.connect()
    for name in names:
        table = name.removesuffix(".parquet")
        parquet = str(tmp_path / "parquet" / name)
        page.execute(f'CREATE TABLE "{table}" AS SELECT * FROM read_parquet(?)', [parquet])
    for statement in done:
        page.execute(statement)
    release = duckdb.connect(str(db), read_only=True)
    for query in ("SELECT * FROM roll_call_results ORDER BY ALL",
                  "SELECT * FROM agreement('USA', 'RUS') ORDER BY ALL"):  # fmt: skip
        assert page.execute(query).fetchall() == release.execute(query).fetchall(), query
    release.close()
    page.close()


def test_the_release_s_own_views_and_macros_are_not_the_page_s(
    fixture_dist: Path, unconstrained: Path, tmp_path: Path
) -> None:
    """An overloaded macro (the page would stop at its second CREATE), a macro with a default
    parameter, a view replaced by one that lies, a view the README's examples use dropped: the
    page's statements are the same as for the honest release."""
    honest = fixture_dist / "unga-votes.duckdb"
    copy = owned_copy(honest)
    expected = statements(copy, honest)
    copy.close()
    db = tampered_release(
        unconstrained, tmp_path / "hostile" / "unga-votes.duckdb",
        "CREATE MACRO mo(a) AS a, (a, b) AS a + b", "CREATE MACRO md(a, b := 5) AS a + b",
        "CREATE OR REPLACE VIEW roll_call_results AS SELECT 1 AS roll_call",
        "DROP VIEW votes_named",
    )  # fmt: skip
    copy = owned_copy(db)
    assert statements(copy, db) == expected
    assert not {"mo", "md"} & _objects(copy)
    copy.close()


def test_tables_the_checkout_s_sql_cannot_carry_are_refused(
    unconstrained: Path, tmp_path: Path
) -> None:
    """A release of an older data model (no date_precision, which the views read): one line,
    not a page that cannot start."""
    db = tampered_release(
        unconstrained, tmp_path / "hostile" / "unga-votes.duckdb",
        "DROP VIEW votes_named", "DROP VIEW roll_call_results",
        "ALTER TABLE roll_calls DROP COLUMN date_precision",
    )  # fmt: skip
    copy = owned_copy(db)
    with pytest.raises(SiteError) as caught:
        statements(copy, db)
    copy.close()
    message = str(caught.value)
    assert message.startswith(f"{db}: not a release the site can be built from: the SQL page's "
                              "views and macros (sql/")  # fmt: skip
    assert "do not apply to its tables: Binder Error: " in message and "\n" not in message
