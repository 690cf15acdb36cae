"""The data package: datapackage.json, its resources and their Table Schemas, checked on load.

One loader for every place a package comes from (a working tree, a git revision, a release
zip: see `files`). Whatever the source, the same guards apply: paths stay in the package,
names are plain, keys name real fields, types are ones the validator knows. A descriptor that
fails them is one `PackageError` line, never a traceback further on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .constraints import CONSTRAINTS, bad, check_constraints, check_integrity, shown
from .files import Files, GitRevision, PackageError, WorkingTree, ZipBundle, safe_path
from .types import TYPES
from .types import kind as kind_of

NAME = re.compile(r"[a-z0-9_][a-z0-9_-]*")
# A file named in the descriptor: plain parts only, so that a path printed at the start of a
# report line is never anything but a path (no `::error`, no markup, no space).
PLAIN_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")
DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}


@dataclass(frozen=True)
class Resource:
    name: str
    path: str  # as written in datapackage.json, relative to the package root
    schema: dict[str, Any]
    bytes: int | None = None  # the file's size, when the descriptor declares it
    hash: tuple[str, str] | None = None  # (algorithm, hex digest), when declared

    @property
    def fields(self) -> list[dict[str, Any]]:
        return self.schema["fields"]

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    @property
    def primary_key(self) -> list[str]:
        return _names(self.schema.get("primaryKey", []))

    @property
    def foreign_keys(self) -> list[ForeignKey]:
        return [ForeignKey.of(self.name, fk) for fk in self.schema.get("foreignKeys", [])]

    def field(self, name: str) -> dict[str, Any]:
        return next(f for f in self.fields if f["name"] == name)


@dataclass(frozen=True)
class ForeignKey:
    fields: list[str]
    resource: str  # the referenced resource (itself when the descriptor leaves it empty)
    reference: list[str]

    @classmethod
    def of(cls, owner: str, fk: dict[str, Any]) -> ForeignKey:
        ref = fk["reference"]
        target = ref.get("resource") or owner
        if not isinstance(target, str):
            raise TypeError(f"not a resource name: {target!r}")
        return cls(_names(fk["fields"]), target, _names(ref["fields"]))


@dataclass(frozen=True)
class Package:
    files: Files
    descriptor_path: str  # the descriptor's file name, relative to the package root
    descriptor: dict[str, Any]
    resources: dict[str, Resource]
    raw: dict[str, bytes] = field(default_factory=dict)  # descriptor and schema files as read

    @property
    def label(self) -> str:
        return self.files.label

    @property
    def root(self) -> Path:
        """The package folder on disk (working-tree packages only)."""
        if not isinstance(self.files, WorkingTree):
            raise TypeError(f"{self.label} is not a folder on disk")
        return self.files.root

    def resource(self, name: str) -> Resource:
        return self.resources[name]

    def schema_files(self) -> dict[str, bytes]:
        """Schema files by path, exactly as read (for the release bundle)."""
        return {p: b for p, b in self.raw.items() if p != self.descriptor_path}


def package_files(package: Package) -> list[Path]:
    """The files on disk a working-tree package is made of (none for a git revision or zip)."""
    if not isinstance(package.files, WorkingTree):
        return []
    paths = [package.descriptor_path, *package.schema_files(), *(r.path for r in
             package.resources.values())]  # fmt: skip
    return [package.root / p for p in paths]


def load_package(descriptor_path: Path | str = "datapackage.json") -> Package:
    """The package whose descriptor is the file `descriptor_path` on disk."""
    path = Path(descriptor_path)
    if path.is_dir():
        raise PackageError(f"{path}: a directory; give the path of its datapackage.json")
    if not path.exists():
        raise PackageError(f"{path}: no such file")
    return parse_package(WorkingTree(path.parent), path.name, shown=str(path))


def load_revision(repo: Path, ref: str, descriptor: str = "datapackage.json") -> Package:
    """The package of git commit `ref` of `repo` (descriptor path relative to the repository)."""
    rel = PurePosixPath(safe_path(descriptor, "descriptor"))
    files = GitRevision(repo, ref, str(rel.parent))
    return parse_package(files, rel.name, shown=f"{ref}: {descriptor}")


def load_bundle(path: Path, folder: str) -> Package:
    """The package inside a release's CSV zip (all files under `folder`/)."""
    return parse_package(
        ZipBundle(path, folder), "datapackage.json", shown=f"{path}: {folder}/datapackage.json"
    )


