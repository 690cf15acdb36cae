"""docs/rules.md and the README's rule table, generated from the catalogue (`unga rules`)."""

from __future__ import annotations

from .. import catalogue as R
from ..errors import UngaError

README_START = "<!-- rules: generated from src/unga_votes/catalogue.py by `make docs` -->"
README_END = "<!-- /rules -->"


def _tables(rule: R.Rule) -> str:
    return ", ".join(f"`{t}`" for t in rule.tables) or "any"


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
    families: dict[str, list[R.Rule]] = {}
    for rule in R.RULES.values():
        families.setdefault(rule.family, []).append(rule)
    for family, rules in families.items():
        out += [f"## `{family}`", ""]
        out += [
            "| rule | checks | tables | how | severity | exceptions |",
            "|---|---|---|---|---|---|",
        ]
        for r in rules:
            how = (
                r.how if r.sql_file is None else f"[SQL](../src/unga_votes/rules/sql/{r.sql_file})"
            )
            out.append(
                f"| `{r.id}` | {r.description} | {_tables(r)} | {how} | {r.severity} "
                f"| {'yes' if r.exceptable else 'no'} |"
            )
        out.append("")
    return "\n".join(out)


def readme_table() -> str:
    """The README's table: one row per rule, what it checks."""
    lines = [README_START, "", "| rule | what it checks |", "|---|---|"]
    lines += [f"| `{r.id}` | {r.description} |" for r in R.RULES.values()]
    return "\n".join([*lines, "", README_END])


def with_readme_table(text: str) -> str:
    """`text` (a README) with its generated rule table replaced by the current one."""
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise UngaError(f"the README has no rule table between {README_START} and {README_END}")
    return text[:start] + readme_table() + text[end + len(README_END) :]
