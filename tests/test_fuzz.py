"""Fuzzing the CSV reading and validation path with Hypothesis (issue 8).

A one-table package (the real datapackage.json and Table Schemas, one generated CSV, every
other table empty) keeps each validation in the tens of milliseconds. Whatever the bytes,
`validate` returns a Report (never a traceback); input that is certainly invalid yields at
least one violation; generated valid rows, however they are quoted, pass.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from unga_votes.cli import app
from unga_votes.report import Report
from unga_votes.validate import validate

STATES_HEADER = ["state", "name", "cow_code", "iso2", "m49", "note"]
VOTE_ROW = re.compile(r"(0|-?[1-9][0-9]*),([A-Z]{3}),([YNAX])")
INT64 = range(-(2**63), 2**63)
# `make test` tries 50 examples per property; `make fuzz` tries many more (FUZZ_EXAMPLES).
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "50")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def one_resource_package(name: str) -> Path:
    """The real descriptor and schemas with every table but `name` empty (a header only), and
    `name`'s foreign keys dropped (they would find nothing); its descriptor."""
    root = Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-"))
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    (root / "data").mkdir()
    for res in descriptor["resources"]:
        schema = json.loads((ROOT / res["schema"]).read_text(encoding="utf-8"))
        if res["name"] == name:
            schema.pop("foreignKeys", None)
        else:
            header = ",".join(f["name"] for f in schema["fields"])
            (root / res["path"]).write_text(header + "\n", encoding="utf-8")
        res["schema"] = schema
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return root / "datapackage.json"


@pytest.fixture(scope="module")
def votes_package() -> Path:
    path = one_resource_package("votes")
    yield path
    shutil.rmtree(path.parent)


@pytest.fixture(scope="module")
def states_package() -> Path:
    path = one_resource_package("states")
    yield path
    shutil.rmtree(path.parent)


# --- arbitrary bytes as votes.csv ----------------------------------------------------------------

CSV_BYTES = st.lists(
    st.sampled_from(
        [b",", b'"', b"\n", b"\r", b"\r\n", b"\x00", b"\xef\xbb\xbf", b"\xff", b"\xc3", b"\xc3\xa9",
         b" ", b"4813", b"-1", b"99999999999999999999", b"IND", b"ZAF", b"ind", b"Y", b"N", b"A",
         b"X", b"a", b"=1", b"\t", b"roll_call,state,vote\n"]
    ),
    max_size=40,
).map(b"".join)  # fmt: skip
HEADED = CSV_BYTES.map(lambda b: b"roll_call,state,vote\n" + b)


def certainly_invalid_votes(data: bytes) -> bool:
    """An independent, conservative oracle for quote-free votes files: True means invalid."""
    if b'"' in data:
        return False  # quoting: not judged here (the structured test covers it)
    if data.startswith(b"\xef\xbb\xbf") or b"\r" in data or not data.strip():
        return True
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    lines = text.split("\n")
    if lines[0] != "roll_call,state,vote":
        return True
    body = lines[1:-1] if lines[-1] == "" else lines[1:]
    keys = set()
    for line in body:
        m = VOTE_ROW.fullmatch(line)
        if not m or int(m[1]) not in INT64:
            return True
        key = (m[1], m[2])
        if key in keys:
            return True
        keys.add(key)
    return False


@pytest.mark.slow
@FUZZ
@given(data=st.one_of(st.binary(max_size=200), CSV_BYTES, HEADED))
def test_any_bytes_give_a_report_never_a_traceback(votes_package: Path, data: bytes) -> None:
    (votes_package.parent / "data" / "votes.csv").write_bytes(data)
    report = validate(votes_package)
    assert isinstance(report, Report)
    report.to_text(), report.to_json(), report.to_github()  # every rendering works too
    if certainly_invalid_votes(data):
        assert report.violations, f"no violation for {data!r}"
    for v in report.violations:
        assert v.file == "data/votes.csv" and v.rule, v


# --- structured CSV text as states.csv -----------------------------------------------------------

LETTERS = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
TEXT_INNER = st.text(
    alphabet=st.sampled_from(list("abcxyz ABC,\"';:éô\u2019()ü-=+@0123456789")), max_size=12
)
WORD_END = st.sampled_from(list("abcxyzéôAB0'\"),"))


@st.composite
def text_cell(draw: st.DrawFn) -> str:
    """Text with quotes and commas inside, neither padded nor formula-like (a line break is a
    violation in these fields: see ROW_DAMAGE)."""
    return draw(WORD_END.filter(lambda c: c not in "=+-@")) + draw(TEXT_INNER) + draw(WORD_END)


@st.composite
def states_rows(draw: st.DrawFn) -> list[list[str]]:
    codes = draw(st.lists(st.tuples(LETTERS, LETTERS, LETTERS).map("".join), unique=True,
                          max_size=6))  # fmt: skip
    rows = []
    for code in codes:
        rows.append(
            [
                code,
                draw(text_cell()),
                draw(st.one_of(st.just(""), st.integers(2, 999).map(str))),
                draw(st.one_of(st.just(""), st.tuples(LETTERS, LETTERS).map("".join))),
                draw(st.one_of(st.just(""), st.integers(0, 999).map("{:03d}".format))),
                draw(st.one_of(st.just(""), text_cell())),
            ]
        )
    # A code names one state (states.unique-code): a code drawn twice is left empty.
    for col in (2, 3, 4):
        seen: set[str] = set()
        for row in rows:
            if row[col] in seen:
                row[col] = ""
            seen.add(row[col] or None)
    return rows


