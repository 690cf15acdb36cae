"""What tidying both of the Library's files shares: the log of stated rules, dates, sessions,
symbols and text, each repair counted (a `Dirt` row) and never silent.

Dates are read from ISO text, `YYYY-MM-DD` and nothing else (a date given only as a year is
settled later from the other file or the meeting); a date before the Assembly first met,
1946-01-10, or after today is no usable date. The session comes from the symbol, else from the
ways the session is written (`62`, `62nd session`, `ES-10`, `10th emergency special session`).
Meeting symbols lose stray spaces (`A/34/PV. 4`). A resolution symbol becomes the package's
(`symbols`), the Library's own form kept for the report; whether it is one, and a meeting
symbol, is every constraint of the Table Schemas' fields it fills (`allowed`). Text cells
follow `values`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import polars as pl

from ... import model
from ...escape import cut
from .allowed import Allowed
from .layout import Dirt
from .symbols import canonical, rewritten
from .values import CELL_MAX, FIELDS, TITLE, tidy_field

TITLE_MAX = TITLE.limit  # resolutions.title's maxLength (a roll call's description allows more)
FORMS = {"file": pl.String, "line": pl.Int64, "library": pl.String, "resolution": pl.String}


@dataclass
class Log:
    """The dirt of one file: rule -> (count, a few examples); and each symbol the Library
    writes otherwise than the package, with its line."""

    file: str
    rows: list[Dirt] = field(default_factory=list)
    forms: list[pl.DataFrame] = field(default_factory=list)

    def add(
        self,
        rule: str,
        frame: pl.DataFrame,
        show: pl.Expr | None = None,
        weight: str = "",
        left_out: bool = False,
    ) -> None:
        """Count `frame`'s rows (or the sum of its column `weight`: the file's rows each of
        `frame`'s stands for) under `rule`; `left_out`: those rows are not in the edition."""
        if frame.height:
            examples = frame.select(show).to_series().head(5).to_list() if show is not None else []
            count = int(frame[weight].sum()) if weight else frame.height
            votes = frame.height if weight and left_out else None
            shown = [cut(str(x)) for x in examples]  # a cell of megabytes is quoted cut
            same = [d for d in self.rows if d.rule == rule and d.left_out == left_out]
            if same:  # a rule counted in two steps (rows, then votes) is one row of the report
                d = same[0]
                d.count += count
                d.examples = (d.examples + shown)[:5]
                if votes is not None:
                    d.votes = (d.votes or 0) + votes
                return
            self.rows.append(Dirt(rule, self.file, count, shown, left_out, votes))

    def left_out(self) -> int:
        return sum(d.count for d in self.rows if d.left_out)


SPACES = "spaces around a cell removed (read trimmed)"


def log_spaces(frame: pl.DataFrame, log: Log, cells: tuple[str, ...], weight: str = "") -> None:
    """Count the rows whose `cells` are read trimmed (never trimmed silently)."""
    present = [c for c in cells if c in frame.columns]
    spaced = [pl.col(c) != pl.col(c).str.strip_chars() for c in present]
    if not spaced:
        return
    shown = pl.coalesce(
        pl.when(s).then(pl.format("line {}: {} '{}'", "line", pl.lit(c), pl.col(c)))
        for s, c in zip(spaced, present, strict=True)
    )
    log.add(SPACES, frame.filter(pl.any_horizontal(spaced)), shown, weight)


def at_line(col: str) -> pl.Expr:
    """An example as the report shows it: the file's line and the cell."""
    return pl.format("line {}: {}", "line", pl.col(col).fill_null(""))


def vote_example(col: str) -> pl.Expr:
    """A left-out vote as the report shows it: its undl_id, first line and `col`."""
    return pl.format("undl_id {} (line {}): {}", "undl_id", "line", pl.col(col).fill_null(""))


