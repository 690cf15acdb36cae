"""The Library's files: read strictly, a block at a time; a file of no published version,
empty, not UTF-8 or cut short is one line naming it; untidiness is read and counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from unga_votes.sources.undl.layout import (
    LINE,
    LayoutError,
    open_layout,
    read_batches,
    read_layout,
)
from unga_votes.sources.undl.versions import RESOLUTIONS, VOTING

HEADER = ",".join(VOTING)
ROW = ",".join(["1", "FRA", "FRANCE", "Y", "2007-12-18", "62", "A/RES/62/167", "", "", "",
                '"A title, with a comma"', "", "", "", "1", "0", "0", "0", "1",
                "https://digitallibrary.un.org/record/1"])  # fmt: skip


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "voting.csv"
    path.write_bytes(data)
    return path


def test_a_clean_file_reads_with_every_column(tmp_path: Path) -> None:
    read = read_layout(write(tmp_path, f"{HEADER}\n{ROW}\n".encode()), "voting")
    assert read.frame.columns == list(VOTING) and read.frame.height == 1
    assert read.frame["title"][0] == "A title, with a comma" and read.dirt == []


def test_untidy_but_whole_files_are_counted(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + f"{HEADER}\r\n{ROW}\r\n{ROW}".encode()
    read = read_layout(write(tmp_path, data), "voting")
    assert read.frame.height == 2
    assert [(d.rule, d.count) for d in read.dirt] == [
        ("byte-order mark removed", 1),
        ("CRLF line ends read as line ends", 2),
        ("no line break after the last row", 1),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "an empty file"),
        (b"  \n\n", "an empty file"),
        (b"undl_id,resolution\n1,x\n", "not the Library's voting layout: missing ms_code"),
        (f"{HEADER}\n{ROW}\n".encode().replace(b"FRANCE", b"FRAN\xc7E"), "not UTF-8 (bytes c7"),
        (f"{HEADER}\n{ROW}\n{ROW[:40]}".encode(), "a row with the wrong number of cells"),
        (f'{HEADER}\n{ROW}\n1,"unclosed'.encode(), "a quoted cell is never closed"),
        # The header line itself not UTF-8: UTF-16 (with or without its mark), or Latin-1.
        (f"{HEADER}\n{ROW}\n".encode("utf-16"), "not UTF-8 (UTF-16, by its byte-order mark)"),
        (f"{HEADER}\n{ROW}\n".encode("utf-16-le"), "not UTF-8 (NUL bytes in the header line"),
        (f"undl_id\xe9,{HEADER[8:]}\n{ROW}\n".encode("latin-1"), "not UTF-8 (bytes e9"),
        # Cut inside the last cell: every cell is there, the last one is not whole.
        (f"{HEADER}\n{ROW}\n{ROW[:-20]}".encode(), "cut short: the last row has no line break"),
        (f"{HEADER}\n{ROW}\n{ROW[:-1]}".encode(), "(undl_link 'https://digitallibrary.un.org"),
    ],
)
def test_bad_files_are_one_line(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(LayoutError) as e:
        read_layout(write(tmp_path, data), "voting")
    assert message in str(e.value) and "\n" not in str(e.value)


def test_a_whole_last_row_without_its_line_break_is_read(tmp_path: Path) -> None:
    quoted_end = ROW.rsplit(",", 1)[0] + ',"a link, quoted"'
    for last in (ROW, quoted_end):
        read = read_layout(write(tmp_path, f"{HEADER}\n{ROW}\n{last}".encode()), "voting")
        assert read.frame.height == 2
        assert [d.rule for d in read.dirt] == ["no line break after the last row"]


def test_the_resolutions_file_s_header_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, (",".join(RESOLUTIONS) + "\n").encode("utf-16"))
    with pytest.raises(LayoutError, match="not UTF-8"):
        read_layout(path, "resolutions")


def test_a_directory_and_the_other_layout(tmp_path: Path) -> None:
    with pytest.raises(LayoutError, match="a directory"):
        read_layout(tmp_path, "voting")
    path = write(tmp_path, f"{HEADER}\n{ROW}\n".encode())
    with pytest.raises(LayoutError, match="not the Library's resolutions layout: missing"):
        read_layout(path, "resolutions")


def test_only_the_columns_asked_for_are_kept(tmp_path: Path) -> None:
    read = read_layout(write(tmp_path, f"{HEADER}\n{ROW}\n".encode()), "voting",
                       ("undl_id", "ms_vote"))  # fmt: skip
    assert read.frame.columns == ["undl_id", "ms_vote"]


def test_an_unknown_extra_column_is_read_and_named(tmp_path: Path) -> None:
    """A header with every column and one no version has: read, the extra column named in the
    report (it used to be refused)."""
    read = read_layout(write(tmp_path, f"{HEADER},extra\n{ROW},x\n".encode()), "voting")
    assert read.frame.columns == list(VOTING) and read.frame.height == 1
    (dirt,) = read.dirt
    assert dirt.rule == "column no published version of the file has: read, not used"
    assert dirt.examples == ["'extra'"]


def test_lines_count_the_line_breaks_inside_cells(tmp_path: Path) -> None:
    """A row's `line` is its first line in the file: a quoted cell with line breaks moves the
    rows after it."""
    broken = ROW.replace('"A title, with a comma"', '"A title\nover\nthree lines"')
    data = f"{HEADER}\n{ROW}\n{broken}\n{ROW}\n".encode()
    read = read_layout(write(tmp_path, data), "voting", ("undl_id",), lines=True)
    assert read.frame[LINE].to_list() == [2, 3, 6]


def test_a_row_longer_than_a_block_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cell longer than Arrow's first block (4 MB; 64 bytes here) is a row like any other,
    never "not a CSV file": the block holds the file's longest line, and a row longer still (a
    cell with line breaks) makes the file read again with larger blocks; a header longer than a
    chunk of the scan is read too."""
    from unga_votes.sources.undl import layout

    monkeypatch.setattr(layout, "CHUNK", 64)
    monkeypatch.setattr(layout, "BLOCK", 64)
    blocks: list[int] = []
    frames = layout._frames
    monkeypatch.setattr(
        layout, "_frames", lambda o, block: blocks.append(block) or frames(o, block)
    )
    for cell, retried in (("x" * 5000, False), ('"' + ("x" * 20 + "\n") * 200 + '"', True)):
        blocks.clear()
        row = ROW.replace('"A title, with a comma"', cell)
        data = f"{HEADER}\n{ROW}\n{row}\n{ROW}\n"
        opened = open_layout(write(tmp_path, data.encode()), "voting")
        read = read_batches(opened, lambda frame: frame.select("title", LINE))
        titles = [t for f in read for t in f["title"]]
        assert len(titles) == 3 and len(titles[1]) in (5000, 4200)
        assert (len(blocks) > 1) == retried and blocks[0] > (5000 if not retried else 64)


