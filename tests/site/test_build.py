"""`unga site`: what it writes and prints, that it writes it atomically and reproducibly, and
the one-line errors for bad input that leave nothing behind."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from helpers import digests
from site_fixture import unga_site

from unga_votes.errors import UngaError
from unga_votes.site.build import build_site
from unga_votes.site.output import MARKER


def test_the_command_reports_pages_and_size(built) -> None:
    out = built["stdout"]
    assert "20 roll calls, 11 resolutions, 1 resolution pages (no roll call), 199 states, " in out
    assert "12 sessions" in out
    assert " MB" in out
    site: Path = built["site"]
    assert (site / MARKER).is_file()
    assert len(list((site / "rc").glob("*.html"))) == 20
    assert (site / "res" / "A_RES_74_166.html").is_file()
    assert len(list((site / "state").glob("*.html"))) == 199
    assert (site / "parquet" / "votes.parquet").read_bytes() == (
        built["dist"] / "parquet" / "votes.parquet"
    ).read_bytes()
    for page in ("index", "sessions", "states", "compare", "downloads", "sql"):
        assert (site / f"{page}.html").is_file(), page
    # No page refers to anything off the site but links a person follows.
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert 'src="http' not in text and "src=http" not in text, html


def test_downloads_page_lists_the_release_files_with_checksums(built) -> None:
    text = (built["site"] / "downloads.html").read_text(encoding="utf-8")
    for line in (built["dist"] / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert digest in text and name in text
    assert "read_parquet(" in text and "unga_votes.connect()" in text
    # Under the tag the release workflow publishes the release by (scripts/check_release_tag.py).
    release = "https://github.com/unga-votes/unga-votes/releases"
    assert f'href="{release}/download/v2026.11.0/votes.parquet"' in text
    assert "/download/2026.11.0/" not in text


def _one_line_error(result, *words: str) -> None:
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("unga site: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_a_database_that_is_not_a_release(tmp_path: Path) -> None:
    (tmp_path / "dbs").mkdir()
    other = tmp_path / "dbs" / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE votes (roll_call INTEGER, state VARCHAR, vote VARCHAR)")
    con.close()
    text = tmp_path / "dbs" / "notes.duckdb"
    text.write_text("not a database\n")
    for db, words in ((other, ("not an unga-votes release", "no table")),
                      (text, ("not a DuckDB database",))):  # fmt: skip
        out = tmp_path / "site"
        _one_line_error(unga_site("--db", str(db), "--out", str(out)), *words)
        assert not out.exists()
    assert sorted(p.name for p in (tmp_path / "dbs").iterdir()) == ["notes.duckdb", "other.duckdb"]
    assert [p.name for p in tmp_path.iterdir()] == ["dbs"]


def test_a_release_changed_since_its_build_is_refused(built, tmp_path: Path) -> None:
    """A release folder whose file no longer matches its SHA256SUMS, or whose database lost a
    table: one line each, nothing written. (A view or macro of the release is not the SQL
    page's: test_sql_page.py.)"""
    out = tmp_path / "site"
    folder = tmp_path / "dist"
    shutil.copytree(built["dist"], folder)
    with duckdb.connect(str(folder / "unga-votes.duckdb")) as con:
        con.execute("DROP TABLE roll_call_issues")
    _one_line_error(unga_site("--db", str(folder / "unga-votes.duckdb"), "--out", str(out)),
                    "unga-votes.duckdb: does not match its SHA256SUMS line")  # fmt: skip
    assert not out.exists()


def test_a_missing_database(tmp_path: Path) -> None:
    result = unga_site("--db", str(tmp_path / "gone" / "nowhere.duckdb"),
                       "--out", str(tmp_path / "s"))  # fmt: skip
    _one_line_error(result, "no such database")
    assert list(tmp_path.iterdir()) == []


def _refused(db: Path, out: Path | str, *words: str) -> None:
    """build_site refuses `out` with one line (the command prints it as `unga site: …`)."""
    with pytest.raises(UngaError) as caught:
        build_site(db, Path(out))
    message = str(caught.value)
    assert "\n" not in message and caught.value.exit_code != 0
    for word in words:
        assert word in message, message


def test_an_unwritable_out(built, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder would go\n")
    db = built["dist"] / "unga-votes.duckdb"
    _one_line_error(unga_site("--db", str(db), "--out", str(blocker / "site")), "cannot write")
    _refused(db, blocker, "not a folder")
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_out_refuses_what_is_not_a_previous_site(
    built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = built["dist"] / "unga-votes.duckdb"
    work = tmp_path / "work"
    work.mkdir()
    (work / "notes.txt").write_text("mine\n")
    monkeypatch.chdir(work)
    _refused(db, ".", "current folder")
    _refused(db, tmp_path, "current folder")
    monkeypatch.chdir(tmp_path)
    _refused(db, work, "nor a previous site")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "datapackage.json").write_text("{}\n")
    _refused(db, repo, "datapackage.json")
    package = Path(__file__).resolve().parents[2] / "src" / "unga_votes"
    _refused(db, package, "unga_votes package")
    _refused(db, built["dist"], "holds the database")
    assert (work / "notes.txt").read_text() == "mine\n"
    assert sorted(p.name for p in work.iterdir()) == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo", "work"]


def test_no_database_to_default_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --db, no dist/ here and no downloaded release: one line saying what to do."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with pytest.raises(UngaError, match=r"no database: give --db, or build one"):
        build_site(None, tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie may wait for an init that never reaps)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
def test_a_killed_run_leaves_no_worker_and_the_next_run_replaces_the_site(
    built, tmp_path: Path
) -> None:
    """Killed while its workers draw the charts: they end with it (they hold the output's
    lock), the next run is not refused, and the previous site stays as it was. The next run
    replaces it whole, a stray file in it included, with the same site byte for byte (the same
    release gives the same site)."""
    out = tmp_path / "site"
    shutil.copytree(built["site"], out)
    (out / "stray.txt").write_text("left by hand\n")
    before = digests(out)
    database = str(built["dist"] / "unga-votes.duckdb")
    command = [sys.executable, "-m", "unga_votes", "site", "--db", database, "--out", str(out)]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while not workers and run.poll() is None and time.monotonic() < deadline:
        workers = _children(run.pid)
        time.sleep(0.005)
    assert workers, "the run ended before its workers were seen"
    run.kill()
    run.wait()
    deadline = time.monotonic() + 10
    while any(_running(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(w) for w in workers), "a worker outlived the killed run"
    assert digests(out) == before
    again = unga_site("--db", database, "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert digests(out) == digests(built["site"])  # the stray file gone with the previous site
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging or old tree left


def test_a_database_path_that_is_not_utf8(tmp_path: Path) -> None:
    db = tmp_path / "dbs" / b"db\xff.duckdb".decode("utf-8", "surrogateescape")
    result = subprocess.run(
        [sys.executable, "-m", "unga_votes", "site", "--db", str(db), "--out",
         str(tmp_path / "s")], capture_output=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1 and result.stdout == b""
    assert result.stderr.decode().endswith(
        "db\\udcff.duckdb: the path is not UTF-8; DuckDB cannot open it\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_empty_release_builds_a_site_and_prints_no_warning(
    unconstrained: Path, tmp_path: Path
) -> None:
    """A release whose tables hold no row: a site saying so, and nothing on stderr (a chart's
    legend of nothing was matplotlib's UserWarning there)."""
    from site_fixture import tampered_release

    from unga_votes.site.release_checks import data_model

    db = tampered_release(unconstrained, tmp_path / "empty" / "unga-votes.duckdb",
                          *(f'DELETE FROM "{t}"' for t in data_model().resources))  # fmt: skip
    result = unga_site("--db", str(db), "--out", str(tmp_path / "site"))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert "0 roll calls, 0 resolutions, 0 resolution pages (no roll call), 0 states, " in (
        result.stdout
    )
    assert (tmp_path / "site" / "index.html").is_file()
