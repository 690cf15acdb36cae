"""The rule catalogue declares every rule once; nothing reports a rule it does not declare."""

from __future__ import annotations

import ast
import importlib
from importlib.resources import files

import pytest
from helpers import ROOT

from unga_votes import catalogue
from unga_votes.package import load_package
from unga_votes.report import Violation

PACKAGE = load_package(ROOT / "datapackage.json")

SRC = ROOT / "src" / "unga_votes"


def test_every_sql_rule_has_its_query_and_every_query_its_rule() -> None:
    folder = files("unga_votes").joinpath("rules", "sql")
    queries = {p.name for p in folder.iterdir() if p.name.endswith(".sql")}
    assert queries == {r.sql_file for r in catalogue.checked_by(catalogue.SQL)}


def _modules_exporting_rules() -> dict[str, tuple[catalogue.Rule, ...]]:
    """Every module of the package that assigns `RULES` at its top level, and its rules."""
    found = {}
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assigned = {t.id for node in tree.body if isinstance(node, ast.Assign)
                    for t in node.targets if isinstance(t, ast.Name)}  # fmt: skip
        if "RULES" in assigned and path.name != "catalogue.py":
            name = ".".join(["unga_votes", *path.relative_to(SRC).with_suffix("").parts])
            found[name] = importlib.import_module(name).RULES
    return found


def test_every_rule_is_implemented_by_exactly_one_module() -> None:
    """Each module that checks rules exports them (`RULES`, taken from the catalogue): a rule
    no module exports is checked nowhere, one that two export has two implementations."""
    exporters: dict[str, list[str]] = {rule: [] for rule in catalogue.RULES}
    for module, rules in _modules_exporting_rules().items():
        assert rules and all(isinstance(rule, catalogue.Rule) for rule in rules), module
        for rule in rules:
            exporters[rule.id].append(module)
    assert {rule: found for rule, found in exporters.items() if len(found) != 1} == {}
    assert exporters["votes.count-totals"] == ["unga_votes.rules.totals"]


def test_rule_ids_are_written_only_in_the_catalogue() -> None:
    """A rule id as a string literal anywhere else would be a second declaration."""
    found = []
    for path in SRC.rglob("*.py"):
        if path.name == "catalogue.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in catalogue.RULES:
                found.append(f"{path.relative_to(SRC)}:{node.lineno} {node.value!r}")
    assert found == []


def test_an_undeclared_rule_cannot_be_reported() -> None:
    with pytest.raises(ValueError, match="undeclared rule"):
        Violation(file="data/votes.csv", line=2, column="vote", rule="votes.made-up",
                  expected="a", found="b")  # fmt: skip
    enum = Violation(file="data/votes.csv", line=2, column="vote", rule=catalogue.SCHEMA_ENUM,
                     expected="a", found="b")  # fmt: skip
    assert enum.rule == "schema.enum"


def test_only_rules_history_can_break_take_exceptions() -> None:
    exceptable = {r.family for r in catalogue.exceptable()}
    assert exceptable <= {"votes", "dates", "resolutions", "sessions", "states"}
    for family in ("package", "csv", "schema", "text", "corrections", "exceptions", "diff"):
        assert all(not r.exceptable for r in catalogue.RULES.values() if r.family == family), family


def test_each_rule_is_well_formed() -> None:
    for rule in catalogue.RULES.values():
        assert rule.id.count(".") == 1 and rule.id == rule.id.lower(), rule.id
        assert rule.description and rule.severity in ("error", "warning"), rule.id
        assert set(rule.tables) <= set(PACKAGE.resources), rule.id
    assert catalogue.rule("votes.count-totals") is catalogue.VOTES_COUNT_TOTALS
