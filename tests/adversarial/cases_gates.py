"""Class 4: the CI gates (`unga validate`, `unga diff --check`) cannot be walked around by
renaming, deleting or loosening something, or by citing nothing."""

from __future__ import annotations

import json
import re

from adversarial.corpus import Workspace, case

CHECK = ["diff", "HEAD", "--check"]


def _descriptor(ws: Workspace, change) -> None:
    doc = json.loads(ws.descriptor.read_text(encoding="utf-8"))
    change(doc)
    ws.descriptor.write_text(json.dumps(doc, indent=2), encoding="utf-8")


def _drop_rows(ws: Workspace, relative: str, pattern: str) -> None:
    lines = ws.path(relative).read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [ln for n, ln in enumerate(lines) if n == 0 or not re.match(pattern, ln)]
    assert len(kept) < len(lines), pattern
    ws.path(relative).write_text("".join(kept), encoding="utf-8")


# --- validate ----------------------------------------------------------------------------------


@case(
    4,
    "the `votes` resource renamed `ballots` in datapackage.json",
    1,
    r"\[package\.required-resource\].*votes",
    says="`package.required-resource`",
)
def votes_resource_renamed(ws: Workspace):
    def rename(doc):
        next(r for r in doc["resources"] if r["name"] == "votes")["name"] = "ballots"

    _descriptor(ws, rename)
    return ["validate"]


@case(
    4,
    "the `memberships` resource removed from datapackage.json (file kept)",
    1,
    r"\[package\.required-resource\].*memberships",
    says="`package.required-resource`",
)
def memberships_resource_removed(ws: Workspace):
    _descriptor(
        ws, lambda d: d.update(resources=[r for r in d["resources"] if r["name"] != "memberships"])
    )
    return ["validate"]


@case(
    4,
    "the `vote` column renamed `ballot` in the votes schema and header",
    1,
    r"\[package\.required-resource\].*vote",
    says="`package.required-resource`",
)
def vote_column_renamed(ws: Workspace):
    ws.replace("schemas/votes.schema.json", '"name": "vote"', '"name": "ballot"')
    ws.replace("data/votes.csv", "roll_call,state,vote", "roll_call,state,ballot")
    return ["validate"]


@case(
    4,
    "an exception covering a formula cell (`text.formula`)",
    1,
    r"\[exceptions\.not-exceptable\]",
    says="`exceptions.not-exceptable`",
)
def exception_covers_a_formula(ws: Workspace):
    ws.replace(
        "data/resolutions.csv",
        "A/RES/74/166,74,2019-12-18,day,",
        'A/RES/74/166,74,2019-12-18,day,=HYPERLINK("https://x.test"),',
    )
    ws.append("data/exceptions.csv", "text.formula,A/RES/74/166,a title as published,A/RES/74/166")
    return ["validate"]


@case(
    4,
    "an exception covering an unknown vote code (`schema.enum`)",
    1,
    r"\[exceptions\.not-exceptable\]",
    says="`exceptions.not-exceptable`",
)
def exception_covers_a_bad_code(ws: Workspace):
    ws.replace("data/votes.csv", "4813,IND,A", "4813,IND,Q")
    ws.append("data/exceptions.csv", "schema.enum,4813|IND,as recorded,A/62/PV.76")
    return ["validate"]


@case(4, "a correction citing `asdf`", 1, r"\[ledger\.citation\] source", says="`ledger.citation`")
def correction_cites_nothing(ws: Workspace):
    ws.replace("data/roll_calls.csv", "Oceans and the law of the", "Oceans and the Law of the")
    ws.append(
        "data/corrections.csv",
        "8,roll_calls,9147,description,Oceans and the law of the sea,"
        "Oceans and the Law of the sea,asdf,",
    )
    return ["validate"]


@case(
    4,
    "a seeded correction overridden by one citing `wikipedia`",
    1,
    r"\[ledger\.citation\] source",
    says="`ledger.citation`",
)
def correction_overridden_by_wikipedia(ws: Workspace):
    ws.replace("data/votes.csv", "4813,ZAF,A", "4813,ZAF,Y")
    ws.replace("data/roll_calls.csv", ",101,22,59,10,", ",102,22,58,10,")
    ws.append("data/corrections.csv", "8,votes,4813|ZAF,vote,A,Y,wikipedia,")
    return ["validate"]


@case(
    4,
    "a correction written twice (same cell, same old and new, new id)",
    1,
    r"\[corrections\.duplicate\]",
    says="`corrections.duplicate`",
)
def correction_duplicated(ws: Workspace):
    ws.append(
        "data/corrections.csv",
        "8,votes,4813|ZAF,vote,Y,A,A/62/PV.76,South Africa abstained per the meeting record",
    )
    return ["validate"]


@case(
    4,
    "an exception citing `see above`",
    1,
    r"\[ledger\.citation\] source",
    says="`ledger.citation`",
)
def exception_cites_nothing(ws: Workspace):
    ws.replace(
        "data/exceptions.csv",
        "hdl:1902.1/12379 (unvotes2021_roll_calls.csv.gz, rcid 804)",
        "see above",
    )
    return ["validate"]


