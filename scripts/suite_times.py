"""The closing line of `make test`: the install time, pytest's time and the five slowest tests.

    python scripts/suite_times.py PYTEST_XML --install START END --pytest START END

START and END are nanoseconds since the epoch (`date +%s%N`); PYTEST_XML is pytest's JUnit XML
(`--junitxml`), whose `time` for a test is its setup, call and teardown together. One line, so
that every contributor sees the suite grow; a missing or unreadable file only shortens it.
Standard library only.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

SLOWEST = 5


def node_id(classname: str, name: str) -> str:
    """pytest's node id from JUnit's names (`tests.site.test_build` + `test_x[a.b]` ->
    `tests/site/test_build.py::test_x[a.b]`); a class after the module stays a `::` part."""
    parts = classname.split(".")
    module = next((n for n, part in enumerate(parts) if part.startswith("test_")), len(parts) - 1)
    path = "/".join(parts[: module + 1]) + ".py"
    return "::".join([path, *parts[module + 1 :], name])


def durations(xml: Path) -> list[tuple[float, str]]:
    """(seconds, test id) of every test in the file, slowest first."""
    cases = ET.parse(xml).getroot().iter("testcase")
    times = [
        (float(c.get("time", 0)), node_id(c.get("classname", ""), c.get("name", ""))) for c in cases
    ]
    return sorted(times, key=lambda t: (-t[0], t[1]))


def line(xml: Path, install: tuple[int, int], pytest: tuple[int, int]) -> str:
    def seconds(span: tuple[int, int]) -> str:
        return f"{(span[1] - span[0]) / 1e9:.1f} s"

    text = f"make test: install {seconds(install)}, pytest {seconds(pytest)}"
    try:
        times = durations(xml)
    except (OSError, ET.ParseError, ValueError) as e:
        return f"{text}; no test times ({xml}: {e})"
    slowest = ", ".join(f"{test} {t:.1f} s" for t, test in times[:SLOWEST])
    return f"{text} ({len(times):,} tests); slowest: {slowest}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xml", type=Path)
    parser.add_argument("--install", type=int, nargs=2, required=True, metavar=("START", "END"))
    parser.add_argument("--pytest", type=int, nargs=2, required=True, metavar=("START", "END"))
    args = parser.parse_args(argv)
    print(line(args.xml, tuple(args.install), tuple(args.pytest)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
