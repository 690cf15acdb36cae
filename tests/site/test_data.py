"""data.py: the site's reading of a release: columns a later edition adds are used when
present, and the region of a state. (The map's geometry, the search index and the slugs have
their modules' test files.)"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from unga_votes.site import pages, stats
from unga_votes.site.data import SiteError, load, open_release, region


def _edition(dist: Path, dest: Path, precision: bool) -> Path:
    """A copy of the release's tables with date_precision on roll calls and resolutions (roll
    call 4813 known to the month) and a resolution adopted by non-recorded vote, or without
    the date_precision columns (as releases before them)."""
    path = dest / "edition.duckdb"
    con = duckdb.connect(str(path))
    con.execute(f"ATTACH '{dist / 'unga-votes.duckdb'}' AS r (READ_ONLY)")
    tables = con.execute(
        "SELECT table_name, list(column_name) FROM duckdb_columns() "
        "WHERE database_name = 'r' AND table_name IN (SELECT table_name FROM duckdb_tables() "
        "WHERE database_name = 'r') GROUP BY table_name"
    ).fetchall()
    for table, cols in tables:
        if table in ("roll_calls", "resolutions") and precision:
            keep = ", ".join(f'"{c}"' for c in cols if c != "date_precision")
            con.execute(f"CREATE TABLE {table} AS SELECT {keep}, 'day' AS date_precision "
                        f"FROM r.{table}")  # fmt: skip
        elif table in ("roll_calls", "resolutions"):
            con.execute(f"CREATE TABLE {table} AS SELECT * EXCLUDE (date_precision) "
                        f"FROM r.{table}")  # fmt: skip
        else:
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM r.{table}")
    if precision:
        con.execute("UPDATE roll_calls SET date_precision = 'month' WHERE roll_call = 4813")
        con.execute(
            "INSERT INTO resolutions BY NAME SELECT 'A/RES/74/999' AS resolution, '74' AS session, "
            "DATE '2019-12-19' AS date, 'A test' AS title, 'non-recorded vote' AS adoption, "
            "'test' AS source, 'month' AS date_precision"
        )
    con.close()
    return path


def test_coming_columns_are_read_when_present(dist: Path, tmp_path: Path) -> None:
    release = load(_edition(dist, tmp_path, precision=True))
    assert release.has_precision
    assert release.roll_calls[4813].precision == "month"
    assert release.roll_calls[4814].precision == "day"
    assert release.resolutions["A/RES/74/999"].precision == "month"
    session = next(c for c in stats.coverage(release) if c.session == "74")
    assert session.adoption == {"recorded vote": 3, "without a vote": 1, "non-recorded vote": 1}
    assert session.day_dated == session.dated - 1
    release.drawn = set(release.states)
    writer = pages.Writer(tmp_path / "site", "test")
    pages.roll_call_page(writer, release, release.roll_calls[4813])
    html = (tmp_path / "site" / "rc" / "4813.html").read_text(encoding="utf-8")
    assert '<time datetime="2007-12">December 2007</time>' in html
    assert "(known to the month)" in html
    release.con.close()


def test_without_the_coming_columns_dates_are_to_the_day(dist: Path, tmp_path: Path) -> None:
    release = load(_edition(dist, tmp_path, precision=False))
    assert not release.has_precision
    assert {r.precision for r in release.roll_calls.values()} == {"day"}
    assert release.roll_calls[4813].tally() == (101, 22, 59, 10)
    assert ("ZAF", "South Africa", "A") in release.roll_calls[4813].votes
    release.con.close()


def test_regions() -> None:
    assert [region(c) for c in (2, 200, 365, 560, 666, 710, 900, None)] == [
        "Americas", "Europe", "Europe", "Africa", "Middle East", "Asia", "Oceania", "Other"
    ]  # fmt: skip


def test_a_table_the_pages_read_must_be_a_table(dist: Path, tmp_path: Path) -> None:
    """A view computes its rows when read: `votes` as a view (binding, with no file read) is
    not a release the site reads; a table in another schema does not stand in for it."""
    path = _edition(dist, tmp_path, precision=False)
    with duckdb.connect(str(path)) as con:
        con.execute("ALTER TABLE votes RENAME TO stored")
        con.execute("CREATE VIEW votes AS SELECT * FROM stored")
        con.execute("CREATE SCHEMA other; CREATE TABLE other.votes AS SELECT * FROM stored")
    with pytest.raises(SiteError) as caught:
        open_release(path)
    assert str(caught.value) == f"{path}: not an unga-votes release (votes: a view, not a table)"


def test_what_the_library_adds_is_shown_and_searched(dist: Path, tmp_path: Path) -> None:
    """An edition's subject headings, documents and agenda titles: on the resolution's page
    (a roll call's, or its own) and in the search index; a release without the tables (as
    before them) reads none."""
    from unga_votes.site.search import search_index

    path = _edition(dist, tmp_path, precision=True)
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO resolution_subjects VALUES ('A/RES/62/167', 'HUMAN RIGHTS'), "
                "('A/RES/74/999', 'TEST <SUBJECT>')")  # fmt: skip
    con.execute("INSERT INTO resolution_documents VALUES ('A/RES/62/167', 'draft', 'A/C.3/62/L.9'),"
                " ('A/RES/62/167', 'committee report', 'A/62/9/Add.3')")  # fmt: skip
    con.execute("INSERT INTO resolution_agenda_titles VALUES ('A/RES/62/167', 'An agenda item.')")
    con.close()
    release = load(path)
    res = release.resolutions["A/RES/62/167"]
    assert (res.subjects, res.agenda_titles) == (["HUMAN RIGHTS"], ["An agenda item."])
    assert res.documents_of("draft") == ["A/C.3/62/L.9"]
    release.drawn = set(release.states)
    writer = pages.Writer(tmp_path / "site", "test")
    pages.roll_call_page(writer, release, release.roll_calls[4813])
    pages.resolution_page(writer, release.resolutions["A/RES/74/999"])
    html = (tmp_path / "site" / "rc" / "4813.html").read_text(encoding="utf-8")
    assert "<li>HUMAN RIGHTS</li>" in html and "An agenda item." in html
    assert '<a href="https://undocs.org/A/62/9/Add.3">A/62/9/Add.3</a>' in html
    own = (tmp_path / "site" / "res" / "A_RES_74_999.html").read_text(encoding="utf-8")
    assert "<li>TEST &lt;SUBJECT&gt;</li>" in own
    entries = {e[1]: e[2] for e in search_index(release)["entries"]}
    assert (
        "HUMAN RIGHTS" in entries["A/RES/62/167"] and "An agenda item." in entries["A/RES/62/167"]
    )
    assert "TEST <SUBJECT>" in entries["A/RES/74/999"]
    release.con.close()
    con = duckdb.connect(str(path))
    for table in ("resolution_subjects", "resolution_documents", "resolution_agenda_titles"):
        con.execute(f"DROP TABLE {table}")
    con.close()
    release = load(path)
    assert release.resolutions["A/RES/62/167"].subjects == []
    release.con.close()