def to_csv(rows: list[list[str]], quote_all: bool, final_newline: bool) -> str:
    out = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    csv.writer(out, quoting=quoting, lineterminator="\n").writerows(rows)
    text = out.getvalue()
    return text if final_newline or not rows[1:] else text[:-1]


# Damage that certainly makes a states file invalid, by name.
def _cell(col: int, f):
    def damage(rows: list[list[str]], i: int) -> list[list[str]]:
        rows[i][col] = f(rows[i][col])
        return rows

    return damage


ROW_DAMAGE = {
    "nul-in-state": _cell(0, lambda s: s[:1] + "\x00" + s[1:]),
    "lowercase-state": _cell(0, str.lower),
    "padded-name": _cell(1, lambda s: s + " "),
    "leading-space-name": _cell(1, lambda s: " " + s),
    "formula-name": _cell(1, lambda s: "=" + s),
    "line-break-in-name": _cell(1, lambda s: s[:1] + "\n" + s[1:]),
    "line-break-in-note": _cell(5, lambda s: "note\r\n" + s),
    "formula-at-note": _cell(5, lambda s: "@" + s),
    "empty-name": _cell(1, lambda s: ""),
    "cow-too-big": _cell(2, lambda s: "1000"),
    "cow-not-integer": _cell(2, lambda s: "7.5"),
    "iso2-three-letters": _cell(3, lambda s: "ABC"),
    "m49-short": _cell(4, lambda s: "12"),
    "extra-cell": lambda rows, i: [*rows[:i], [*rows[i], "x"], *rows[i + 1 :]],
    "missing-cell": lambda rows, i: [*rows[:i], rows[i][:-1], *rows[i + 1 :]],
    "duplicate-state": lambda rows, i: [*rows, [rows[i][0], "Dup", "", "", "", ""]],
}
TEXT_DAMAGE = {
    "bom": lambda b, i: b"\xef\xbb\xbf" + b,
    "invalid-utf8": lambda b, i: b[: i % (len(b) + 1)] + b"\xff" + b[i % (len(b) + 1) :],
    "crlf": lambda b, i: b.replace(b"\n", b"\r\n", 1),
    "lone-cr": lambda b, i: b[: i % (len(b) + 1)] + b"\r" + b[i % (len(b) + 1) :],
    "blank-line": lambda b, i: b.rstrip(b"\n") + b"\n\n",
    "unclosed-quote": lambda b, i: b.rstrip(b"\n") + b'\n"ZZZ,unclosed\n',
    "renamed-header": lambda b, i: b.replace(b"cow_code", b"cow", 1),
    "empty": lambda b, i: b"",
}


@pytest.mark.slow
@FUZZ
@given(
    rows=states_rows(),
    quote_all=st.booleans(),
    final_newline=st.booleans(),
    damage=st.one_of(st.none(), st.sampled_from(sorted(ROW_DAMAGE) + sorted(TEXT_DAMAGE))),
    at=st.integers(0, 10_000),
)
def test_generated_states_files(
    states_package: Path,
    rows: list[list[str]],
    quote_all: bool,
    final_newline: bool,
    damage: str | None,
    at: int,
) -> None:
    if damage in ROW_DAMAGE and rows:
        rows = ROW_DAMAGE[damage]([list(r) for r in rows], at % len(rows))
    elif damage in ROW_DAMAGE:
        damage = None  # nothing to damage in an empty table
    data = to_csv([STATES_HEADER, *rows], quote_all, final_newline).encode("utf-8")
    if damage in TEXT_DAMAGE:
        data = TEXT_DAMAGE[damage](data, at)
    (states_package.parent / "data" / "states.csv").write_bytes(data)
    report = validate(states_package)
    assert isinstance(report, Report)
    if damage is None:
        assert report.valid, f"{data!r}\n{report.to_text()}"
    else:
        assert not report.valid, f"{damage}: no violation for {data!r}"


# --- the command line on a sample ----------------------------------------------------------------
# `unga validate` run in this process by its own typer app: the same command, without the start
# of a Python process per example (half a second each). The process itself, its exit codes and
# its stderr free of tracebacks are tests/test_cli.py's, on fixed bad input.


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=states_rows(),
    damage=st.one_of(st.none(), st.sampled_from(sorted(ROW_DAMAGE) + sorted(TEXT_DAMAGE))),
)
def test_cli_exit_code(states_package: Path, rows: list[list[str]], damage: str | None) -> None:
    if damage in ROW_DAMAGE and rows:
        rows = ROW_DAMAGE[damage]([list(r) for r in rows], 0)
    elif damage in ROW_DAMAGE:
        damage = None
    data = to_csv([STATES_HEADER, *rows], False, True).encode("utf-8")
    if damage in TEXT_DAMAGE:
        data = TEXT_DAMAGE[damage](data, 3)
    (states_package.parent / "data" / "states.csv").write_bytes(data)
    result = CliRunner().invoke(app, ["validate", "--package", str(states_package)])
    # No exception escapes the command (a process would print its traceback).
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr, result.stderr
    assert result.exit_code == (0 if damage is None else 1), (damage, data, result.stdout)
    assert result.stdout.strip().splitlines()[-1].startswith("unga validate:")
