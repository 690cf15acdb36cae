"""formats.py: a result prints in the formats it has a method for, through one dispatch; each
command's --format offers exactly those of what it prints."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from unga_votes.cli import app
from unga_votes.client.rows import Rows
from unga_votes.contribute.diff_report import DiffReport
from unga_votes.formats import Format, formats, render
from unga_votes.report import Report


def test_each_result_offers_the_formats_it_has() -> None:
    assert formats(Report) == [Format.text, Format.json, Format.github]
    assert formats(Rows) == [Format.table, Format.csv, Format.json, Format.markdown]
    assert formats(DiffReport) == [Format.text, Format.json, Format.markdown, Format.github]


def test_render_is_the_result_s_method() -> None:
    rows = Rows(["a"], [("x",)])
    assert render(rows, Format.csv) == rows.to_csv() == "a\nx\n"
    assert render(Report(), Format.json) == Report().to_json()
    with pytest.raises(ValueError, match="Rows has no github format"):
        render(rows, Format.github)


@pytest.mark.parametrize(
    ("command", "kind", "default"),
    [("validate", Report, "text"), ("query", Rows, "table"), ("diff", DiffReport, "text")],
)
def test_the_option_offers_the_result_s_formats(command: str, kind: type, default: str) -> None:
    shown = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout
    offered = "|".join(formats(kind))
    assert re.search(rf"-f, --format <{re.escape(offered)}>\s+Output format\.  "
                     rf"\[default: {default}\]", shown), shown  # fmt: skip
    other = next(f.value for f in Format if f not in formats(kind))
    refused = CliRunner().invoke(app, [command, "-f", other, "x"])
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr == (
        f"unga {command}: Invalid value for '--format' / '-f': '{other}' is not one of "
        f"{', '.join(repr(f.value) for f in formats(kind))}. (see --help)\n"
    )
