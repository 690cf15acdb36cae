"""Cell checks derived from the Table Schemas: each names its rule, line and column."""

from __future__ import annotations

import datetime as dt
import functools
import json

import polars as pl
import pytest
from helpers import ROOT, PackageCopy, only
from hypothesis import given, settings
from hypothesis import strategies as st
from pandera.errors import SchemaErrors

from unga_votes.package import load_package
from unga_votes.package.cells import FieldSchema
from unga_votes.package.read import LINE, Table

VOTES = "data/votes.csv"
ROLL_CALLS = "data/roll_calls.csv"


@pytest.mark.parametrize(
    ("old", "new", "rule", "column"),
    [
        ("4813,ZAF,A", "4813,ZAF,Q", "schema.enum", "vote"),
        ("4813,ZAF,A", "4813,ZAF,a", "schema.enum", "vote"),
        ("4813,ZAF,A", "4813,ZAF,A ", "schema.enum", "vote"),
        ("4813,ZAF,A", "4813,ZAF,", "schema.required", "vote"),
        ("4813,ZAF,A", "4813,zaf,A", "schema.pattern", "state"),
        ("4813,ZAF,A", "48x3,ZAF,A", "schema.type", "roll_call"),
        ("4813,ZAF,A", "4813, ZAF,A", "text.whitespace", "state"),
    ],
)
def test_vote_cell_defects(pkg: PackageCopy, old: str, new: str, rule: str, column: str) -> None:
    line = pkg.line_of(VOTES, "4813,ZAF")
    pkg.replace(VOTES, old, new)
    violations = only(pkg.validate(), rule)
    assert [(v.file, v.line, v.column) for v in violations] == [(VOTES, line, column)]


def test_impossible_date(pkg: PackageCopy) -> None:
    line = pkg.line_of(ROLL_CALLS, "4813,")
    pkg.replace(ROLL_CALLS, "4813,62,2007-12-18", "4813,62,2007-02-30")
    (v,) = only(pkg.validate(), "schema.type")
    assert (v.file, v.line, v.column, v.found) == (ROLL_CALLS, line, "date", "'2007-02-30'")


@pytest.mark.parametrize(
    ("path", "old", "new", "column"),
    [
        (ROLL_CALLS, "4813,62,2007-12-18", "4813,62,{day}", "date"),
        ("data/memberships.csv", "AFG,1946-11-19,,", "AFG,1946-11-19,{day},", "left"),
    ],
)
def test_no_date_after_today(pkg: PackageCopy, path: str, old: str, new: str, column: str) -> None:
    """Every date column, from its Table Schema type: tomorrow is reported, today is not."""
    today = dt.date.today()
    line = pkg.line_of(path, old.split(",")[0] + ",")
    pkg.replace(path, old, new.format(day=today + dt.timedelta(days=1)))
    (v,) = only(pkg.validate(), "dates.future")
    assert (v.file, v.line, v.column) == (path, line, column)
    assert today.isoformat() in v.expected
    pkg.replace(path, str(today + dt.timedelta(days=1)), today.isoformat())
    assert not [v for v in pkg.validate().violations if v.rule == "dates.future"]


def test_negative_total(pkg: PackageCopy) -> None:
    line = pkg.line_of(ROLL_CALLS, "4813,")
    pkg.replace(ROLL_CALLS, ",101,22,59,10,", ",-101,22,59,10,")
    (v,) = only(pkg.validate(), "schema.minimum")
    assert (v.line, v.column, v.expected) == (line, "declared_yes", "at least 0")


def test_formula_in_text_cell(pkg: PackageCopy) -> None:
    path = "data/resolutions.csv"
    line = pkg.line_of(path, "A/RES/62/167,")
    pkg.replace(
        path,
        "A/RES/62/167,62,2007-12-18,day,Situation",
        'A/RES/62/167,62,2007-12-18,day,=HYPERLINK("http://x")',
    )
    (v,) = only(pkg.validate(), "text.formula")
    assert (v.file, v.line, v.column) == (path, line, "title")


@pytest.mark.parametrize("lead", ["+", "-", "@"])
def test_other_formula_leads(pkg: PackageCopy, lead: str) -> None:
    line = pkg.line_of(ROLL_CALLS, "4813,")
    pkg.replace(ROLL_CALLS, ",A/62/PV.76,Situation of", f",A/62/PV.76,{lead}Situation of")
    (v,) = only(pkg.validate(), "text.formula")
    assert (v.line, v.column) == (line, "description")