# --- diff --check --------------------------------------------------------------------------------


@case(
    4,
    "roll call 3 deleted with its votes (the rest consistent)",
    1,
    r"\[diff\.uncited-change\].*roll call 3",
    says="`diff.uncited-change` for the removal",
)
def roll_call_deleted(ws: Workspace):
    ws.commit()
    for relative in ("data/roll_calls.csv", "data/votes.csv"):
        _drop_rows(ws, relative, r"3,")
    return CHECK


@case(4, "one vote row deleted", 1, r"\[diff\.uncited-change\].*4813", says="`diff.uncited-change`")
def vote_row_deleted(ws: Workspace):
    ws.commit()
    _drop_rows(ws, "data/votes.csv", r"4813,IND,")
    return CHECK


@case(
    4,
    "an empty meeting of an existing roll call filled, cited by a ledger row claiming the row "
    "was added",
    1,
    r"roll_calls\.csv:\d+ \[diff\.uncited-change\] meeting: roll call 3",
    says="`diff.uncited-change` (only a row the base lacked was added)",
)
def existing_row_cited_as_added(ws: Workspace):
    ws.commit()
    ws.replace(
        "data/roll_calls.csv", "\n3,1,1946-01-01,month,,", "\n3,1,1946-01-01,month,A/1/PV.9,"
    )
    ws.append("data/corrections.csv", "8,roll_calls,3,*,,row,A/1/PV.9,Roll call added")
    return CHECK


@case(
    4,
    "a second vote row for a state on a roll call, appended at the end (a repeated key)",
    1,
    r"votes\.csv:\d+ \[diff\.uncited-change\].*4813, state IND",
    says="`diff.uncited-change` for the added row",
)
def vote_row_repeated(ws: Workspace):
    ws.commit()
    ws.append("data/votes.csv", "4813,IND,Y")
    return CHECK


@case(
    4,
    "the roll_call_issues table removed (resource and file)",
    1,
    r"roll_call_issues\.csv \[diff\.uncited-change\][^\n]*removed with its rows"
    r"(.|\n)*datapackage\.json \[diff\.structure-changed\]",
    says="`diff.uncited-change` for the rows, `diff.structure-changed`",
)
def table_removed(ws: Workspace):
    ws.commit()
    _descriptor(
        ws,
        lambda d: d.update(
            resources=[r for r in d["resources"] if r["name"] != "roll_call_issues"]
        ),
    )
    ws.path("data/roll_call_issues.csv").unlink()
    return CHECK


@case(
    4,
    "a flipped vote hidden by a new count-totals exception with a plausible source",
    1,
    r"\[diff\.uncited-change\].*4813, state IND",
    says="`diff.uncited-change`",
)
def flip_hidden_by_exception(ws: Workspace):
    ws.commit()
    ws.replace("data/votes.csv", "4813,IND,A", "4813,IND,Y")
    ws.append("data/exceptions.csv", "votes.count-totals,4813,as published,A/62/PV.76")
    return CHECK


@case(
    4,
    "seeded correction 1 deleted and its vote undone",
    1,
    r"\[diff\.ledger-rewritten\]",
    says="`diff.ledger-rewritten`",
)
def seeded_correction_deleted(ws: Workspace):
    ws.commit()
    _drop_rows(ws, "data/corrections.csv", r"1,votes,")
    ws.replace("data/votes.csv", "4813,ZAF,A", "4813,ZAF,Y")
    return CHECK


@case(
    4,
    "a correction's source rewritten",
    1,
    r"\[diff\.ledger-rewritten\]",
    says="`diff.ledger-rewritten`",
)
def correction_source_rewritten(ws: Workspace):
    ws.commit()
    ws.replace("data/corrections.csv", "Y,A,A/62/PV.76,", "Y,A,A/62/PV.77,")
    return CHECK


@case(
    4,
    "the vote enum removed from the schema, then a vote `Q`",
    1,
    r"votes\.schema\.json \[diff\.structure-changed\]",
    says="`diff.structure-changed`",
)
def schema_loosened(ws: Workspace):
    ws.commit()
    ws.replace("schemas/votes.schema.json", '"enum": ["Y", "N", "A", "X"]', '"minLength": 1')
    ws.replace("data/votes.csv", "4813,IND,A", "4813,IND,Q")
    return CHECK


@case(
    4,
    "a roll call's description edited without a citation",
    1,
    r"\[diff\.uncited-change\].*description",
    says="`diff.uncited-change`",
)
def description_edited(ws: Workspace):
    ws.commit()
    ws.replace("data/roll_calls.csv", "Oceans and the law of the", "Oceans and the Law of the")
    return CHECK


@case(
    4,
    "a state's COW code changed without a citation",
    1,
    r"\[diff\.uncited-change\].*cow_code",
    says="`diff.uncited-change`",
)
def state_code_edited(ws: Workspace):
    ws.commit()
    ws.replace("data/states.csv", "AFG,Afghanistan,700,", "AFG,Afghanistan,701,")
    return CHECK
