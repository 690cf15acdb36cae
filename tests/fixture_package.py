"""The small fixture package: the real reference tables and a handful of real roll calls.

Most tests need a valid package to damage, not a million vote rows: this one holds the full
states, names and memberships, and every row of the other tables that belongs to the roll
calls below (their votes, issue tags, resolutions, corrections and exceptions), chosen to
cover what the rules look at. Built from the committed data, once per test session.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent

ROLL_CALLS = {
    3, 4, 5, 6,  # 1946, dated before the first meeting by the source (exceptions); subjects
    39,  # a paragraph vote
    150, 151,  # 1949: declared totals that differ from the tally (exceptions)
    804,  # dated outside its session (exception)
    1190,  # A/RES/2758(XXVI): a Roman-numeral symbol
    3076,  # A/RES/41/159, 1986
    4521,  # dated outside its session (exception)
    4813,  # A/RES/62/167: the seed, with its cited corrections
    4814,  # A/RES/62/168, the same day
    5116,  # South Sudan's first vote
    5588,  # ES-10
    9001,  # S-1
    9019,  # ES-1
    9145, 9146, 9147,  # session 74
}  # fmt: skip
REFERENCE = ("states", "state_names", "memberships", "sessions")


def _read(name: str) -> pl.DataFrame:
    return pl.read_csv(ROOT / "data" / f"{name}.csv", infer_schema=False)


def _write(frame: pl.DataFrame, path: Path) -> None:
    frame.write_csv(path, line_terminator="\n", null_value="", quote_style="necessary")


def build_fixture(dest: Path) -> Path:
    """Write the fixture package into `dest`; its descriptor's path."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "datapackage.json", dest)
    shutil.copytree(ROOT / "schemas", dest / "schemas")
    (dest / "data").mkdir()
    for name in REFERENCE:
        shutil.copy(ROOT / "data" / f"{name}.csv", dest / "data" / f"{name}.csv")
    ids = [str(i) for i in sorted(ROLL_CALLS)]
    rc = _read("roll_calls").filter(pl.col("roll_call").is_in(ids))
    res = _read("resolutions")
    res = res.filter(pl.col("roll_call").is_in(ids) | pl.col("roll_call").is_null())
    res = res.filter(pl.col("roll_call").is_not_null() | (pl.col("resolution") == "A/RES/74/166"))
    # Exceptions keyed by the rows kept: roll calls, resolutions, and the reference tables'
    # states (copied whole).
    keys = set(ids) | set(res["resolution"].to_list()) | set(_read("states")["state"].to_list())
    tables = {
        "roll_calls": rc,
        "resolutions": res,
        "votes": _read("votes").filter(pl.col("roll_call").is_in(ids)),
        "roll_call_issues": _read("roll_call_issues").filter(pl.col("roll_call").is_in(ids)),
        "corrections": _read("corrections"),
        "exceptions": _read("exceptions").filter(pl.col("key").is_in(list(keys))),
    }
    kept = res["resolution"].implode()
    for name in (
        "resolution_subjects",
        "resolution_documents",
        "resolution_agenda_titles",
        "resolution_totals",
    ):
        tables[name] = _read(name).filter(pl.col("resolution").is_in(kept))
    for name, frame in tables.items():
        _write(frame, dest / "data" / f"{name}.csv")
    return dest / "datapackage.json"
