"""Frames of the Library's two layouts, written in the tests, as the reader hands them on."""

from __future__ import annotations

import polars as pl
from helpers import ROOT

from unga_votes.package import load_package
from unga_votes.sources.undl.allowed import checks
from unga_votes.sources.undl.versions import RESOLUTIONS, VOTING
from unga_votes.sources.undl.votes import clean_votes, reduce

CHECKS = checks(load_package(ROOT / "datapackage.json"))


def voting(*rows: dict) -> pl.DataFrame:
    base = dict.fromkeys(VOTING, "") | {"undl_id": "7", "ms_code": "FRA", "ms_name": "FRANCE",
                                        "ms_vote": "Y", "date": "2007-12-18", "session": "62",
                                        "resolution": "A/RES/62/167", "meeting": "A/62/PV.76",
                                        "total_yes": "1"}  # fmt: skip
    return pl.DataFrame([base | r for r in rows], schema=dict.fromkeys(VOTING, pl.String))


def lined(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with each row's line (the header is line 1)."""
    return frame.with_row_index("line", offset=2).with_columns(pl.col("line").cast(pl.Int64))


def clean(frame: pl.DataFrame, blocks: int = 1):
    """clean_votes of the frame, reduced in `blocks` blocks as the reader would hand them."""
    rows = lined(frame)
    size = -(-rows.height // blocks)
    parts = [reduce(rows.slice(i, size)) for i in range(0, rows.height, size)]
    return clean_votes(parts, "v.csv", CHECKS)


def resolutions(rows: list[dict]) -> pl.DataFrame:
    return lined(pl.DataFrame(rows, schema=dict.fromkeys(RESOLUTIONS, pl.String)))


def rules(log) -> dict[str, int]:
    return {d.rule: d.count for d in log.rows}
