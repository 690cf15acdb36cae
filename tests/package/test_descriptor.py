"""The descriptor and its Table Schemas: loaded from disk or git, guarded with one-line errors."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, PackageCopy, Repo, only

from unga_votes.package import PackageError, load_package, load_revision

VOTES_SCHEMA = "schemas/votes.schema.json"
RESOURCES = [
    "states",
    "state_names",
    "memberships",
    "sessions",
    "roll_calls",
    "roll_call_issues",
    "resolutions",
    "votes",
    "corrections",
    "exceptions",
    "resolution_subjects",
    "resolution_documents",
    "resolution_agenda_titles",
    "resolution_totals",
]

Edit = Callable[[Any], None]


def _edit(pkg: PackageCopy, relative: str, change: Edit) -> None:
    data = json.loads(pkg.read(relative))
    change(data)
    pkg.write(relative, json.dumps(data))


def _votes(descriptor: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in descriptor["resources"] if r["name"] == "votes")


def _error(path: Path) -> str:
    """The PackageError of loading `path`, checked to be one line."""
    with pytest.raises(PackageError) as caught:
        load_package(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_fixture_package_loads(pkg: PackageCopy, fixture_root: Path) -> None:
    """The resources in descriptor order; raw holds the descriptor and schemas byte for byte."""
    package = load_package(pkg.descriptor)
    assert list(package.resources) == RESOURCES
    assert package.label == str(pkg.root)
    assert package.root == pkg.root
    votes = package.resource("votes")
    assert (votes.path, votes.field_names) == ("data/votes.csv", ["roll_call", "state", "vote"])
    assert votes.primary_key == ["roll_call", "state"]
    assert [(k.fields, k.resource, k.reference) for k in votes.foreign_keys] == [
        (["roll_call"], "roll_calls", ["roll_call"]),
        (["state"], "states", ["state"]),
    ]
    schemas = {f"schemas/{name}.schema.json" for name in RESOURCES}
    assert set(package.raw) == schemas | {"datapackage.json"}
    for path, data in package.raw.items():
        assert data == (fixture_root / path).read_bytes(), path
    files = package.schema_files()
    assert set(files) == schemas
    assert files[VOTES_SCHEMA] == (fixture_root / VOTES_SCHEMA).read_bytes()


def test_load_revision_reads_the_same_package(tmp_path: Path, fixture_root: Path) -> None:
    """The package of a commit, in a subfolder of the repository, equals the one on disk."""
    repo = Repo(tmp_path / "repo")
    shutil.copytree(fixture_root, repo.root / "pkg")
    repo.init()
    head = repo.git("rev-parse", "HEAD")
    (repo.root / "pkg" / VOTES_SCHEMA).unlink()  # the working tree no longer matters
    on_disk = load_package(fixture_root / "datapackage.json")
    package = load_revision(repo.root, head, "pkg/datapackage.json")
    assert package.label == head
    assert package.resources == on_disk.resources
    assert package.raw == on_disk.raw
    assert package.files.read("data/votes.csv") == (fixture_root / "data/votes.csv").read_bytes()
    with pytest.raises(PackageError, match=r"^HEAD: nope/datapackage\.json: no such file$"):
        load_revision(repo.root, "HEAD", "nope/datapackage.json")


def test_descriptor_is_a_directory_or_missing(pkg: PackageCopy) -> None:
    """A folder is refused with a hint; a missing file is `no such file`."""
    assert _error(pkg.root) == f"{pkg.root}: a directory; give the path of its datapackage.json"
    assert _error(pkg.root / "nope.json") == f"{pkg.root / 'nope.json'}: no such file"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{", "not a JSON document (Expecting property name"),
        ("[" * 100_000, "not a JSON document (nested too deeply)"),
        ("\xff", "not a JSON document"),
        ('{"resources": []}', "no list of resources"),
        ('{"resources": {"votes": {}}}', "no list of resources"),
        ("[1, 2]", "no list of resources"),
    ],
)
def test_descriptor_not_a_package(pkg: PackageCopy, text: str, expected: str) -> None:
    """Not JSON, nested too deeply, or no list of resources."""
    pkg.write("datapackage.json", text)
    assert _error(pkg.descriptor).startswith(f"{pkg.descriptor}: {expected}")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: _votes(d).pop("name"), "resource 7 needs a name and a single path"),
        (lambda d: _votes(d).pop("path"), "resource 7 needs a name and a single path"),
        (lambda d: _votes(d).update(path=["a.csv"]), "resource 7 needs a name and a single path"),
        (lambda d: _votes(d).update(name="states"), "resource 'states' listed twice"),
        (
            lambda d: _votes(d).update(name="data/votes"),
            "resource name 'data/votes' is not a plain lower-case name",
        ),
        (
            lambda d: _votes(d).update(name="Votes"),
            "resource name 'Votes' is not a plain lower-case name",
        ),
        (
            lambda d: _votes(d).update(path="../votes.csv"),
            "resource 'votes': path '../votes.csv' must stay in the package",
        ),
        (lambda d: _votes(d).pop("schema"), "resource 'votes' has no Table Schema"),
        (
            lambda d: _votes(d).update(path="data/./states.csv"),
            "resources 'states' and 'votes' name the same file 'data/states.csv'",
        ),
        (
            lambda d: _votes(d).update(path="schemas/votes.schema.json"),
            "resource 'votes' names 'schemas/votes.schema.json', not a data file",
        ),
        (
            lambda d: _votes(d).update(path="datapackage.json"),
            "resource 'votes' names 'datapackage.json', not a data file",
        ),
    ],
)
def test_bad_resource(pkg: PackageCopy, change: Edit, expected: str) -> None:
    """Each resource needs a plain, unique name, a path in the package and a schema."""
    _edit(pkg, "datapackage.json", change)
    assert _error(pkg.descriptor) == f"{pkg.descriptor}: {expected}"


def test_schema_path_outside_or_missing(pkg: PackageCopy) -> None:
    """A schema path must stay in the package and name a file."""
    _edit(pkg, "datapackage.json", lambda d: _votes(d).update(schema="../votes.schema.json"))
    assert _error(pkg.descriptor) == (
        "resource 'votes' schema: path '../votes.schema.json' must stay in the package"
    )
    _edit(pkg, "datapackage.json", lambda d: _votes(d).update(schema="schemas/nope.json"))
    assert _error(pkg.descriptor) == "schemas/nope.json: cannot read Table Schema (no such file)"
    pkg.write(VOTES_SCHEMA, "{")
    _edit(pkg, "datapackage.json", lambda d: _votes(d).update(schema=VOTES_SCHEMA))
    assert _error(pkg.descriptor).startswith(f"{VOTES_SCHEMA}: cannot read Table Schema (")


def _field(n: int, **values: Any) -> Edit:
    return lambda s: s["fields"][n].update(values)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda s: s.update(fields={"roll_call": {}}), "the Table Schema lists no fields"),
        (lambda s: s.update(fields=[]), "the Table Schema lists no fields"),
        (lambda s: s.update(fields=["roll_call"]), "every field needs a name"),
        (_field(2, name="state"), "field 'state' listed twice"),
        (_field(2, name="_line"), "field '_line': names starting with _ are reserved"),
        (_field(2, type="datetime"), "field 'vote' has type 'datetime', not one of ("),
        (_field(1, constraints={"pattern": "[A-Z"}), "field 'state': bad pattern '[A-Z' ("),
        (_field(1, constraints={"enum": "YNA"}), "field 'state': enum must be a list"),
        (_field(0, constraints={"minimum": "1"}), "field 'roll_call': minimum '1' is not valid"),
        (_field(0, constraints={"maximum": True}), "field 'roll_call': maximum True is not valid"),
        (
            lambda s: s.update(primaryKey=["roll_call", "country"]),
            "primary key ['roll_call', 'country'] names a field it does not have",
        ),
        (
            lambda s: s["foreignKeys"][1].update(fields=["country"]),
            "foreign key ['country'] names a field it does not have",
        ),
        (
            lambda s: s["foreignKeys"][1]["reference"].update(resource="countries"),
            "foreign key to unknown resource 'countries'",
        ),
        (
            lambda s: s["foreignKeys"][1]["reference"].update(fields=["state", "name"]),
            "foreign key ['state'] -> states['state', 'name'] does not match its fields",
        ),
        (
            lambda s: s["foreignKeys"][1].pop("reference"),
            "a foreign key needs fields and a reference",
        ),
        (lambda s: s.update(foreignKeys={}), "foreignKeys must be a list"),
    ],
)
def test_bad_schema(pkg: PackageCopy, change: Edit, expected: str) -> None:
    """Fields, types, constraints and keys are checked; each failure is one line."""
    _edit(pkg, VOTES_SCHEMA, change)
    assert _error(pkg.descriptor).startswith(f"{pkg.descriptor}: resource 'votes': {expected}")


def test_unsupported_regex_and_odd_references_are_descriptor_errors(pkg: PackageCopy) -> None:
    """A look-around pattern (which polars cannot run), a reference to a list of resources, a
    resource name ending in a line break: one-line PackageErrors, not crashes further on."""
    votes = pkg.read("schemas/votes.schema.json")
    pkg.write("schemas/votes.schema.json", votes.replace('"[A-Z]{3}"', '"(?=[A-Z])[A-Z]{3}"'))
    assert "look-around" in _error(pkg.descriptor)
    pkg.write(
        "schemas/votes.schema.json",
        votes.replace('"resource": "states"', '"resource": ["states"]'),
    )
    assert "a foreign key needs fields and a reference" in _error(pkg.descriptor)
    pkg.write("schemas/votes.schema.json", votes)
    pkg.replace("datapackage.json", '"name": "votes"', '"name": "votes\\n"')
    assert "is not a plain lower-case name" in _error(pkg.descriptor)


# Through the validator: a descriptor problem is its one violation.


def test_unreadable_descriptor(pkg: PackageCopy) -> None:
    pkg.write("datapackage.json", "{not json")
    (v,) = only(pkg.validate(), "package.descriptor")
    assert "not a JSON document" in v.found


def test_descriptor_without_resource_paths(pkg: PackageCopy) -> None:
    pkg.write("datapackage.json", '{"resources": [{"name": "votes"}]}')
    (v,) = only(pkg.validate(), "package.descriptor")
    assert "needs a name and a single path" in v.found


def test_descriptor_pointing_outside_the_package(pkg: PackageCopy) -> None:
    pkg.replace("datapackage.json", '"path": "data/votes.csv"', '"path": "../votes.csv"')
    (v,) = only(pkg.validate(), "package.descriptor")
    assert "must stay in the package" in v.found


def test_a_correction_may_name_every_data_table() -> None:
    """The corrections ledger's `table` enum lists every table but the two ledgers, so any
    change diff --check asks a citation for can be cited."""
    package = load_package(ROOT / "datapackage.json")
    enum = package.resource("corrections").field("table")["constraints"]["enum"]
    assert sorted(enum) == sorted(set(package.resources) - {"corrections", "exceptions"})


def _field(schema: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in schema["fields"] if f["name"] == name)


@pytest.mark.parametrize(
    ("relative", "change", "expected"),
    [
        ("datapackage.json", lambda d: _votes(d).update(path="::error title=X::x.csv"),
         "use letters, digits"),
        ("datapackage.json", lambda d: _votes(d).update(path="data/.votes.csv"),
         "use letters, digits"),
        ("datapackage.json", lambda d: _votes(d).update(encoding="latin-1"), "UTF-8 only"),
        ("datapackage.json", lambda d: _votes(d).update(dialect={"delimiter": ";"}), "RFC 4180"),
        ("datapackage.json", lambda d: _votes(d).update(format="xlsx"), "only csv"),
        ("schemas/votes.schema.json", lambda s: s.update(missingValues=["", "X"]),
         "only an empty cell"),
        ("schemas/votes.schema.json",
         lambda s: _field(s, "state")["constraints"].update(maxLenght=3), "'maxLenght'"),
        ("schemas/roll_calls.schema.json",
         lambda s: _field(s, "date")["constraints"].update(minimum="not-a-date"),
         "minimum 'not-a-date' is not valid"),
    ],
)  # fmt: skip
def test_what_the_reader_would_ignore_is_refused(
    pkg: PackageCopy, relative: str, change: Edit, expected: str
) -> None:
    """A descriptor that says something the validator would silently not do is an error."""
    _edit(pkg, relative, change)
    assert expected in _error(pkg.descriptor)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "1" + "0" * 5000])
def test_numbers_json_does_not_have_are_refused(pkg: PackageCopy, number: str) -> None:
    text = pkg.read("schemas/votes.schema.json")
    pkg.write(
        "schemas/votes.schema.json",
        text.replace('"pattern": "[A-Z]{3}"', f'"maxLength": {number}', 1),
    )
    assert "cannot read Table Schema" in _error(pkg.descriptor)


# Keys and constraints a check would run on: refused on load, naming the schema file.


def _constraint(n: int, **values: Any) -> Edit:
    return lambda s: s["fields"][n].setdefault("constraints", {}).update(values)


def _fk(fields: list[str], resource: str, reference: list[str]) -> Edit:
    fk = {"fields": fields, "reference": {"resource": resource, "fields": reference}}
    return lambda s: s["foreignKeys"].append(fk)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda s: s.pop("primaryKey"), "primaryKey: expected a primary key naming each row"),
        (lambda s: s.update(primaryKey=[]),
         "primary key: expected a non-empty list of field names, found []"),
        (lambda s: s.update(primaryKey=["state", "state"]),
         "primary key ['state', 'state']: expected each field once, found 'state' twice"),
        (_fk(["roll_call", "roll_call"], "roll_calls", ["roll_call", "session"]),
         "foreign key ['roll_call', 'roll_call']: expected each field once"),
        (_fk(["roll_call", "state"], "states", ["state", "state"]),
         "reference ['state', 'state']: expected each field once"),
        (_fk(["roll_call"], "states", ["state"]),
         "foreign key ['roll_call'] -> states['state']: field 'roll_call': expected the type of "
         "states.state (string), found integer"),
        (lambda s: s["fields"][0].update(type="date"),
         "foreign key ['roll_call'] -> roll_calls['roll_call']: field 'roll_call': expected the "
         "type of roll_calls.roll_call (integer), found date"),
    ],
)  # fmt: skip
def test_keys_are_distinct_fields_of_one_type(
    pkg: PackageCopy, change: Edit, expected: str
) -> None:
    """A primary key names each row (non-empty, each field once); a foreign key pairs fields
    of one type, each once: otherwise the key checks would crash or compare unlike values."""
    _edit(pkg, VOTES_SCHEMA, change)
    message = _error(pkg.descriptor)
    assert message.startswith(f"{pkg.descriptor}: resource 'votes': ")
    assert expected in message
    assert message.endswith(f"(in {VOTES_SCHEMA})")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_constraint(1, required="no"),
         "field 'state': required: expected true or false, found \"no\""),
        (_constraint(1, required=[]), "field 'state': required: expected true or false, found []"),
        (_constraint(1, unique=1), "field 'state': unique: expected true or false, found 1"),
        (_constraint(1, minLength=-1), "minLength -1 is not valid: expected a whole number"),
        (_constraint(1, maxLength=2.5), "maxLength 2.5 is not valid: expected a whole number"),
        (_constraint(1, maxLength=True), "maxLength True is not valid"),
        (_constraint(0, minLength=1),
         "field 'roll_call': minLength: expected minLength and maxLength on string fields only, "
         "found an integer field"),
        (_constraint(1, minLength=4, maxLength=3), "minLength 4 above maxLength 3"),
        (_constraint(1, pattern=5), "field 'state': pattern 5 is not a string"),
        (_constraint(1, pattern="(?<=A)B"), "field 'state': bad pattern"),
        (_constraint(2, enum=[]), "field 'vote': enum: expected a non-empty list of values of the "
         "field's type "
         "(a string), found []"),
        (_constraint(2, enum=["Y", 1]),
         "field 'vote': enum: expected a non-empty list of values of the "
         "field's type "
         "(a string), found 1"),
        (_constraint(0, enum=["a"]),
         "field 'roll_call': enum: expected a non-empty list of values of the "
         "field's type "
         "(an integer), found \"a\""),
        (_constraint(0, enum=["05"]), "found \"05\""),
        (_constraint(0, enum=[True]), "found true"),
        (_constraint(1, minimum=5),
         "field 'state': minimum: expected minimum and maximum on integer, number, year or date "
         "fields only, found a string field"),
        (_constraint(0, minimum=1.5), "minimum 1.5 is not valid: expected an integer, found 1.5"),
        (_constraint(0, minimum=5, maximum=2), "minimum 5 above maximum 2"),
    ],
)  # fmt: skip
def test_constraints_have_their_json_type_and_suit_the_field(
    pkg: PackageCopy, change: Edit, expected: str
) -> None:
    """Each constraint has the JSON type Table Schema gives it, and a value of the field's
    type: `required: "no"` is not silently true, `minimum: 5` on text never reaches polars."""
    _edit(pkg, VOTES_SCHEMA, change)
    message = _error(pkg.descriptor)
    assert message.startswith(f"{pkg.descriptor}: resource 'votes': field ")
    assert expected in message
    assert message.endswith(f"(in {VOTES_SCHEMA})")


def test_what_the_spec_allows_still_loads(pkg: PackageCopy) -> None:
    """A primary key written as one name, an enum of an integer field as numbers or their
    text, a date bound as ISO text: all Table Schema, all loaded."""
    _edit(pkg, VOTES_SCHEMA, lambda s: s.update(primaryKey="state"))
    _edit(pkg, VOTES_SCHEMA, _constraint(0, enum=[4813, "4814"], minimum=1, maximum=99999))
    _edit(pkg, "schemas/roll_calls.schema.json", _constraint(2, minimum="1946-01-01"))
    package = load_package(pkg.descriptor)
    assert package.resource("votes").primary_key == ["state"]


def test_a_hostile_schema_is_one_violation_and_nothing_else_runs(pkg: PackageCopy) -> None:
    """Through the validator: the descriptor violation alone, no table read, no traceback."""
    _edit(pkg, VOTES_SCHEMA, lambda s: s.update(primaryKey=[]))
    report = pkg.validate()
    (v,) = report.violations
    assert v.rule == "package.descriptor" and VOTES_SCHEMA in v.found
    assert not report.rows


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"bytes": -1}, "bytes: expected a whole number of bytes, 0 or more, found -1"),
        ({"bytes": "10"}, "bytes: expected a whole number of bytes, 0 or more, found \"10\""),
        ({"hash": 5}, "hash: expected a string such as sha256:<hex>"),
        ({"hash": "crc32:0badf00d"}, "hash algorithm 'crc32': expected one of md5, sha1, "
         "sha256, sha512"),
        ({"hash": "sha256:abc"}, "hash: expected a digest of 64 hex digits "
         "(sha256), found \"sha256:abc\""),
        ({"hash": "xyz"}, "hash: expected a digest of 32 hex digits (md5), found \"xyz\""),
    ],
)  # fmt: skip
def test_declared_size_and_hash_have_their_form(
    pkg: PackageCopy, values: dict[str, Any], expected: str
) -> None:
    _edit(pkg, "datapackage.json", lambda d: _votes(d).update(values))
    assert _error(pkg.descriptor).startswith(f"{pkg.descriptor}: resource 'votes': {expected}")