def test_duplicated_vote_row_breaks_the_primary_key(pkg: PackageCopy) -> None:
    first = pkg.line_of(VOTES, "4813,ZAF")
    pkg.append(VOTES, "4813,ZAF,A")
    (v,) = only(pkg.validate(), "schema.primary-key")
    assert (v.file, v.column, v.key) == (VOTES, "roll_call,state", "4813|ZAF")
    assert v.line == len(pkg.read(VOTES).splitlines()) and f"line {first}" in v.found


def test_duplicated_roll_call_id(pkg: PackageCopy) -> None:
    line = pkg.append(ROLL_CALLS, "4813,62,2007-12-18,day,,draft,,,,,,,,A/62/PV.76,,,")
    report = pkg.validate()
    (v,) = only(report, "schema.unique")
    assert (v.file, v.line, v.column) == (ROLL_CALLS, line, "roll_call")


def test_schema_checks_come_from_the_table_schema() -> None:
    """Adding an enum value to the Table Schema is all it takes for the check to accept it."""
    package = load_package(ROOT / "datapackage.json")
    res = package.resource("votes")
    schema = FieldSchema(res)
    assert set(schema.schema.columns) == set(res.field_names)
    assert schema.expected[("vote", "schema.enum")] == "one of Y, N, A, X"
    assert schema.schema.unique == ["roll_call", "state"]


@pytest.mark.parametrize(
    "garbled",
    ["People?Ã†s Republic", "The Arms Trade TreatyÂ", "co?operation", "RÃ©union", "â€œquotedâ€",
     "a \ufffd b", "the Assembly<90>s"],
)  # fmt: skip
def test_garbled_text_is_mojibake(pkg: PackageCopy, garbled: str) -> None:
    line = pkg.line_of("data/resolutions.csv", "A/RES/62/167,")
    pkg.replace("data/resolutions.csv", "Situation of human rights", garbled)
    (v,) = only(pkg.validate(), "text.mojibake")
    assert (v.file, v.line, v.column) == ("data/resolutions.csv", line, "title")


def test_accents_and_web_addresses_are_not_mojibake(pkg: PackageCopy) -> None:
    pkg.replace("data/resolutions.csv", "Situation of human rights", "São Tomé and Côte d'Ivoire?")
    pkg.replace(
        "data/resolutions.csv", ",A/RES/74/166\n", ",https://undocs.org/A/RES/74/166?ln=en\n"
    )
    report = pkg.validate()
    assert report.valid, report.to_text()


TITLE = "Situation of human rights in the Democratic People's Republic of Korea"


@pytest.mark.parametrize(
    ("hidden", "rule"),
    [("\x1b[31mred", "text.control"), ("bell\x07", "text.control"), ("nul\x00", "text.control"),
     ("a\tb", "text.control"), ("c1\x9b", "text.control"), ("abc\u202edcb", "text.invisible"),
     ("zero\u200bwidth", "text.invisible"), ("iso\u2067late", "text.invisible"),
     ("soft\u00adhyphen", "text.invisible"), ("bom\ufeff", "text.invisible"),
     ("two\nlines", "text.line-break"), ("sep\u2028arator", "text.line-break")],
)  # fmt: skip
def test_what_the_eye_cannot_see(pkg: PackageCopy, hidden: str, rule: str) -> None:
    line = pkg.line_of("data/resolutions.csv", "A/RES/62/167,")
    pkg.replace("data/resolutions.csv", TITLE, f'"{hidden}"')
    (v,) = only(pkg.validate(), rule)
    assert (v.file, v.line, v.column) == ("data/resolutions.csv", line, "title")
    assert hidden not in v.text()  # shown escaped, never raw


def test_a_multiline_field_may_hold_line_breaks(pkg: PackageCopy) -> None:
    """`x-multiline: true` allows line breaks in that field; other controls stay refused."""
    pkg.replace("data/resolutions.csv", TITLE, '"two\nlines"')
    assert only(pkg.validate(), "text.line-break")
    pkg.replace(
        "schemas/resolutions.schema.json",
        '"name": "title",',
        '"name": "title", "x-multiline": true,',
    )
    assert pkg.validate().valid
    pkg.replace("data/resolutions.csv", '"two\nlines"', '"two\nlines\x07"')
    assert only(pkg.validate(), "text.control")


