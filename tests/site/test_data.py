"""The site's reading of a release: columns a later edition adds are used when present, the
map's geometry, the search index, and the pieces that turn values into names and files."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from unga_votes.site import pages, stats
from unga_votes.site.data import load, region
from unga_votes.site.geometry import dots
from unga_votes.site.search import compare_data, search_index


def _edition_with_precision(dist: Path, dest: Path) -> Path:
    """A copy of the release's tables with the coming columns: date_precision on roll calls and
    resolutions, and a resolution adopted by non-recorded vote."""
    path = dest / "edition.duckdb"
    con = duckdb.connect(str(path))
    con.execute(f"ATTACH '{dist / 'unga-votes.duckdb'}' AS r (READ_ONLY)")
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'r'")\
            .fetchall():  # fmt: skip
        extra = ""
        if table == "roll_calls":
            extra = ", CASE WHEN roll_call = 4813 THEN 'month' ELSE 'day' END AS date_precision"
        if table == "resolutions":
            extra = ", 'day' AS date_precision"
        con.execute(f"CREATE TABLE {table} AS SELECT *{extra} FROM r.{table}")
    con.execute(
        "INSERT INTO resolutions SELECT 'A/RES/74/999', '74', DATE '2019-12-19', 'A test', "
        "'non-recorded vote', NULL, NULL, 'test', 'month'"
    )
    con.close()
    return path


def test_coming_columns_are_read_when_present(dist: Path, tmp_path: Path) -> None:
    release = load(_edition_with_precision(dist, tmp_path))
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


def test_without_the_coming_columns_dates_are_to_the_day(dist: Path) -> None:
    release = load(dist / "unga-votes.duckdb")
    assert not release.has_precision
    assert {r.precision for r in release.roll_calls.values()} == {"day"}
    assert release.roll_calls[4813].tally() == (101, 22, 59, 10)
    assert ("ZAF", "South Africa", "A") in release.roll_calls[4813].votes
    release.con.close()


def test_search_index_and_comparison_data(dist: Path) -> None:
    release = load(dist / "unga-votes.duckdb")
    entries = search_index(release)["entries"]
    assert ["res/A_RES_74_166.html", "A/RES/74/166"] in [e[:2] for e in entries]
    assert any(e[0] == "rc/4813.html" and "Korea" in e[2] for e in entries)
    assert any(e[0] == "state/MKD.html" and "Macedonia" in e[2] for e in entries)
    compare = compare_data(release)
    position = [rc[0] for rc in compare["roll_calls"]].index(4813)
    assert compare["states"]["ZAF"]["votes"][position] == "A"
    assert compare["states"]["SSD"]["votes"][position] == "-"  # not a member in 2007
    release.con.close()


def test_dots_for_countries_too_small_for_the_coarse_map() -> None:
    coarse = {"objects": {"countries": {"geometries": [{"id": "250", "type": "Polygon",
                                                       "arcs": [[0]]}]}}}  # fmt: skip
    fine = {
        "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 2], [-2, 0], [0, -2]], [[8, 8], [1, 0], [0, 1], [-1, 0]]],
        "objects": {"countries": {"geometries": [
            {"id": "250", "type": "Polygon", "arcs": [[0]]},
            {"id": "492", "type": "MultiPolygon", "arcs": [[[1]], [[0]]]},
        ]}},
    }  # fmt: skip
    # Monaco's larger polygon (arc 0, a square from (10, 20) to (11, 21)) gives its dot;
    # France has a coarse polygon and no dot; a country in neither map is left out.
    assert dots(coarse, fine, {"250", "492", "999"}) == {"492": [10.5, 20.5]}
    assert json.dumps(dots(coarse, fine, set())) == "{}"


def test_regions_slugs_and_dates() -> None:
    assert [region(c) for c in (2, 200, 365, 560, 666, 710, 900, None)] == [
        "Americas", "Europe", "Europe", "Africa", "Middle East", "Asia", "Oceania", "Other"
    ]  # fmt: skip
    assert pages.slug("A/RES/2758(XXVI)") == "A_RES_2758_XXVI_"
    assert pages.slug("../../etc") == "______etc"
    assert pages.undocs("A/RES/2758(XXVI)") == "https://undocs.org/A/RES/2758(XXVI)"
