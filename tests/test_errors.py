"""One error family: every failure is one line, with the exit code of its kind."""

from __future__ import annotations

from pathlib import Path

from helpers import unga

from unga_votes.client.transfer import DownloadError
from unga_votes.contribute.changes import DiffError
from unga_votes.errors import UngaError
from unga_votes.package import PackageError
from unga_votes.release.build import BuildError


def test_the_message_is_one_line() -> None:
    e = UngaError("cannot read\nthe file:\r\n  no such file")
    assert str(e) == "cannot read the file: no such file"


def test_exit_codes_by_kind() -> None:
    assert UngaError("x").exit_code == 2  # bad input or usage
    assert DiffError("x").exit_code == 2
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
