"""release_files.py: the release's files (checksums read in release/sums.py's grammar,
download addresses that can only point at the releases, under the release workflow's tag),
nothing of its folder read through a link."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
from helpers import RELEASE_FILES

from unga_votes.errors import UngaError
from unga_votes.release.sums import sha256
from unga_votes.site.data import SiteError
from unga_votes.site.release_files import check_links, check_tables, download_tag, files, tables

BASE = "https://github.com/unga-votes/unga-votes/releases"


@pytest.fixture(autouse=True)
def _default_release_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UNGA_VOTES_RELEASE_URL", raising=False)  # addresses as published


@pytest.fixture
def release(dist: Path, tmp_path: Path) -> Path:
    """A copy of the fixture release, to change; its database."""
    shutil.copytree(dist, tmp_path / "dist")
    return tmp_path / "dist" / "unga-votes.duckdb"


def test_files_are_those_sha256sums_lists(release: Path) -> None:
    listed = files(release, "2026.11.0")
    assert [name for name, *_ in listed] == [*(n for n in RELEASE_FILES if n != "SHA256SUMS"),
                                             "SHA256SUMS"]  # fmt: skip
    for name, size, digest, url in listed[:-1]:
        assert size == (release.parent / name).stat().st_size
        assert digest == sha256(release.parent / name)
        # Under the workflow's tag (v + the version); GitHub's release assets are flat:
        # parquet/votes.parquet is votes.parquet.
        assert url == f"{BASE}/download/v2026.11.0/{name.rsplit('/', 1)[-1]}"
    sums = release.parent / "SHA256SUMS"
    assert listed[-1] == (
        "SHA256SUMS",
        sums.stat().st_size,
        "",
        f"{BASE}/download/v2026.11.0/SHA256SUMS",
    )


def test_the_download_tag_is_the_release_workflow_s() -> None:
    assert download_tag("2026.11.0") == "v2026.11.0"  # what check_release_tag.py wants
    assert download_tag("unversioned") == "latest"


def test_an_unversioned_release_links_the_latest(release: Path) -> None:
    (release.parent / "parquet" / "votes.parquet").unlink()  # listed, but not here
    listed = {name: (size, url) for name, size, _, url in files(release, "unversioned")}
    assert listed["parquet/votes.parquet"] == (None, f"{BASE}/latest/download/votes.parquet")


def test_a_database_alone(tmp_path: Path, dist: Path) -> None:
    db = tmp_path / "unga-votes.duckdb"
    shutil.copyfile(dist / "unga-votes.duckdb", db)
    url = f"{BASE}/download/v2026.11.0/unga-votes.duckdb"
    assert files(db, "2026.11.0") == [("unga-votes.duckdb", db.stat().st_size, sha256(db), url)]


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("<b>not a digest</b>  RELEASE_NOTES.md", r"line 1 is not '<sha256>  <file>'"),
        ("0" * 63 + "  RELEASE_NOTES.md", r"line 1 is not '<sha256>  <file>'"),
        ("g" * 64 + "  RELEASE_NOTES.md", r"line 1 is not '<sha256>  <file>'"),
        ("0" * 64 + "  RELEASE_NOTES.md\r", r"line 1 names 'RELEASE_NOTES\.md\\x0d': a control"),
        ("0" * 64 + "  ../../etc/passwd", r"line 1 names '\.\./\.\./etc/passwd': a path"),
        ("0" * 64 + "  unga-votes.duckdb", r"lists unga-votes\.duckdb twice"),
    ],
)
def test_sha256sums_is_read_in_the_release_grammar(release: Path, line: str, why: str) -> None:
    """SHA256SUMS is read as `unga download` reads it (release/sums.py): a listed file absent
    from the folder is shown with the checksum SHA256SUMS gives it, so a line of any other
    form (a checksum that is no SHA-256, a name with a carriage return) refuses the release in
    one line, as a name no release has or a file listed twice does."""
    sums = release.parent / "SHA256SUMS"
    (release.parent / "RELEASE_NOTES.md").unlink()  # listed, not here: nothing to compare with
    kept = [x for x in sums.read_text(encoding="utf-8").splitlines()
            if not x.endswith("  RELEASE_NOTES.md")]  # fmt: skip
    sums.write_text("\n".join([line, *kept]) + "\n", encoding="utf-8", newline="")
    with pytest.raises(SiteError, match=why) as caught:
        files(release, "2026.11.0")
    assert str(caught.value).startswith(f"{sums}: SHA256SUMS ")
    assert str(caught.value).endswith("; the release is refused")


def test_sha256sums_in_binary_mode_is_read(release: Path) -> None:
    """`sha256sum -b` writes ' *name': the same list, read the same way."""
    sums = release.parent / "SHA256SUMS"
    text = sums.read_text(encoding="utf-8")
    before = files(release, "2026.11.0")
    sums.write_text(text.replace("  ", " *"), encoding="utf-8")
    after = files(release, "2026.11.0")
    assert [row[:3] for row in after[:-1]] == [row[:3] for row in before[:-1]]


def test_an_oversized_sha256sums_is_one_line(release: Path) -> None:
    sums = release.parent / "SHA256SUMS"
    sums.write_bytes(sums.read_bytes() + b"\n" * (64 << 10))
    with pytest.raises(SiteError, match=r"SHA256SUMS: 6\d,\d{3} bytes, more than a release's"):
        files(release, "2026.11.0")


@pytest.mark.parametrize("tag", ["javascript:alert(1)", '1"><script>', "../../x", "a b"])
def test_a_version_that_is_no_tag_is_refused_in_one_line(release: Path, tag: str) -> None:
    """A version that is no release tag (a hand-edited RELEASE_NOTES.md) cannot turn the
    download links into other addresses."""
    with pytest.raises(UngaError) as caught:
        files(release, tag)
    assert "\n" not in str(caught.value) and caught.value.exit_code == 2


def test_tables_are_the_databases_own(tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE b (x INT); CREATE TABLE a (x INT); CREATE VIEW v AS SELECT 1")
    con.execute("CREATE TEMP TABLE t (x INT)")
    con.execute(f"ATTACH '{tmp_path / 'other.duckdb'}' AS other")
    con.execute("CREATE TABLE other.c (x INT)")
    assert tables(con) == ["a", "b"]  # no view, temporary or attached table
    con.close()


def test_files_must_match_their_sha256sums(release: Path) -> None:
    """The downloads page shows these checksums: a file changed since the build is refused."""
    parquet = release.parent / "parquet" / "votes.parquet"
    parquet.write_bytes(parquet.read_bytes() + b"\0")
    with pytest.raises(SiteError, match=r"votes\.parquet: does not match its SHA256SUMS line"):
        files(release, "2026.11.0")


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "notes.txt"])
def test_sha256sums_naming_anything_but_release_files_is_refused(release: Path, name: str):
    sums = release.parent / "SHA256SUMS"
    sums.write_text(sums.read_text(encoding="utf-8") + f"{'0' * 64}  {name}\n", encoding="utf-8")
    with pytest.raises(SiteError, match=rf"SHA256SUMS line \d+ names '{re.escape(name)}': "):
        files(release, "2026.11.0")


def test_the_tables_are_those_sha256sums_lists(release: Path) -> None:
    """A table dropped from the database, or a Parquet line dropped from SHA256SUMS: not the
    release it claims to be."""
    listed = files(release, "2026.11.0")
    with duckdb.connect(str(release)) as con:
        check_tables(listed, con, release)  # as built
        alone = [row for row in listed if row[0] == "unga-votes.duckdb"]
        check_tables(alone, con, release)  # no Parquet listed: the database is the release
        without = [row for row in listed if row[0] != "parquet/roll_call_issues.parquet"]
        with pytest.raises(SiteError, match="table roll_call_issues: SHA256SUMS lists none"):
            check_tables(without, con, release)
        con.execute("DROP TABLE roll_call_issues")
        with pytest.raises(SiteError, match="table roll_call_issues: the database has no such"):
            check_tables(listed, con, release)


@pytest.mark.parametrize(
    "name", ["SHA256SUMS", "RELEASE_NOTES.md", "unga-votes-csv.zip", "parquet/states.parquet",
             "parquet", "parquet/unlisted.parquet"],
)  # fmt: skip
def test_nothing_of_the_release_folder_is_read_through_a_link(
    release: Path, tmp_path: Path, name: str
) -> None:
    """A link in an unpacked release folder (to a local file: its size and checksum would be
    shown, and it was copied onto the site) refuses the release, wherever it points."""
    check_links(release)
    path = release.parent / name
    elsewhere = tmp_path / "elsewhere"
    if path.is_dir():
        shutil.move(path, elsewhere)
    elif path.exists():
        shutil.copyfile(path, elsewhere)
        path.unlink()
    else:
        elsewhere.write_bytes(b"")
    path.symlink_to(elsewhere)
    with pytest.raises(SiteError) as caught:
        check_links(release)
    assert str(caught.value) == (f"{path}: a link, in the release folder; the site reads the "
                                 "release's own files only, never through a link")  # fmt: skip


def test_the_database_named_may_be_a_link(release: Path, tmp_path: Path) -> None:
    """The database the user names is theirs to name as they like; another of its name beside
    it is the release folder's, and may not be a link."""
    link = release.parent / "named.duckdb"
    link.symlink_to(release)
    check_links(link)  # the folder's own unga-votes.duckdb is a file
    moved = tmp_path / "moved.duckdb"
    shutil.move(release, moved)
    release.symlink_to(moved)
    check_links(release)
    with pytest.raises(SiteError, match=r"unga-votes\.duckdb: a link, in the release folder"):
        check_links(release.parent / "other.duckdb")
