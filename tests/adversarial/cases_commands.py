"""Class 10: every command fails in one line with the project's exit codes (1: the data or a
release fail a check; 2: bad usage or input), never a traceback or a box of help."""

from __future__ import annotations

import json
import zipfile

from adversarial.corpus import Workspace, case


@case(
    10,
    "`unga validate --format xml` (a value the option does not take)",
    2,
    r"^unga validate: Invalid value for '--format'.*\(see --help\)\n?$",
    says="one line, exit 2",
    absent=r"Usage:|╭",
)
def bad_option_value(ws: Workspace):
    return ["validate", "--format", "xml"]


@case(
    10,
    "`unga members 2000-13-01` (no such day)",
    2,
    r"^unga members: Invalid value for 'date'.*\n?$",
    says="one line, exit 2",
    absent=r"Usage:|╭",
)
def impossible_date_argument(ws: Workspace):
    return ["members", "2000-13-01"]


@case(10, "`unga frobnicate` (no such command)", 2, r"^unga: No such command", says="one line")
def unknown_command(ws: Workspace):
    return ["frobnicate"]


@case(
    10,
    "`unga dictionary` with a package that does not exist",
    1,
    r"^unga dictionary: .*missing/datapackage\.json: no such file\n?$",
    says="one line",
)
def dictionary_without_a_package(ws: Workspace):
    return ["dictionary", "--package", ws.root / "missing" / "datapackage.json"]


@case(
    10,
    "`unga dictionary --out` into a folder that does not exist",
    2,
    r"^unga dictionary: cannot write .*No such file or directory\n?$",
    says="one line",
)
def dictionary_out_nowhere(ws: Workspace):
    return ["dictionary", "--out", ws.root / "missing" / "dictionary.md"]


@case(
    10,
    "`unga members` of a package without the memberships resource",
    1,
    r"^unga members: .*has no memberships resource\n?$",
    says="one line",
)
def members_without_memberships(ws: Workspace):
    doc = json.loads(ws.descriptor.read_text(encoding="utf-8"))
    doc["resources"] = [r for r in doc["resources"] if r["name"] != "memberships"]
    ws.descriptor.write_text(json.dumps(doc), encoding="utf-8")
    return ["members", "2000-01-01"]


@case(
    10,
    "`unga build --previous` given a zip bomb (50 MB of zeros in 50 KB)",
    1,
    r"^unga build: .*would unpack to 50,000,000 bytes from [0-9,]+; refused\n?$",
    says="refused before unpacking, one line (a release that fails a check: exit 1)",
    may_change=(),
)
def previous_is_a_zip_bomb(ws: Workspace):
    bomb = ws.root / "previous.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("unga-votes/datapackage.json", ws.descriptor.read_bytes())
        for schema in sorted((ws.pkg / "schemas").iterdir()):
            z.writestr(f"unga-votes/schemas/{schema.name}", schema.read_bytes())
        z.writestr("unga-votes/data/states.csv", b"\0" * 50_000_000)
    return ["build", "--out", ws.root / "dist", "--previous", bomb]


@case(10, "`unga --version`", 0, r"^unga-votes \d{4}\.\d+\.\d+\n$", says="the version")
def version(ws: Workspace):
    return ["--version"]
