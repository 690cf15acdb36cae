"""The published versions of the Library's files: recognised by their header, one table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unga_votes.sources.undl import import_undl
from unga_votes.sources.undl.versions import (
    RESOLUTIONS,
    VOTING,
    UnknownLayout,
    modality_table,
    recognise,
)

V1 = ["undl_id", "ms_code", "ms_name", "ms_vote", "resolution", "title", "modality", "draft",
      "committee_report", "meeting", "agenda_title", "subjects", "date", "yes", "no",
      "abstentions", "non-voting", "total-voting", "undl_link"]  # fmt: skip
# The same version as its data dictionary names its columns.
V1_DICTIONARY = ["ms_codes" if c == "ms_code" else "ms_names" if c == "ms_name"
                 else "ms_votes" if c == "ms_vote" else "resolutions" if c == "resolution"
                 else "agenda_titles" if c == "agenda_title" else c for c in V1]  # fmt: skip


def test_each_version_by_its_header() -> None:
    assert recognise(list(VOTING), "voting").version.name == "versions 3-5 (July 2025 on)"
    v2 = recognise([c for c in VOTING if c != "vote_note"], "voting")
    assert (v2.version.name, v2.lacking) == ("version 2 (March 2025)", ("vote_note",))
    for header in (V1, V1_DICTIONARY):
        v1 = recognise(header, "voting")
        assert v1.version.name == "version 1 (September 2024)" and v1.extra == ()
        assert (v1.names["total_yes"], v1.names["ms_code"]) == ("yes", header[1])
    assert recognise(list(RESOLUTIONS), "resolutions").version.file == "*_ga_outcomes.csv"


def test_extra_columns_are_named_and_read() -> None:
    got = recognise([*VOTING, "notes", "x"], "voting")
    assert got.version.current and got.extra == ("notes", "x")


@pytest.mark.parametrize(
    ("header", "kind", "message"),
    [
        (["undl_id", "resolution"], "voting", "not the Library's voting layout: missing ms_code"),
        ([c for c in VOTING if c != "draft"], "voting",
         "not the Library's voting layout: missing draft"),
        ([c for c in V1 if c != "meeting"], "voting",
         "version 1 (September 2024) of the voting file, without meeting: it cannot be read; "
         "download the current voting file (*_ga_voting.csv) from "
         "https://digitallibrary.un.org/record/4060887"),
        # Version 1 without its own `yes`: named as the file names it, not `total_yes`.
        ([c for c in V1 if c != "yes"], "voting",
         "version 1 (September 2024) of the voting file, without yes: it cannot be read"),
        (list(RESOLUTIONS), "voting", "not the Library's voting layout: missing ms_code"),
        (list(VOTING), "resolutions", "not the Library's resolutions layout: missing modality"),
    ],
)  # fmt: skip
def test_a_header_no_version_has_is_refused(header: list[str], kind: str, message: str) -> None:
    with pytest.raises(UnknownLayout) as e:
        recognise(header, kind)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_modalities_in_any_case_spacing_and_comma() -> None:
    table = modality_table()  # keyed by the letters alone
    assert table["voterecorded"] == "recorded vote"
    assert table["votenonrecorded"] == "non-recorded vote"
    assert table["withoutavote"] == "without a vote"


@pytest.mark.parametrize("version", ["2", "1"])
def test_older_versions_give_the_same_edition(built, tmp_path: Path, version: str) -> None:
    """Version 2 (no vote_note) and version 1 (its own names, NV, a modality column) of the
    same rows: the same edition, and the version named in the report."""
    from undl_fixture import write_undl_files

    voting, resolutions = write_undl_files(tmp_path / "files", built.package.parent, version)
    import_undl(voting, resolutions, tmp_path / "official", built.package)
    for name in ("votes", "roll_calls", "resolutions", "resolution_subjects"):
        mine = (tmp_path / "official" / "data" / f"{name}.csv").read_text(encoding="utf-8")
        assert mine == (built.out / "data" / f"{name}.csv").read_text(encoding="utf-8"), name
    doc = json.loads((tmp_path / "official" / "reconciliation.json").read_text(encoding="utf-8"))
    assert doc["summary"]["voting_version"].startswith(f"version {version} (")
