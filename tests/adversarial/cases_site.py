"""Class 13: `unga site` builds pages only from a release's checked values, reads nothing but
the database and writes nothing outside `--out`, whatever the release holds.

Each case is a hostile release (site_fixture.tampered_release): the fixture release copied as
a host could write it (no key or constraint, so any value can be changed; built once per
process) and tampered with. `ws.outside/secret.txt` is the local file nothing may read, and
`ws.outside` the rest of the machine. Every case is refused before anything is written: one
line, exit 1, no byte of the secret printed, and (the runner) no file changed anywhere.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from site_fixture import tampered_release, unconstrained_release

import unga_votes.site.build  # noqa: F401  matplotlib's font cache made now, not in a workspace
from adversarial.corpus import Workspace, case

SECRET = "a file no command may read"
REFUSED = "refused in one line, nothing written anywhere"
NOT_A_RELEASE = r"\Aunga site: \S+/unga-votes\.duckdb: not a release the site can be built from: "


@functools.cache
def hostile_base(fixture_dist: Path) -> Path:
    """The fixture release without keys or constraints, once per process."""
    folder = Path(tempfile.mkdtemp(prefix="unga-hostile-"))
    atexit.register(shutil.rmtree, folder, True)
    return unconstrained_release(fixture_dist / "unga-votes.duckdb", folder / "base.duckdb")


def site(ws: Workspace, *sql: str) -> list:
    """`unga site` of a hostile release: the fixture's with `sql` run in it."""
    db = tampered_release(
        hostile_base(ws.fixture_dist), ws.root / "hostile" / "unga-votes.duckdb", *sql
    )
    return ["site", "--db", db, "--out", ws.root / "site"]


def _secret(ws: Workspace) -> str:
    return str(ws.outside / "secret.txt").replace("'", "''")


@case(
    13, "the `votes` table replaced by a view reading `…/outside/secret.txt` (`read_text`), a "
    "table `decoy.votes` beside it", 1,
    r'\Aunga site: Permission Error: Cannot access file "\S+/outside/secret\.txt"[^\n]*: '
    r"view [a-z_]+ of \S+ needs more than the database itself[^\n]*refused\n\Z",
    says=f"{REFUSED}; the file not read", absent=SECRET,
)  # fmt: skip
def site_view_reads_a_local_file(ws: Workspace):
    return site(
        ws, "ALTER TABLE votes RENAME TO stored_votes",
        "CREATE VIEW votes AS SELECT roll_call, state, CASE WHEN state = 'ZAF' THEN "
        f"(SELECT content FROM read_text('{_secret(ws)}')) ELSE vote END AS vote "
        "FROM stored_votes",
        "CREATE SCHEMA decoy", "CREATE TABLE decoy.votes AS SELECT * FROM stored_votes",
    )  # fmt: skip


@case(
    13, "an extra view `leak` reading `…/outside/secret.txt` (`read_csv`), which no page uses", 1,
    r'\Aunga site: Permission Error: Cannot access file "\S+/outside/secret\.txt"[^\n]*: '
    r"view leak of \S+[^\n]*refused\n\Z",
    says=f"{REFUSED}; the file not read", absent=SECRET,
)  # fmt: skip
def site_extra_view_reads_a_local_file(ws: Workspace):
    return site(ws, f"CREATE VIEW leak AS SELECT * FROM read_csv('{_secret(ws)}')")


@case(
    13, "`roll_calls.roll_call` holds text, one value `../../PWNED` (a page name climbing out)", 1,
    NOT_A_RELEASE + r"roll_calls\.roll_call: expected BIGINT \(the data model's integer\), "
    r"found VARCHAR\n\Z", says=REFUSED,
)  # fmt: skip
def site_text_in_an_integer_column(ws: Workspace):
    return site(
        ws, "ALTER TABLE roll_calls RENAME TO typed",
        "CREATE TABLE roll_calls AS SELECT * REPLACE (CAST(roll_call AS VARCHAR) AS roll_call) "
        "FROM typed", "UPDATE roll_calls SET roll_call = '../../PWNED' WHERE roll_call = '4813'",
    )  # fmt: skip