def parse_package(files: Files, descriptor_path: str, shown: str | None = None) -> Package:
    shown = shown or descriptor_path
    raw = files.read(descriptor_path)
    if raw is None:
        raise PackageError(f"{shown}: no such file")
    descriptor = _json(raw, shown, "not a JSON document")
    listed = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(listed, list) or not listed:
        raise PackageError(f"{shown}: no list of resources")
    read = {descriptor_path: raw}
    labels: dict[str, str] = {}  # resource -> where its Table Schema was read, for messages
    resources: dict[str, Resource] = {}
    paths: dict[str, str] = {}  # data file -> the resource that names it
    for n, res in enumerate(listed):
        if not (isinstance(res, dict) and isinstance(res.get("name"), str)
                and isinstance(res.get("path"), str)):  # fmt: skip
            raise PackageError(f"{shown}: resource {n} needs a name and a single path")
        name = res["name"]
        if not NAME.fullmatch(name):
            raise PackageError(f"{shown}: resource name {name!r} is not a plain lower-case name")
        if name in resources:
            raise PackageError(f"{shown}: resource {name!r} listed twice")
        try:
            path = _plain(safe_path(res["path"], f"resource {name!r}"), f"resource {name!r}")
        except PackageError as e:
            raise PackageError(f"{shown}: {e}") from e
        _check_format(res, f"{shown}: resource {name!r}")
        if path in paths:
            raise PackageError(
                f"{shown}: resources {paths[path]!r} and {name!r} name the same file {path!r}"
            )
        paths[path] = name
        size, digest = check_integrity(res, f"{shown}: resource {name!r}")
        schema = res.get("schema")
        labels[name] = f"{descriptor_path} (inline schema)"
        if isinstance(schema, str):
            schema_path = _plain(
                safe_path(schema, f"resource {name!r} schema"), f"resource {name!r} schema"
            )
            data = files.read(schema_path)
            if data is None:
                raise PackageError(f"{schema_path}: cannot read Table Schema (no such file)")
            read[schema_path] = data
            schema = _json(data, schema_path, "cannot read Table Schema")
            labels[name] = schema_path
        if not isinstance(schema, dict) or "fields" not in schema:
            raise PackageError(f"{shown}: resource {name!r} has no Table Schema")
        with _in_schema(labels[name]):
            _check_fields(schema, f"{shown}: resource {name!r}")
            if schema.get("missingValues", [""]) != [""]:
                raise PackageError(
                    f"{shown}: resource {name!r}: missingValues {schema.get('missingValues')!r}: "
                    "only an empty cell is a missing value"
                )
        resources[name] = Resource(name, path, schema, size, digest)
    for path in paths.keys() & read.keys():
        raise PackageError(f"{shown}: resource {paths[path]!r} names {path!r}, not a data file")
    for res in resources.values():
        with _in_schema(labels[res.name]):
            _check_keys(res, resources, f"{shown}: resource {res.name!r}")
    return Package(files, descriptor_path, descriptor, resources, read)


@contextmanager
def _in_schema(label: str) -> Iterator[None]:
    """A problem found in a Table Schema names its file, wherever the check raised it."""
    try:
        yield
    except PackageError as e:
        raise PackageError(f"{e} (in {label})") from e


def _plain(path: str, what: str) -> str:
    if not all(PLAIN_PART.fullmatch(part) for part in path.split("/")):
        raise PackageError(
            f"{what}: path {path!r}: use letters, digits, '.', '_' and '-' only (no part starting "
            "with '.' or '-')"
        )
    return path


