"""How `unga` fails: a usage error and a library error are each one line on stderr with the
exit code of their kind; help prints whole. Checked on a small command line of its own, then
on `unga` itself."""

from __future__ import annotations

import pytest
import typer
from helpers import unga
from typer.testing import CliRunner

from unga_votes.cli_errors import OneLineErrors, one_line_errors
from unga_votes.errors import UngaError


class _DataFailure(UngaError):
    exit_code = 1


def _app() -> typer.Typer:
    app = typer.Typer(cls=OneLineErrors, no_args_is_help=True, add_completion=False)

    def fail(kind: str = typer.Option("input")) -> None:
        if kind == "data":
            raise _DataFailure("3 violations\nin 2 files")
        raise UngaError(f"cannot read {kind}")

    app.command("fail")(one_line_errors(fail, "unga fail"))
    app.command("other")(lambda: None)
    return app


@pytest.mark.parametrize(
    ("args", "code", "line"),
    [
        (["fail"], 2, "unga fail: cannot read input"),
        (["fail", "--kind", "data"], 1, "unga fail: 3 violations in 2 files"),
        (["fail", "--kind", "\x1b[2J::error::x"], 2, "unga fail: cannot read \\x1b[2J::error::x"),
        (["fail", "--nope"], 2, "unga fail: No such option: --nope (see --help)"),
        (["nope"], 2, "unga: No such command 'nope'. (see --help)"),
    ],
)
def test_every_failure_is_one_line_with_its_code(args: list[str], code: int, line: str) -> None:
    result = CliRunner().invoke(_app(), args)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", line + "\n")


def test_help_prints_whole() -> None:
    asked = CliRunner().invoke(_app(), ["fail", "--help"])
    assert asked.exit_code == 0 and "--kind" in asked.stdout and asked.stdout.count("\n") > 3
    nothing = CliRunner().invoke(_app(), [])  # no command: the help, and exit 2
    assert nothing.exit_code == 2 and nothing.stderr == ""
    assert "fail" in nothing.stdout and "other" in nothing.stdout


def test_unga_itself() -> None:
    result = unga("validate", "--format", "yaml")
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("unga validate: Invalid value for '--format'")
    assert line.endswith("(see --help)")
