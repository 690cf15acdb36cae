"""docs/rules.md and the README's rule table are the catalogue rendered: they cannot drift."""

from __future__ import annotations

from helpers import ROOT

from unga_votes import catalogue
from unga_votes.rules.docs import README_END, README_START, readme_table, render


def test_committed_rule_docs_are_current() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render(), "run `make docs` and commit docs/rules.md"


def test_readme_rule_table_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = readme.index(README_START), readme.index(README_END) + len(README_END)
    assert readme[start:end] == readme_table(), "run `make docs` and commit README.md"


def test_every_rule_is_documented() -> None:
    text, table = render(), readme_table()
    for rule in catalogue.RULES.values():
        assert f"| `{rule.id}` |" in text and f"| `{rule.id}` |" in table
    for rule in catalogue.exceptable():
        assert f"| `{rule.id}` | {rule.description} |" in table
