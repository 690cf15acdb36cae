"""The Library's member-state codes (ISO 3166-1 alpha-3, historical ones included) to the
package's state codes, by code and date; a name only where no code says which state it is.

Most codes are the package's own (the Library writes CSK, DDR and YMD as the package does).
The others, each valid for a half-open date range, are the seats the package codes by
continuity (docs/states.md): the China seat before A/RES/2758(XXVI) is TWN; the USSR (`SUN`)
continues as RUS; the Federal Republic of Germany (`GER`) is DEU; Yugoslavia's `YUG` from
2000-11-01, and Serbia and Montenegro (`SCG`), are the seat of Serbia; Tanganyika (`EAT`)
is TZA and Zanzibar (`EAZ`) XZZ; withdrawn ISO codes name today's states.

Names are compared without case, accents, apostrophe style or runs of spaces, and with the
letters a Turkish name loses when read through the Western code page put back (`TÜRKÝYE`,
`TÜRKİYE`, `TÜRKIYE` and `Türkiye` are one name; so are `COTE D'IVOIRE` and `Côte d'Ivoire`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import polars as pl

# (code, state, valid_from, valid_to, why)
OVERRIDES: list[tuple[str, str, dt.date | None, dt.date | None, str]] = [
    ("CHN", "TWN", None, dt.date(1971, 10, 25), "the China seat before A/RES/2758(XXVI)"),
    ("SUN", "RUS", None, None, "USSR, continued by the Russian Federation"),
    ("GER", "DEU", None, None, "Federal Republic of Germany (DEU; Germany from 1990-10-03)"),
    ("EAT", "TZA", None, None, "Tanganyika, continued as the United Republic of Tanzania"),
    ("EAZ", "XZZ", None, None, "Zanzibar (merged into TZA 1964-04-26)"),
    ("BYS", "BLR", None, None, "Byelorussian SSR (ISO code withdrawn 1992)"),
    ("YUG", "SRB", dt.date(2000, 11, 1), None, "Federal Republic of Yugoslavia (A/RES/55/12)"),
    ("SCG", "SRB", None, None, "Serbia and Montenegro"),
    ("ZAR", "COD", None, None, "Zaire (ISO code withdrawn 1997)"),
    ("BUR", "MMR", None, None, "Burma (ISO code withdrawn 1989)"),
    ("TMP", "TLS", None, None, "East Timor (ISO code withdrawn 2002)"),
    ("DHY", "BEN", None, None, "Dahomey (ISO code withdrawn 1977)"),
    ("HVO", "BFA", None, None, "Upper Volta (ISO code withdrawn 1984)"),
    ("YMD", "YMD", None, None, "Democratic Yemen"),
    ("YAR", "YEM", None, None, "Yemen Arab Republic"),
    ("DDR", "DDR", None, None, "German Democratic Republic"),
    ("FRG", "DEU", None, None, "Federal Republic of Germany"),
    ("ZAN", "XZZ", None, None, "Zanzibar"),
]


# Windows-1254 (Turkish) letters that Windows-1252 reads as other letters: Ý for İ, and so on.
TURKISH = str.maketrans("ÝýÞþÐð", "İ\u0131ŞşĞğ")
DOTLESS = str.maketrans("\u0131", "i")  # no decomposition takes the dot off: compared as i


def normal_name(name: str) -> str:
    """A name as compared: Turkish letters put back, accents gone, one kind of apostrophe,
    single spaces, case folded."""
    text = unicodedata.normalize("NFKD", name.translate(TURKISH).translate(DOTLESS))
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


def code_table(states: pl.DataFrame) -> pl.DataFrame:
    """(code, state, valid_from, valid_to, rank): the overrides (rank 0), then the package's
    own codes (rank 1), which apply wherever no override does."""
    rows = [(c, s, f, t, 0) for c, s, f, t, _ in OVERRIDES]
    rows += [(s, s, None, None, 1) for s in states["state"].to_list()]
    return pl.DataFrame(
        rows,
        schema={
            "code": pl.String,
            "state": pl.String,
            "valid_from": pl.Date,
            "valid_to": pl.Date,
            "rank": pl.Int8,
        },
        orient="row",
    )


def name_table(names: pl.DataFrame) -> pl.DataFrame:
    """(name_key, state) for every name a single state bore (any kind, any time)."""
    keyed = names.select(
        pl.Series("name_key", [normal_name(n) for n in names["name"]], dtype=pl.String),
        "state",
    ).unique()
    single = keyed.group_by("name_key").agg(pl.col("state").n_unique().alias("n"))
    return keyed.join(single.filter(pl.col("n") == 1), on="name_key").select("name_key", "state")


def map_states(rows: pl.DataFrame, codes: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    """`rows` (code, name, date) with `state`: by code and date, else by a unique name; null
    where neither says which state it is. `by_name` marks the rows mapped by their name."""
    overrides = codes.filter(pl.col("rank") == 0)
    own = codes.filter(pl.col("rank") == 1)["code"].implode()
    indexed = rows.with_row_index("_row")
    # The few rows whose code has an override are matched by date; the rest are the code.
    special = indexed.filter(pl.col("code").is_in(overrides["code"].implode()))
    in_range = (pl.col("valid_from").is_null() | (pl.col("date") >= pl.col("valid_from"))) & (
        pl.col("valid_to").is_null() | (pl.col("date") < pl.col("valid_to"))
    )
    by_override = (
        special.select("_row", "code", "date")
        .join(overrides, on="code")
        .filter(in_range)
        .group_by("_row")
        .agg(pl.col("state").first().alias("o_state"))
    )
    out = indexed.join(by_override, on="_row", how="left").with_columns(
        pl.coalesce("o_state", pl.when(pl.col("code").is_in(own)).then(pl.col("code"))).alias(
            "state"
        )
    )
    # Names only where the code gave no state, each distinct name normalised once.
    unmapped = out.filter(pl.col("state").is_null()).select("_row", "name")
    distinct = unmapped.select("name").unique().drop_nulls()
    distinct = distinct.with_columns(
        pl.Series("name_key", [normal_name(n) for n in distinct["name"]], dtype=pl.String)
    )
    by_name = (
        unmapped.join(distinct, on="name")
        .join(names, on="name_key")
        .select("_row", pl.col("state").alias("name_state"))
    )
    return (
        out.join(by_name, on="_row", how="left")
        .with_columns(
            (pl.col("state").is_null() & pl.col("name_state").is_not_null()).alias("by_name"),
            pl.coalesce("state", "name_state").alias("state"),
        )
        .sort("_row")
        .drop("_row", "name_state", "o_state")
    )
