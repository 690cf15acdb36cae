"""Source country codes (COW numbers in the 2016 file, ISO alpha-2 in the 2021 file) to states.

The default mapping is data/states.csv (`cow_code`, `iso2`). The overrides below are the codes
the sources use differently from states.csv, each valid for a half-open date range; a date-ranged
override replaces the default for its code. Whether the mapped state was a member on the day is
decided later against data/memberships.csv (the UN list wins over the source).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from ..importer import SourceError

# (scheme, code, state, valid_from, valid_to, why)
OVERRIDES: list[tuple[str, str, str, dt.date | None, dt.date | None, str]] = [
    # COW 345 is shared: the SFRY seat until A/RES/47/1, the FRY/Serbia seat from 2000-11-01.
    # In between no Yugoslav seat is a member (the source codes 345 as 9 then).
    ("cow", "345", "YUG", None, dt.date(2000, 11, 1), "SFRY (docs/states.md: Yugoslavia)"),
    ("cow", "345", "SRB", dt.date(2000, 11, 1), None, "FRY / Serbia and Montenegro / Serbia"),
    # COW 260 German Federal Republic = DEU; 255 (Germany) is used from unification.
    ("cow", "260", "DEU", None, None, "German Federal Republic (COW 260) continues as DEU"),
    # COW 678 Yemen Arab Republic = YEM; the source keeps 678 until the end of 1990, 679 after.
    ("cow", "678", "YEM", None, None, "Yemen Arab Republic (COW 678) continues as YEM"),
    # The 2021 file derived ISO codes with R countrycode: YU also for Serbia after 1992.
    ("iso2", "YU", "YUG", None, dt.date(2000, 11, 1), "SFRY"),
    ("iso2", "YU", "SRB", dt.date(2000, 11, 1), None, "YU used for the FRY / Serbia"),
    # Countries the 2021 file leaves without an ISO code (matched by the file's country name).
    ("name", "Federal Republic of Germany", "DEU", None, None, "no ISO code in the 2021 file"),
    ("name", "Yemen Arab Republic", "YEM", None, None, "no ISO code in the 2021 file"),
    ("name", "Zanzibar", "XZZ", None, None, "no ISO code in the 2021 file"),
]


def code_map(states: pl.DataFrame) -> pl.DataFrame:
    """(scheme, code, state, valid_from, valid_to): the date-ranged code table."""
    overridden = {(s, c) for s, c, *_ in OVERRIDES}
    rows: list[tuple[str, str, str, dt.date | None, dt.date | None]] = [
        (scheme, code, state, None, None)
        for scheme, col in (("cow", "cow_code"), ("iso2", "iso2"))
        for state, code in states.select("state", col).iter_rows()
        if code is not None and (scheme, code) not in overridden
    ]
    rows += [(s, c, st, f, t) for s, c, st, f, t, _ in OVERRIDES]
    frame = pl.DataFrame(
        rows,
        schema={
            "scheme": pl.String,
            "code": pl.String,
            "state": pl.String,
            "valid_from": pl.Date,
            "valid_to": pl.Date,
        },
        orient="row",
    )
    dup = frame.filter(
        pl.struct("scheme", "code").is_duplicated()
        & pl.col("valid_from").is_null()
        & pl.col("valid_to").is_null()
    )
    if dup.height:
        raise SourceError(f"ambiguous source codes in data/states.csv: {dup.rows()}")
    return frame


def map_codes(frame: pl.DataFrame, scheme: str, codes: pl.DataFrame) -> pl.DataFrame:
    """Add `state` to `frame` (columns `code`, `date`) by code and date; unmatched rows get null."""
    table = codes.filter(pl.col("scheme") == scheme).drop("scheme")
    joined = frame.with_row_index("_row").join(table, on="code", how="left")
    in_range = (pl.col("valid_from").is_null() | (pl.col("date") >= pl.col("valid_from"))) & (
        pl.col("valid_to").is_null() | (pl.col("date") < pl.col("valid_to"))
    )
    joined = joined.with_columns(pl.when(in_range).then(pl.col("state")).alias("state"))
    # One row per input row: the in-range match if any.
    joined = joined.sort("_row", pl.col("state").is_null()).unique("_row", keep="first")
    return joined.sort("_row").drop("_row", "valid_from", "valid_to")
