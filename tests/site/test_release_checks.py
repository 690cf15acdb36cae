"""release_checks.py: every table of the site's copy of a release (owned_copy.py) is checked
against the data model before a page is written; a value it refuses is one line naming the
table, the column, what was expected and what was found. (Through the command, with nothing
written anywhere: the adversarial corpus's class 13.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT
from site_fixture import tampered_release

from unga_votes.package import load_package
from unga_votes.site.data import SiteError, open_release
from unga_votes.site.owned_copy import copy_release
from unga_votes.site.release_checks import check_release


def checked(db: Path) -> None:
    """The release at `db` copied as the site copies it, and the copy checked."""
    source = open_release(db)
    try:
        con = copy_release(source, db)
    finally:
        source.close()
    try:
        check_release(con, db)
    finally:
        con.close()


def _refusal(base: Path, tmp_path: Path, *sql: str) -> str:
    db = tampered_release(base, tmp_path / "hostile" / "unga-votes.duckdb", *sql)
    with pytest.raises(SiteError) as caught:
        checked(db)
    message = str(caught.value)
    prefix = f"{db}: not a release the site can be built from: "
    assert message.startswith(prefix) and "\n" not in message, message
    assert caught.value.exit_code == 1
    return message.removeprefix(prefix)


def test_the_fixture_release_passes(fixture_dist: Path, unconstrained: Path) -> None:
    for db in (fixture_dist / "unga-votes.duckdb", unconstrained):
        checked(db)


# The data model's grammar of a resolution symbol, as the Table Schema writes it.
SYMBOL = (
    load_package(ROOT / "datapackage.json")
    .resource("resolutions")
    .field("resolution")["constraints"]["pattern"]
)

# One hostile value per table the pages are built from, each where it would become a page's
# name, a link, or a value the pages cannot hold.
PER_TABLE = {
    "states": (
        ["UPDATE states SET state = 'Z/F' WHERE state = 'ZAF'"],
        "states.state: expected a match for [A-Z]{3}, found 'Z/F'",
    ),
    "state_names": (
        ["UPDATE state_names SET kind = '<b>' WHERE state = 'ZAF'"],
        "state_names.kind: expected one of official, short, alias, found '<b>'",
    ),
    "memberships": (
        ["UPDATE memberships SET admitted = NULL WHERE state = 'ZAF'"],
        "memberships.admitted: expected a value in every row, found none in 1 row",
    ),
    "roll_calls": (
        ["UPDATE roll_calls SET meeting = 'javascript:alert(1)' WHERE roll_call = 4813"],
        "roll_calls.meeting: expected a match for A/((ES-|S-)?[0-9]+/)?PV\\.[0-9]+, "
        "found 'javascript:alert(1)'",
    ),
    "resolutions": (
        ["UPDATE resolutions SET resolution = 'A.RES.74.166' WHERE resolution = 'A/RES/74/166'"],
        f"resolutions.resolution: expected a match for {SYMBOL}, found 'A.RES.74.166'",
    ),
    "resolution_documents": (
        ["INSERT INTO resolution_documents VALUES ('A/RES/62/167', 'link', 'A/62/L.30')"],
        "resolution_documents.kind: expected one of draft, committee report, found 'link'",
    ),
    "resolution_subjects": (
        ["INSERT INTO resolution_subjects VALUES ('A/RES/1/1', 'HUMAN RIGHTS')"],
        "resolution_subjects (resolution): expected a row of resolutions, found ('A/RES/1/1'), "
        "which resolutions lacks",
    ),
    "votes": (
        ["UPDATE votes SET state = '../' WHERE roll_call = 4813 AND state = 'ZAF'"],
        "votes.state: expected a match for [A-Z]{3}, found '../'",
    ),
}


@pytest.mark.parametrize("table", list(PER_TABLE))
def test_a_hostile_value_in_each_table_is_refused(
    table: str, unconstrained: Path, tmp_path: Path
) -> None:
    sql, said = PER_TABLE[table]
    assert _refusal(unconstrained, tmp_path, *sql) == said


@pytest.mark.parametrize(
    ("sql", "said"),
    [
        (["ALTER TABLE votes RENAME TO v", "CREATE TABLE votes AS SELECT * REPLACE "
          "(CAST(roll_call AS VARCHAR) AS roll_call) FROM v"],
         "votes.roll_call: expected BIGINT (the data model's integer), found VARCHAR"),
        (["UPDATE roll_calls SET declared_yes = -1 WHERE roll_call = 4813"],
         "roll_calls.declared_yes: expected at least 0, found '-1'"),
        (["UPDATE states SET name = repeat('x', 201) WHERE state = 'ZAF'"],
         "states.name: expected at most 200 characters, found 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'… (201 characters)"),
        (["UPDATE resolutions SET date = current_date + 1 WHERE resolution = 'A/RES/74/166'"],
         "resolutions.date: expected a day from year 1 to today, found '"),
        (["INSERT INTO roll_calls SELECT * FROM roll_calls WHERE roll_call = 4813"],
         "roll_calls (roll_call): expected each once, found (4813) more than once"),
        (["INSERT INTO votes SELECT * REPLACE (999999 AS roll_call) FROM votes "
          "WHERE roll_call = 4813 AND state = 'ZAF'"],
         "votes (roll_call): expected a row of roll_calls, found (999999), which roll_calls "
         "lacks"),
        (["DROP TABLE corrections", "CREATE TABLE corrections (correction BIGINT, \"table\" "
          "VARCHAR, \"key\" VARCHAR, \"column\" VARCHAR, old VARCHAR, new VARCHAR, source "
          "VARCHAR GENERATED ALWAYS AS (current_setting('temp_directory')) VIRTUAL, note VARCHAR)"],
         "corrections.source: expected stored values, found a value computed when read"),
        (["ALTER TABLE exceptions ALTER reason SET DEFAULT current_setting('temp_directory')"],
         "exceptions.reason: expected stored values, found a value computed when read"),
        (["UPDATE roll_calls SET meeting = 'A/62/PV.' || repeat('7', 100) "
          "WHERE roll_call = 4813"],
         "roll_calls.meeting: expected at most 30 characters, found 'A/62/PV." + "7" * 52
         + "'… (108 characters)"),
        (["UPDATE roll_calls SET session = '62 ' WHERE roll_call = 4813"],
         "roll_calls.session: expected a match for [1-9][0-9]*|ES-[1-9][0-9]*|S-[1-9][0-9]*, "
         "found '62 '"),
    ],
)  # fmt: skip
def test_types_bounds_keys_and_references(
    sql: list[str], said: str, unconstrained: Path, tmp_path: Path
) -> None:
    found = _refusal(unconstrained, tmp_path, *sql)
    assert found.startswith(said) if said.endswith("'") else found == said, found