@case(
    13, "a state code `../../PWNED` (in every table that names South Africa)", 1,
    NOT_A_RELEASE + r"states\.state: expected at most 3 characters, "
    r"found '\.\./\.\./PWNED'\n\Z", says=REFUSED,
)  # fmt: skip
def site_path_like_state_code(ws: Workspace):
    return site(ws, *(f"UPDATE {t} SET state = '../../PWNED' WHERE state = 'ZAF'"
                      for t in ("states", "state_names", "memberships", "votes")))  # fmt: skip


@case(
    13, "a session `../../PW` on roll call 4813", 1,
    NOT_A_RELEASE + r"roll_calls\.session: expected a match for [^\n]*, "
    r"found '\.\./\.\./PW'\n\Z", says=REFUSED,
)  # fmt: skip
def site_path_like_session(ws: Workspace):
    return site(ws, "UPDATE roll_calls SET session = '../../PW' WHERE roll_call = 4813")


@case(
    13, "a resolution symbol `A/RES/../../../PWNED`", 1,
    NOT_A_RELEASE + r"resolutions\.resolution: expected a match for A/RES/[^\n]*, "
    r"found 'A/RES/\.\./\.\./\.\./PWNED'\n\Z", says=REFUSED,
)  # fmt: skip
def site_path_like_symbol(ws: Workspace):
    return site(ws, "UPDATE resolutions SET resolution = 'A/RES/../../../PWNED' "
                    "WHERE resolution = 'A/RES/74/166'")  # fmt: skip


@case(
    13, "`A.RES.74.166` beside `A/RES/74/166` (two symbols a lax page name would merge)", 1,
    NOT_A_RELEASE + r"resolutions\.resolution: expected a match for A/RES/[^\n]*, "
    r"found 'A\.RES\.74\.166'\n\Z", says=REFUSED,
)  # fmt: skip
def site_symbol_twins(ws: Workspace):
    return site(ws, "INSERT INTO resolutions SELECT * REPLACE ('A.RES.74.166' AS resolution) "
                    "FROM resolutions WHERE resolution = 'A/RES/74/166'")  # fmt: skip


@case(
    13, "a symbol of the grammar 307 characters long (`A/RES/7444…4/166`)", 1,
    NOT_A_RELEASE + r"resolutions\.resolution: expected at most 50 characters, found "
    r"'A/RES/7444[^\n]*'… \(307 characters\)\n\Z", says=REFUSED,
)  # fmt: skip
def site_oversized_symbol(ws: Workspace):
    return site(ws, "UPDATE resolutions SET resolution = 'A/RES/7' || repeat('4', 296) || "
                    "'/166' WHERE resolution = 'A/RES/74/166'")  # fmt: skip


@case(
    13, "a title of 1,000,000 characters", 1,
    NOT_A_RELEASE + r"resolutions\.title: expected at most 2000 characters, "
    r"found 'xxx[^\n]*… \(1,000,000 characters\)\n\Z", says=REFUSED,
)  # fmt: skip
def site_oversized_title(ws: Workspace):
    return site(ws, "UPDATE resolutions SET title = repeat('x', 1000000) "
                    "WHERE resolution = 'A/RES/74/166'")  # fmt: skip


@case(
    13, "a roll call dated 20000-01-01 (no date Python can hold)", 1,
    NOT_A_RELEASE + r"roll_calls\.date: expected a day from year 1 to today, "
    r"found '20000-01-01'\n\Z", says=REFUSED,
)  # fmt: skip
def site_date_beyond_year_9999(ws: Workspace):
    return site(ws, "UPDATE roll_calls SET date = DATE '20000-01-01' WHERE roll_call = 4813")


