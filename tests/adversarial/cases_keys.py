"""Class 6: a number is written one way only, so a key compared as text is compared as the
number it holds: `+6`, `06` or `6.0` beside `6` is a type error, never a second key."""

from __future__ import annotations

from adversarial.corpus import Workspace, case

TYPE = r"\[schema\.type\] roll_call: expected an integer written as digits only.*found '{}'"


@case(
    6,
    "`+4813,IND,A` added beside `4813,IND,A`",
    1,
    TYPE.format(r"\+4813"),
    says="`schema.type`: `+4813` is not how an integer is written",
)
def signed_key_beside_its_number(ws: Workspace):
    ws.append("data/votes.csv", "+4813,IND,A")
    return ["validate"]


@case(
    6,
    "`04813,IND,A` added beside `4813,IND,A`",
    1,
    TYPE.format("04813"),
    says="`schema.type`, not a totals mismatch",
)
def zero_padded_key(ws: Workspace):
    ws.append("data/votes.csv", "04813,IND,A")
    return ["validate"]


@case(
    6,
    "roll call `9147` renumbered `09147` in roll_calls and its votes",
    1,
    TYPE.format("09147"),
    says="`schema.type`",
)
def zero_padded_roll_call(ws: Workspace):
    ws.replace("data/roll_calls.csv", "\n9147,74,", "\n09147,74,")
    return ["validate"]


@case(
    6, "a COW code written `0700`", 1, r"\[schema\.type\] cow_code: .*'0700'", says="`schema.type`"
)
def zero_padded_code(ws: Workspace):
    ws.replace("data/states.csv", "AFG,Afghanistan,700,", "AFG,Afghanistan,0700,")
    return ["validate"]


@case(
    6,
    "`unga build` of a package with `+6` beside `6`",
    1,
    r"unga build: .*(not valid|invalid|violation)",
    says="refused before anything is built",
)
def build_refuses_a_signed_key(ws: Workspace):
    ws.append("data/votes.csv", "+4813,IND,A")
    return ["build", "--out", ws.root / "dist"]
