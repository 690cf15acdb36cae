"""cache.py: where a downloaded release lives and when one is there (tests/client/
test_download.py fills the cache through a download and damages it in every way)."""

from __future__ import annotations

from pathlib import Path

from unga_votes.client.cache import cached, place, pointer_name


def test_a_release_file_s_place_below_the_cache() -> None:
    assert place("0123456789abcdef", "parquet/votes.parquet") == (
        ("releases", "0123456789abcdef", "parquet"),
        "votes.parquet",
    )
    assert pointer_name("latest") == "latest.json"


def test_an_empty_or_missing_cache_holds_no_release(tmp_path: Path) -> None:
    assert cached("latest", tmp_path) is None
    assert cached("2026.11.0", tmp_path / "none") is None
    assert not (tmp_path / "none").exists()  # looking creates nothing
