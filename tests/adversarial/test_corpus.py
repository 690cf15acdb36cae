"""Run every case of the adversarial corpus (see corpus.py for what each run asserts)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from adversarial.corpus import (
    CLASSES,
    DOC,
    Workspace,
    changes,
    load_cases,
    render,
    snapshot,
    with_section,
)

CASES = load_cases()

# Printed, these would be interpreted by a terminal or a log viewer (or hide text in it).
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
OUR_ANNOTATION = re.compile(
    r"::(error|warning) (file=[^,:\s]+(,line=\d+)?,title=[a-z0-9.-]+)?::[^\r\n]*"
)


def _run_in_process(args: list[str], env: dict[str, str], timeout: float) -> tuple[int, str]:
    from typer.testing import CliRunner

    from unga_votes.cli import app

    def expired(signum, frame):
        raise TimeoutError(f"still running after {timeout} s: a hang")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(int(timeout))
    try:
        result = CliRunner().invoke(app, args, env=env)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"a traceback: {result.exception!r}") from result.exception
    return result.exit_code, result.stdout + result.stderr


def _run_process(args: list[str], env: dict[str, str], timeout: float) -> tuple[int, str]:
    try:
        done = subprocess.run(
            [sys.executable, "-m", "unga_votes", *args],
            capture_output=True,
            env=os.environ | env,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"still running after {timeout} s: a hang") from e
    output = (done.stdout + done.stderr).decode("utf-8", "replace")
    assert "Traceback" not in output, output[-3000:]
    return done.returncode, output


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case, tmp_path: Path, fixture_root: Path, fixture_dist: Path, monkeypatch) -> None:
    ws = Workspace(tmp_path / "ws", fixture_root, fixture_dist)
    try:
        args = [str(a) for a in case.prepare(ws)]
        before = snapshot(ws.root, case.may_change)
        monkeypatch.chdir(ws.pkg)
        run = _run_process if case.process else _run_in_process
        code, output = run(args, ws.env, case.timeout)
        after = snapshot(ws.root, case.may_change)
        if case.then is not None:
            case.then(ws)
    finally:
        ws.close()
    shown = f"unga {' '.join(args)}\n{output[-3000:]}"
    assert code == case.exit, shown
    assert re.search(case.output, output), shown
    assert not (case.absent and re.search(case.absent, output)), shown
    assert not UNSAFE.search(output), f"unsafe character in the output: {shown}"
    github = "github" in args and any(a in ("--format", "-f") for a in args)
    for line in output.splitlines():
        if line.startswith("::"):
            assert github and OUR_ANNOTATION.fullmatch(line), f"forged annotation: {line!r}"
    assert changes(before, after) == [], shown


def test_every_class_has_a_case() -> None:
    assert {c.klass for c in CASES} == set(CLASSES)
    assert len({c.id for c in CASES}) == len(CASES)


def test_the_documented_table_is_current() -> None:
    """docs/detection.md lists exactly these cases (`python tests/adversarial/corpus.py`)."""
    text = DOC.read_text(encoding="utf-8")
    assert with_section(text, render(CASES)) == text, "run: python tests/adversarial/corpus.py"


def test_the_snapshot_sees_every_kind_of_change(tmp_path: Path) -> None:
    """The runner's `nothing else changed` can fail: content, mode, new, removed, link."""
    (tmp_path / "a").write_text("a")
    (tmp_path / "b").write_text("b")
    (tmp_path / "d").mkdir()
    allowed = ("a", "b", "d/*", "link")
    before, before_allowed = snapshot(tmp_path, ()), snapshot(tmp_path, allowed)
    (tmp_path / "a").write_text("A")
    (tmp_path / "b").chmod(0o600)
    (tmp_path / "d" / "new").write_text("")
    (tmp_path / "link").symlink_to("a")
    assert changes(before, snapshot(tmp_path, ())) == [
        "added d/new", "added link", "changed a", "changed b",
    ]  # fmt: skip
    assert changes(before_allowed, snapshot(tmp_path, allowed)) == []


def test_the_output_checks_can_fail() -> None:
    assert UNSAFE.search("a cell\x1b]8;;https://x\x07") and UNSAFE.search("\u202eevil")
    assert not UNSAFE.search("Côte d'Ivoire\tnormal text\n")
    assert OUR_ANNOTATION.fullmatch("::error file=data/votes.csv,line=5,title=schema.enum::x")
    assert not OUR_ANNOTATION.fullmatch("::error file=a.csv,title=x::m::set-output name=y::z\r")
