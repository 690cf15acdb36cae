"""scripts/debian-package.sh: what the system must provide (Debian's Chromium for the browser
tests, npm), installed by make through apt-get when missing and permitted, else one line.

apt-get, sudo and id are stand-ins earlier on PATH: the tests never install anything, and
play root, a user with sudo without a password, and a user with neither.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import ROOT

SCRIPT = ROOT / "scripts" / "debian-package.sh"
APT_GET = """#!/bin/sh
echo "apt-get $* (DEBIAN_FRONTEND=$DEBIAN_FRONTEND, as $(id -u))" >> "$FAKE_LOG"
if [ "$1" = install ] && [ -n "$FAKE_INSTALLS" ]; then
  printf '#!/bin/sh\\n' > "$FAKE_INSTALLS" && chmod +x "$FAKE_INSTALLS"
fi
"""
# sudo: without a password only if FAKE_SUDO is `yes`; runs the command as uid 0.
SUDO = """#!/bin/sh
[ "$1" = -n ] && shift
[ "$FAKE_SUDO" = yes ] || { echo "sudo: a password is required" >&2; exit 1; }
echo "sudo $*" >> "$FAKE_LOG"
FAKE_UID=0 exec "$@"
"""
ID = """#!/bin/sh
[ "$1" = -u ] && echo "${FAKE_UID:-0}"
"""


def run(tmp_path: Path, *args: str, uid: int = 0, sudo: bool = False, installs: Path | None = None):
    stubs = tmp_path / "stubs"
    stubs.mkdir(exist_ok=True)
    for name, text in (("apt-get", APT_GET), ("sudo", SUDO), ("id", ID)):
        (stubs / name).write_text(text, encoding="utf-8")
        (stubs / name).chmod(0o755)
    env = {
        "PATH": f"{stubs}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "FAKE_LOG": str(tmp_path / "log"), "FAKE_UID": str(uid),
        "FAKE_SUDO": "yes" if sudo else "no", "FAKE_INSTALLS": str(installs or ""),
    }  # fmt: skip
    assert shutil.which("apt-get", path=env["PATH"]) == str(stubs / "apt-get")
    done = subprocess.run([str(SCRIPT), *args], env=env, capture_output=True, text=True)
    log = tmp_path / "log"
    return done, log.read_text().splitlines() if log.exists() else []


def test_a_present_program_installs_nothing(tmp_path: Path) -> None:
    present = tmp_path / "chromium"
    present.write_text("#!/bin/sh\n")
    present.chmod(0o755)
    for program in (str(present), "sh"):  # a path, and a command on PATH
        done, log = run(tmp_path, program, "chromium", uid=1000)
        assert (done.returncode, done.stdout, done.stderr, log) == (0, "", "", [])


@pytest.mark.parametrize(("uid", "sudo"), [(0, False), (1000, True)], ids=["root", "sudo"])
def test_a_missing_program_is_installed_with_apt_get(tmp_path: Path, uid: int, sudo: bool):
    program = tmp_path / "usr" / "bin" / "chromium"
    program.parent.mkdir(parents=True)
    done, log = run(tmp_path, str(program), "chromium", uid=uid, sudo=sudo, installs=program)
    assert done.returncode == 0, done.stderr
    apt = [line for line in log if line.startswith("apt-get")]
    assert apt == [
        "apt-get update -qq (DEBIAN_FRONTEND=noninteractive, as 0)",
        "apt-get install -y -qq --no-install-recommends chromium "
        "(DEBIAN_FRONTEND=noninteractive, as 0)",
    ]
    assert any(line.startswith("sudo ") for line in log) == sudo
    assert done.stderr == f"{program} is missing: apt-get install chromium\n"


def test_without_root_or_sudo_one_line_says_what_to_run(tmp_path: Path) -> None:
    program = tmp_path / "chromium"
    done, log = run(tmp_path, str(program), "chromium", uid=1000, sudo=False, installs=program)
    assert (done.returncode, done.stdout, log) == (1, "", [])
    assert done.stderr == (
        f"{program} is missing: run 'sudo apt-get update && sudo apt-get install chromium', "
        "then make again\n"
    )
    done, _ = run(tmp_path, "no-such-command", "nodejs", "npm", uid=1000)
    assert done.stderr == (
        "no-such-command is missing: run 'sudo apt-get update && sudo apt-get install nodejs "
        "npm', then make again\n"
    )


def test_an_install_that_brings_no_program_fails(tmp_path: Path) -> None:
    program = tmp_path / "chromium"
    done, log = run(tmp_path, str(program), "chromium", uid=0, installs=None)
    assert done.returncode == 1 and len(log) == 2
    assert done.stderr.splitlines()[-1] == (
        f"{program} is still missing after apt-get install chromium"
    )


def test_make_test_installs_chromium_when_it_is_missing(tmp_path: Path) -> None:
    """The browser comes from Debian's package only, before pytest starts (never a download of
    Playwright's own browser); npm too, where the front-end assets install."""
    missing = tmp_path / "chromium"
    out = subprocess.run(
        ["make", "-n", "test", f"CHROMIUM={missing}"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    lines = out.splitlines()
    install = lines.index(f"scripts/debian-package.sh {missing} chromium")
    assert install < next(n for n, line in enumerate(lines) if "-m pytest" in line), out
    assert "playwright install" not in out and "npx" not in out
    default = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True)
    chromium = "scripts/debian-package.sh /usr/bin/chromium chromium"
    assert (chromium in default.stdout) == (not os.access("/usr/bin/chromium", os.X_OK))
    node = subprocess.run(["make", "-n", "-B", "node_modules/.installed"], cwd=ROOT,
                          capture_output=True, text=True).stdout.splitlines()  # fmt: skip
    assert node.index("scripts/debian-package.sh npm nodejs npm") < node.index(
        next(line for line in node if line.startswith("npm ci"))
    )
