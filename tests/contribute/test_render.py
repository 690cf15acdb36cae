"""How `unga diff` prints: text, Markdown for a job summary, JSON; with the check's outcome."""

from __future__ import annotations

import json

from helpers import DiffRepo as Repo

from unga_votes.contribute.render import to_json, to_markdown, to_text


def test_real_correction_passes_and_renders(correction: Repo) -> None:
    votes_line = correction.line_of("data/votes.csv", "4813,ZAF,")
    d, report = correction.rendered()
    violations = report.violations
    assert violations == []
    assert set(d.tables) == {"votes", "roll_calls"}

    text = to_text(d, report)
    assert f"ZAF: Y → A  (data/votes.csv:{votes_line})" in text
    assert "roll call 4813 (2007-12-18, A/RES/62/167)" in text
    assert "4813 declared_yes: '102' → '101' (declared total)" in text
    assert text.endswith("unga diff --check: passed")

    md = to_markdown(d, report)
    assert md.startswith("## Data diff HEAD → working tree")
    assert f"| 4813 | 2007-12-18 | A/RES/62/167 | ZAF | Y | A | {votes_line} |" in md
    assert "| 4813 | declared\\_non\\_voting |  | 10 |" in md
    assert "**Check passed:**" in md

    data = json.loads(to_json(d, report))
    (rc,) = data["tables"]["votes"]["roll_calls"]
    assert rc["roll_call"] == "4813" and rc["date"] == "2007-12-18"
    assert rc["changed"] == [
        {"state": "ZAF", "column": "vote", "from": "Y", "to": "A", "line": votes_line}
    ]
    changed = {c["column"]: (c["from"], c["to"]) for c in data["tables"]["roll_calls"]["changed"]}
    assert changed["declared_yes"] == ("102", "101")
    assert changed["declared_non_voting"] == (None, "10")
    assert data["check"] == {"passed": True, "violations": []}


def test_check_failure_renders(correction: Repo) -> None:
    row = "1,votes,4813|ZAF,vote,Y,A,A/62/PV.76,South Africa abstained per the meeting record\n"
    correction.replace("data/corrections.csv", row, "")
    d, report = correction.rendered()
    uncited, rewritten = sorted(report.violations, key=lambda v: v.rule, reverse=True)
    assert "roll call 4813, state ZAF" in uncited.message
    assert rewritten.rule == "diff.ledger-rewritten" and rewritten.key == "1"
    assert "diff.uncited-change" in to_text(d, report)
    assert (
        "**Check failed:** 2 problems (diff.ledger-rewritten 1, diff.uncited-change 1)."
        in to_markdown(d, report)
    )
    assert json.loads(to_json(d, report))["check"]["passed"] is False


def test_hostile_cells_are_shown_not_interpreted(repo: Repo) -> None:
    """A cell holding a line break and a workflow command, terminal escapes, a bidi override,
    HTML and Markdown: every rendering shows it, none lets it act."""
    evil = (
        "x\n::error file=a.csv::forged\x1b]8;;https://e.test\x07\u202eevil<img src=x>[l](j:x) @all"
    )
    text = repo.read("data/roll_calls.csv")
    repo.write("data/roll_calls.csv", text.replace("Oceans and the law of the sea", f'"{evil}"'))
    d, report = repo.rendered()
    plain = to_text(d, report)
    assert "\x1b" not in plain and "\u202e" not in plain and "\x07" not in plain
    assert not [ln for ln in plain.splitlines() if ln.startswith("::")]
    assert "\\u202eevil" in plain and "x\\n::error" in plain  # shown as escapes
    md = to_markdown(d, report)
    assert "<img" not in md and "&lt;img src=x&gt;" in md and "\\[l\\](j:x)" in md
    assert "@all" not in md and "&#64;all" in md
    data = to_json(d, report)
    assert data.isascii() and json.loads(data)["tables"]["roll_calls"]["changed"][0]["to"] == evil


def test_a_long_cell_never_hides_the_source_in_markdown(repo: Repo) -> None:
    """Each cell of an added or removed row is cut on its own: a 30,000-character description
    leaves the row's source visible (the job summary is what reviewers read)."""
    lines = repo.read("data/roll_calls.csv").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    row = next(ln for ln in lines if ln.startswith("9147,")).rstrip("\n")
    cells = row.replace('"hdl:1902.1/12379 (Voeten et al., UNGA Voting Data, rcid 9147)"', "SRC")
    cells = cells.split(",")
    cells[header.index("roll_call")] = "9999"
    cells[header.index("description")] = "d" * 30_000
    cells[header.index("source")] = "A/74/PV.1"
    cells[header.index("rcid")] = ""
    repo.write("data/roll_calls.csv", "".join(lines) + ",".join(cells) + "\n")
    d, report = repo.rendered()
    md = to_markdown(d, report)
    (added,) = [ln for ln in md.splitlines() if ln.startswith("- 9999: ")]
    assert "description=" + "d" * 200 + "… (30,000 characters)" in added
    assert added.endswith("source=A/74/PV.1") or "source=A/74/PV.1," in added
