"""scripts/suite_times.py: the closing line of `make test`, read from pytest's JUnit XML."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from helpers import ROOT

SCRIPT = ROOT / "scripts" / "suite_times.py"
_spec = importlib.util.spec_from_file_location("suite_times", SCRIPT)
suite_times = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(suite_times)

XML = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="7">
<testcase classname="tests.test_workflow_steps" name="test_steps[validate.yml]" time="14.25"/>
<testcase classname="tests.site.test_build" name="test_a_missing_database" time="0.5"/>
<testcase classname="tests.test_fuzz" name="test_cli_exit_code" time="3.0"/>
<testcase classname="tests.release.test_notes" name="test_x" time="2.0"/>
<testcase classname="tests.test_cli" name="test_y" time="1.0"/>
<testcase classname="tests.package.test_read.TestRead" name="test_z[a.b]" time="9.5"/>
<testcase classname="tests.test_roman" name="test_int_to_roman[1-I]" time="0.001"/>
</testsuite></testsuites>
"""


def test_the_line_gives_the_times_and_the_five_slowest(tmp_path: Path) -> None:
    xml = tmp_path / "pytest.xml"
    xml.write_text(XML, encoding="utf-8")
    second = 1_000_000_000
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(xml), "--install", "5", str(5 + 61 * second // 10),
         "--pytest", str(7 * second), str(7 * second + 1234 * second // 10)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout == (
        "make test: install 6.1 s, pytest 123.4 s (7 tests); slowest: "
        "tests/test_workflow_steps.py::test_steps[validate.yml] 14.2 s, "
        "tests/package/test_read.py::TestRead::test_z[a.b] 9.5 s, "
        "tests/test_fuzz.py::test_cli_exit_code 3.0 s, "
        "tests/release/test_notes.py::test_x 2.0 s, tests/test_cli.py::test_y 1.0 s\n"
    )


def test_no_times_only_shortens_the_line(tmp_path: Path) -> None:
    missing = tmp_path / "pytest.xml"
    line = suite_times.line(missing, (0, 10**9), (0, 2 * 10**9))
    assert line.startswith("make test: install 1.0 s, pytest 2.0 s; no test times (")
    missing.write_text("<testsuites><testcase", encoding="utf-8")  # cut short by a kill
    assert "; no test times (" in suite_times.line(missing, (0, 0), (0, 0))
