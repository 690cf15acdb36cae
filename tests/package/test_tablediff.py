"""Two versions of a table compared on the primary key: rows added, removed and cells changed."""

from __future__ import annotations

from typing import Any

import pytest

from unga_votes.package import Resource, Table, read_bytes
from unga_votes.package.tablediff import diff_table

FIELDS: list[dict[str, Any]] = [{"name": "roll_call", "type": "integer"}, {"name": "state"}]
VOTES = Resource(
    "votes",
    "data/votes.csv",
    {"fields": [*FIELDS, {"name": "vote"}], "primaryKey": ["roll_call", "state"]},
)
CHANGE_COLUMNS = ["_key", "roll_call", "state", "column", "old", "new", "line", "base_line"]


def _table(text: str, resource: Resource = VOTES) -> Table:
    """The table of CSV `text` (which must read cleanly)."""
    table, problems = read_bytes(resource, text.encode("utf-8"))
    assert table is not None and problems == [], problems
    return table


def _resource(*extra: str, key: bool = True) -> Resource:
    fields = [*FIELDS, *({"name": n} for n in extra)]
    schema: dict[str, Any] = {"fields": fields}
    if key:
        schema["primaryKey"] = ["roll_call", "state"]
    return Resource("votes", "data/votes.csv", schema)


BASE = "roll_call,state,vote\n999,USA,Y\n1000,USA,N\n1000,FRA,A\n5,GBR,\n20,CHN,Y\n"
HEAD = "roll_call,state,vote\n5,GBR,Y\n1000,USA,Y\n999,USA,N\n1000,IND,X\n20,CHN,Y\n999,IND,A\n"


def test_a_row_repeating_a_key_is_added_not_lost() -> None:
    """A second row for a key matches nothing: it shows as added (with its line), so a change
    cannot hide behind a row `unga validate` will refuse as a duplicate."""
    head = BASE + "999,USA,N\n999,USA,N\n"
    d = diff_table("votes", _table(BASE), _table(head))
    assert d.added.select("_key", "vote", "_line").rows() == [
        ("999|USA", "N", 7),
        ("999|USA", "N", 8),
    ]
    assert d.removed.is_empty() and d.changed.is_empty()
    d = diff_table("votes", _table(head), _table(BASE))  # and a repeat taken out is removed
    assert d.removed.select("_key", "_line").rows() == [("999|USA", 7), ("999|USA", 8)]
    assert d.added.is_empty() and d.changed.is_empty()
    whole = diff_table("votes", None, _table(head))  # a new table keeps every row
    assert whole.added.height == 7 and whole.status == "added"


def test_added_removed_and_changed_rows() -> None:
    """Each kind of change, with its key, cells and lines in both versions, in key order."""
    d = diff_table("votes", _table(BASE), _table(HEAD))
    assert (d.name, d.path, d.key, d.status) == (
        "votes",
        "data/votes.csv",
        VOTES.primary_key,
        "changed",
    )
    assert d.added.select("_key", "vote", "_line").rows() == [
        ("999|IND", "A", 7),
        ("1000|IND", "X", 5),
    ]
    assert d.removed.select("_key", "vote", "_line").rows() == [("1000|FRA", "A", 4)]
    assert d.changed.columns == CHANGE_COLUMNS
    assert d.changed.rows() == [
        ("5|GBR", "5", "GBR", "vote", None, "Y", 2, 5),
        ("999|USA", "999", "USA", "vote", "Y", "N", 4, 2),
        ("1000|USA", "1000", "USA", "vote", "N", "Y", 3, 3),
    ]
    assert d.rows_changed == 3
    assert (d.columns_added, d.columns_removed) == ([], [])
    assert not d.empty


def test_integer_keys_sort_numerically() -> None:
    """Roll call 999 comes before 1000 (as text it would not), and 20 before both."""
    head = "roll_call,state,vote\n1000,USA,Y\n20,USA,Y\n999,USA,Y\n1000,FRA,Y\n"
    d = diff_table("votes", _table("roll_call,state,vote\n"), _table(head))
    assert d.added["_key"].to_list() == ["20|USA", "999|USA", "1000|FRA", "1000|USA"]
    d = diff_table("votes", _table(head), _table("roll_call,state,vote\n"))
    assert d.removed["_key"].to_list() == ["20|USA", "999|USA", "1000|FRA", "1000|USA"]


