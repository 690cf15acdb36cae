"""Class 5: hostile text in a cell is refused by the validator, and every output shows it
escaped: nothing a terminal, a CI log, Markdown or HTML would act on."""

from __future__ import annotations

from adversarial.corpus import Workspace, case

TITLE = "Situation of human rights in the Democratic People's Republic of Korea"
FORGED = "x\n::error file=data/votes.csv,line=1::forged"


def _title(ws: Workspace, text: str) -> None:
    ws.replace("data/resolutions.csv", TITLE, '"' + text.replace('"', '""') + '"')


@case(
    5,
    "a title holding a line break and a forged `::error` workflow command",
    1,
    r"\[text\.line-break\] title",
    says="`text.line-break`, shown escaped",
)
def forged_annotation_in_a_cell(ws: Workspace):
    _title(ws, FORGED)
    return ["validate"]


@case(
    5,
    "the same cell, validated with `--format github`",
    1,
    r"::error file=data/resolutions\.csv,line=\d+,title=text\.line-break::",
    says="one annotation of ours; the forged one stays inside it, escaped",
)
def forged_annotation_in_github_format(ws: Workspace):
    _title(ws, FORGED)
    return ["validate", "--format", "github"]


@case(
    5,
    "a title with terminal escapes (OSC 8 hyperlink, colour, BEL)",
    1,
    r"\[text\.control\] title",
    says="`text.control`, shown escaped",
)
def terminal_escapes_in_a_cell(ws: Workspace):
    _title(ws, "\x1b]8;;https://evil.test\x07click\x1b]8;;\x07 \x1b[31mred")
    return ["validate"]


@case(
    5,
    "a state name with a right-to-left override",
    1,
    r"\[text\.invisible\] name",
    says="`text.invisible`",
)
def bidi_override_in_a_name(ws: Workspace):
    ws.replace("data/states.csv", "AFG,Afghanistan,", "AFG,Afgh\u202enatsin,")
    return ["validate"]


@case(
    5,
    "a state name with a zero-width space",
    1,
    r"\[text\.invisible\] name",
    says="`text.invisible`",
)
def zero_width_space_in_a_name(ws: Workspace):
    ws.replace("data/states.csv", "AFG,Afghanistan,", "AFG,Afghan\u200bistan,")
    return ["validate"]


@case(
    5, "a NUL byte inside a description", 1, r"\[text\.control\] description", says="`text.control`"
)
def nul_in_a_description(ws: Workspace):
    ws.replace("data/roll_calls.csv", "Oceans and the law of the sea", "Oceans and\x00 the law")
    return ["validate"]


@case(
    5,
    "mojibake written by a byte marker (`<d3>`)",
    1,
    r"\[text\.mojibake\] title",
    says="`text.mojibake`",
)
def byte_marker_in_a_title(ws: Workspace):
    _title(ws, "Report of the Conference<d3>")
    return ["validate"]


@case(
    5,
    "`unga diff` of a cell with a line break, `::error`, ESC and bidi characters",
    1,
    r"\[diff\.uncited-change\] title",
    says="the diff shows it escaped",
)
def hostile_cell_in_the_diff_text(ws: Workspace):
    ws.commit()
    _title(ws, FORGED + "\x1b[2J\u202eevil")
    return ["diff", "HEAD", "--check"]


@case(
    5,
    "`unga diff --format markdown` (the job summary) of HTML, a link and an @-mention",
    1,
    r"&lt;img src=x onerror=alert\(1\)&gt;",
    says="HTML and Markdown escaped",
    absent=r"<img|<script|(?<!\\)\]\(javascript|@maintainers",
)
def html_in_the_job_summary(ws: Workspace):
    ws.commit()
    _title(ws, "<img src=x onerror=alert(1)><script>x</script>[a](javascript:x) @maintainers")
    return ["diff", "HEAD", "--check", "--format", "markdown"]


@case(
    5,
    "`unga diff --format github` of a cell forging an annotation",
    1,
    r"::error file=data/resolutions\.csv,line=\d+,title=diff\.uncited-change::",
    says="one annotation of ours, the cell escaped inside it",
)
def forged_annotation_in_the_diff(ws: Workspace):
    ws.commit()
    _title(ws, FORGED)
    return ["diff", "HEAD", "--check", "--format", "github"]
