"""What the official record's import builds and its report reads: the adapter's typed context.

`read` reads and tidies the files: the voting file a block at a time (`votes`), the
resolutions file (`resolutions`); `build` keys and dates the official record like the package
(`official`) and lays it over the CC0 data (`overlay`), with the CC0 corrections the official
record overrides dropped (each listed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from ...escape import cut
from ...package import Package
from ...package.keys import key_expr
from .allowed import checks
from .clean import Log
from .layout import LayoutError, Opened, frame_of, open_layout, read_batches
from .official import Official, prepare
from .overlay import Edition, lay_over
from .resolutions import clean_resolutions
from .votes import clean_votes, reduce


@dataclass
class Context:
    voting: Opened
    resolutions: Opened | None
    cc0: dict[str, pl.DataFrame]  # the CC0 package's exceptions (the rest is in the edition)
    vote_log: Log
    res_log: Log
    official: Official
    edition: Edition
    voting_rows: int
    resolutions_rows: int
    doc: dict[str, Any] = field(default_factory=dict)  # the report, once written

    def files(self) -> list[Opened]:
        return [self.voting, *([self.resolutions] if self.resolutions else [])]

    def logs(self) -> list[Log]:
        return [self.vote_log, self.res_log]


@dataclass
class Files:
    """The two files read and tidied (`UndlAdapter.verify`): what `build` lays over."""

    voting: Opened
    resolutions: Opened | None
    votes: pl.DataFrame
    records: pl.DataFrame
    vote_log: Log
    voting_rows: int
    res_frame: pl.DataFrame | None
    res_log: Log
    res_rows: int


def read(voting: Path, resolutions: Path | None, package: Package) -> Files:
    """Both files read, a block at a time, and tidied: any error in them is said here, before
    anything about the output."""
    allowed = checks(package)
    vote_file = open_layout(voting, "voting")
    res_file = open_layout(resolutions, "resolutions") if resolutions is not None else None
    parts = read_batches(vote_file, reduce)
    rows = sum(p.rows.height for p in parts)
    votes, records, vote_log = clean_votes(parts, vote_file.name, allowed)
    del parts
    if votes.filter(pl.col("vote").is_not_null()).height == 0:
        # Nothing of the official record would be in the edition: a wrong or empty file. The
        # rules that left its rows out say why (the two that left out the most, each with the
        # first row it left out: its line and what it read there).
        rules = sorted((d for d in vote_log.rows if d.left_out), key=lambda d: -d.count)[:2]
        why = "; ".join(
            f"{d.rule}: {d.count:,}" + (f", first {cut(d.examples[0], 80)}" if d.examples else "")
            for d in rules
        )
        why = why or "see its layout and codes"
        raise LayoutError(
            f"{vote_file.path}: no usable vote row ({rows:,} rows read, every one left out: {why})"
        )
    res_log, res_rows, res_frame = Log(res_file.name if res_file else ""), 0, None
    if res_file is not None:
        frame = frame_of(res_file, lines=True).frame
        res_rows = frame.height
        res_frame, res_log = clean_resolutions(frame, res_file.name, allowed)
    return Files(vote_file, res_file, votes, records, vote_log, rows, res_frame, res_log, res_rows)


def build(files: Files, cc0: dict[str, pl.DataFrame]) -> Context:
    """The official record keyed like the package and laid over the CC0 data."""
    official = prepare(files.votes, files.records, files.res_frame, cc0, files.vote_log,
                       files.res_log)  # fmt: skip
    edition = lay_over(cc0, official, files.res_log, files.vote_log)
    if files.resolutions is not None:
        edition.findings["resolution only in the voting file"] = official.added.select(
            "resolution", "date", "undl_id", "line"
        )
    _corrections(edition)
    # What the rest of the import reads: not the CC0 votes nor the official per-state rows,
    # which are in the edition's tables (freed before the edition is validated).
    official.votes = official.votes.clear()
    kept = {"exceptions": cc0["exceptions"]}
    return Context(files.voting, files.resolutions, kept, files.vote_log, files.res_log,
                   official, edition, files.voting_rows, files.res_rows)  # fmt: skip


def _corrections(edition: Edition) -> None:
    """Drop the ledger rows the official record overrides, as findings."""
    ledger = edition.tables["corrections"]
    kept: list[dict[str, Any]] = []
    gone: list[dict[str, Any]] = []
    keys = {
        "votes": ["roll_call", "state"],
        "roll_calls": ["roll_call"],
        "resolutions": ["resolution"],
    }
    for row in ledger.iter_rows(named=True):
        table = edition.tables.get(row["table"])
        key = keys.get(row["table"])
        if table is None or key is None or row["column"] not in table.columns:
            kept.append(row)
            continue
        hit = table.filter(key_expr(key) == row["key"]).select(
            pl.col(row["column"]).cast(pl.String)
        )
        value = hit.item() if hit.height == 1 else None
        (kept if value == row["new"] or (value is None and row["new"] is None) else gone).append(
            row
        )
    edition.tables["corrections"] = pl.DataFrame(kept, schema=ledger.schema)
    edition.findings["correction superseded by the official record"] = pl.DataFrame(
        gone, schema=ledger.schema
    ).select("correction", "table", "key", "column", "old", "new", "source")
