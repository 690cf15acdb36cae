"""Class 8: a cell of any size is read whole, so a long cell is reported by its field's
maxLength (on its line and column), never as damaged quoting that drops the table."""

from __future__ import annotations

from adversarial.corpus import Workspace, case

TITLE = "Situation of human rights in the Democratic People's Republic of Korea"


@case(
    8,
    "a 200 KB title cell, quoted",
    1,
    r"data/resolutions\.csv:\d+ \[schema\.max-length\] title: expected at most 2000",
    says="`schema.max-length` on its line; every other rule still runs",
    absent=r"csv\.quoting|skipped",
)
def huge_quoted_title(ws: Workspace):
    ws.replace("data/resolutions.csv", TITLE, '"Situation, ' + "x" * 200_000 + '"')
    return ["validate"]


@case(
    8,
    "a 200 KB description cell without quotes",
    1,
    r"data/roll_calls\.csv:\d+ \[schema\.max-length\] description",
    says="`schema.max-length` on its line",
    absent=r"csv\.|skipped",
)
def huge_plain_description(ws: Workspace):
    ws.replace("data/roll_calls.csv", "Situation of human rights", "y" * 200_000)
    return ["validate"]


@case(
    8,
    "a note of exactly the field's maxLength (2,000 characters), quoted",
    0,
    r"unga validate: valid",
    says="valid: a cell up to maxLength is read as written",
)
def note_at_max_length(ws: Workspace):
    ws.replace(
        "data/states.csv",
        "AFG,Afghanistan,700,AF,004,",
        'AFG,Afghanistan,700,AF,004,"a, ' + "n" * 1997 + '"',
    )
    return ["validate"]