@case(
    13, "`states.name` a generated column reading the machine's settings (`temp_directory`)",
    1, NOT_A_RELEASE + r"states\.name: expected stored values, found a value computed when "
    r"read\n\Z", says=REFUSED, absent=r"\.tmp",
)  # fmt: skip
def site_computed_column(ws: Workspace):
    return site(
        ws, "ALTER TABLE states RENAME TO stored",
        "CREATE TABLE states (state VARCHAR, name VARCHAR GENERATED ALWAYS AS "
        "(current_setting('temp_directory')) VIRTUAL, cow_code BIGINT, iso2 VARCHAR, "
        "m49 VARCHAR, note VARCHAR)",
        "INSERT INTO states (state, cow_code, iso2, m49, note) "
        "SELECT state, cow_code, iso2, m49, note FROM stored", "DROP TABLE stored",
    )  # fmt: skip


@case(
    10, "a `state_names` row for a state `states` lacks (a traceback before)", 1,
    NOT_A_RELEASE + r"state_names \(state\): expected a row of states, found \('QQQ'\), "
    r"which states lacks\n\Z", says=REFUSED,
)  # fmt: skip
def site_name_of_no_state(ws: Workspace):
    return site(ws, "INSERT INTO state_names (state, name, valid_from, kind) "
                    "VALUES ('QQQ', 'Nowhere', DATE '1950-01-01', 'official')")  # fmt: skip


@case(
    10, "South Africa twice in `states` (two pages, one file)", 1,
    NOT_A_RELEASE + r"states \(state\): expected each once, found \('ZAF'\) more than "
    r"once\n\Z", says=REFUSED,
)  # fmt: skip
def site_state_twice(ws: Workspace):
    return site(ws, "INSERT INTO states SELECT * FROM states WHERE state = 'ZAF'")


@case(
    13, "a macro `min` returning the building machine's `temp_directory` (in place of DuckDB's)",
    1, r"\Aunga site: \S+/unga-votes\.duckdb: its macro min has the name of a DuckDB function, "
    r"whose place it would take in every query; the release is refused\n\Z",
    says=REFUSED, absent=r"\.tmp",
)  # fmt: skip
def site_macro_in_place_of_a_function(ws: Workspace):
    return site(ws, "CREATE MACRO min(x) AS current_setting('temp_directory')")


@case(
    13, "a state code `CON` (a device on Windows, whatever the extension: `state/CON.html`), in "
    "every table that names South Africa", 1,
    NOT_A_RELEASE + r"state page for 'CON': its file name CON\.html is a device on Windows; "
    r"not a value of the data model\n\Z", says=REFUSED,
)  # fmt: skip
def site_state_code_windows_keeps(ws: Workspace):
    return site(ws, *(f"UPDATE {t} SET state = 'CON' WHERE state = 'ZAF'"
                      for t in ("states", "state_names", "memberships", "votes")))  # fmt: skip


def _release_with_a_note(ws: Workspace) -> Path:
    """A copy of the fixture's release folder holding a file of one's own besides the release's
    (so that it is no longer exactly the files its SHA256SUMS lists)."""
    release = ws.release()
    (release / "notes.txt").write_text("mine\n", encoding="utf-8")
    return release


@case(
    13, "`--out` inside the folder of the database (a release folder that also holds a note of "
    "one's own)", 2,
    r"\Aunga site: refusing --out \S+/release/site: it is inside the folder of the database "
    r"\S+/release/unga-votes\.duckdb\n\Z", says="refused in one line, nothing written",
)  # fmt: skip
def site_out_inside_the_database_folder(ws: Workspace):
    release = _release_with_a_note(ws)
    return ["site", "--db", release / "unga-votes.duckdb", "--out", release / "site"]


@case(
    13, "`--out` inside another folder holding a SHA256SUMS (a release folder that also holds a "
    "note of one's own), the database elsewhere", 2,
    r"\Aunga site: refusing --out \S+/release/parquet/site: it is inside the release folder "
    r"\S+/release \(it holds SHA256SUMS\)\n\Z", says="refused in one line, nothing written",
)  # fmt: skip
def site_out_inside_a_folder_with_sha256sums(ws: Workspace):
    release = _release_with_a_note(ws)
    db = ws.root / "elsewhere" / "unga-votes.duckdb"
    db.parent.mkdir()
    shutil.copyfile(release / "unga-votes.duckdb", db)
    return ["site", "--db", db, "--out", release / "parquet" / "site"]
