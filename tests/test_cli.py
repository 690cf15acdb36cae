"""`unga` from the outside: validate's exit codes and formats, the text commands read, and no
tracebacks on bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import Any

import pytest
import typer
from helpers import ROOT, PackageCopy, commands, unga_here
from typer.testing import CliRunner

from unga_votes.cli import app
from unga_votes.cli_options import MAX_TEXT

# India abstained on A/RES/62/167; a yes makes the tally 102 yes, 58 abstentions.
FLIP = ("data/votes.csv", "4813,IND,A", "4813,IND,Y")


def test_real_package_validates() -> None:
    result = unga_here("validate", "--package", str(ROOT / "datapackage.json"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "unga validate: valid" in result.stdout


def test_text_format(pkg: PackageCopy) -> None:
    line = pkg.line_of("data/roll_calls.csv", "4813,")
    pkg.replace(*FLIP)
    result = unga_here("validate", "--package", str(pkg.descriptor))
    assert result.returncode == 1
    first, summary = result.stdout.strip().split("\n")
    assert first.startswith(f"data/roll_calls.csv:{line} [votes.count-totals] declared_yes:")
    assert "1 violation" in summary and "votes.count-totals 1" in summary


def test_json_format(pkg: PackageCopy) -> None:
    line = pkg.line_of("data/roll_calls.csv", "4813,")
    pkg.replace(*FLIP)
    result = unga_here("validate", "--package", str(pkg.descriptor), "--format", "json")
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert doc["valid"] is False and doc["counts"] == {"votes.count-totals": 1}
    (v,) = doc["violations"]
    assert (v["file"], v["line"], v["rule"]) == ("data/roll_calls.csv", line, "votes.count-totals")


def test_github_format(pkg: PackageCopy) -> None:
    n = pkg.line_of("data/roll_calls.csv", "4813,")
    pkg.replace(*FLIP)
    result = unga_here("validate", "--package", str(pkg.descriptor), "--format", "github")
    assert result.returncode == 1
    line = result.stdout.split("\n")[0]
    assert line.startswith(f"::error file=data/roll_calls.csv,line={n},title=votes.count-totals::")


def test_github_annotations_name_files_from_the_current_directory(
    pkg: PackageCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package in a subfolder of the repository: annotations must name the file as the
    repository does; a package outside the current directory keeps its own paths. The first
    case runs `unga` in a process, the others the same command in this one (its typer app):
    the paths depend on the current directory and the argument, not on the process."""
    n = pkg.line_of("data/roll_calls.csv", "4813,")
    pkg.replace(*FLIP)
    top, sub = pkg.root.parent, pkg.root.name
    cases = [
        (f"{sub}/datapackage.json", top, f"{sub}/data/roll_calls.csv"),
        (f"./{sub}/../{sub}/datapackage.json", top, f"{sub}/data/roll_calls.csv"),
        ("datapackage.json", pkg.root, "data/roll_calls.csv"),
        ("../datapackage.json", pkg.path("data"), "data/roll_calls.csv"),
    ]
    for number, (descriptor, cwd, file) in enumerate(cases):
        args = ["validate", "--package", descriptor, "--format", "github"]
        if number == 0:
            result = unga_here(*args, cwd=cwd)
            code, out = result.returncode, result.stdout + result.stderr
        else:
            monkeypatch.chdir(cwd)
            invoked = CliRunner().invoke(app, args)
            code, out = invoked.exit_code, invoked.stdout + invoked.stderr
        assert code == 1, out
        assert out.startswith(f"::error file={file},line={n},title="), descriptor
    pkg.descriptor.unlink()
    monkeypatch.chdir(top)
    invoked = CliRunner().invoke(app, ["validate", "--package", f"{sub}/datapackage.json", "-f",
                                       "github"])  # fmt: skip
    assert invoked.stdout.startswith(f"::error file={sub}/datapackage.json,title=package.descr")


