"""addresses.py: a release tag, where a version's files are published, each file's name there
(the download's requests and the site's links; tests/client/test_download.py drives them)."""

from __future__ import annotations

import pytest

from unga_votes.client.addresses import DEFAULT_RELEASE_URL, asset_name, check_tag, release_url
from unga_votes.client.transfer import DownloadUsageError


def test_the_address_of_a_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UNGA_VOTES_RELEASE_URL", raising=False)
    assert release_url("latest") == f"{DEFAULT_RELEASE_URL}/releases/latest/download"
    for asked in ("2026.11.0", "v2026.11.0"):  # a version is published under its tag
        assert release_url(asked, "https://example.org/r/") == (
            "https://example.org/r/releases/download/v2026.11.0"
        )
    monkeypatch.setenv("UNGA_VOTES_RELEASE_URL", "http://127.0.0.1:9")
    assert release_url("latest") == "http://127.0.0.1:9/releases/latest/download"


def test_assets_are_flat() -> None:
    assert asset_name("parquet/votes.parquet") == "votes.parquet"
    assert asset_name("SHA256SUMS") == "SHA256SUMS"


@pytest.mark.parametrize("version", ["../x", "a/b", "", "-rf", "v1 2", "x\x1b", "1" * 100])
def test_a_version_that_is_no_tag_is_a_usage_error(version: str) -> None:
    with pytest.raises(DownloadUsageError, match="is not a release tag") as refused:
        check_tag(version)
    assert refused.value.exit_code == 2
    assert check_tag("latest") == "latest" and check_tag("2027.1.0-rc1") == "v2027.1.0-rc1"
    assert check_tag("v2027.1.0") == "v2027.1.0" and check_tag("data-2025") == "data-2025"
