"""release_notes.py: the release's version and its data's licences, from its notes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from unga_votes.site.data import SiteError
from unga_votes.site.release_notes import Licence, licences, version


@pytest.fixture
def release(dist: Path, tmp_path: Path) -> Path:
    """The fixture release's notes, to change, beside where its database would be."""
    shutil.copyfile(dist / "RELEASE_NOTES.md", tmp_path / "RELEASE_NOTES.md")
    return tmp_path / "unga-votes.duckdb"


def test_version_from_the_notes(release: Path) -> None:
    assert version(release) == "2026.11.0"
    notes = release.parent / "RELEASE_NOTES.md"
    notes.write_text("# unga-votes 2027.1.0-rc1  \nbody\n", encoding="utf-8")
    assert version(release) == "2027.1.0-rc1"
    for first in ("# unga-votes", "# unga-votes 1 2", "# other 1.0", ""):
        notes.write_text(first + "\n", encoding="utf-8")
        assert version(release) == "unversioned", first
    notes.unlink()
    assert version(release) == "unversioned"


@pytest.mark.parametrize("given", ['1"><script>', "9" * 100])
def test_a_version_in_the_notes_that_is_no_tag_is_refused(release: Path, given: str) -> None:
    """Nor one whose release tag (v and the version: 101 characters) is none, which the
    downloads page would link under."""
    notes = release.parent / "RELEASE_NOTES.md"
    notes.write_text(f"# unga-votes {given}\n", encoding="utf-8")
    with pytest.raises(SiteError, match=r"RELEASE_NOTES\.md: version .* is not a release tag"):
        version(release)
    notes.write_text(f"# unga-votes {'9' * 99}\n", encoding="utf-8")
    assert version(release) == "9" * 99


def test_the_data_s_licence_from_the_notes(release: Path) -> None:
    """The licence the notes state (the descriptor's); only an https address is a link; none
    without notes."""
    cc0 = "https://creativecommons.org/publicdomain/zero/1.0/"
    assert licences(release) == [Licence("CC0-1.0", "Creative Commons Zero v1.0 Universal", cc0)]
    notes = release.parent / "RELEASE_NOTES.md"
    text = notes.read_text(encoding="utf-8").split("\n## Licence\n")[0]
    notes.write_text(text + "\n## Licence\n\n- UN-DL-terms: non-commercial use <https://x.example/t>"
                     "\n- other: no address <javascript:alert(1)>\n\n## Rows\n- A: B\n",
                     encoding="utf-8")  # fmt: skip
    assert licences(release) == [
        Licence("UN-DL-terms", "non-commercial use", "https://x.example/t"),
        Licence("other", "no address <javascript:alert(1)>", None),
    ]
    notes.unlink()
    assert licences(release) == []


def test_notes_that_are_not_utf8_are_one_line(release: Path) -> None:
    notes = release.parent / "RELEASE_NOTES.md"
    notes.write_bytes(b"# unga-votes 2026.11.0\n\xff\n")
    for read in (version, licences):
        with pytest.raises(SiteError) as caught:
            read(release)
        assert str(caught.value) == f"{notes}: not UTF-8 text (byte 23)"
