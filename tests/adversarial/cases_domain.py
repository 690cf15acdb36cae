"""Class 9: the domain rules that form alone cannot give: special sessions sit on their days,
nothing is dated after today, a state's codes are its own, a numeral names its session, and
declared totals do not vanish without a citation."""

from __future__ import annotations

import datetime as dt

from adversarial.corpus import Workspace, case

RESOLUTIONS = "data/resolutions.csv"


def _resolution(ws: Workspace, symbol: str, session: str, date: str) -> None:
    ws.append(RESOLUTIONS, f"{symbol},{session},{date},day,A title,without a vote,,,{symbol}")


@case(
    9,
    "a resolution of emergency special session `ES-99`, which never sat",
    1,
    r"\[sessions\.dates\] session: expected a session listed in sessions, found ES-99",
    says="`sessions.dates`",
)
def unknown_emergency_session(ws: Workspace):
    _resolution(ws, "A/RES/ES-99/1", "ES-99", "2024-01-10")
    return ["validate"]


@case(
    9,
    "an ES-1 resolution dated January 1956 (ES-1 sat 1 to 10 November 1956)",
    1,
    r"\[sessions\.dates\] date: expected a day session ES-1 sat \(1956-11-01 to 1956-11-10\)",
    says="`sessions.dates`",
)
def emergency_session_out_of_its_days(ws: Workspace):
    _resolution(ws, "A/RES/999(ES-I)", "ES-1", "1956-01-15")
    return ["validate"]


@case(
    9,
    "a membership that ends tomorrow",
    1,
    r"\[dates\.future\] left",
    says="`dates.future`",
)
def membership_ends_in_the_future(ws: Workspace):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    ws.replace("data/memberships.csv", "AFG,1946-11-19,,", f"AFG,1946-11-19,{tomorrow},")
    return ["validate"]


@case(
    9,
    "Angola given Afghanistan's ISO alpha-2 code",
    1,
    r"\[states\.unique-code\] iso2: .*found AF \(also AFG\)",
    says="`states.unique-code`",
)
def two_states_one_iso2(ws: Workspace):
    ws.replace("data/states.csv", "AGO,Angola,540,AO,024,", "AGO,Angola,540,AF,024,")
    return ["validate"]


@case(
    9,
    "a resolution `A/RES/999(XIIII)` (a numeral not written the standard way)",
    1,
    r"\[resolutions\.symbol-session\] resolution: expected a session numeral written the "
    r"standard way",
    says="`resolutions.symbol-session`",
)
def non_standard_numeral(ws: Workspace):
    _resolution(ws, "A/RES/999(XIIII)", "14", "1959-12-01")
    return ["validate"]


@case(
    9,
    "roll call 4813's declared totals erased in a commit",
    1,
    r"\[diff\.uncited-change\].*declared_yes",
    says="`diff.uncited-change` for each erased total",
)
def declared_totals_erased(ws: Workspace):
    ws.commit()
    ws.replace(
        "data/roll_calls.csv",
        "A/RES/62/167,101,22,59,10,A/62/PV.76,",
        "A/RES/62/167,,,,,,",
    )
    return ["diff", "HEAD", "--check"]


@case(
    9,
    "roll call 4813's meeting set to `A/50/PV.1`, a meeting of another session",
    1,
    r"\[sessions\.meeting\] meeting: expected a meeting of session 62, found A/50/PV\.1",
    says="`sessions.meeting`",
)
def meeting_of_another_session(ws: Workspace):
    ws.replace("data/roll_calls.csv", "\n4813,62,2007-12-18,day,A/62/PV.76,",
               "\n4813,62,2007-12-18,day,A/50/PV.1,")  # fmt: skip
    return ["validate"]


@case(
    9,
    "a state a member from 1900 to 1901, before the Charter came into force",
    1,
    r"\[dates\.before-assembly\] admitted: expected on or after 1945-10-24",
    says="`dates.before-assembly`",
)
def membership_before_the_charter(ws: Workspace):
    ws.append("data/states.csv", "XXA,Atlantis,,,,")
    ws.append("data/memberships.csv", "XXA,1900-01-01,1901-01-01,,https://www.un.org/x")
    ws.append("data/state_names.csv",
              "XXA,Atlantis,1900-01-01,1901-01-01,official,https://www.un.org/x")  # fmt: skip
    return ["validate"]


@case(
    9,
    "a special session `S-99` sitting in 1930",
    1,
    r"\[dates\.before-assembly\] opened: expected on or after 1946-01-10",
    says="`dates.before-assembly`",
)
def session_before_the_assembly(ws: Workspace):
    ws.append(
        "data/sessions.csv", "S-99,special,1930-01-01,1930-01-02,Nothing,https://www.un.org/x"
    )
    return ["validate"]
