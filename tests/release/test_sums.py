"""SHA256SUMS in one grammar: written as `sha256sum` writes it, read back strictly, and a
release's list bounded to the files of a release."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from helpers import RELEASE_FILES as EXPECTED

from unga_votes.release.sums import (
    SumsError,
    SumsLineError,
    is_release,
    read_entries,
    read_release_sums,
    sha256,
    sums_text,
    write_sums,
)

H = "0" * 64
REQUIRED = ("unga-votes.duckdb", "unga-votes-csv.zip", "RELEASE_NOTES.md")


def test_sha256_of_a_file_larger_than_one_block(tmp_path: Path) -> None:
    data = bytes(range(256)) * 9000  # more than the 1 MiB read at a time
    (tmp_path / "f").write_bytes(data)
    assert sha256(tmp_path / "f") == hashlib.sha256(data).hexdigest()
    (tmp_path / "empty").write_bytes(b"")
    assert sha256(tmp_path / "empty") == hashlib.sha256(b"").hexdigest()


def test_checksums_verify(dist: Path) -> None:
    result = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == len(EXPECTED) - 1


def test_what_is_written_reads_back(dist: Path, tmp_path: Path) -> None:
    """The release's SHA256SUMS is what `sha256sum` prints for its files, sorted by name, and
    the strict reader takes it whole."""
    names = [name for name in EXPECTED if name != "SHA256SUMS"]
    printed = subprocess.run(["sha256sum", *names], cwd=dist, capture_output=True, text=True,
                             check=True).stdout  # fmt: skip
    assert (dist / "SHA256SUMS").read_text(encoding="utf-8") == printed
    listed = read_release_sums((dist / "SHA256SUMS").read_bytes(), max_files=len(names))
    assert listed == {name: sha256(dist / name) for name in names}
    (tmp_path / "parquet").mkdir()
    (tmp_path / "parquet" / "votes.parquet").write_bytes(b"v")
    (tmp_path / "unga-votes.duckdb").write_bytes(b"d")
    written = write_sums(tmp_path).read_text(encoding="utf-8")
    digests = {"unga-votes.duckdb": hashlib.sha256(b"d").hexdigest(),
               "parquet/votes.parquet": hashlib.sha256(b"v").hexdigest()}  # fmt: skip
    assert written == sums_text(digests)
    assert written.splitlines()[0].endswith("  parquet/votes.parquet")


def test_the_grammar_is_sha256sums() -> None:
    """Text and binary mode; digits of either case (read as lower case); the name is every
    character after the mode, spaces included; the last line break is optional."""
    entries = read_entries(f"{'A' * 64} *a b\n{H}   lead\n{H}  last")
    assert [(e.number, e.digest, e.name) for e in entries] == [
        (1, "a" * 64, "a b"), (2, H, " lead"), (3, H, "last")
    ]  # fmt: skip
    for line in (f"{H} x", f"{H}\tx", f"{H[:-1]}  x", f"{H}0  x", f"SHA256 (x) = {H}", "#", ""):
        with pytest.raises(SumsLineError) as refused:
            read_entries(f"{H}  ok\n{line}\n")
        assert (refused.value.number, refused.value.line) == (2, line)
        assert str(refused.value).startswith("SHA256SUMS line 2 is not '<sha256>  <file>': '")
    with pytest.raises(SumsError, match=r"^SHA256SUMS is not text \(UTF-8\)$"):
        read_entries(b"\xff\xfe")


def test_blank_lines_only_where_allowed() -> None:
    text = f"{H}  a\n\n  \n{H}  b\n\n"
    assert [e.name for e in read_entries(text, allow_blank=True)] == ["a", "b"]
    with pytest.raises(SumsLineError) as refused:
        read_entries(text)
    assert refused.value.number == 2


def test_a_release_lists_its_files_once_within_the_bound() -> None:
    required = "".join(f"{H}  {name}\n" for name in REQUIRED)
    assert read_release_sums(required, max_files=3) == dict.fromkeys(REQUIRED, H)
    more = r"lists 4 files, more than a release holds \(3\)"
    for text, message in [
        (required + f"{H}  parquet/votes.parquet\n", more),
        (required + f"{H} *RELEASE_NOTES.md\n", r"lists RELEASE_NOTES\.md twice \(lines 3 and 4\)"),
        (required + f"{H}  ../x\n", r"line 4 names '\.\./x': a path through '\.\.'"),
        (required.split("\n", 1)[1], r"does not list unga-votes\.duckdb: not a complete release"),
        (required + "\n", r"line 4 is not '<sha256>  <file>': ''"),
        (b"\xff", r"is not text"),
    ]:  # fmt: skip
        with pytest.raises(SumsError, match=rf"^SHA256SUMS .*{message}.*; the release is refused$"):
            read_release_sums(text, max_files=3)


def test_a_release_folder(dist: Path, tmp_path: Path) -> None:
    """A folder holds a release when its SHA256SUMS reads and names release files only, and
    it holds nothing else."""
    assert is_release(dist) and not is_release(tmp_path)
    (tmp_path / "SHA256SUMS").write_text(f"{H}  unga-votes.duckdb\n\n", encoding="utf-8")
    assert is_release(tmp_path)
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert not is_release(tmp_path)  # a file SHA256SUMS does not list
    (tmp_path / "SHA256SUMS").write_text(f"{H}  notes.txt\n", encoding="utf-8")
    assert not is_release(tmp_path)  # a name no release has
    (tmp_path / "SHA256SUMS").write_text("unga-votes.duckdb\n", encoding="utf-8")
    assert not is_release(tmp_path)  # a line of another form
