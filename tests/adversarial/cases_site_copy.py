"""Class 13, continued: the site reads a release only through its own checked copy of the data
model's tables (no collation, type or name the data model does not declare survives it), and
takes nothing else from the release folder but what it checks (no link followed, no file
copied onto the site, no checksum shown that is not one).

The refused cases are as in cases_site.py. The accepted ones build a site (of the fixture
release cut to three states, so in a few seconds) and assert what it holds: nothing of what
the release holds besides the data model's tables, and nothing written outside `--out`.
"""

from __future__ import annotations

import atexit
import functools
import json
import re
import shutil
import tempfile
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
from site_fixture import OFFLINE, tampered_release

from adversarial.cases_site import NOT_A_RELEASE, REFUSED, hostile_base, site
from adversarial.corpus import Workspace, case
from unga_votes import model
from unga_votes.release.sums import write_sums
from unga_votes.release.views import release_sql
from unga_votes.site.release_checks import data_model

KEPT = ("RUS", "USA", "ZAF")
BUILT = (r"\Aunga site: release \S+ in \S+/site: 20 roll calls, [^\n]* 3 states, [^\n]*\n"
         r"unga site: [0-9,]+ files, [0-9.]+ MB\n\Z")  # fmt: skip
SITE = ("site", "site/*")  # what an accepted case may write: the site, nothing else


@functools.cache
def _small(fixture_dist: Path) -> Path:
    """The hostile base cut to three states (their votes, names and memberships), once per
    process: a site of it is built in a few seconds."""
    folder = Path(tempfile.mkdtemp(prefix="unga-hostile-small-"))
    atexit.register(shutil.rmtree, folder, True)
    kept = ", ".join(f"'{s}'" for s in KEPT)
    return tampered_release(
        hostile_base(fixture_dist), folder / "base.duckdb",
        *(f"DELETE FROM {t} WHERE state NOT IN ({kept})"
          for t in ("votes", "state_names", "memberships", "states")),
    )  # fmt: skip


def _folder(ws: Workspace, *sql: str) -> Path:
    """A release folder as a host could serve it, consistent: the fixture's, its database the
    small hostile base with `sql` run in it, SHA256SUMS written again; its database."""
    release = ws.release()
    db = release / "unga-votes.duckdb"
    shutil.copyfile(_small(ws.fixture_dist), db)
    with duckdb.connect(str(db), config=OFFLINE) as con:
        for statement in sql:
            con.execute(statement)
    write_sums(release)
    return db