def test_versions_are_recognised_by_their_header(tmp_path: Path) -> None:
    """Version 2 without vote_note, version 1 with its own names and modality: read; the lacking
    column named, and read as empty."""
    v2 = HEADER.replace(",vote_note", "")
    row2 = ROW.replace(",,,1,0,0,0,1,", ",,1,0,0,0,1,")
    read = read_layout(write(tmp_path, f"{v2}\n{row2}\n".encode()), "voting")
    assert read.opened.recognised.version.name == "version 2 (March 2025)"
    assert read.frame["vote_note"].to_list() == [""] and read.frame["total_yes"][0] == "1"
    assert any(d.rule.startswith("column version 2 (March 2025) may lack") for d in read.dirt)


def test_what_an_error_quotes_is_bounded_and_never_an_arbitrary_first_line(
    tmp_path: Path,
) -> None:
    """A header of 100,000 unknown columns made a 789 KB line; any file's first line (a
    password file's, through a link) was echoed as `unknown root:*:...`."""
    wide = HEADER + "," + ",".join(f"extra{i}_{'x' * 50}" for i in range(100_000))
    with pytest.raises(LayoutError) as e:
        read_layout(write(tmp_path, (wide.replace("ms_vote,", "") + "\n").encode()), "voting")
    said = str(e.value)
    assert len(said) < 600 and "100,000 unknown column(s)" in said and "and 99,997 more" in said
    secret = tmp_path / "shadow"
    secret.write_bytes(b"root:$6$secret-hash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n")
    link = tmp_path / "voting.csv"
    link.unlink(missing_ok=True)
    link.symlink_to(secret)
    with pytest.raises(LayoutError) as e:
        read_layout(link, "voting")
    assert "secret-hash" not in str(e.value) and "19000" not in str(e.value)
    assert "its first line names none of the voting file's columns" in str(e.value)


@pytest.mark.parametrize(
    ("magic", "name"),
    [(b"\x1f\x8b\x08\x00", "gzip"), (b"PK\x03\x04", "zip"), (b"BZh9", "bzip2"),
     (b"\xfd7zXZ\x00", "xz"), (b"\x28\xb5\x2f\xfd", "zstd")],
)  # fmt: skip
def test_a_compressed_file_is_named_so(tmp_path: Path, magic: bytes, name: str) -> None:
    """A gzip file was called 'UTF-16?' (its bytes hold NULs)."""
    with pytest.raises(LayoutError) as e:
        read_layout(write(tmp_path, magic + b"\x00\x00\x01\x02" * 64), "voting")
    assert f"a compressed file ({name}" in str(e.value) and "UTF-16" not in str(e.value)