def test_every_text_field_is_bounded() -> None:
    """A text field states how long its cells may be (a maxLength, or an enum of its values),
    so a huge cell is a violation of its field, and every cell up to that length is read. A
    pattern is no bound (`A/((ES-|S-)?[0-9]+/)?PV\\.[0-9]+` matches a meeting symbol of a
    million digits), nor is `unique`."""
    unbounded = [
        f"{res.name}.{f['name']}"
        for res in load_package(ROOT / "datapackage.json").resources.values()
        for f in res.fields
        if f.get("type", "string") == "string"
        and not {"enum", "maxLength"} & set(f.get("constraints", {}))
    ]
    assert unbounded == []


def test_an_enum_of_a_typed_field_compares_values(pkg: PackageCopy) -> None:
    """An integer field's enum, as numbers or as text, matches the cells' values."""
    schema = json.loads(pkg.read("schemas/votes.schema.json"))
    schema["fields"][0]["constraints"]["enum"] = [4813, "4814"]
    pkg.write("schemas/votes.schema.json", json.dumps(schema))
    kept = {"4813", "4814"}
    lines = [line for line in pkg.read(VOTES).splitlines()[1:] if line.split(",")[0] not in kept]
    violations = only(pkg.validate(), "schema.enum")
    assert len(violations) == len(lines) > 0
    assert {v.column for v in violations} == {"roll_call"}
    assert violations[0].expected == "one of 4813, 4814"


# Cells that break a check of each kind, and cells that pass: every column of the table gets
# one of them, so a frame mixes passing and failing columns.
CELLS = ["4813", "ZAF", "A", "2007-12-18", "62", "", " x", "=1", "a\x07b", "A/RES/62/167",
         "48x3", "-1", "9" * 30, "Y", "day", "PeopleÃ©s", "x\u200by", "line\nbreak"]  # fmt: skip


@functools.cache
def _field_schema(table: str) -> FieldSchema:
    return FieldSchema(load_package(ROOT / "datapackage.json").resource(table))


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_the_field_checks_hold_only_where_pandera_finds_no_failure(data: st.DataObject) -> None:
    """The one query that lets Pandera skip the field checks (`_field_checks_hold`) is true
    only of frames on which Pandera, running every check, reports no field-check failure."""
    schema = _field_schema(data.draw(st.sampled_from(["votes", "roll_calls", "resolutions"])))
    res = schema.resource
    rows = data.draw(st.integers(1, 4))
    columns = {f: data.draw(st.lists(st.sampled_from(CELLS), min_size=rows, max_size=rows))
               for f in res.field_names}  # fmt: skip
    frame = pl.DataFrame(columns, schema=dict.fromkeys(res.field_names, pl.String))
    table = Table(res, frame.with_row_index(LINE, offset=2), b"")
    try:
        schema.schema.validate(frame, lazy=True)
        failed = set()
    except SchemaErrors as e:
        failed = set(e.failure_cases["check"].to_list())
    field_checks = failed - {"not_nullable", "field_uniqueness", "multiple_fields_uniqueness"}
    assert schema._field_checks_hold(table) == (not field_checks), field_checks


@functools.cache
def _real_rows(table: str) -> pl.DataFrame:
    """The first rows of a table of the real data, as text."""
    return pl.read_csv(ROOT / "data" / f"{table}.csv", n_rows=4, infer_schema=False)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_cells_pass_only_where_pandera_finds_no_failure(data: st.DataObject) -> None:
    """Pandera runs only when the one-query checks find something (`violations` returns no
    violation without it otherwise): so no violation only where Pandera, running every check
    (required, unique, the primary key included), finds none. Real rows, some cells emptied
    (null), some rows twice (keys clash)."""
    name = data.draw(st.sampled_from(["votes", "roll_calls", "states", "memberships"]))
    schema = _field_schema(name)
    frame = _real_rows(name).select(schema.resource.field_names)
    for _ in range(data.draw(st.integers(0, 2))):
        row = data.draw(st.integers(0, frame.height - 1))
        column = data.draw(st.sampled_from(frame.columns))
        emptied = pl.when(pl.int_range(pl.len()) == row).then(None).otherwise(pl.col(column))
        frame = frame.with_columns(emptied.alias(column))
    if data.draw(st.booleans()):
        frame = pl.concat([frame, frame.slice(data.draw(st.integers(0, frame.height - 1)), 1)])
    table = Table(schema.resource, frame.with_row_index(LINE, offset=2), b"")
    try:
        schema.schema.validate(frame, lazy=True)
        passes = True
    except SchemaErrors:
        passes = False
    assert (schema.violations(table) == []) == passes