def _sql_setup(site: Path) -> dict:
    html = (site / "sql.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="sql-setup">(.*?)</script>', html)
    assert found, "sql.html has no setup"
    return json.loads(found.group(1))


@case(
    13, "`votes.state` `VARCHAR COLLATE NOCASE` (reported as VARCHAR) and `zaf` on one row: "
    "every check compared it as `ZAF` (a traceback before)", 1,
    NOT_A_RELEASE + r"votes\.state: expected a match for \[A-Z\]\{3\}, found 'zaf'\n\Z",
    says=REFUSED,
)  # fmt: skip
def site_collation_hides_a_state_code(ws: Workspace):
    collated = "ALTER TABLE votes ALTER state SET DATA TYPE VARCHAR COLLATE NOCASE"
    return site(
        ws, collated, "UPDATE votes SET state = 'zaf' WHERE roll_call = 4813 AND state = 'ZAF'"
    )


@case(
    13, "`votes.vote` `VARCHAR COLLATE NOACCENT.NOCASE` and `ý` on one row (published before)",
    1, NOT_A_RELEASE + r"votes\.vote: expected one of Y, N, A, X, found 'ý'\n\Z", says=REFUSED,
)  # fmt: skip
def site_collation_hides_an_accent(ws: Workspace):
    return site(ws, "ALTER TABLE votes ALTER vote SET DATA TYPE VARCHAR COLLATE NOACCENT.NOCASE",
                "UPDATE votes SET vote = 'ý' WHERE state = 'FRA' AND roll_call = 4813")  # fmt: skip


@case(
    13, "`votes.vote` an INTERVAL (a type no Parquet writer takes: a traceback before)", 1,
    NOT_A_RELEASE + r"votes\.vote: expected VARCHAR \(the data model's string\), found "
    r"INTERVAL\n\Z", says=REFUSED,
)  # fmt: skip
def site_column_of_an_exotic_type(ws: Workspace):
    return site(ws, "ALTER TABLE votes ALTER vote SET DATA TYPE INTERVAL USING INTERVAL 1 DAY")


@case(
    13, "a meeting symbol of the grammar 5,000,008 characters long (a 10 MB page before)", 1,
    NOT_A_RELEASE + r"roll_calls\.meeting: expected at most 30 characters, found "
    r"'A/62/PV\.7{52}'… \(5,000,008 characters\)\n\Z", says=REFUSED,
)  # fmt: skip
def site_oversized_meeting(ws: Workspace):
    return site(ws, "UPDATE roll_calls SET meeting = 'A/62/PV.' || repeat('7', 5000000) "
                    "WHERE roll_call = 4813")  # fmt: skip


@case(
    13, "a release folder whose `parquet/states.parquet` is a link to `…/outside/secret.txt` "
    "(SHA256SUMS consistent; the file was published before)", 1,
    r"\Aunga site: \S+/release/parquet/states\.parquet: a link, in the release folder; the "
    r"site reads the release's own files only, never through a link\n\Z",
    says=f"{REFUSED}; the file not read", absent="a file no command",
)  # fmt: skip
def site_link_in_the_release_folder(ws: Workspace):
    db = _folder(ws)
    states = db.parent / "parquet" / "states.parquet"
    states.unlink()
    states.symlink_to(ws.outside / "secret.txt")
    write_sums(db.parent)
    return ["site", "--db", db, "--out", ws.root / "site"]


@case(
    13, "a release folder's SHA256SUMS giving `<b>not a digest</b>` for a listed file that is "
    "absent (shown on the downloads page before)", 1,
    r"\Aunga site: \S+/release/SHA256SUMS: SHA256SUMS line \d+ is not '<sha256>  <file>': "
    r"'<b>not a digest</b>  parquet/states\.parquet'; the release is refused\n\Z", says=REFUSED,
)  # fmt: skip
def site_checksum_that_is_not_one(ws: Workspace):
    db = _folder(ws)
    (db.parent / "parquet" / "states.parquet").unlink()
    sums = db.parent / "SHA256SUMS"
    lines = [("<b>not a digest</b>  parquet/states.parquet"
              if line.endswith("  parquet/states.parquet") else line)
             for line in sums.read_text(encoding="utf-8").splitlines()]  # fmt: skip
    sums.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["site", "--db", db, "--out", ws.root / "site"]


@case(
    13, "a release folder whose RELEASE_NOTES.md is not UTF-8 (a traceback before)", 1,
    r"\Aunga site: \S+/release/RELEASE_NOTES\.md: not UTF-8 text \(byte 23\)\n\Z",
    says=REFUSED,
)  # fmt: skip
def site_notes_not_utf8(ws: Workspace):
    db = _folder(ws)
    (db.parent / "RELEASE_NOTES.md").write_bytes(b"# unga-votes 2026.11.0\n\xff\n")
    write_sums(db.parent)
    return ["site", "--db", db, "--out", ws.root / "site"]


@case(
    13, "a release folder whose database has a table named with a NUL byte (SHA256SUMS "
    "consistent)", 1,
    r"\Aunga site: \S+/release/unga-votes\.duckdb: not the release its SHA256SUMS describes "
    r"\(table a\\x00b: SHA256SUMS lists none\)\n\Z", says=REFUSED,
)  # fmt: skip
def site_table_named_with_nul_in_a_folder(ws: Workspace):
    db = _folder(ws, 'CREATE TABLE "a\x00b" AS SELECT 1 AS x')
    return ["site", "--db", db, "--out", ws.root / "site"]


def _only_the_data_model(ws: Workspace) -> None:
    site = ws.root / "site"
    served = sorted(p.name for p in (site / "parquet").iterdir())
    assert served == sorted(f"{t}.parquet" for t in data_model().resources), served
    schema = _sql_setup(site)["schema"]
    held = sorted(data_model().resources)
    assert schema == [s.query.strip() for name in release_sql(held)
                      for s in duckdb.extract_statements(model.sql(name))]  # fmt: skip
    assert not list(ws.root.rglob("PWNED*"))


@case(
    13, "a database alone holding tables named `../../PWNED` and with a NUL byte, tables of "
    "INTERVAL and UNION, a column of `votes` the data model lacks, an overloaded macro, a macro "
    "with a default, a lying `roll_call_results` (tracebacks, a dead SQL page before)", 0,
    BUILT, may_change=SITE, then=_only_the_data_model,
    says="built from the data model's tables alone; the SQL page's views and macros the "
    "checkout's; nothing written outside --out",
)  # fmt: skip
def site_reads_only_the_data_model(ws: Workspace):
    db = tampered_release(
        _small(ws.fixture_dist), ws.root / "hostile" / "unga-votes.duckdb",
        'CREATE TABLE "../../PWNED" AS SELECT 1 AS x', 'CREATE TABLE "a\x00b" AS SELECT 1 AS x',
        "CREATE TABLE iv AS SELECT INTERVAL 1 DAY AS d", "CREATE TABLE un (u UNION(a INT, b TEXT))",
        "ALTER TABLE votes ADD COLUMN extra INTERVAL", "CREATE MACRO mo(a) AS a, (a, b) AS a + b",
        "CREATE MACRO md(a, b := 5) AS a + b",
        "CREATE OR REPLACE VIEW roll_call_results AS SELECT 1 AS roll_call",
    )  # fmt: skip
    return ["site", "--db", db, "--out", ws.root / "site"]


def _votes_from_the_database(ws: Workspace) -> None:
    served = pq.read_table(ws.root / "site" / "parquet" / "votes.parquet")
    assert str(served.schema.field("roll_call").type) == "int64"
    assert set(served.column("vote").to_pylist()) <= {"Y", "N", "A", "X"}
    assert set(served.column("state").to_pylist()) == set(KEPT)


@case(
    13, "a consistent release folder whose `parquet/votes.parquet` holds text roll calls, markup, "
    "a bidi override and a vote `Q` (published as the SQL page's votes before)", 0, BUILT,
    may_change=SITE, then=_votes_from_the_database,
    says="built; the site's Parquet files written from the checked database, none copied from "
    "the folder; nothing written outside --out",
)  # fmt: skip
def site_publishes_no_file_of_the_release_folder(ws: Workspace):
    db = _folder(ws)
    hostile = db.parent / "parquet" / "votes.parquet"
    duckdb.connect(config=OFFLINE).execute(
        "COPY (SELECT '../../x' || chr(8238) || '</script>' AS roll_call, 'NOT A STATE' AS "
        f"state, 'Q' AS vote) TO '{hostile}' (FORMAT parquet)"
    )
    write_sums(db.parent)
    return ["site", "--db", db, "--out", ws.root / "site"]
