"""The text of a vote list: groups of names and stated totals, in the record and table forms."""

from __future__ import annotations

import pytest

from unga_votes.contribute.vote_lists import VoteListError, parse_vote_text


def test_record_form_groups_and_totals() -> None:
    parsed = parse_vote_text(
        "In favour:\n  France, Ghana,\n  Peru and Chile.\n\n"
        "Against: Spain\nAbstentions (2): Italy,\nMalta\n\n"
        "Draft resolution was adopted by 3 votes to 1, with 2 abstentions."
    )
    assert parsed.groups == {"Y": ["France", "Ghana", "Peru and Chile"], "N": ["Spain"],
                             "A": ["Italy", "Malta"]}  # fmt: skip
    # A group's own count and the adoption sentence's are both kept (they agree here); which
    # names they are checked against is parse_votes's business.
    assert parsed.totals == {"A": 2, "Y": 3, "N": 1}
    assert parsed.labels == {"Y": "In favour", "N": "Against", "A": "Abstentions"}


def test_record_totals_sentence_when_no_group_states_one() -> None:
    parsed = parse_vote_text("In favour: France\nAdopted by 101 votes to 22, with 59 abstentions.")
    assert parsed.totals == {"Y": 101, "N": 22, "A": 59}


def test_table_form_groups_by_their_totals() -> None:
    text = "- For: 2\n- Against: 1\n| | 2 | France, Spain |\n| | 1 | Chile |\n| Total | 3 |\n"
    parsed = parse_vote_text(text)
    assert parsed.groups == {"Y": ["France", "Spain"], "N": ["Chile"]}
    assert parsed.totals == {"Y": 2, "N": 1, "total": 3}


def test_table_form_checks_a_record_totals_sentence() -> None:
    """A sentence's counts agree with the table's groups, or the text is refused: in either
    form, a count stated twice must agree."""
    table = "| | 2 | France, Spain |\n| | 1 | Chile |\n"
    parsed = parse_vote_text("Adopted by 2 votes to 1, with 0 abstentions.\n" + table)
    assert parsed.groups == {"Y": ["France", "Spain"], "N": ["Chile"]}
    with pytest.raises(VoteListError, match="two counts for 'For': 2 and 3"):
        parse_vote_text("- For: 2\n- Against: 1\nAdopted by 3 votes to 1, with 0 abstentions.\n"
                        + table)  # fmt: skip


def test_no_vote_list_and_a_group_twice_are_errors() -> None:
    with pytest.raises(VoteListError, match="no vote list found"):
        parse_vote_text("The draft was adopted.")
    with pytest.raises(VoteListError, match="appears twice"):
        parse_vote_text("In favour: France\nFor: Spain\n")
    with pytest.raises(VoteListError, match="lists 1 names"):
        parse_vote_text("- For: 2\n| | 2 | France |\n")


def test_table_groups_need_distinct_totals() -> None:
    text = "- For: 2\n- Against: 2\n| | 2 | France, Spain |\n| | 2 | Chile, Peru |\n"
    with pytest.raises(VoteListError, match="several groups have 2"):
        parse_vote_text(text)


def test_a_count_stated_twice_must_agree() -> None:
    """Against (2) over a sentence saying 1, or "Against (2): 3": which one is right is not
    the parser's to guess."""
    with pytest.raises(VoteListError) as e:
        parse_vote_text(
            "In favour: France\nAgainst (2): Spain, Chile\n"
            "Adopted by 1 votes to 1, with 0 abstentions."
        )
    assert e.value.problems == [
        "the text states two counts for 'Against': 2 and 1 ('1 votes to 1, with 0 abstentions')"
    ]
    with pytest.raises(VoteListError, match="two counts for 'Against': 2 and 3 \\(Against: 3\\)"):
        parse_vote_text("In favour: France\nAgainst (2): 3\nSpain, Chile\n")
    parsed = parse_vote_text("Against (2): 2\nSpain, Chile\n")
    assert parsed.groups == {"N": ["Spain", "Chile"]} and parsed.totals == {"N": 2}