def date(col: str = "date") -> pl.Expr:
    """The cell as a date: `YYYY-MM-DD` alone, on a day the Assembly could have met."""
    cell = pl.col(col).str.strip_chars()
    day = (
        pl.when(cell.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
        .then(cell)
        .str.to_date("%Y-%m-%d", strict=False)
    )
    return pl.when(day.is_between(model.first_meeting(), dt.date.today())).then(day)


def year(col: str = "date") -> pl.Expr:
    return pl.col(col).str.strip_chars().str.extract(r"^([0-9]{4})$", 1).cast(pl.Int32)


def meeting(allowed: Allowed, col: str = "meeting") -> pl.Expr:
    """The meeting symbol without spaces, if every field of the package can hold it; null
    otherwise."""
    bare = pl.col(col).str.slice(0, CELL_MAX).str.replace_all(r"\s+", "")
    return pl.when(allowed.ok(bare)).then(bare)


def log_meetings(frame: pl.DataFrame, log: Log, allowed: Allowed, weight: str = "") -> None:
    spaced = frame.filter(pl.col("meeting").str.contains(r"\s"))
    log.add("meeting symbol written with spaces: spaces removed", spaced, pl.col("meeting"), weight)
    bad = frame.filter((pl.col("meeting").str.strip_chars() != "") & meeting(allowed).is_null())
    log.add("meeting symbol not readable (no meeting symbol the Table Schemas accept): left "
            "empty", bad, at_line("meeting"), weight)  # fmt: skip


def symbols(frame: pl.DataFrame, log: Log, allowed: Allowed, weight: str = "") -> pl.DataFrame:
    """`frame` with `resolution` in the package's form (null where it is no symbol every
    field of the package can hold: `allowed`) and the Library's form in `library`; each
    rewrite counted and kept, each symbol the schemas refuse for another reason than its
    form (its length) counted with the field that refuses it."""
    out = frame.with_columns(
        pl.col("resolution").str.slice(0, CELL_MAX).alias("library"),
        canonical(pl.col("resolution").str.slice(0, CELL_MAX)).alias("resolution"),
    ).with_columns(allowed.refused(pl.col("resolution")).alias("refused"))
    ok = pl.col("refused").is_null() & pl.col("resolution").is_not_null()
    long = out.filter(pl.col("refused").is_not_null() & ~pl.col("refused").str.ends_with("pattern"))
    log.add(
        "resolution symbol no field of the package can hold (longer than a Table Schema "
        "allows): read as no symbol",
        long,
        pl.format("line {}: {} ({})", "line", pl.col("resolution"), "refused"),
        weight,
    )
    out = out.with_columns(pl.when(ok).then(pl.col("resolution")).alias("resolution"))
    out = out.drop("refused")
    changed = out.filter(pl.col("resolution").is_not_null() & rewritten(pl.col("library")))
    spaced = pl.col("library").str.strip_chars().str.contains(r"\s")
    plain = pl.col("library").str.replace_all(r"\s+", "") == pl.col("resolution")
    example = pl.format("{} → {}", "library", "resolution")
    log.add("resolution symbol written with spaces: spaces removed",
            changed.filter(spaced & plain), example, weight)  # fmt: skip
    log.add(
        "resolution symbol written another way (a part in brackets or after the session, a "
        "glued section, lower case): read as the package writes it (see resolution symbol as "
        "the Library writes it)",
        changed.filter(~(spaced & plain)),
        example,
        weight,
    )
    log.forms.append(
        changed.select(
            pl.lit(log.file).alias("file"), "line", pl.col("library").str.strip_chars(),
            "resolution",
        ).cast(FORMS)  # type: ignore[arg-type]
    )  # fmt: skip
    return out


def tidy_text(frame: pl.DataFrame, log: Log, weight: str = "") -> pl.DataFrame:
    """Every text column of `frame` (`values.FIELDS`) as the package holds it, each repair
    counted (rows, or the sum of `weight`), with a few of the cells it repaired."""
    out = {}
    for column, f in FIELDS.items():
        if column not in frame.columns:
            continue
        out[column], repaired = tidy_field(frame[column], f)
        shown = pl.col(column).str.slice(0, 80)
        for rule in repaired.columns:
            log.add(rule, frame.filter(repaired[rule]), shown, weight)
    return frame.with_columns(out.values())


def sessions(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` (resolution, session text) with `session`: from the symbol (the shared macro),
    else from the text's own forms; null where neither says."""
    con = duckdb.connect()
    try:
        con.register("roman", model.roman())
        model.install(con, ("roman",))
        distinct = frame.select("resolution").unique()
        con.register("symbols", distinct)
        by_symbol = con.sql("SELECT resolution, symbol_session(resolution) AS s FROM symbols").pl()
    finally:
        con.close()
    text = pl.col("session_text").str.strip_chars().str.to_uppercase()
    number = text.str.extract(r"^(?:A/)?([1-9][0-9]*)(?:ST|ND|RD|TH)?(?: SESSION)?$", 1)
    emergency = pl.coalesce(
        text.str.extract(r"^ES-([1-9][0-9]*)$", 1),
        text.str.extract(r"^([1-9][0-9]*)(?:ST|ND|RD|TH) EMERGENCY SPECIAL SESSION$", 1),
    )
    special = pl.coalesce(
        text.str.extract(r"^S-([1-9][0-9]*)$", 1),
        text.str.extract(r"^([1-9][0-9]*)(?:ST|ND|RD|TH) SPECIAL SESSION$", 1),
    )
    from_text = pl.coalesce(
        pl.when(emergency.is_not_null()).then(pl.lit("ES-") + emergency),
        pl.when(special.is_not_null()).then(pl.lit("S-") + special),
        number,
    )
    return (
        frame.join(by_symbol, on="resolution", how="left")
        .with_columns(pl.coalesce("s", from_text).alias("session"))
        .drop("s")
    )


def with_session(record: pl.DataFrame, log: Log) -> pl.DataFrame:
    out = sessions(record)
    written = pl.col("session_text").str.strip_chars()
    log.add(
        "session written another way: read as the symbol's session",
        out.filter(written.is_not_null() & (written != "") & (written != pl.col("session"))),
        pl.col("session_text"),
    )
    return out.drop("session_text")