def _check_format(res: dict[str, Any], where: str) -> None:
    """The resource says nothing the reader would ignore: UTF-8, CSV, RFC 4180."""
    encoding = res.get("encoding", "utf-8")
    if not isinstance(encoding, str) or encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise PackageError(f"{where}: encoding {encoding!r}: the files are read as UTF-8 only")
    if res.get("format", "csv") != "csv":
        raise PackageError(f"{where}: format {res.get('format')!r}: only csv is read")
    dialect = res.get("dialect", {})
    if not isinstance(dialect, dict) or any(
        DIALECT.get(k, object()) != v for k, v in dialect.items()
    ):
        raise PackageError(
            f"{where}: dialect {dialect!r}: the files are read as RFC 4180 CSV "
            "(comma, double quotes, a header)"
        )


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _json(data: bytes, shown: str, what: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as e:  # JSONDecodeError, NaN, a 5,000-digit number
        raise PackageError(f"{shown}: {what} ({str(e)[:160]})") from e
    except RecursionError as e:
        raise PackageError(f"{shown}: {what} (nested too deeply)") from e


def _names(value: Any) -> list[str]:
    """A field name or a list of them, as a list; anything else raises TypeError."""
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise TypeError(f"not a list of field names: {value!r}")
    return list(names)


def _check_fields(schema: dict[str, Any], where: str) -> None:
    fields = schema["fields"]
    if not isinstance(fields, list) or not fields:
        raise PackageError(f"{where}: the Table Schema lists no fields")
    seen: set[str] = set()
    for f in fields:
        if not isinstance(f, dict) or not isinstance(f.get("name"), str) or not f["name"]:
            raise PackageError(f"{where}: every field needs a name")
        name = f["name"]
        if name in seen:
            raise PackageError(f"{where}: field {name!r} listed twice")
        if name.startswith("_"):
            raise PackageError(f"{where}: field {name!r}: names starting with _ are reserved")
        seen.add(name)
        kind = f.get("type", "string")
        if kind not in TYPES:
            raise PackageError(f"{where}: field {name!r} has type {kind!r}, not one of {TYPES}")
        constraints = f.get("constraints", {})
        if not isinstance(constraints, dict):
            raise PackageError(f"{where}: field {name!r}: constraints must be an object")
        unknown = sorted(set(constraints) - CONSTRAINTS)
        if unknown:
            raise PackageError(
                f"{where}: field {name!r}: constraint {unknown[0]!r} is not one this validator "
                f"checks ({', '.join(sorted(CONSTRAINTS))})"
            )
        check_constraints(kind, constraints, f"{where}: field {name!r}")


def _check_key_names(value: Any, names: list[str], what: str, where: str) -> list[str]:
    """A key's fields: a non-empty list of distinct names of `names` (or one name)."""
    try:
        key = _names(value)
    except TypeError:
        key = None
    if key is None or not key:
        raise bad(where, what, "a non-empty list of field names", shown(value))
    if not set(key) <= set(names):
        raise PackageError(f"{where}: {what} {key!r} names a field it does not have")
    twice = sorted({n for n in key if key.count(n) > 1})
    if twice:
        raise bad(where, f"{what} {key!r}", "each field once", f"{twice[0]!r} twice")
    return key


def _check_keys(res: Resource, resources: dict[str, Resource], where: str) -> None:
    # Every row is named by its key (violations, the exceptions and corrections ledgers).
    pk = res.schema.get("primaryKey")
    if pk is None:
        raise bad(where, "primaryKey", "a primary key naming each row", "none")
    _check_key_names(pk, res.field_names, "primary key", where)
    fks = res.schema.get("foreignKeys", [])
    if not isinstance(fks, list):
        raise PackageError(f"{where}: foreignKeys must be a list")
    for raw in fks:
        try:
            fk = ForeignKey.of(res.name, raw)
        except (KeyError, TypeError, AttributeError) as e:
            raise PackageError(f"{where}: a foreign key needs fields and a reference") from e
        target = resources.get(fk.resource)
        if not set(fk.fields) <= set(res.field_names) or not fk.fields:
            raise PackageError(f"{where}: foreign key {fk.fields} names a field it does not have")
        if target is None:
            raise PackageError(f"{where}: foreign key to unknown resource {fk.resource!r}")
        shown = f"foreign key {fk.fields} -> {fk.resource}{fk.reference}"
        if not set(fk.reference) <= set(target.field_names) or len(fk.reference) != len(fk.fields):
            raise PackageError(f"{where}: {shown} does not match its fields")
        _check_key_names(fk.fields, res.field_names, "foreign key", where)
        _check_key_names(fk.reference, target.field_names, f"{shown}: reference", where)
        # The rows are matched by comparing typed values: both sides must have one type.
        for mine, theirs in zip(fk.fields, fk.reference, strict=True):
            own, referenced = kind_of(res.field(mine)), kind_of(target.field(theirs))
            if own != referenced:
                raise bad(where, f"{shown}: field {mine!r}",
                          f"the type of {fk.resource}.{theirs} ({referenced})", own)  # fmt: skip
