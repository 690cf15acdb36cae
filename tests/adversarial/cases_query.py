"""Class 3: `unga query` only reads the release database: no statement that writes, reads
another file, loads an extension or changes a setting runs, a tampered database's view cannot
read a local file, and values print as plain text; class 10: a `--db` that is no database is
one line.

Most cases query a copy of the fixture release (`--db`), which the runner checks is unchanged;
`ws.outside/secret.txt` is the file nothing may read, `ws.outside` the place nothing may write.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from adversarial.cases_download import host, send
from adversarial.corpus import Workspace, case

REFUSED = r"^unga query: {} refused: one statement that reads is run \(SELECT"
SAYS = "refused in one line (exit 2), nothing written"
SECRET = "a file no command may read"
NOT_READ = r"(?s)\A(?!.*" + SECRET + r").*unga query: Permission Error: Cannot access file"


def db(ws: Workspace) -> Path:
    """A copy of the release database, inside the workspace (hashed before and after)."""
    return ws.release() / "unga-votes.duckdb"


def tampered(ws: Workspace, *sql: str) -> Path:
    """A copy of the release database with `sql` run in it, as a hostile host would."""
    path = db(ws)
    con = duckdb.connect(str(path))
    for statement in sql:
        con.execute(statement)
    con.close()
    return path


def query(ws: Workspace, sql: str, *options: str) -> list[str]:
    return ["query", "--db", db(ws), *options, sql]


@case(3, "`COPY votes TO '…/outside/votes.csv'`", 2, REFUSED.format("COPY"), says=SAYS)
def query_copy_to_outside(ws: Workspace):
    return query(ws, f"COPY votes TO '{ws.outside}/votes.csv'")


@case(
    3, "`SELECT 1; COPY votes TO '…/outside/votes.csv'`: a second statement", 2,
    r"^unga query: 2 statements given: one statement is run at a time", says=SAYS,
)  # fmt: skip
def query_second_statement_copies(ws: Workspace):
    return query(ws, f"SELECT 1; COPY votes TO '{ws.outside}/votes.csv'")


@case(3, "`EXPORT DATABASE '…/outside/export'`", 2, REFUSED.format("EXPORT"), says=SAYS)
def query_export_database(ws: Workspace):
    return query(ws, f"EXPORT DATABASE '{ws.outside}/export'")


@case(
    3, "`ATTACH '…/outside/new.duckdb' AS x (READ_WRITE)`", 2, REFUSED.format("ATTACH"), says=SAYS
)
def query_attach_read_write(ws: Workspace):
    return query(ws, f"ATTACH '{ws.outside}/new.duckdb' AS x (READ_WRITE)")


@case(
    3, "`EXPLAIN ANALYZE COPY votes TO '…/outside/votes.csv'` (ANALYZE runs it)", 2,
    REFUSED.format("EXPLAIN"), says=SAYS,
)  # fmt: skip
def query_explain_analyze_copy(ws: Workspace):
    return query(ws, f"EXPLAIN ANALYZE COPY votes TO '{ws.outside}/votes.csv'")


@case(
    3, "`SELECT * FROM read_text('…/outside/secret.txt')`", 1, NOT_READ,
    says="a permission error in one line; the file's text not shown",
)  # fmt: skip
def query_read_text_of_a_local_file(ws: Workspace):
    return query(ws, f"SELECT * FROM read_text('{ws.outside}/secret.txt')")


@case(
    3, "`SELECT * FROM read_csv('…/outside/secret.txt')`", 1, NOT_READ,
    says="a permission error in one line; the file's text not shown",
)  # fmt: skip
def query_read_csv_of_a_local_file(ws: Workspace):
    return query(ws, f"SELECT * FROM read_csv('{ws.outside}/secret.txt')")


@case(3, "`INSTALL httpfs`", 2, REFUSED.format("INSTALL"), says=SAYS)
def query_install_extension(ws: Workspace):
    return query(ws, "INSTALL httpfs")


@case(3, "`LOAD '…/outside/evil.duckdb_extension'`", 2, REFUSED.format("LOAD"), says=SAYS)
def query_load_extension(ws: Workspace):
    (ws.outside / "evil.duckdb_extension").write_bytes(b"\x7fELF not really")
    return query(ws, f"LOAD '{ws.outside}/evil.duckdb_extension'")


@case(3, "`SET enable_external_access = true`", 2, REFUSED.format("SET"), says=SAYS)
def query_set_configuration(ws: Workspace):
    return query(ws, "SET enable_external_access = true")


@case(3, "`PRAGMA enable_profiling`", 2, REFUSED.format("PRAGMA"), says=SAYS)
def query_pragma(ws: Workspace):
    return query(ws, "PRAGMA enable_profiling")


@case(3, "`CREATE TEMP MACRO m() AS 1`", 2, REFUSED.format("CREATE"), says=SAYS)
def query_create_temp_macro(ws: Workspace):
    return query(ws, "CREATE TEMP MACRO m() AS 1")


@case(
    3, "a tampered database whose view `leak` reads `…/outside/secret.txt`; "
    "`SELECT * FROM leak`", 1, NOT_READ, says="a permission error in one line; nothing leaked",
)  # fmt: skip
def query_tampered_view_reads_a_local_file(ws: Workspace):
    path = tampered(ws, f"CREATE VIEW leak AS SELECT * FROM read_text('{ws.outside}/secret.txt')")
    return ["query", "--db", path, "SELECT * FROM leak"]


def _serve_tampered(ws: Workspace) -> None:
    """A release host whose database has the view `leak`, SHA256SUMS to match; downloaded."""
    from unga_votes.client.download import download

    path = tampered(ws, f"CREATE VIEW leak AS SELECT * FROM read_text('{ws.outside}/secret.txt')")
    data = path.read_bytes()
    sums = (ws.fixture_dist / "SHA256SUMS").read_text().splitlines()
    sums = [f"{hashlib.sha256(data).hexdigest()}  unga-votes.duckdb"
            if ln.endswith("  unga-votes.duckdb") else ln for ln in sums]  # fmt: skip
    url = host(
        ws, ("\n".join(sums) + "\n").encode(),
        {"unga-votes.duckdb": lambda h: send(h, data)},
    )  # fmt: skip
    download("latest", ws.cache / "unga-votes", base_url=url)


@case(
    3, "a hostile host's release (SHA256SUMS matching) whose view reads `…/outside/secret.txt`,"
    " downloaded, then `unga query 'FROM leak'`", 1, NOT_READ,
    says="a permission error in one line; nothing leaked",
)  # fmt: skip
def query_downloaded_release_with_a_leaking_view(ws: Workspace):
    _serve_tampered(ws)
    return ["query", "FROM leak"]


@case(
    3, "a tampered database whose macro `count` takes the place of DuckDB's (`count(*)` is 0)",
    1, r"\Aunga query: \S+/unga-votes\.duckdb: its macro count has the name of a DuckDB "
    r"function, whose place it would take in every query; the release is refused\n\Z",
    says="refused in one line when opened",
)  # fmt: skip
def query_tampered_macro_in_place_of_a_function(ws: Workspace):
    return [
        "query",
        "--db",
        tampered(ws, "CREATE MACRO count(x) AS 0"),
        "SELECT count(*) FROM votes",
    ]


@case(
    3, "a cell and a column name holding rich markup (`[link=…]`, `[bold red]`)", 0,
    r"\[link=https://evil\.example\]click\[/link\]",
    says="printed as written, not as a link or a style",
)  # fmt: skip
def query_rich_markup_cell(ws: Workspace):
    return query(ws, "SELECT '[link=https://evil.example]click[/link]' AS \"[bold red]x\"")


@case(
    3, "a cell holding an OSC 8 hyperlink, a screen clear and colour escapes", 0,
    r"\\x1b\]8;;https://evil\.example\\x07click\\x1b\]8;;\\x07\\x1b\[2J\\x1b\[31m",
    says="the escapes shown as \\x1b…, none sent",
)  # fmt: skip
def query_terminal_escape_cell(ws: Workspace):
    esc, bel = "chr(27)", "chr(7)"
    return query(ws, f"SELECT {esc} || ']8;;https://evil.example' || {bel} || 'click' || {esc}"
                     f" || ']8;;' || {bel} || {esc} || '[2J' || {esc} || '[31m' AS v")  # fmt: skip


@case(
    3, "a cell holding a bidi override, an isolate, a zero-width space and a carriage return",
    0, r"abc\\u202edcba\\u2066x\\u2069 a\\u200bb shown\\x0dhidden",
    says="each shown as an escape",
)  # fmt: skip
def query_bidi_cell(ws: Workspace):
    return query(ws, "SELECT 'abc' || chr(8238) || 'dcba' || chr(8294) || 'x' || chr(8297) || "
                     "' a' || chr(8203) || 'b shown' || chr(13) || 'hidden' AS v",
                 "--format", "csv")  # fmt: skip


@case(
    3, "`--format markdown` of a cell holding `<img src=…>` and a link", 0,
    r"\| &lt;img src=https://evil\.example/t\.gif&gt; \\\[x\\\]\(https://evil\.example\) \|",
    says="escaped: a renderer shows the text",
)  # fmt: skip
def query_markdown_html_cell(ws: Workspace):
    return query(ws, "SELECT '<img src=https://evil.example/t.gif> [x](https://evil.example)' AS v",
                 "--format", "markdown")  # fmt: skip


@case(
    3, "`--format csv` of cells forging CI log commands (`::error::`, after a line break)", 0,
    r'v\n"::error::forged"\nx\\x0a::warning::forged\n',
    says="quoted, or kept on its line: no line starts with ::",
)  # fmt: skip
def query_csv_forged_ci_command(ws: Workspace):
    values = "('::error::forged'), ('x' || chr(10) || '::warning::forged')"
    return query(ws, f"SELECT * FROM (VALUES {values}) t(v)", "--format", "csv")


@case(
    3, "`--tables --format markdown` over a database whose table comment holds escapes and a "
    "bidi override", 0,
    r"\| votes\\\\x1b\\\]8;;https://evil\.example\\\\x07\\\\u202eeman \|",
    says="the comment shown escaped (and markdown-escaped)",
)  # fmt: skip
def query_tables_hostile_comment(ws: Workspace):
    comment = "votes\x1b]8;;https://evil.example\x07\u202eeman"
    path = tampered(ws, f"COMMENT ON TABLE votes IS '{comment}'")
    return ["query", "--db", path, "--tables", "--format", "markdown"]


@case(10, "`unga query --db missing.duckdb`", 2, r"^unga query: missing\.duckdb: no such database$")
def query_db_missing(ws: Workspace):
    return ["query", "--db", "missing.duckdb", "SELECT 1"]


@case(10, "`unga query --db` a directory", 2, r"^unga query: \S+: a directory, not a database")
def query_db_is_a_directory(ws: Workspace):
    return ["query", "--db", ws.outside, "SELECT 1"]


@case(
    10, "`unga query --db …/outside/secret.txt` (no DuckDB file)", 2,
    r"(?s)\A(?!.*" + SECRET + r")unga query: \S+/secret\.txt: cannot open as a DuckDB database",
    says="one line, exit 2; the file's text not shown",
)  # fmt: skip
def query_db_is_not_duckdb(ws: Workspace):
    return ["query", "--db", ws.outside / "secret.txt", "SELECT 1"]
