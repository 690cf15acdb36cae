"""reports/import.md: what the import did, every anomaly counted and listed."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from helpers import ROOT


def test_rejected_codes_go_to_the_report(imported: Path) -> None:
    rc = pl.read_csv(imported / "roll_calls.csv", infer_schema=False)
    r459 = rc.filter(pl.col("unres") == "R/15/459")
    assert r459.height >= 1 and r459["resolution"].null_count() == r459.height
    report = (imported.parent / "reports" / "import.md").read_text(encoding="utf-8")
    for rcid in r459["rcid"]:
        assert f"| {rcid} | 15 |" in report
    blanks = rc.filter(pl.col("unres").is_null())
    assert blanks.height == 159 and blanks["resolution"].null_count() == 159


def test_the_committed_report_is_the_import_s(imported: Path) -> None:
    committed = (ROOT / "reports" / "import.md").read_text(encoding="utf-8")
    assert committed == (imported.parent / "reports" / "import.md").read_text(encoding="utf-8")
    for section in ("## Counts", "## Coverage per session", "## Anomalies", "## Corrections"):
        assert f"\n{section}\n" in committed
