"""The data package: datapackage.json, its resources and their Table Schemas."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Resource:
    name: str
    path: str  # as written in datapackage.json, relative to the package root
    schema: dict[str, Any]

    @property
    def fields(self) -> list[dict[str, Any]]:
        return self.schema["fields"]

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    @property
    def primary_key(self) -> list[str]:
        pk = self.schema.get("primaryKey", [])
        return [pk] if isinstance(pk, str) else list(pk)

    @property
    def foreign_keys(self) -> list[dict[str, Any]]:
        return self.schema.get("foreignKeys", [])

    def field(self, name: str) -> dict[str, Any]:
        return next(f for f in self.fields if f["name"] == name)


@dataclass(frozen=True)
class Package:
    root: Path
    descriptor: dict[str, Any]
    resources: dict[str, Resource]

    def resource(self, name: str) -> Resource:
        return self.resources[name]


class PackageError(Exception):
    """The descriptor itself cannot be read: nothing else can be checked."""


def load_package(descriptor_path: Path | str = "datapackage.json") -> Package:
    path = Path(descriptor_path)
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise PackageError(f"{path}: no such file") from e
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise PackageError(f"{path}: not a JSON document ({e})") from e
    root = path.parent
    resources = {}
    listed = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(listed, list) or not listed:
        raise PackageError(f"{path}: no list of resources")
    for n, res in enumerate(listed):
        if not (isinstance(res, dict) and isinstance(res.get("name"), str)
                and isinstance(res.get("path"), str)):  # fmt: skip
            raise PackageError(f"{path}: resource {n} needs a name and a single path")
        if res["path"].startswith("/") or ".." in Path(res["path"]).parts:
            raise PackageError(f"{path}: resource {res['name']!r} path must stay in the package")
        schema = res.get("schema")
        if isinstance(schema, str):
            try:
                schema = json.loads((root / schema).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
                raise PackageError(f"{root / res['schema']}: cannot read Table Schema ({e})") from e
        if not isinstance(schema, dict) or "fields" not in schema:
            raise PackageError(f"{path}: resource {res.get('name')!r} has no Table Schema")
        resources[res["name"]] = Resource(res["name"], res["path"], schema)
    return Package(root, descriptor, resources)
