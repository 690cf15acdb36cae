"""SHA256SUMS as a release host sends it: the files of a release, each once, nothing else.
(Names that would write outside the cache: tests/client/test_download.py, against a server.)"""

from __future__ import annotations

import pytest

from unga_votes.client.limits import MAX_FILES
from unga_votes.client.sums import parse_sums
from unga_votes.client.transfer import DownloadError

H = "0" * 64


def test_sums_of_a_release() -> None:
    files = parse_sums(f"{'A' * 64} *unga-votes.duckdb\n{H}  unga-votes-csv.zip\n"
                       f"{H}  RELEASE_NOTES.md\n{H}  parquet/state_names.parquet\n")  # fmt: skip
    assert files["unga-votes.duckdb"] == "a" * 64 and len(files) == 4
    with pytest.raises(DownloadError, match=r"does not list unga-votes\.duckdb: not a complete"):
        parse_sums(f"{H}  unga-votes-csv.zip\n{H}  RELEASE_NOTES.md\n")
    with pytest.raises(DownloadError, match="not text"):
        parse_sums(b"\xff\xfe")


def test_sums_listing_more_files_than_a_release_holds_is_refused() -> None:
    """Each file is capped in size and time; so is their number (600 tables' worth is not a
    release)."""
    required = "".join(f"{H}  {name}\n" for name in ("unga-votes.duckdb", "unga-votes-csv.zip",
                                                     "RELEASE_NOTES.md"))  # fmt: skip
    tables = "".join(f"{H}  parquet/t{n:04d}.parquet\n" for n in range(MAX_FILES))
    with pytest.raises(DownloadError, match=rf"lists {MAX_FILES + 3} files, more than a release"):
        parse_sums(required + tables)
    assert len(parse_sums(required + tables.split("\n", 3)[3])) == MAX_FILES


def test_a_crlf_sums_shows_the_carriage_return_escaped() -> None:
    """UngaError folds line breaks into spaces: the name is escaped before, so the refusal
    shows what is wrong (`\\x0d`) instead of a trailing space."""
    crlf = f"{H}  unga-votes.duckdb\r\n{H}  unga-votes-csv.zip\r\n{H}  RELEASE_NOTES.md\r\n"
    with pytest.raises(DownloadError) as refused:
        parse_sums(crlf.encode())
    assert "line 1 names 'unga-votes.duckdb\\x0d': a control or invisible" in str(refused.value)
    with pytest.raises(DownloadError) as refused:
        parse_sums(f"{H}\r\n")
    assert "line 1 is not '<sha256>  <file>': '" + H + "\\x0d'" in str(refused.value)
