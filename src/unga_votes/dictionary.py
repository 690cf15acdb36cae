"""The data dictionary (docs/data-dictionary.md), rendered from the Table Schemas alone."""

from __future__ import annotations

from typing import Any

from .markdown_table import Markup, markdown_table
from .package import Package, Resource


def _constraints(field: dict[str, Any], primary_key: list[str]) -> str:
    constraints = field.get("constraints", {})
    parts = []
    if field["name"] in primary_key:
        parts.append("primary key" if len(primary_key) == 1 else "part of primary key")
    if constraints.get("required") and field["name"] not in primary_key:
        parts.append("required")
    if constraints.get("unique") and primary_key != [field["name"]]:
        parts.append("unique")
    if "enum" in constraints:
        parts.append("one of " + ", ".join(f"`{v}`" for v in constraints["enum"]))
    if "pattern" in constraints:
        parts.append(f"pattern `{constraints['pattern']}`")
    for key, word in (("minimum", "≥"), ("maximum", "≤")):
        if key in constraints:
            parts.append(f"{word} {constraints[key]}")
    for key, word in (("minLength", "at least"), ("maxLength", "at most")):
        if key in constraints:
            parts.append(f"{word} {constraints[key]:,} characters")
    if field.get("x-multiline"):
        parts.append("may hold line breaks")
    return "; ".join(parts)


def render(package: Package) -> str:
    """docs/data-dictionary.md: a section per table."""
    out = [
        "# Data dictionary",
        "",
        "Generated from the Table Schemas in `schemas/` by `make docs`; do not edit by hand.",
        "Dates are ISO 8601 (`YYYY-MM-DD`); an empty cell is a missing value.",
        "",
    ]
    for res in package.resources.values():
        out += _table_section(res)
    return "\n".join(out)


def _table_section(res: Resource) -> list[str]:
    """A table's title, description, file, foreign keys and a row per column."""
    schema = res.schema
    out = [f"## `{res.name}` — {schema.get('title', res.name)}", ""]
    out += [schema.get("description", ""), "", f"File: `{res.path}`.", ""]
    for fk in res.foreign_keys:
        out.append(
            f"Foreign key: ({', '.join(fk.fields)}) → `{fk.resource}` ({', '.join(fk.reference)})."
        )
    if res.foreign_keys:
        out.append("")
    columns = [
        (
            Markup(f"`{field['name']}`"),
            field.get("type", "string"),
            Markup(_constraints(field, res.primary_key)),
            Markup(field.get("description", "")),
        )
        for field in res.fields
    ]
    return [*out, *markdown_table(["column", "type", "constraints", "description"], columns), ""]
