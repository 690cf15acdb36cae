"""The data dictionary (docs/data-dictionary.md), rendered from the Table Schemas alone."""

from __future__ import annotations

from typing import Any

from .package import Package


def _constraints(field: dict[str, Any], primary_key: list[str]) -> str:
    c = field.get("constraints", {})
    parts = []
    if field["name"] in primary_key:
        parts.append("primary key" if len(primary_key) == 1 else "part of primary key")
    if c.get("required") and field["name"] not in primary_key:
        parts.append("required")
    if c.get("unique") and primary_key != [field["name"]]:
        parts.append("unique")
    if "enum" in c:
        parts.append("one of " + ", ".join(f"`{v}`" for v in c["enum"]))
    if "pattern" in c:
        parts.append(f"pattern `{c['pattern']}`")
    for key, word in (("minimum", "≥"), ("maximum", "≤")):
        if key in c:
            parts.append(f"{word} {c[key]}")
    for key, word in (("minLength", "at least"), ("maxLength", "at most")):
        if key in c:
            parts.append(f"{word} {c[key]:,} characters")
    if field.get("x-multiline"):
        parts.append("may hold line breaks")
    return "; ".join(parts)


def render(package: Package) -> str:
    out = [
        "# Data dictionary",
        "",
        "Generated from the Table Schemas in `schemas/` by `make docs`; do not edit by hand.",
        "Dates are ISO 8601 (`YYYY-MM-DD`); an empty cell is a missing value.",
        "",
    ]
    for res in package.resources.values():
        schema = res.schema
        out += [f"## `{res.name}` — {schema.get('title', res.name)}", ""]
        out += [schema.get("description", ""), "", f"File: `{res.path}`.", ""]
        for fk in res.foreign_keys:
            out.append(
                f"Foreign key: ({', '.join(fk.fields)}) → "
                f"`{fk.resource}` ({', '.join(fk.reference)})."
            )
        if res.foreign_keys:
            out.append("")
        out += ["| column | type | constraints | description |", "|---|---|---|---|"]
        for f in res.fields:
            desc = f.get("description", "").replace("|", "\\|")
            cons = _constraints(f, res.primary_key).replace("|", "\\|")
            out.append(f"| `{f['name']}` | {f.get('type', 'string')} | {cons} | {desc} |")
        out.append("")
    return "\n".join(out)
