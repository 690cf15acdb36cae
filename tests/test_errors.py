"""One error family: every failure is one line, with the exit code of its kind."""

from __future__ import annotations

import ast
import importlib
import shutil
from pathlib import Path

import typer
from helpers import ROOT, PackageCopy, commands, unga
from typer.testing import CliRunner

from unga_votes.cli import app
from unga_votes.client.transfer import DownloadError
from unga_votes.contribute.changes import DiffDataError, DiffError
from unga_votes.errors import UngaError
from unga_votes.package import PackageError
from unga_votes.release.build import BuildError


def test_the_message_is_one_line() -> None:
    e = UngaError("cannot read\nthe file:\r\n  no such file")
    assert str(e) == "cannot read the file: no such file"


def test_exit_codes_by_kind() -> None:
    assert UngaError("x").exit_code == 2  # bad input or usage
    assert DiffError("x").exit_code == 2
    assert DiffDataError("x").exit_code == 1  # a version's data that cannot be read
    for data_failure in (PackageError, BuildError, DownloadError):
        assert issubclass(data_failure, UngaError) and data_failure("x").exit_code == 1


def test_the_command_prints_one_line_and_exits_with_the_code(tmp_path: Path) -> None:
    result = unga("members", "2007-12-18", "--package", str(tmp_path))
    assert result.returncode == 1 and result.stdout == ""
    assert (
        result.stderr
        == f"unga members: {tmp_path}: a directory; give the path of its datapackage.json\n"
    )
    result = unga("diff", "no-such-ref", "--repo", str(tmp_path))
    assert result.returncode == 2 and result.stderr.startswith("unga diff: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_version() -> None:
    from unga_votes import __version__

    result = unga("--version")
    assert (result.returncode, result.stdout) == (0, f"unga-votes {__version__}\n")


VOTES = "In favour: France.\n"  # standard input: a vote list that reads


def _bad_inputs(tmp: Path, pkg: PackageCopy) -> dict[str, list[list[str]]]:
    """Per command (as typed): argument lists it must refuse in one line. Paths that are
    missing, folders, files of another kind or damaged, values of another form."""
    missing, folder = str(tmp / "missing"), str(tmp / "folder")
    (tmp / "folder").mkdir()
    garbage = tmp / "garbage.bin"
    garbage.write_bytes(b"\x00\xffnot, text\r\n\x1b[2J" * 50)
    file = str(garbage)
    (tmp / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")  # no layout of the Library's
    # The package with tables its commands read turned unreadable, beside the vendored sources.
    pkg.write("data/memberships.csv", "\xff\n")
    pkg.write("data/states.csv", "state\n")
    shutil.copytree(ROOT / "sources" / "voeten", pkg.root / "sources" / "voeten")
    damaged = str(pkg.descriptor)
    dated = ["--date", "2007-12-18", "--roll-call", "1"]
    return {
        "unga validate": [["--package", missing], ["--package", folder], ["--package", file],
                          ["-f", "yaml"]],
        "unga members": [["2007-12-18", "--package", missing], ["2007-12-18", "--package", folder],
                         ["2007-12-18", "--package", file], ["2007-12-18", "--package", damaged],
                         ["18/12/2007"]],
        "unga dictionary": [["--package", missing], ["--package", file],
                            ["--package", damaged, "--out", folder],
                            ["--package", damaged, "--out", f"{missing}/x.md"]],
        "unga rules": [["--out", folder], ["--readme", missing], ["--readme", folder],
                       ["--readme", file]],
        "unga build": [["--package", missing, "--out", str(tmp / "out")],
                       ["--package", damaged, "--out", str(tmp / "out")],
                       ["--package", damaged, "--out", file]],
        "unga site": [["--out", str(tmp / "site"), "--db", missing],
                      ["--out", str(tmp / "site"), "--db", file],
                      ["--out", file, "--db", file]],
        "unga download": [["--version", "../x", "--dir", str(tmp / "cache")],
                          ["--dir", file], ["--max-size", "x"]],
        "unga query": [[], ["--db", missing, "SELECT 1"], ["--db", file, "SELECT 1"],
                       ["--db", folder, "SELECT 1"], ["-f", "github", "SELECT 1"]],
        "unga diff": [["no-such-ref", "--repo", folder], ["HEAD", "--repo", missing],
                      ["HEAD", "--repo", folder, "--package", "../x.json"]],
        "unga parse-votes": [[missing, *dated], [folder, *dated], [file, *dated],
                             ["-", *dated, "--package", missing], ["-", "--date", "x"]],
        "unga import voeten": [["--repo", missing], ["--repo", folder],
                               ["--repo", str(ROOT), "--out", file], ["--repo", str(pkg.root)]],
        "unga import undl": [[missing, "--package", damaged], [folder], [file],
                             [str(tmp / "other.csv")], [file, "--resolutions", missing]],
    }  # fmt: skip


def test_every_command_meets_bad_input_with_one_line(tmp_path: Path, pkg: PackageCopy) -> None:
    """Each command of the app (read from it), given input it cannot use, fails with one line
    on stderr (`unga COMMAND: ...`) and exit 1 or 2: nothing but the error family escapes.
    `unga validate` reports a package it cannot read as a violation, on stdout."""
    cases = _bad_inputs(tmp_path, pkg)
    leaves = {name for name, command in commands(typer.main.get_command(app))
              if not getattr(command, "commands", None)}  # fmt: skip
    assert set(cases) == leaves
    env = {"UNGA_VOTES_RELEASE_URL": "http://127.0.0.1:9", "XDG_CACHE_HOME": str(tmp_path)}
    for name, argument_lists in cases.items():
        for args in argument_lists:
            result = CliRunner().invoke(app, [*name.split()[1:], *args], input=VOTES, env=env)
            said = (name, args, result.stdout, result.stderr)
            assert result.exception is None or type(result.exception) is SystemExit, (
                *said, repr(result.exception),
            )  # fmt: skip
            assert result.exit_code in (1, 2), said
            lines = result.stderr.splitlines()
            if name == "unga validate" and not lines:
                assert result.exit_code == 1 and "[package.descriptor]" in result.stdout, said
            else:
                assert len(lines) == 1 and lines[0].startswith(f"{name}: "), said


def test_an_exit_code_is_its_class_s() -> None:
    """Every error of the family says its exit code in its class (1 or 2); none is changed on
    an instance (`error.exit_code = ...` anywhere in the package)."""
    package = ROOT / "src" / "unga_votes"
    for path in package.rglob("*.py"):
        if path.name == "__main__.py":  # runs the command
            continue
        importlib.import_module(
            ".".join(["unga_votes", *path.relative_to(package).with_suffix("").parts])
            .removesuffix(".__init__")
        )  # fmt: skip
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else []
            assert not any(isinstance(t, ast.Attribute) and t.attr == "exit_code"
                           for t in targets), f"{path}:{node.lineno}"  # fmt: skip
    family = [UngaError]
    for kind in family:
        family += kind.__subclasses__()
    assert len(family) > 20 and all(kind.exit_code in (1, 2) for kind in family)
