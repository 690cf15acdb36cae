"""`unga query`: read-only SQL over a release database, and the ways it prints the answer."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from helpers import client_cli as cli
from helpers import unga_here
from rich.console import Console

from unga_votes.client.query import QueryError, connect, run, tables
from unga_votes.client.rows import Rows


def test_query_a_release_database(dist: Path) -> None:
    con = connect(dist / "unga-votes.duckdb")
    columns, rows = run(
        con, "SELECT state, vote FROM votes WHERE roll_call = 4813 AND state = 'ZAF'"
    )
    assert (columns, rows) == (["state", "vote"], [("ZAF", "A")])
    assert Rows(columns, rows).to_csv() == "state,vote\nZAF,A\n"
    assert json.loads(Rows(columns, rows).to_json()) == [{"state": "ZAF", "vote": "A"}]
    assert Rows(columns, rows).to_markdown() == "| state | vote |\n|---|---|\n| ZAF | A |\n"
    names = {(name, kind) for name, kind, _ in tables(con)[1]}
    assert {
        ("votes", "table"),
        ("roll_call_results", "view"),
        ("agreement", "table macro"),
    } <= names


def test_dates_and_missing_values_print_as_text(dist: Path) -> None:
    con = connect(dist / "unga-votes.duckdb")
    columns, rows = run(con, "SELECT DATE '2007-12-18' AS d, NULL AS n, 'a|b' AS t")
    assert Rows(columns, rows).to_csv() == "d,n,t\n2007-12-18,,a|b\n"
    assert json.loads(Rows(columns, rows).to_json()) == [{"d": "2007-12-18", "n": None, "t": "a|b"}]
    assert Rows(columns, rows).to_markdown().splitlines()[-1] == "| 2007-12-18 |  | a\\|b |"


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


# --- Read-only, whatever the SQL and whatever the database ------------------------------------

HOSTILE = {
    "markup": "[link=https://evil.example]click[/link] [bold red]alarm[/bold red] :warning:",
    "escape": "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \x1b[2J\x1b[31mred",
    "c1": "\x9b31m\x85next",
    "bidi": "abc\u202edcba\u2066x\u2069\u202a\u202b\u202c\u202d",
    "invisible": "a\u200bb\u200dc\ufeffd\u2028e",
    "cr": "shown\rhidden\bX\x07",
}
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def tampered(dist: Path, tmp_path: Path, *sql: str) -> Path:
    """A copy of the release database with `sql` run in it (a hostile release host's)."""
    target = tmp_path / "tampered.duckdb"
    shutil.copy(dist / "unga-votes.duckdb", target)
    con = duckdb.connect(str(target))
    for statement in sql:
        con.execute(statement)
    con.close()
    return target


def hostile_select() -> str:
    return "SELECT " + ", ".join(
        "'" + v.replace("'", "''") + f'\' AS "{k}"' for k, v in HOSTILE.items()
    )


def test_the_connection_is_locked_down(dist: Path, tmp_path: Path) -> None:
    """Even SQL that got past the statement check reads no file and changes no setting."""
    con = connect(dist / "unga-votes.duckdb")
    settings = dict(con.sql("SELECT name, value FROM duckdb_settings()").fetchall())
    assert settings["enable_external_access"] == "false"
    assert settings["lock_configuration"] == "true"
    assert settings["autoinstall_known_extensions"] == "false"
    assert settings["autoload_known_extensions"] == "false"
    assert settings["access_mode"] == "read_only"
    secret = tmp_path / "secret.txt"
    secret.write_text("secret\n")
    for sql in [
        f"COPY votes TO '{tmp_path}/out.csv'",
        f"EXPORT DATABASE '{tmp_path}/export'",
        f"ATTACH '{tmp_path}/new.duckdb' AS x (READ_WRITE)",
        f"SELECT * FROM read_text('{secret}')",
        f"SELECT * FROM read_csv('{secret}')",
        f"SELECT * FROM glob('{tmp_path}/*')",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "PRAGMA threads = 1",
        "INSTALL httpfs",
        "LOAD httpfs",
        "DELETE FROM votes",
    ]:
        with pytest.raises(duckdb.Error):
            con.sql(sql)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.txt"]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT count(*) FROM votes",
        "WITH v AS (SELECT * FROM votes) SELECT count(*) FROM v",
        "VALUES (1, 'a')",
        "FROM votes LIMIT 1",
        "TABLE states",
        "DESCRIBE votes",
        "SHOW TABLES",
        "SUMMARIZE states",
        "EXPLAIN SELECT * FROM votes",
        "EXPLAIN ANALYZE SELECT count(*) FROM votes",
        "PIVOT votes ON vote USING count(*) GROUP BY state",
        "SELECT * FROM agreement('USA', 'ISR')",
        "SELECT 1;",
        "-- a comment\nSELECT 1 /* another */",
    ],
)
def test_statements_that_read_run(dist: Path, sql: str) -> None:
    columns, rows = run(connect(dist / "unga-votes.duckdb"), sql)
    assert columns and rows