def test_bad_input_never_gives_a_traceback(pkg: PackageCopy) -> None:
    pkg.path("data/votes.csv").write_bytes(b"roll_call,state,vote\n4813,\xff\xfe,A\n")
    pkg.write("data/roll_calls.csv", '"unclosed\n')
    pkg.path("data/states.csv").unlink()
    result = unga_here("validate", "--package", str(pkg.descriptor))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    for rule in ("csv.encoding", "csv.header-missing", "package.missing-file"):
        assert f"[{rule}]" in result.stdout


def test_missing_descriptor(tmp_path) -> None:
    result = unga_here("validate", "--package", str(tmp_path / "nowhere.json"))
    assert result.returncode == 1 and "[package.descriptor]" in result.stdout


def test_text_read_is_bounded_and_utf8(tmp_path) -> None:
    """A vote list from standard input or a file: an endless stream ends at the bound, bytes
    that are not UTF-8 are refused, a pipe named as a file is not waited on."""
    args = ["parse-votes", "--date", "2007-12-18", "--roll-call", "1"]
    with open("/dev/zero", "rb") as endless:
        done = subprocess.run([sys.executable, "-m", "unga_votes", *args, "-"], stdin=endless,
                              capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 2
    bound = f"more than {MAX_TEXT >> 20} MiB of text, more than is read"
    assert done.stderr == f"unga parse-votes: standard input: {bound}\n"
    (tmp_path / "latin1.txt").write_bytes(b"In favour: C\xf4te d'Ivoire\n")
    os.mkfifo(tmp_path / "pipe")
    for name, said in (("latin1.txt", "not UTF-8 text"), ("pipe", "not a regular file")):
        done = unga_here(*args, str(tmp_path / name))
        assert (done.returncode, done.stderr) == (
            2,
            f"unga parse-votes: {tmp_path / name}: {said}\n",
        )


def _written_docs() -> list[str]:
    """The README, CONTRIBUTING.md and every document of docs/ written by hand (not those that
    say they are generated), each cut into its sections (a heading and what follows)."""
    sections = []
    for path in [
        ROOT / "README.md",
        ROOT / "CONTRIBUTING.md",
        *sorted((ROOT / "docs").glob("*.md")),
    ]:
        text = path.read_text(encoding="utf-8")
        if re.search(r"^(Generated|Written) (from|by) ", "\n".join(text.split("\n")[:3]), re.M):
            continue
        sections += re.split(r"\n(?=#+ )", text)
    return sections


def test_every_command_and_option_is_documented() -> None:
    """Each command of the app (read from it, not listed here) is named in a section of the
    documentation that also names each of its options (`--help` aside)."""
    sections = _written_docs()
    undocumented = []
    for name, command in commands(typer.main.get_command(app)):
        named = re.compile(re.escape(name) + r"(?![\w-])")
        about = [s for s in sections if named.search(s)]
        options = [o for p in command.params if p.param_type_name == "option"
                   for o in p.opts if o.startswith("--") and o != "--help"]  # fmt: skip
        undocumented += [name] if not about else []
        for option in options:
            flag = re.compile(re.escape(option) + r"(?![\w-])")
            if not any(flag.search(s) for s in about):
                undocumented.append(f"{name} {option}")
    assert len(list(commands(typer.main.get_command(app)))) >= 14
    assert undocumented == []


def test_help_shows_flags_as_flags() -> None:
    """Every command's help (groups included) names a flag bare, as click users expect: no
    `<bool>` after `--help`, `--version`, `--tables`, `--check` or any other flag."""
    runner = CliRunner()
    flags = 0
    for name, command in commands(typer.main.get_command(app)):
        shown = runner.invoke(app, [*name.split()[1:], "--help"])
        assert shown.exit_code == 0, (name, shown.output)
        assert "<bool>" not in shown.stdout, (name, shown.stdout)
        for param in [*command.params, command.get_help_option(click_context(command, name))]:
            if getattr(param, "is_flag", False):
                flags += 1
                for option in param.opts:
                    assert re.search(rf"^\s+{re.escape(option)}(\s\s|$)", shown.stdout, re.M), (
                        name, option, shown.stdout,
                    )  # fmt: skip
    assert flags >= 16  # --version, --list, --tables, --check, --missing-as-non-voting, --help


def click_context(command: Any, name: str) -> Any:
    return command.context_class(command, info_name=name.split()[-1])
