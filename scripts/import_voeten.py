"""Import the Voeten et al. roll calls (sessions 1-74) into data/ and write reports/import.md.

Usage: python scripts/import_voeten.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from unga_votes.voeten import import_voeten
from unga_votes.voeten.sources import SourceChecksumError

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="output directory (default data/)")
    args = parser.parse_args(argv)
    try:
        summary = import_voeten(ROOT, args.out)
    except SourceChecksumError as e:
        print(f"import_voeten: {e}", file=sys.stderr)
        return 2
    print(
        f"import_voeten: {summary.roll_calls} roll calls, {summary.votes} vote rows, "
        f"{summary.resolutions} resolutions, {summary.issues} issue tags, {summary.states} states, "
        f"{summary.corrections} corrections, {summary.exceptions} exceptions"
    )
    for line in summary.unexpected:
        print(f"import_voeten: unexplained violation: {line}", file=sys.stderr)
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())