@pytest.mark.parametrize(
    ("sql", "refused"),
    [
        ("COPY votes TO 'out.csv'", "COPY refused"),
        ("COPY (SELECT 1) TO 'out.parquet' (FORMAT parquet)", "COPY refused"),
        ("EXPORT DATABASE 'out'", "EXPORT refused"),
        ("ATTACH 'x.duckdb' AS x (READ_WRITE)", "ATTACH refused"),
        ("DETACH x", "DETACH refused"),
        ("INSTALL httpfs", "INSTALL refused"),
        ("LOAD httpfs", "LOAD refused"),
        ("SET threads = 1", "SET refused"),
        ("RESET threads", "RESET refused"),
        ("SET VARIABLE x = 1", "SET refused"),
        ("PRAGMA database_list", "PRAGMA refused"),
        ("CALL pragma_version()", "CALL refused"),
        ("CHECKPOINT", "CHECKPOINT refused"),
        ("CREATE TEMP TABLE t AS SELECT 1", "CREATE refused"),
        ("CREATE TEMP MACRO m(x) AS x", "CREATE refused"),
        ("USE memory", "USE refused"),
        ("BEGIN", "BEGIN refused"),
        ("DELETE FROM votes", "DELETE refused"),
        ("/* hidden */ INSTALL httpfs", "INSTALL refused"),
        ("EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT 1", "EXPLAIN refused"),
        ("EXPLAIN ANALYZE COPY (SELECT 1) TO 'x.csv'", "EXPLAIN refused"),
        ("EXPLAIN (FORMAT json) COPY votes TO 'x.csv'", "EXPLAIN refused"),
        ("SELECT 1; COPY votes TO 'out.csv'", "2 statements given"),
        ("SELECT 1; SELECT 2", "2 statements given"),
        ("", "no SQL statement given"),
        (" ; -- nothing", "no SQL statement given"),
    ],
)
def test_statements_that_do_not_only_read_are_refused(
    dist: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sql: str, refused: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(QueryError, match=re.escape(refused)) as e:
        run(connect(dist / "unga-votes.duckdb"), sql)
    assert e.value.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_a_tampered_view_cannot_read_a_local_file(dist: Path, tmp_path: Path) -> None:
    """A view that reads a file refuses the release when it is opened (release/reader.py binds
    every view); a table macro, which cannot be bound without its arguments, fails when used."""
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n")
    macro = f"CREATE MACRO leak_macro() AS TABLE SELECT * FROM read_text('{secret}')"
    for view in (f"CREATE VIEW leak AS SELECT * FROM read_text('{secret}')",
                 f"CREATE VIEW leak_csv AS SELECT * FROM read_csv('{secret}')"):  # fmt: skip
        db = tampered(dist, tmp_path, view, macro)
        with pytest.raises(QueryError, match="Permission Error") as e:
            run(connect(db), "SELECT 1")
        assert "root:x" not in str(e.value) and e.value.exit_code == 1
    db = tampered(dist, tmp_path, macro)
    con = connect(db)
    for sql in ["FROM leak_macro()"]:
        with pytest.raises(QueryError, match="Permission Error") as e:
            run(con, sql)
        assert "root:x" not in str(e.value) and e.value.exit_code == 1
    con.close()
    db = tampered(dist, tmp_path, f"CREATE VIEW leak AS SELECT * FROM read_text('{secret}')")
    result = cli("query", "--db", str(db), "SELECT * FROM leak", cache=tmp_path, url="http://x")
    assert result.returncode == 1 and "root:x" not in result.stdout + result.stderr


def test_printed_values_are_plain_text(dist: Path) -> None:
    con = connect(dist / "unga-votes.duckdb")
    columns, rows = run(con, hostile_select() + ", '::error::forged' AS ci, 'a,b\"c' AS q")
    csv_text, md_text = Rows(columns, rows).to_csv(), Rows(columns, rows).to_markdown()
    out = io.StringIO()
    Console(file=out, width=400, color_system=None).print(Rows(columns, rows).rich_table())
    table_text = out.getvalue()
    json_text = Rows(columns, rows).to_json()
    for text in [csv_text, md_text, table_text, json_text]:
        assert not UNSAFE.search(text), text
    # The table shows markup as written, and escapes instead of controls.
    assert "[link=https://evil.example]click[/link] [bold red]alarm[/bold red] :warning:" in (
        table_text
    )
    assert "\\x1b]8;;https://evil.example\\x07click" in table_text
    assert "abc\\u202edcba\\u2066x\\u2069" in table_text and "\\x9b31m\\x85next" in table_text
    assert "shown\\x0dhidden\\x08X\\x07" in table_text
    # markdown: no link, image or HTML a renderer would make
    assert "\\[link=https://evil.example\\]click\\[/link\\]" in md_text
    # csv: one record a line, a CI log command quoted, the rest exact
    assert csv_text.count("\n") == 2 and ',"::error::forged","a,b""c"' in csv_text
    # json: escaped the JSON way, so the values are exact
    assert json.loads(json_text) == [{**HOSTILE, "ci": "::error::forged", "q": 'a,b"c'}]
    assert "\\u202e" in json_text and "\\u001b" in json_text


def test_a_newline_in_a_cell(dist: Path) -> None:
    columns, rows = run(connect(dist / "unga-votes.duckdb"), "SELECT 'a' || chr(10) || '::x' AS v")
    assert Rows(columns, rows).to_csv() == "v\na\\x0a::x\n"
    assert Rows(columns, rows).to_markdown().splitlines()[-1] == "| a\\\\x0a::x |"


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_the_command_prints_hostile_values_safely(dist: Path, tmp_path: Path, fmt: str) -> None:
    result = cli("query", "--db", str(dist / "unga-votes.duckdb"), "-f", fmt, hostile_select(),
                 cache=tmp_path, url="http://x")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert not UNSAFE.search(result.stdout) and "bidi" in result.stdout


def test_the_tables_listing_prints_comments_safely(dist: Path, tmp_path: Path) -> None:
    db = tampered(
        dist, tmp_path,
        "COMMENT ON TABLE votes IS '" + HOSTILE["escape"] + HOSTILE["bidi"] + "'",
        "COMMENT ON VIEW votes_named IS '" + HOSTILE["markup"] + "'",
    )  # fmt: skip
    for fmt in ["table", "markdown", "csv", "json"]:
        result = cli("query", "--db", str(db), "--tables", "-f", fmt, cache=tmp_path, url="x")
        assert result.returncode == 0, result.stderr
        assert not UNSAFE.search(result.stdout)
    assert (
        "[bold red]alarm[/bold red]"
        in cli("query", "--db", str(db), "--tables", cache=tmp_path, url="x").stdout
    )


def test_errors_quote_the_sql_safely(dist: Path) -> None:
    with pytest.raises(QueryError) as e:
        run(connect(dist / "unga-votes.duckdb"), "SELECT CAST(chr(27) || '[31m' AS INTEGER)")
    assert "\\x1b[31m" in str(e.value) and "\x1b" not in str(e.value)


@pytest.mark.parametrize(
    ("db", "code", "message"),
    [
        ("missing.duckdb", 2, r"missing\.duckdb: no such database"),
        (".", 2, r"a directory, not a database file"),
        ("notes.txt", 2, r"notes\.txt: cannot open as a DuckDB database"),
        ("/dev/null", 2, r"/dev/null: not a regular file"),
    ],
)
def test_a_db_that_is_no_database(tmp_path: Path, db: str, code: int, message: str) -> None:
    (tmp_path / "notes.txt").write_text("root:x:0:0 not a database\n")
    result = unga_here("query", "--db", db, "SELECT 1", cwd=tmp_path)
    assert result.returncode == code, result.stderr
    assert re.fullmatch(rf"unga query: .*{message}.*\n", result.stderr), result.stderr
    assert "root:x" not in result.stderr


def test_sql_errors_are_one_line_exit_1(dist: Path, tmp_path: Path) -> None:
    for sql in ["SELEC 1", "SELECT * FROM votez", "SELECT 1 +"]:
        result = cli("query", "--db", str(dist / "unga-votes.duckdb"), sql, cache=tmp_path, url="x")
        assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith("unga query: ") and result.stdout == ""


def test_a_damaged_cache_pointer(tmp_path: Path) -> None:
    (tmp_path / "unga-votes").mkdir()
    (tmp_path / "unga-votes" / "latest.json").write_text('["not", "a", "pointer"]')
    result = cli("query", "SELECT 1", cache=tmp_path, url="http://127.0.0.1:9")
    assert result.returncode == 1
    assert (
        result.stderr == "unga query: no latest release in the cache: run `unga download` first\n"
    )


def test_time_zones_nan_and_infinities_print(dist: Path) -> None:
    """A zoned timestamp is DuckDB's text (Python's would need pytz); JSON stays strict JSON
    with NaN and the infinities as text, inside lists too."""
    con = connect(dist / "unga-votes.duckdb")
    sql = ("SELECT timestamptz '2020-01-01 00:00+02' AS t, 1 AS n, 1 AS n, "
           "'nan'::double AS x, ['inf'::double, 1.5] AS l, now() IS NOT NULL AS ok")  # fmt: skip
    columns, rows = run(con, sql)
    assert columns == ["t", "n", "n", "x", "l", "ok"]
    assert rows[0][0] == "2019-12-31 22:00:00+00" and rows[0][1:3] == (1, 1) and rows[0][5]
    text = Rows(columns[3:5], [rows[0][3:5]]).to_json()
    assert json.loads(text, parse_constant=lambda c: pytest.fail(c)) == [
        {"x": "nan", "l": ["inf", 1.5]}
    ]
    assert run(con, "SELECT now()")[1][0][0]  # any zoned value, not only a literal
    con.close()


def test_sql_or_a_path_that_is_not_utf8_is_one_line(dist: Path, tmp_path: Path) -> None:
    """Bytes that are not UTF-8 in an argument reach Python as lone surrogates."""
    db = str(dist / "unga-votes.duckdb")
    for args, message in (
        (["--db", db, "SELECT '\udcff'"], "unga query: the SQL is not UTF-8 text\n"),
        (["--db", f"{tmp_path}/db\udcff.duckdb", "SELECT 1"],
         f"unga query: {tmp_path}/db\\udcff.duckdb: the path is not UTF-8; "
         "DuckDB cannot open it\n"),
    ):  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-m", "unga_votes", "query", *args], capture_output=True, check=False
        )
        assert done.returncode == 2 and done.stderr.decode() == message, done.stderr
