"""The source's text: cleaned, and repaired by recorded rules where a conversion garbled it."""

from __future__ import annotations

import polars as pl

from unga_votes.sources.voeten.text import REPAIRS, clean_text, repair_log


def cleaned(*raw: str | None) -> list[str | None]:
    return pl.DataFrame({"t": list(raw)}).select(clean_text("t"))["t"].to_list()


def test_each_repair_with_the_source_s_own_cases() -> None:
    assert cleaned(
        "Situation of human rights in the Democratic People?Ã†s Republic of Korea",
        "The Arms Trade TreatyÂ\xa0",
        "International co?operation In the field of the environment",
        "Long?term trends; far?reaching changes; nuclear?arms and space?arms",
    ) == [
        "Situation of human rights in the Democratic People's Republic of Korea",
        "The Arms Trade Treaty",
        "International co-operation In the field of the environment",
        "Long-term trends; far-reaching changes; nuclear-arms and space-arms",
    ]


def test_the_meeting_records_quotes_and_page_breaks() -> None:
    """The descriptions quoted from meeting records: quotation marks lost to an underscore and a
    byte marker, an apostrophe as a byte marker, a backspace at a page break."""
    assert cleaned(
        "entitled _Report of the Conference on Disarmament<d3>. The First",
        "is entitled_Small arms<d3>. A separate vote",
        "the Assembly<90>s information",
        "one by one. 12\x08 We first turn",
        "Mr. Gonz_lez S_nchez (Cuba)",
    ) == [
        'entitled "Report of the Conference on Disarmament". The First',
        'is entitled "Small arms". A separate vote',
        "the Assembly's information",
        "one by one. 12 We first turn",
        "Mr. Gonz_lez S_nchez (Cuba)",  # a lost letter: no rule can say which
    ]


def test_what_is_not_garbled_is_left_alone() -> None:
    text = ["Côte d'Ivoire", "São Tomé and Príncipe", "Is it? Yes.", "CÂMARA", "1?2"]
    assert cleaned(*text) == text


def test_the_log_counts_each_repair_with_an_example() -> None:
    log = repair_log(pl.Series(["co?operation", "long?term", "TreatyÂ", None, "plain"]))
    assert [name for name, *_ in log] == [r.name for r in REPAIRS]
    by_name = {name: (n, before, after) for name, n, before, after in log}
    assert by_name["lost hyphen"] == (2, "co?operation", "co-operation")
    assert by_name["garbled no-break space"] == (1, "TreatyÂ", "Treaty")
    assert by_name["garbled apostrophe"] == (0, "", "")
