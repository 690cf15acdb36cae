"""The resolutions file's rows made one row per resolution: every modality, each rule counted."""

from __future__ import annotations

import polars as pl
from undl_frames import CHECKS, rules
from undl_frames import resolutions as frame

from unga_votes.sources.undl.resolutions import clean_resolutions
from unga_votes.sources.undl.versions import RESOLUTIONS


def test_resolutions_modalities_and_duplicates() -> None:
    base = dict.fromkeys(RESOLUTIONS, "") | {"undl_id": "1", "session": "75", "date": "2020-12-16"}
    rows = [
        base | {"resolution": "A/RES/75/1", "modality": "Vote recorded"},
        base | {"resolution": "A/RES/75/2", "modality": "  without  a vote"},
        base | {"resolution": "A/RES/75/3", "modality": "vote non-recorded"},
        base | {"resolution": "A/RES/75/4", "modality": "by acclamation"},
        base | {"resolution": "A/RES/75/1", "modality": "without a vote", "undl_id": "9"},
    ]
    out, log = clean_resolutions(frame(rows), "r.csv", CHECKS)
    assert out.select("resolution", "adoption").rows() == [
        ("A/RES/75/1", "recorded vote"), ("A/RES/75/2", "without a vote"),
        ("A/RES/75/3", "non-recorded vote"),
    ]  # fmt: skip
    assert rules(log)["modality not one of the three kinds: row left out"] == 1
    assert rules(log)["a second row for one resolution: the first kept"] == 1


def test_every_modality_the_library_writes_is_a_resolution() -> None:
    """`Vote, recorded`, `Vote, non-recorded` and `Without a vote`, in any case and spacing,
    and whatever way the symbol is written: every row a resolution, nothing counted as dirt
    for the Library's own spelling."""
    base = dict.fromkeys(RESOLUTIONS, "") | {"session": "75", "date": "2020-12-16"}
    rows = [
        base | {"undl_id": "1", "resolution": "A/RES/75/35[B]", "modality": "Vote, recorded",
                "total_yes": "120.0"},
        base | {"undl_id": "2", "resolution": "A/RES/2194(XXI)[B]", "session": "21",
                "date": "1966-12-16", "modality": "Vote, non-recorded"},
        base | {"undl_id": "3", "resolution": "A/RES/75/9", "modality": "Without a vote",
                "title": "A title : resolution / adopted by the General Assembly",
                "subjects": "HUMAN RIGHTS|TERRITORIES OCCUPIED BY ISRAEL--SETTLEMENT POLICY"},
        base | {"undl_id": "4", "resolution": "A/RES/75/10", "modality": "VOTE,  NON-RECORDED"},
    ]  # fmt: skip
    out, log = clean_resolutions(frame(rows), "r.csv", CHECKS)
    assert out.select("resolution", "adoption").rows() == [
        ("A/RES/75/35B", "recorded vote"), ("A/RES/2194B(XXI)", "non-recorded vote"),
        ("A/RES/75/9", "without a vote"), ("A/RES/75/10", "non-recorded vote"),
    ]  # fmt: skip
    assert out["title"][2] == "A title" and out["record_id"].to_list() == [1, 2, 3, 4]
    assert out["subjects"][2] == "HUMAN RIGHTS|TERRITORIES OCCUPIED BY ISRAEL--SETTLEMENT POLICY"
    assert log.left_out() == 0
    assert rules(log)["modality written another way: read as its kind"] == 1
    forms = pl.concat(log.forms)
    assert forms.select("line", "library", "resolution").rows() == [
        (2, "A/RES/75/35[B]", "A/RES/75/35B"),
        (3, "A/RES/2194(XXI)[B]", "A/RES/2194B(XXI)"),
    ]


def test_a_modality_s_punctuation_never_leaves_a_resolution_out() -> None:
    """A hyphen, a space or a semicolon more or less is the same modality (they were "not one
    of the three kinds"); a word the table lacks is still a counted rule."""
    base = dict.fromkeys(RESOLUTIONS, "") | {"session": "75", "date": "2020-12-16"}
    written = [
        "Vote, non recorded",
        "Vote; non-recorded",
        "VOTE \u2013 NON\u2010RECORDED",
        "Vote,non-recorded",
        "Without-a-vote",
        "Vote, recorded;",
        "Vote, perhaps",
    ]
    rows = [base | {"undl_id": str(i), "resolution": f"A/RES/75/{i}", "modality": m}
            for i, m in enumerate(written, 1)]  # fmt: skip
    out, log = clean_resolutions(frame(rows), "r.csv", CHECKS)
    assert out["adoption"].to_list() == ["non-recorded vote"] * 4 + [
        "without a vote",
        "recorded vote",
    ]
    counts = rules(log)
    assert counts["modality written another way: read as its kind"] == 6
    assert counts["modality not one of the three kinds: row left out"] == 1