def test_identical_versions_are_empty() -> None:
    """The same rows in another order, or the very same bytes, are no change at all."""
    shuffled = "roll_call,state,vote\n" + "".join(reversed(BASE.splitlines(True)[1:]))
    for other in (BASE, shuffled):
        d = diff_table("votes", _table(BASE), _table(other))
        assert d.empty
        assert d.rows_changed == 0
        assert (d.added.height, d.removed.height, d.changed.height) == (0, 0, 0)
        assert d.changed.columns == CHANGE_COLUMNS


def test_whole_table_added_or_removed() -> None:
    """Without a base every row is added; without a head every row is removed."""
    table = _table(BASE)
    added = diff_table("votes", None, table)
    assert (added.status, added.path, added.key) == (
        "added",
        "data/votes.csv",
        ["roll_call", "state"],
    )
    assert added.added.select("_key", "_line").rows() == [
        ("999|USA", 2),
        ("1000|USA", 3),
        ("1000|FRA", 4),
        ("5|GBR", 5),
        ("20|CHN", 6),
    ]
    assert added.removed.is_empty() and added.changed.is_empty()
    assert added.removed.columns == added.added.columns
    assert not added.empty
    removed = diff_table("votes", table, None)
    assert removed.status == "removed"
    assert removed.removed.equals(added.added)
    assert removed.added.is_empty() and removed.rows_changed == 0
    assert not removed.empty
    with pytest.raises(ValueError, match="neither version has the table"):
        diff_table("votes", None, None)


def test_columns_added_and_removed() -> None:
    """New and dropped columns are listed; cells are compared on the common columns only."""
    base = _table("roll_call,state,vote,old\n1,USA,Y,a\n", _resource("vote", "old"))
    head = _table("roll_call,state,note,vote\n1,USA,n,N\n", _resource("note", "vote"))
    d = diff_table("votes", base, head)
    assert (d.columns_added, d.columns_removed) == (["note"], ["old"])
    assert d.changed.select("column", "old", "new").rows() == [("vote", "Y", "N")]
    assert d.added.is_empty() and d.removed.is_empty()
    assert not d.empty
    same = diff_table("votes", base, _table("roll_call,state,vote\n1,USA,Y\n", _resource("vote")))
    assert (same.columns_added, same.columns_removed, same.changed.height) == ([], ["old"], 0)
    assert not same.empty


def test_rows_changed_counts_rows_not_cells() -> None:
    """Two cells of one row are two changes (in column order) but one changed row."""
    res = _resource("vote", "note")
    base = _table("roll_call,state,vote,note\n1,USA,Y,a\n2,USA,Y,a\n", res)
    head = _table("roll_call,state,vote,note\n1,USA,N,b\n2,USA,Y,a\n", res)
    d = diff_table("votes", base, head)
    assert d.changed.select("_key", "column", "old", "new").rows() == [
        ("1|USA", "note", "a", "b"),
        ("1|USA", "vote", "Y", "N"),
    ]
    assert d.rows_changed == 1


def test_without_a_primary_key_rows_match_on_every_column() -> None:
    """With no primary key a changed cell is a row removed and a row added."""
    res = _resource("vote", key=False)
    base = _table("roll_call,state,vote\n1,USA,Y\n", res)
    head = _table("roll_call,state,vote\n1,USA,N\n", res)
    d = diff_table("votes", base, head)
    assert d.key == ["roll_call", "state", "vote"]
    assert d.added["_key"].to_list() == ["1|USA|N"]
    assert d.removed["_key"].to_list() == ["1|USA|Y"]
    assert d.changed.is_empty()


def test_a_table_sharing_no_column_with_its_base_is_replaced() -> None:
    """No column in common, so no key to match rows on: every row is added or removed (a
    release's notes once counted such a table as one row changed)."""
    other = Resource("votes", "data/votes.csv", {"fields": [{"name": "zzz"}]})
    d = diff_table("votes", _table(BASE), _table("zzz\na\nb\n", other))
    assert d.status == "replaced" and not d.empty
    assert (d.added.height, d.removed.height, d.changed.height) == (2, 5, 0)
