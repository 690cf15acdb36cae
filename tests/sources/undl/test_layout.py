"""The Library's files: read strictly; a file in another layout, empty, not UTF-8 or cut short
is one line naming it; untidiness is read and counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from unga_votes.sources.undl.layout import RESOLUTIONS, VOTING, LayoutError, read_layout

HEADER = ",".join(VOTING)
ROW = ",".join(["1", "FRA", "FRANCE", "Y", "2007-12-18", "62", "A/RES/62/167", "", "", "",
                '"A title, with a comma"', "", "", "", "1", "0", "0", "0", "1",
                "https://digitallibrary.un.org/record/1"])  # fmt: skip


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "voting.csv"
    path.write_bytes(data)
    return path


def test_a_clean_file_reads_with_every_column(tmp_path: Path) -> None:
    read = read_layout(write(tmp_path, f"{HEADER}\n{ROW}\n".encode()), VOTING, "voting")
    assert read.frame.columns == list(VOTING) and read.frame.height == 1
    assert read.frame["title"][0] == "A title, with a comma" and read.dirt == []


def test_untidy_but_whole_files_are_counted(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + f"{HEADER}\r\n{ROW}\r\n{ROW}".encode()
    read = read_layout(write(tmp_path, data), VOTING, "voting")
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
        (f"{HEADER},extra\n".encode(), "unknown extra"),
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
        read_layout(write(tmp_path, data), VOTING, "voting")
    assert message in str(e.value) and "\n" not in str(e.value)


def test_a_whole_last_row_without_its_line_break_is_read(tmp_path: Path) -> None:
    quoted_end = ROW.rsplit(",", 1)[0] + ',"a link, quoted"'
    for last in (ROW, quoted_end):
        read = read_layout(write(tmp_path, f"{HEADER}\n{ROW}\n{last}".encode()), VOTING, "voting")
        assert read.frame.height == 2
        assert [d.rule for d in read.dirt] == ["no line break after the last row"]


def test_the_resolutions_file_s_header_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, (",".join(RESOLUTIONS) + "\n").encode("utf-16"))
    with pytest.raises(LayoutError, match="not UTF-8"):
        read_layout(path, RESOLUTIONS, "resolutions")


def test_a_directory_and_the_other_layout(tmp_path: Path) -> None:
    with pytest.raises(LayoutError, match="a directory"):
        read_layout(tmp_path, VOTING, "voting")
    path = write(tmp_path, f"{HEADER}\n{ROW}\n".encode())
    with pytest.raises(LayoutError, match="not the Library's resolutions layout: missing"):
        read_layout(path, RESOLUTIONS, "resolutions")


def test_only_the_columns_asked_for_are_kept(tmp_path: Path) -> None:
    read = read_layout(write(tmp_path, f"{HEADER}\n{ROW}\n".encode()), VOTING, "voting",
                       ("undl_id", "ms_vote"))  # fmt: skip
    assert read.frame.columns == ["undl_id", "ms_vote"]
