"""What the Table Schemas allow a value of the Library's to be: every constraint of every field
it fills, so that no value of theirs can make the edition fail to validate."""

from __future__ import annotations

import polars as pl
from helpers import ROOT
from undl_frames import clean, rules, voting

from unga_votes.package import load_package
from unga_votes.sources.undl.allowed import HELD, allowed
from unga_votes.sources.undl.values import FIELDS

PACKAGE = load_package(ROOT / "datapackage.json")
# Each field of the edition a cell of the Library's fills, and what keeps each of its Table
# Schema's constraints: `allowed` (every constraint of every field of that name, read from
# the schemas), `values` (the text limit, checked against the schema in test_values), or the
# reader itself (a whole number of at most three digits, a date on a day the Assembly met, a
# session as the symbol or its text say it, in the pattern's own forms).
FILLED = {
    ("roll_calls", "resolution"): "allowed", ("resolutions", "resolution"): "allowed",
    ("resolution_subjects", "resolution"): "allowed",
    ("resolution_documents", "resolution"): "allowed",
    ("resolution_agenda_titles", "resolution"): "allowed",
    ("roll_calls", "meeting"): "allowed", ("resolutions", "meeting"): "allowed",
    ("resolutions", "title"): "values", ("resolution_subjects", "subject"): "values",
    ("resolution_documents", "document"): "values",
    ("resolution_agenda_titles", "agenda_title"): "values",
    ("roll_calls", "session"): "symbol", ("resolutions", "session"): "symbol",
    ("roll_calls", "date"): "reader", ("resolutions", "date"): "reader",
    **{("roll_calls", f"declared_{t}"): "reader"
       for t in ("yes", "no", "abstain", "non_voting")},
}  # fmt: skip
READER = {"required", "minimum", "pattern"}  # what the reader's own forms always meet
# A session is read from the symbol, which every symbol field holds (the session's text is
# read only where the symbol names none, which resolutions.symbol-session refuses): it meets
# what the reader's forms meet, and a maxLength no shorter than the symbol's.
SYMBOL_MAX = min(int(str(limit)) for _, kind, limit in allowed(PACKAGE, "resolution").constraints
                 if kind == "maxLength")  # fmt: skip


def test_every_constraint_a_library_value_can_break_is_kept() -> None:
    """A constraint a schema adds to a field the Library fills must be kept by one of them:
    this fails until it is (the symbol's 50 characters were not, and stopped the import)."""
    unkept = []
    for (resource, name), how in FILLED.items():
        constraints = set(PACKAGE.resource(resource).field(name).get("constraints", {}))
        kept = {"allowed": set(HELD) | {"required", "unique"},
                "values": {"maxLength", "required"}, "reader": READER,
                "symbol": READER | {"maxLength"}}[how]  # fmt: skip
        unkept += [f"{resource}.{name}: {c}" for c in sorted(constraints - kept)]
        if how == "symbol":
            limit = PACKAGE.resource(resource).field(name)["constraints"].get("maxLength")
            assert limit is None or limit >= SYMBOL_MAX, f"{resource}.{name}"
        if how == "values":
            assert FIELDS[_column(name)].limit == PACKAGE.resource(resource).field(name)[
                "constraints"]["maxLength"], name  # fmt: skip
    assert unkept == []


def _column(field: str) -> str:
    return {"subject": "subjects", "document": "draft"}.get(field, field)


def test_a_symbol_is_held_by_every_field_it_fills() -> None:
    symbol = allowed(PACKAGE, "resolution")
    fields = {where for where, _, _ in symbol.constraints}
    assert {"resolutions.resolution", "roll_calls.resolution",
            "resolution_subjects.resolution"} <= fields  # fmt: skip
    long = "A/RES/62/1" + "0" * 60  # the pattern's digits are unbounded; the side tables' not
    out = pl.DataFrame({"s": [long, "A/RES/62/167", "nope"]}).select(
        symbol.refused(pl.col("s")).alias("why"), symbol.ok(pl.col("s")).alias("ok")
    )
    assert out["ok"].to_list() == [False, True, False]
    assert out["why"][0].endswith(": at most 50 characters") and out["why"][1] is None


def test_a_symbol_too_long_for_a_table_leaves_out_its_vote_not_the_import() -> None:
    """It used to stop the whole import naming data/resolution_agenda_titles.csv:2 of an
    edition never written; now it is a counted rule naming the Library's file and line."""
    long = "A/RES/62/1" + "0" * 60
    _, records, log = clean(voting(
        {"undl_id": "1", "resolution": long, "agenda_title": "Human rights questions."},
        {"undl_id": "2", "ms_code": "DEU"},
    ))  # fmt: skip
    assert records["undl_id"].to_list() == [2]
    counts = rules(log)
    assert counts["vote without a readable resolution symbol left out"] == 1
    (d,) = [d for d in log.rows if d.rule.startswith("resolution symbol no field of the package")]
    assert d.examples[0].startswith("line 2: " + long) and "at most 50 characters" in d.examples[0]
