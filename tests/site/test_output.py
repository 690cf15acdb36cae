"""output.py: which folders `unga site --out` may replace (new, empty, or a previous site) and
the one-line refusals, exit code 2, for folders that could be someone's work; and that every
file the site writes stays inside it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from unga_votes.outputs import OutputError
from unga_votes.site.data import SiteError
from unga_votes.site.output import MARKER, MARKER_TEXT, PACKAGE, check_out, inside, is_site


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database path in its own folder (check_out only looks at where it is)."""
    folder = tmp_path / "dist"
    folder.mkdir()
    return folder / "unga-votes.duckdb"


def _refused(out: Path | str, db: Path, *words: str) -> None:
    with pytest.raises(OutputError) as caught:
        check_out(Path(out), db)
    message = str(caught.value)
    assert caught.value.exit_code == 2
    assert "\n" not in message and message.startswith(f"refusing --out {Path(out)}: "), message
    for word in words:
        assert word in message, message


def test_is_site_is_the_marker_file(tmp_path: Path) -> None:
    assert not is_site(tmp_path)
    (tmp_path / MARKER).mkdir()  # a folder of that name is not the marker
    assert not is_site(tmp_path)
    (tmp_path / MARKER).rmdir()
    (tmp_path / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    assert is_site(tmp_path)
    assert MARKER_TEXT.endswith("\n") and "`unga site --out` may replace" in MARKER_TEXT


def test_new_empty_and_previous_sites_are_accepted_resolved(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert check_out(Path("new/site"), db) == tmp_path / "new" / "site"
    (tmp_path / "empty").mkdir()
    assert check_out(Path("empty/../empty"), db) == tmp_path / "empty"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert check_out(Path("~/site"), db) == tmp_path / "home" / "site"  # ~ expanded
    # A previous site is replaceable (unless it became a repository: see below).
    old = tmp_path / "old"
    old.mkdir()
    (old / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    (old / "index.html").write_text("", encoding="utf-8")
    assert check_out(old, db) == old
    (old / ".git").mkdir()  # a gh-pages checkout of it: its history is not the site's to delete
    _refused(old, db, "it holds .git")


def test_the_current_folder_and_those_above_it(tmp_path: Path, db: Path, monkeypatch) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    for out in (".", "..", str(tmp_path), str(work) + "/"):
        _refused(out, db, "current folder")


def test_home_and_root(tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    _refused("~", db, "home or root")
    _refused(str(tmp_path / "home"), db, "home or root")
    _refused("/", db)  # (as holding the current folder: every folder is below the root)


def test_the_package_inside_it_and_above_it(tmp_path: Path, db: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # so that the checkout is not the current folder
    for out in (PACKAGE, PACKAGE / "site", PACKAGE.parent):
        _refused(out, db, "unga_votes package")


def test_the_folder_of_the_database_or_above_it(tmp_path: Path, db: Path, monkeypatch) -> None:
    monkeypatch.chdir("/")  # the database's folder is not the current one
    _refused(db.parent, db, "holds the database")
    _refused(tmp_path, db, "holds the database")
    # Inside it: the folder is the release's (its SHA256SUMS and notes are read from there).
    for out in (db.parent / "site", db.parent / "a" / "b"):
        _refused(out, db, f"it is inside the folder of the database {db}")
    assert check_out(tmp_path / "site", db)  # beside it is fine


def test_inside_a_release_folder(tmp_path: Path, dist: Path, monkeypatch) -> None:
    """A site inside a release would make it no release (nor replaceable by the next build)."""
    monkeypatch.chdir("/")
    release = tmp_path / "release"
    shutil.copytree(dist, release)
    db = tmp_path / "elsewhere" / "unga-votes.duckdb"
    _refused(release / "site", db, f"inside the release folder {release} (it holds SHA256SUMS)")
    _refused(release / "parquet" / "x", db, f"inside the release folder {release}")
    assert check_out(tmp_path / "site", db)  # beside it is fine
    # Whatever else the folder holds (a note of one's own, files SHA256SUMS does not list), and
    # whatever SHA256SUMS says (a link or a folder of that name counts too).
    (release / "notes.txt").write_text("mine\n")
    (release / "parquet" / "extra.parquet").write_bytes(b"")
    _refused(release / "site", db, f"inside the release folder {release}")
    (release / "SHA256SUMS").unlink()
    (release / "SHA256SUMS").symlink_to(tmp_path / "nowhere")
    _refused(release / "site", db, f"inside the release folder {release}")
    (release / "SHA256SUMS").unlink()
    (release / "parquet" / "SHA256SUMS").mkdir()
    _refused(release / "parquet" / "site", db, f"inside the release folder {release / 'parquet'}")
    assert check_out(release / "site", db)  # no SHA256SUMS above it any more


@pytest.mark.parametrize("sign", ["datapackage.json", ".git", "pyproject.toml"])
def test_a_repository_or_data_package(tmp_path: Path, db: Path, sign: str, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    (work / sign).write_text("")
    _refused(work, db, f"it holds {sign}")
    assert [p.name for p in work.iterdir()] == [sign]  # checking changes nothing
    (work / MARKER).write_text(MARKER_TEXT)  # a previous site turned into a repository (gh-pages)
    _refused(work, db, f"it holds {sign}")


def test_inside_a_folder_of_a_data_package(tmp_path: Path, db: Path, monkeypatch) -> None:
    """A data package's tables and schemas folders (and any folder within, or a link to one)
    are the package's: a site there would sit among its files. Beside them is fine."""
    monkeypatch.chdir(tmp_path)
    package = tmp_path / "package"
    (package / "data" / "sub").mkdir(parents=True)
    (package / "meta").mkdir()
    (package / "datapackage.json").write_text(json.dumps({"resources": [
        {"name": "votes", "path": "data/sub/votes.csv", "schema": "meta/votes.json"},
        {"name": "parts", "path": ["data/a.csv", "https://example.org/b.csv", "/etc/c.csv"]},
    ]}))  # fmt: skip
    for out in ("data/site", "data/sub", "data/sub/x/y", "meta/site"):
        folder = out.split("/")[0]  # the outermost declared folder it is in
        _refused(package / out, db, f"inside {package / folder}, a folder of the data package")
    (tmp_path / "link").symlink_to(package / "data")
    _refused(tmp_path / "link" / "site", db, "a folder of the data package")
    assert check_out(package / "_site", db) == package / "_site"
    (package / "datapackage.json").write_text("{not json")  # names no folder: other checks hold
    assert check_out(package / "data" / "site", db)


def test_a_hostile_folder_name_gives_one_line(tmp_path: Path, db: Path, monkeypatch) -> None:
    """A name with line breaks (an error message would otherwise forge a second line)."""
    work = tmp_path / "x\nunga site: forged"
    work.mkdir()
    (work / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError) as caught:
        check_out(work, db)
    assert "\n" not in str(caught.value) and "holds .git" in str(caught.value)


def test_every_file_written_stays_inside(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    assert inside(site, "rc/1.html") == site.resolve() / "rc" / "1.html"
    (site / "link").symlink_to(tmp_path)  # a link on the way out counts as out
    for name in ("../x.html", "rc/../../x.html", "/etc/passwd", "link/x.html", "", "."):
        with pytest.raises(SiteError, match=r"^refusing to write .*: it is not inside "):
            inside(site, name)
