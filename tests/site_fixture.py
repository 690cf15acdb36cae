"""The site's test data: the fixture package with a hostile title, a tiny hand-made release,
releases tampered with as a hostile host could, and `unga site` as a user runs it (tests/site/
and the adversarial corpus use them)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
from fixture_package import build_fixture
from helpers import ROOT


def owned_copy(db: Path) -> duckdb.DuckDBPyConnection:
    """The site's own copy of the release at `db` (site/owned_copy.py), as `unga site` makes it."""
    from unga_votes.site.data import open_release
    from unga_votes.site.owned_copy import copy_release

    source = open_release(db)
    try:
        return copy_release(source, db)
    finally:
        source.close()


HOSTILE = '<script>window.pwned=1</script>"><img src=x onerror="window.pwned=2">'
HOSTILE_RESOLUTION = "A/RES/62/168"  # roll call 4814, in the fixture package
# HOSTILE as the pages show it (Jinja2's autoescape): each <, >, " and & an entity.
HOSTILE_SHOWN = (HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                 .replace('"', "&#34;"))  # fmt: skip


def hostile_package(dest: Path) -> Path:
    """The fixture package with HOSTILE as the title of HOSTILE_RESOLUTION; its descriptor."""
    descriptor = build_fixture(dest)
    path = dest / "data" / "resolutions.csv"
    frame = pl.read_csv(path, infer_schema=False)
    frame = frame.with_columns(
        pl.when(pl.col("resolution") == HOSTILE_RESOLUTION)
        .then(pl.lit(HOSTILE))
        .otherwise(pl.col("title"))
        .alias("title")
    )
    frame.write_csv(path, line_terminator="\n", null_value="", quote_style="necessary")
    return descriptor


def assert_inert(html: str) -> None:
    """Nothing of HOSTILE became markup in `html`, and no link or source runs script."""
    assert "<script>window.pwned" not in html and "<img" not in html
    assert "onerror=" not in html.replace("onerror=&#34;", "")
    urls = re.findall(r'(?:href|src)="?([^" >]*)', html)
    assert not [u for u in urls if u.lower().lstrip().startswith("javascript:")], urls


def unga_site(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "unga_votes", "site", *args],
        capture_output=True, text=True, check=False, cwd=cwd,
    )  # fmt: skip


# A value for the URL attributes the pages build from the data (a meeting, a symbol).
SCRIPT_URL = "javascript:alert(1)"
TINY_STATES = (  # (code, name, cow_code, m49): a hostile seat besides two reference states
    ("AAA", HOSTILE, 1000, None),
    ("RUS", "Russian Federation", 365, "643"),
    ("USA", "United States", 2, "840"),
)
TINY_ROLL_CALLS = (  # (id, session, date, precision, meeting, subject, resolution, description)
    (1, "1", "1946-02-01", "day", SCRIPT_URL, HOSTILE, "A/RES/1(I)", HOSTILE),
    (2, "1", "1946-02-03", "month", None, None, None, "x" * 250),
    (3, "74", "2019-12-18", "day", "A/74/PV.50", "amendment", "A/RES/74/1", None),
)
TINY_VOTES = (  # (roll call, state, vote): on 3, AAA is no longer a member
    (1, "AAA", "Y"), (1, "RUS", "N"), (1, "USA", "Y"),
    (2, "AAA", "A"), (2, "RUS", "X"), (2, "USA", "Y"),
    (3, "RUS", "N"), (3, "USA", "Y"),
)  # fmt: skip
TINY_RESOLUTIONS = (  # (symbol, session, date, precision, title, adoption, roll call, meeting)
    ("A/RES/1(I)", "1", "1946-02-01", "day", HOSTILE, "recorded vote", 1, SCRIPT_URL),
    ("A/RES/74/1", "74", "2019-12-18", "day", "Roll-called", "recorded vote", 3, None),
    ("A/RES/74/2", "74", "2019-12-19", "month", HOSTILE, "without a vote", None, SCRIPT_URL),
)


def tiny_release(path: Path) -> Path:
    """A hand-made release database of three states, three roll calls and three resolutions
    (one without a roll call), hostile text in every field a page shows; its path. Small
    enough for the pages' functions to run on in a fraction of a second."""
    import duckdb

    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE states (state VARCHAR, name VARCHAR, cow_code BIGINT, m49 VARCHAR);"
        "CREATE TABLE state_names (state VARCHAR, name VARCHAR, valid_from DATE, "
        "valid_to DATE, kind VARCHAR);"
        'CREATE TABLE memberships (state VARCHAR, admitted DATE, "left" DATE);'
        "CREATE TABLE roll_calls (roll_call BIGINT, session VARCHAR, date DATE, "
        "date_precision VARCHAR, meeting VARCHAR, subject VARCHAR, resolution VARCHAR, "
        "declared_yes BIGINT, declared_no BIGINT, declared_abstain BIGINT, "
        "declared_non_voting BIGINT, description VARCHAR);"
        "CREATE TABLE resolutions (resolution VARCHAR, session VARCHAR, date DATE, "
        "date_precision VARCHAR, title VARCHAR, adoption VARCHAR, roll_call BIGINT, "
        "meeting VARCHAR);"
        "CREATE TABLE votes (roll_call BIGINT, state VARCHAR, vote VARCHAR);"
    )
    con.executemany("INSERT INTO states VALUES (?, ?, ?, ?)", TINY_STATES)
    con.executemany(
        "INSERT INTO state_names VALUES (?, ?, ?, ?, ?)",
        [("AAA", "Old " + HOSTILE, "1945-10-24", "1950-01-01", "official"),
         ("AAA", HOSTILE, "1950-01-01", None, "official"),
         ("USA", "United States of America", "1945-10-24", None, "official")],
    )  # fmt: skip
    con.executemany(
        "INSERT INTO memberships VALUES (?, ?, ?)",
        [("AAA", "1945-10-24", "1990-01-01"), ("RUS", "1945-10-24", None),
         ("USA", "1945-10-24", None)],
    )  # fmt: skip
    declared = {1: (2, 1, 0, 0), 2: (1, 0, 1, 1), 3: (2, 1, 0, 0)}  # 3's yes differs
    con.executemany(
        "INSERT INTO roll_calls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*row[:7], *declared[row[0]], row[7]) for row in TINY_ROLL_CALLS],
    )
    con.executemany("INSERT INTO resolutions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", TINY_RESOLUTIONS)
    con.executemany("INSERT INTO votes VALUES (?, ?, ?)", TINY_VOTES)
    con.close()
    return path


# DuckDB left to itself would fetch an extension to read an address: never in the tests.
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def unconstrained_release(source: Path, dest: Path) -> Path:
    """A copy of the release database `source` as a hostile host could write it: the same
    tables and rows without a key or a constraint (so any value can be changed), with the
    release's views and macros (the SQL the build installs); its path. The base of the hostile
    releases."""
    import duckdb

    from unga_votes import model
    from unga_votes.release.views import release_sql
    from unga_votes.site.release_files import tables

    with duckdb.connect(str(source), read_only=True) as src:
        names = tables(src)
    con = duckdb.connect(str(dest), config=OFFLINE)
    con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
    for table in names:
        con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM src."{table}"')
    con.execute("DETACH src")
    for name in release_sql(names):
        con.execute(model.sql(name))
    con.close()
    return dest


def tampered_release(base: Path, dest: Path, *sql: str) -> Path:
    """A copy of the database `base` at `dest` with `sql` run in it; its path."""
    import duckdb

    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(base, dest)
    with duckdb.connect(str(dest), config=OFFLINE) as con:
        for statement in sql:
            con.execute(statement)
    return dest
