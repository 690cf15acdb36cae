"""The rule catalogue declares every rule once; nothing reports a rule it does not declare."""

from __future__ import annotations

import ast
from importlib.resources import files

import pytest
from helpers import ROOT

from unga_votes import catalogue as R
from unga_votes.package import load_package
from unga_votes.report import Violation

PACKAGE = load_package(ROOT / "datapackage.json")

SRC = ROOT / "src" / "unga_votes"


def test_every_sql_rule_has_its_query_and_every_query_its_rule() -> None:
    folder = files("unga_votes").joinpath("rules", "sql")
    queries = {p.name for p in folder.iterdir() if p.name.endswith(".sql")}
    assert queries == {r.sql_file for r in R.sql_rules()}


def test_rule_ids_are_written_only_in_the_catalogue() -> None:
    """A rule id as a string literal anywhere else would be a second declaration."""
    found = []
    for path in SRC.rglob("*.py"):
        if path.name == "catalogue.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in R.RULES:
                found.append(f"{path.relative_to(SRC)}:{node.lineno} {node.value!r}")
    assert found == []


def test_an_undeclared_rule_cannot_be_reported() -> None:
    with pytest.raises(ValueError, match="undeclared rule"):
        Violation("data/votes.csv", 2, "vote", "votes.made-up", "a", "b")
    v = Violation("data/votes.csv", 2, "vote", R.SCHEMA_ENUM, "a", "b")
    assert v.rule == "schema.enum"


def test_only_rules_history_can_break_take_exceptions() -> None:
    exceptable = {r.family for r in R.exceptable()}
    assert exceptable <= {"votes", "dates", "resolutions", "sessions", "states"}
    for family in ("package", "csv", "schema", "text", "corrections", "exceptions", "diff"):
        assert all(not r.exceptable for r in R.RULES.values() if r.family == family), family


def test_each_rule_is_well_formed() -> None:
    for rule in R.RULES.values():
        assert rule.id.count(".") == 1 and rule.id == rule.id.lower(), rule.id
        assert rule.description and rule.severity in ("error", "warning"), rule.id
        assert set(rule.tables) <= set(PACKAGE.resources), rule.id
    assert R.rule("votes.count-totals") is R.VOTES_COUNT_TOTALS
