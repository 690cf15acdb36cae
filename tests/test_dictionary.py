"""The data dictionary in docs/ is the Table Schemas rendered: it cannot drift from them."""

from __future__ import annotations

from helpers import ROOT

from unga_votes.dictionary import render
from unga_votes.package import load_package


def test_committed_dictionary_is_current() -> None:
    expected = render(load_package(ROOT / "datapackage.json"))
    committed = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert committed == expected, "run `make docs` and commit docs/data-dictionary.md"


def test_every_field_is_described() -> None:
    package = load_package(ROOT / "datapackage.json")
    text = render(package)
    for res in package.resources.values():
        for field in res.fields:
            assert field.get("description"), f"{res.name}.{field['name']} has no description"
            assert f"| `{field['name']}` |" in text
