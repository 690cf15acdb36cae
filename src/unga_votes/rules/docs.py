"""docs/rules.md and the README's rule table, generated from the catalogue (`unga rules`)."""

from __future__ import annotations

from .. import catalogue
from ..errors import UngaError
from ..markdown_table import Markup, markdown_table

README_START = "<!-- rules: generated from src/unga_votes/catalogue.py by `make docs` -->"
README_END = "<!-- /rules -->"


def _tables(rule: catalogue.Rule) -> Markup:
    return Markup(", ".join(f"`{t}`" for t in rule.tables) or "any")


def _how(rule: catalogue.Rule) -> Markup:
    """How the rule is checked; for an SQL rule, a link to its query."""
    if rule.sql_file is None:
        return Markup(rule.how)
    return Markup(f"[SQL](../src/unga_votes/rules/sql/{rule.sql_file})")


def render() -> str:
    """docs/rules.md: every rule, by family, with what it reads and whether it takes exceptions."""
    out = [
        "# Rules",
        "",
        "Generated from `src/unga_votes/catalogue.py` by `make docs`; do not edit by hand.",
        "Every violation names one of these rules. A rule marked *exceptions: yes* may be",
        "accepted for a row by a cited line of `data/exceptions.csv`; the others never.",
        "",
    ]
    families: dict[str, list[catalogue.Rule]] = {}
    for rule in catalogue.RULES.values():
        families.setdefault(rule.family, []).append(rule)
    for family, rules in families.items():
        out += _family_section(family, rules)
    return "\n".join(out)


def _family_section(family: str, rules: list[catalogue.Rule]) -> list[str]:
    """A family's heading and a row per rule."""
    header = ["rule", "checks", "tables", "how", "severity", "exceptions"]
    rows = [
        (Markup(f"`{rule.id}`"), Markup(rule.description), _tables(rule), _how(rule),
         rule.severity, "yes" if rule.exceptable else "no")
        for rule in rules
    ]  # fmt: skip
    return [f"## `{family}`", "", *markdown_table(header, rows), ""]


def readme_table() -> str:
    """The README's table: one row per rule, what it checks."""
    rows = [(Markup(f"`{r.id}`"), Markup(r.description)) for r in catalogue.RULES.values()]
    table = markdown_table(["rule", "what it checks"], rows)
    return "\n".join([README_START, "", *table, "", README_END])


def with_readme_table(text: str) -> str:
    """`text` (a README) with its generated rule table replaced by the current one."""
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise UngaError(f"the README has no rule table between {README_START} and {README_END}")
    return text[:start] + readme_table() + text[end + len(README_END) :]
