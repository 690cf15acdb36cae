"""The seed rows the import must keep, with the citable sources of their values.

A/RES/62/167 (roll call 4813): the record of the 76th plenary meeting (A/62/PV.76) gives
101-22-59 with 10 non-voting and South Africa abstaining; the source has South Africa voting yes.
These are applied as corrections (data/corrections.csv). A/RES/74/166 was adopted without a
vote; it is kept exactly as the seed has it.
"""

from __future__ import annotations

PV = "A/62/PV.76"
NOTE_TOTALS = "Declared totals of the meeting record (101-22-59, 10 non-voting)"
# (table, key, column, new value, source, note)
CORRECTIONS: list[tuple[str, str, str, str, str, str]] = [
    ("votes", "4813|ZAF", "vote", "A", PV, "South Africa abstained per the meeting record"),
    ("roll_calls", "4813", "meeting", PV, PV, "Meeting of the vote (seed)"),
    ("roll_calls", "4813", "declared_yes", "101", PV, NOTE_TOTALS),
    ("roll_calls", "4813", "declared_no", "22", PV, NOTE_TOTALS),
    ("roll_calls", "4813", "declared_abstain", "59", PV, NOTE_TOTALS),
    ("roll_calls", "4813", "declared_non_voting", "10", PV, NOTE_TOTALS),
    ("roll_calls", "4813", "totals_source", PV, PV, NOTE_TOTALS),
    ("resolutions", "A/RES/62/167", "meeting", PV, PV, "Meeting of the adoption (seed)"),
]

WITHOUT_VOTE = [
    {
        "resolution": "A/RES/74/166",
        "session": "74",
        "date": "2019-12-18",
        "date_precision": "day",
        "title": "Situation of human rights in the Democratic People's Republic of Korea",
        "adoption": "without a vote",
        "roll_call": None,
        "meeting": None,
        "source": "A/RES/74/166",
    }
]
