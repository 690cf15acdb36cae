"""Class 7: the descriptor and the paths it names stay in the package; a broken descriptor is
one `package.descriptor` line, never a traceback; nothing is read or written outside."""

from __future__ import annotations

import json
import os

from adversarial.corpus import Workspace, case

DESCRIPTOR = r"\[package\.descriptor\]"


def _edit(ws: Workspace, change) -> None:
    doc = json.loads(ws.descriptor.read_text(encoding="utf-8"))
    change(doc)
    ws.descriptor.write_text(json.dumps(doc, indent=2), encoding="utf-8")


def _resource(doc: dict, name: str) -> dict:
    return next(r for r in doc["resources"] if r["name"] == name)


@case(
    7,
    "a schema path `../outside/…`",
    1,
    DESCRIPTOR + r".*must stay in the package",
    says="`package.descriptor`: the path must stay in the package",
)
def schema_path_climbs_out(ws: Workspace):
    (ws.outside / "votes.schema.json").write_text(
        (ws.pkg / "schemas/votes.schema.json").read_text()
    )
    _edit(ws, lambda d: _resource(d, "votes").update(schema="../outside/votes.schema.json"))
    return ["validate"]


@case(
    7,
    "`unga build` of a package whose schema path climbs out",
    1,
    r"unga build: .*must stay in the package",
    says="refused; nothing built",
)
def build_with_a_schema_path_out(ws: Workspace):
    (ws.outside / "votes.schema.json").write_text(
        (ws.pkg / "schemas/votes.schema.json").read_text()
    )
    _edit(ws, lambda d: _resource(d, "votes").update(schema="../outside/votes.schema.json"))
    return ["build", "--out", ws.root / "dist"]


@case(
    7,
    "a data path that is absolute (`/etc/passwd`)",
    1,
    DESCRIPTOR + r".*/etc/passwd",
    says="`package.descriptor`",
)
def data_path_absolute(ws: Workspace):
    _edit(ws, lambda d: _resource(d, "votes").update(path="/etc/passwd"))
    return ["validate"]


@case(
    7,
    "`data/votes.csv` a symbolic link to a file outside the package",
    1,
    r"a link out of the package",
    says="refused: a link out of the package",
)
def data_file_links_out(ws: Workspace):
    (ws.outside / "votes.csv").write_text(ws.path("data/votes.csv").read_text())
    ws.path("data/votes.csv").unlink()
    os.symlink(ws.outside / "votes.csv", ws.path("data/votes.csv"))
    return ["validate"]


@case(
    7,
    "`unga diff` of a commit whose `data/votes.csv` is a link to `/etc/passwd`",
    1,
    r"a symbolic link, not a file",
    says="refused: the link is not read",
    absent=r"root:",
)
def diff_follows_no_link(ws: Workspace):
    ws.commit()
    ws.path("data/votes.csv").unlink()
    os.symlink("/etc/passwd", ws.path("data/votes.csv"))
    ws.commit("a link")
    return ["diff", "HEAD~1", "HEAD"]


@case(
    7,
    "a primary key naming a field the schema does not have",
    1,
    DESCRIPTOR + r".*primary key.*ballot",
    says="`package.descriptor`",
)
def primary_key_names_no_field(ws: Workspace):
    ws.replace(
        "schemas/votes.schema.json",
        '"primaryKey": ["roll_call", "state"]',
        '"primaryKey": ["roll_call", "ballot"]',
    )
    return ["validate"]


@case(
    7,
    "a foreign key naming a field of no table",
    1,
    DESCRIPTOR + r".*foreign key",
    says="`package.descriptor`",
)
def foreign_key_names_no_field(ws: Workspace):
    ws.replace(
        "schemas/votes.schema.json",
        '"reference": {"resource": "states", "fields": ["state"]}',
        '"reference": {"resource": "states", "fields": ["nowhere"]}',
    )
    return ["validate"]


@case(7, "a descriptor nested 100,000 levels deep", 1, DESCRIPTOR, says="`package.descriptor`")
def deeply_nested_descriptor(ws: Workspace):
    ws.descriptor.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return ["validate"]


@case(7, "a Table Schema nested 100,000 levels deep", 1, DESCRIPTOR, says="`package.descriptor`")
def deeply_nested_schema(ws: Workspace):
    ws.path("schemas/votes.schema.json").write_text(
        '{"fields": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    return ["validate"]


@case(
    7,
    "`--package data` (a folder)",
    1,
    DESCRIPTOR + r".*a directory",
    says="`package.descriptor`: give the descriptor's path",
)
def package_is_a_folder(ws: Workspace):
    return ["validate", "--package", "data"]


@case(
    7,
    "two resources pointing at the same file",
    1,
    DESCRIPTOR + r".*(same file|twice)",
    says="`package.descriptor`",
)
def two_resources_one_file(ws: Workspace):
    _edit(ws, lambda d: _resource(d, "roll_call_issues").update(path="data/votes.csv"))
    return ["validate"]


@case(
    7,
    "a resource path with a NUL byte",
    1,
    DESCRIPTOR + r".*control character",
    says="`package.descriptor`",
)
def path_with_a_nul(ws: Workspace):
    _edit(ws, lambda d: _resource(d, "votes").update(path="data/votes.csv\u0000.txt"))
    return ["validate"]


@case(
    7,
    'an empty primary key (`"primaryKey": []`)',
    1,
    DESCRIPTOR + r".*primary key: expected a non-empty list of field names",
    says="`package.descriptor`, naming the schema file; nothing else runs",
    absent=r"IndexError",
)
def primary_key_empty(ws: Workspace):
    ws.replace(
        "schemas/votes.schema.json", '"primaryKey": ["roll_call", "state"]', '"primaryKey": []'
    )
    return ["validate"]


@case(
    7,
    "a foreign key pairing an integer field with a string field",
    1,
    DESCRIPTOR + r".*field 'roll_call': expected the type of states\.state \(string\)",
    says="`package.descriptor`: the two sides differ in type",
    absent=r"Conversion|BIGINT",
)
def foreign_key_of_unlike_types(ws: Workspace):
    ws.replace(
        "schemas/votes.schema.json",
        '"reference": {"resource": "states", "fields": ["state"]}',
        '"reference": {"resource": "states", "fields": ["state"]}}, '
        '{"fields": ["roll_call"], "reference": {"resource": "states", "fields": ["state"]}',
    )
    return ["validate"]


@case(
    7,
    '`"minimum": 5` on a string field',
    1,
    DESCRIPTOR + r".*field 'state': minimum: expected minimum and maximum on integer",
    says="`package.descriptor`; no raw polars error",
    absent=r"ComputeError|cannot compare",
)
def constraint_unlike_its_field(ws: Workspace):
    ws.replace("schemas/votes.schema.json", '"pattern": "[A-Z]{3}"', '"minimum": 5')
    return ["validate"]


@case(
    7,
    "a resource's declared `hash` that its file does not have",
    1,
    r"data/votes\.csv \[package\.file-integrity\] expected sha256 0{64}",
    says="`package.file-integrity`: declared against actual digest",
)
def declared_hash_differs(ws: Workspace):
    _edit(ws, lambda d: _resource(d, "votes").update(hash="sha256:" + "0" * 64))
    return ["validate"]
