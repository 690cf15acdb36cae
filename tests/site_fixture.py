"""The site's test data: the fixture package with a hostile title, and `unga site` as a user
runs it (tests/site/ uses them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
from fixture_package import build_fixture
from helpers import ROOT

HOSTILE = '<script>window.pwned=1</script>"><img src=x onerror="window.pwned=2">'
HOSTILE_RESOLUTION = "A/RES/62/168"  # roll call 4814, in the fixture package


def hostile_package(dest: Path) -> Path:
    """The fixture package with HOSTILE as the title of HOSTILE_RESOLUTION; its descriptor."""
    descriptor = build_fixture(dest)
    path = dest / "data" / "resolutions.csv"
    frame = pl.read_csv(path, infer_schema=False)
    frame = frame.with_columns(
        pl.when(pl.col("resolution") == HOSTILE_RESOLUTION)
        .then(pl.lit(HOSTILE))
        .otherwise(pl.col("title"))
        .alias("title")
    )
    frame.write_csv(path, line_terminator="\n", null_value="", quote_style="necessary")
    return descriptor


def unga_site(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "unga_votes", "site", *args],
        capture_output=True, text=True, check=False, cwd=cwd,
    )  # fmt: skip
