"""write.py: the package's CSV files written as canonical text, atomically."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import polars as pl
import pytest

from unga_votes.package.write import as_text, write_csv


def boom(*args: object, **kwargs: object) -> None:
    raise OSError("boom")


def test_as_text_and_write_csv(tmp_path: Path) -> None:
    """Dates as ISO, booleans true/false, nulls empty; nothing but the file left in the folder."""
    frame = pl.DataFrame(
        {"n": [1, None], "d": [dt.date(2007, 12, 18), None], "b": [True, False], "s": ["a,b", None]}
    )
    rows = [("1", "2007-12-18", "true", "a,b"), (None, None, "false", None)]
    assert as_text(frame).rows() == rows
    path = tmp_path / "out" / "t.csv"
    write_csv(frame, path)
    assert path.read_text(encoding="utf-8") == 'n,d,b,s\n1,2007-12-18,true,"a,b"\n,,false,\n'
    assert [p.name for p in path.parent.iterdir()] == ["t.csv"]


def test_write_csv_failure_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(pl.DataFrame, "write_csv", boom)
    with pytest.raises(OSError, match=r"^boom$"):
        write_csv(pl.DataFrame({"a": [1]}), path)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_written_files_get_the_usual_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_csv(pl.DataFrame({"a": [1]}), tmp_path / "t.csv")
    finally:
        os.umask(umask)
    assert (tmp_path / "t.csv").stat().st_mode & 0o777 == 0o644
