"""The Library's rows made tidy by stated rules, each counted (a `Dirt` row) and never silent.

Voting rows become per-state votes and one record per vote (`undl_id`); resolutions rows one
row per symbol. The rules: codes and votes trimmed and upper-cased, vote words read as codes
and a blank vote as X; meeting symbols without stray spaces (`A/34/PV. 4`); symbols without
spaces; dates read from ISO text, `YYYY-MM-DD` and nothing else (a date given only as a year is
settled from the vote's other rows, the resolutions file or the meeting, else the vote is left
out; a date before the Assembly first met, 1946-01-10, or after today is no usable date); the
session from the symbol, else from the ways the session is written (`62`, `62nd session`,
`ES-10`, `10th emergency special session`); exact duplicate rows dropped, a second row for one
state in one vote dropped. Titles are made text the data model accepts (`text.*` rules),
each repair counted: whitespace (line breaks, tabs, runs) made single spaces, control and
invisible formatting characters removed, a title a spreadsheet would run as a formula
(leading `=`, `+`, `-`, `@`) prefixed with `'`, a title garbled by an encoding conversion left
empty, a title over 2,000 characters cut. A row a rule cannot place is left out and listed:
each row of the file is counted once, under the first rule that leaves it out (a rule that
leaves out a whole vote counts the vote's rows, and says how many votes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import polars as pl

from ... import model
from ...package.cells import FORMULA_START, INVISIBLE, MOJIBAKE, URL
from .layout import Dirt

TITLE_MAX = 2000  # resolutions.title's maxLength (a roll call's description allows more)

VOTE_WORDS = {
    "Y": "Y",
    "YES": "Y",
    "N": "N",
    "NO": "N",
    "A": "A",
    "ABSTAIN": "A",
    "ABSTENTION": "A",
    "ABSTAINING": "A",
    "X": "X",
    "NON-VOTING": "X",
    "NOT VOTING": "X",
    "ABSENT": "X",
    "": "X",
}
MODALITIES = {
    "vote recorded": "recorded vote",
    "recorded vote": "recorded vote",
    "vote non-recorded": "non-recorded vote",
    "non-recorded vote": "non-recorded vote",
    "vote not recorded": "non-recorded vote",
    "without a vote": "without a vote",
    "without vote": "without a vote",
    "adopted without a vote": "without a vote",
}
SYMBOL = (
    r"^A/RES/(((ES-|S-)?[1-9][0-9]*)/[1-9][0-9]*[A-Z]?"
    r"|[1-9][0-9]*[A-Z]?\((ES-|S-)?[IVXLC]+\)[A-Z]?)$"
)
MEETING = r"^A/((ES-|S-)?[0-9]+/)?PV\.[0-9]+$"
TOTALS = ("total_yes", "total_no", "total_abstentions", "total_non_voting")
# The columns of the voting file the edition uses (the rest are read for their header only).
VOTING_USED = (
    "undl_id",
    "ms_code",
    "ms_name",
    "ms_vote",
    "date",
    "session",
    "resolution",
    "meeting",
    "title",
    *TOTALS,
    "undl_link",
)
RECORD = ("resolution", "session", "date", "meeting", "title", *TOTALS, "undl_link")


@dataclass
class Log:
    """The dirt of one run: rule -> (count, a few examples)."""

    file: str
    rows: list[Dirt] = field(default_factory=list)

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
            self.rows.append(
                Dirt(rule, self.file, count, [str(x) for x in examples], left_out, votes)
            )


def _squeeze(col: str) -> pl.Expr:
    return pl.col(col).str.replace_all(r"\s+", " ").str.strip_chars()


def _symbol(col: str = "resolution") -> pl.Expr:
    return pl.col(col).str.replace_all(r"\s+", "")


def _date(col: str = "date") -> pl.Expr:
    """The cell as a date: `YYYY-MM-DD` alone, on a day the Assembly could have met."""
    text = pl.col(col).str.strip_chars()
    day = (
        pl.when(text.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
        .then(text)
        .str.to_date("%Y-%m-%d", strict=False)
    )
    return pl.when(day.is_between(model.first_meeting(), dt.date.today())).then(day)


# The control characters `text.control` refuses that are not whitespace (whitespace is made
# a space first, so a line break or tab between two words leaves a space there).
CONTROL_CHAR = "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]"


def _title_steps(col: str = "title") -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(the text without control and invisible characters, that with its whitespace made
    single spaces, that guarded against spreadsheets)."""
    bare = pl.col(col).str.replace_all(CONTROL_CHAR, "").str.replace_all(INVISIBLE, "")
    tidy = bare.str.replace_all(r"\s+", " ").str.strip_chars()
    guarded = pl.when(tidy.str.contains(FORMULA_START)).then(pl.lit("'") + tidy).otherwise(tidy)
    return bare, tidy, guarded


def _garbled(text: pl.Expr) -> pl.Expr:
    return text.str.replace_all(URL, "").str.contains(MOJIBAKE)


def _title(col: str = "title") -> pl.Expr:
    """The title as text the data model accepts (see the module's rules); null if empty."""
    _, _, e = _title_steps(col)
    e = (
        pl.when(e.str.len_chars() > TITLE_MAX)
        .then(e.str.slice(0, TITLE_MAX - 1) + "…")
        .otherwise(e)
    )
    return pl.when((e != "") & ~_garbled(e)).then(e)


def _title_dirt(frame: pl.DataFrame, log: Log, weight: str = "") -> None:
    """Count each repair `_title` makes to `frame`'s titles (rows, or the sum of `weight`)."""
    raw = pl.col("title")
    bare, tidy, guarded = _title_steps()
    for rule, hit in (
        ("whitespace in a title (line breaks, tabs, runs) made single spaces", bare != tidy),
        ("control character removed from a title", raw.str.contains(CONTROL_CHAR)),
        ("invisible formatting character removed from a title", raw.str.contains(INVISIBLE)),
        ("title a spreadsheet would run as a formula: prefixed with '", guarded != tidy),
        ("title garbled by an encoding conversion left empty", _garbled(guarded)),
        (
            f"title over {TITLE_MAX:,} characters: cut",
            (guarded.str.len_chars() > TITLE_MAX) & ~_garbled(guarded),
        ),
    ):
        log.add(rule, frame.filter(hit.fill_null(False)), raw.str.slice(0, 80), weight)


def _year(col: str = "date") -> pl.Expr:
    return pl.col(col).str.strip_chars().str.extract(r"^([0-9]{4})$", 1).cast(pl.Int32)


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
    es = pl.coalesce(
        text.str.extract(r"^ES-([1-9][0-9]*)$", 1),
        text.str.extract(r"^([1-9][0-9]*)(?:ST|ND|RD|TH) EMERGENCY SPECIAL SESSION$", 1),
    )
    s = pl.coalesce(
        text.str.extract(r"^S-([1-9][0-9]*)$", 1),
        text.str.extract(r"^([1-9][0-9]*)(?:ST|ND|RD|TH) SPECIAL SESSION$", 1),
    )
    from_text = pl.coalesce(
        pl.when(es.is_not_null()).then(pl.lit("ES-") + es),
        pl.when(s.is_not_null()).then(pl.lit("S-") + s),
        number,
    )
    return (
        frame.join(by_symbol, on="resolution", how="left")
        .with_columns(pl.coalesce("s", from_text).alias("session"))
        .drop("s")
    )


def _exact_duplicates(rows: pl.DataFrame, narrow: list[str]) -> pl.DataFrame:
    """The rows that repeat an earlier row cell for cell. Only rows that repeat one on the
    `narrow` columns can, so the whole rows are compared among those alone."""
    candidates = rows.filter(pl.struct(narrow).hash().is_duplicated())
    return candidates.filter(~pl.struct(pl.all().exclude("line")).is_first_distinct())


def clean_votes(frame: pl.DataFrame, file: str) -> tuple[pl.DataFrame, pl.DataFrame, Log]:
    """The voting rows as (votes: undl_id, code, name, vote, line) and (records: one per
    undl_id with its resolution, session, date or year, meeting, title, totals, link).

    The vote's attributes are read from the distinct combinations first; the per-state rows
    are then a frame of five narrow columns, so a large file is never copied whole."""
    log = Log(file)
    rows = frame.with_row_index("line", offset=2).with_columns(pl.col("line").cast(pl.Int64))
    exact = _exact_duplicates(rows, ["undl_id", "ms_code", "ms_name", "ms_vote"])
    log.add("exact duplicate row dropped", exact, pl.col("line"), left_out=True)
    numeric = pl.col("undl_id").str.strip_chars().str.contains(r"^[0-9]+$")
    records = _records(rows.filter(numeric), log)
    votes = rows.select(
        "line",
        "undl_id",
        pl.col("ms_code").str.strip_chars().str.to_uppercase().alias("code"),
        "ms_name",
        "ms_vote",
    ).join(exact.select("line"), on="line", how="anti")
    log.add(
        "row without a numeric undl_id left out",
        votes.filter(~numeric),
        pl.col("line"),
        left_out=True,
    )
    votes = votes.filter(numeric).with_columns(
        pl.col("undl_id").str.strip_chars().cast(pl.Int64),
        _squeeze("ms_name").alias("name"),
        pl.col("ms_vote").str.strip_chars().str.to_uppercase().alias("vote_text"),
    )
    log.add(
        "stray spaces in a state name removed",
        votes.filter(pl.col("name") != pl.col("ms_name")),
        pl.col("ms_name"),
    )
    vote = pl.col("vote_text").replace_strict(VOTE_WORDS, default=None, return_dtype=pl.String)
    votes = votes.with_columns(vote.alias("vote"))
    log.add(
        "vote not Y, N, A or X: row left out",
        votes.filter(pl.col("vote").is_null()),
        pl.col("ms_vote"),
        left_out=True,
    )
    log.add("blank vote read as X (non-voting)", votes.filter(pl.col("vote_text") == ""))
    log.add(
        "vote written as a word read as its code",
        votes.filter((pl.col("vote_text").str.len_chars() > 1) & pl.col("vote").is_not_null()),
        pl.col("ms_vote"),
    )
    votes = votes.filter(pl.col("vote").is_not_null())
    # Each vote with the rows still standing for it: a rule that leaves out the vote counts them.
    per_vote = votes.group_by("undl_id").agg(pl.len().cast(pl.Int64).alias("rows"))
    records = records.join(per_vote, on="undl_id", how="left").with_columns(
        pl.col("rows").fill_null(0)
    )
    bad = records.filter(~pl.col("resolution").str.contains(SYMBOL).fill_null(False))
    log.add(
        "vote without a readable resolution symbol left out",
        bad,
        vote_example("resolution"),
        "rows",
        left_out=True,
    )
    records = records.join(bad.select("undl_id"), on="undl_id", how="anti")
    votes = votes.join(bad.select("undl_id"), on="undl_id", how="anti")
    return votes.select("undl_id", "code", "name", "vote", "line"), records, log


def vote_example(col: str) -> pl.Expr:
    """A left-out vote as the report shows it: its undl_id, first line and `col`."""
    return pl.format("undl_id {} (line {}): {}", "undl_id", "line", pl.col(col).fill_null(""))


def _records(rows: pl.DataFrame, log: Log) -> pl.DataFrame:
    """One record per vote: each attribute the value most of its rows give. The attributes
    repeat on every row of a vote, so they are read once per distinct combination."""
    raw = ["resolution", "session", "date", "meeting", "title", *TOTALS, "undl_link"]
    # One representative row per distinct combination (found by hash: cheap on a large file).
    firsts = (
        rows.select("line", "undl_id", pl.struct(raw).hash().alias("h"))
        .group_by("undl_id", "h")
        .agg(pl.len().alias("n"), pl.col("line").min())
    )
    combos = firsts.join(rows.select("line", *raw), on="line").with_columns(
        pl.col("undl_id").str.strip_chars().cast(pl.Int64)
    )
    log.add(
        "meeting symbol written with spaces: spaces removed",
        combos.filter(pl.col("meeting").str.contains(r"\s")),
        pl.col("meeting"),
        "n",
    )
    log.add(
        "resolution symbol written with spaces: spaces removed",
        combos.filter(pl.col("resolution").str.contains(r"\s")),
        pl.col("resolution"),
        "n",
    )
    _title_dirt(combos, log, "n")
    tidy = combos.select(
        "undl_id",
        "n",
        "line",
        _symbol().alias("resolution"),
        pl.col("session").alias("session_text"),
        _date().alias("date"),
        _year().alias("year"),
        pl.col("meeting").str.replace_all(r"\s+", "").alias("meeting"),
        _title().alias("title"),
        *[pl.col(c).str.strip_chars().cast(pl.Int64, strict=False).alias(c) for c in TOTALS],
        pl.col("undl_link").str.strip_chars(),
    )
    cols = ["resolution", "session_text", "date", "year", "meeting", "title", *TOTALS, "undl_link"]
    present = {c: pl.col(c).is_not_null() & (pl.col(c).cast(pl.String) != "") for c in cols}
    distinct = tidy.group_by("undl_id").agg(
        *[pl.col(c).filter(present[c]).n_unique().alias(c) for c in cols]
    )
    disagree = distinct.filter(pl.any_horizontal(pl.col(c) > 1 for c in cols))
    log.add(
        "rows of one vote disagree: the value most of them give is taken",
        disagree,
        pl.col("undl_id"),
    )
    record = tidy.group_by("undl_id").agg(pl.col("line").min())
    for c in cols:
        # The value the most rows give (ties: the smallest), weighted by each combination's rows.
        best = (
            tidy.filter(present[c])
            .group_by("undl_id", c)
            .agg(pl.col("n").sum())
            .sort("undl_id", "n", c, descending=[False, True, False])
            .unique("undl_id", keep="first")
            .select("undl_id", c)
        )
        record = record.join(best, on="undl_id", how="left")
    bad_meeting = record.filter(
        pl.col("meeting").is_not_null()
        & (pl.col("meeting") != "")
        & ~pl.col("meeting").str.contains(MEETING)
    )
    log.add("meeting symbol not readable: left empty", bad_meeting, pl.col("meeting"))
    record = record.with_columns(
        pl.when(pl.col("meeting").str.contains(MEETING)).then(pl.col("meeting")).alias("meeting")
    )
    return _with_session(record, log)


def _with_session(record: pl.DataFrame, log: Log) -> pl.DataFrame:
    out = sessions(record)
    written = pl.col("session_text").str.strip_chars()
    log.add(
        "session written another way: read as the symbol's session",
        out.filter(written.is_not_null() & (written != pl.col("session"))),
        pl.col("session_text"),
    )
    return out.drop("session_text")


def clean_resolutions(frame: pl.DataFrame, file: str) -> tuple[pl.DataFrame, Log]:
    """The resolutions rows: one per symbol, with adoption from the modality."""
    log = Log(file)
    rows = frame.with_row_index("line", offset=2).with_columns(pl.col("line").cast(pl.Int64))
    exact = _exact_duplicates(rows, ["undl_id", "resolution"])
    log.add("exact duplicate row dropped", exact, pl.col("line"), left_out=True)
    rows = rows.join(exact.select("line"), on="line", how="anti")
    modality = _squeeze("modality").str.to_lowercase()
    tidy = rows.select(
        "line",
        pl.col("undl_id").str.strip_chars(),
        _symbol().alias("resolution"),
        pl.col("session").alias("session_text"),
        _date().alias("date"),
        _year().alias("year"),
        _title().alias("title"),
        modality.replace_strict(MODALITIES, default=None, return_dtype=pl.String).alias("adoption"),
        pl.col("modality"),
        pl.col("meeting").str.replace_all(r"\s+", "").alias("meeting"),
        pl.col("undl_link").str.strip_chars(),
    )
    log.add(
        "resolution symbol written with spaces: spaces removed",
        rows.filter(pl.col("resolution").str.contains(r"\s")),
        pl.col("resolution"),
    )
    log.add(
        "meeting symbol written with spaces: spaces removed",
        rows.filter(pl.col("meeting").str.contains(r"\s")),
        pl.col("meeting"),
    )
    _title_dirt(rows, log)
    log.add(
        "modality written another way: read as its kind",
        tidy.filter(
            pl.col("adoption").is_not_null()
            & (
                pl.col("modality").str.strip_chars()
                != pl.col("modality").str.strip_chars().str.to_lowercase()
            )
        ),
        pl.col("modality"),
    )
    bad = tidy.filter(~pl.col("resolution").str.contains(SYMBOL).fill_null(False))
    log.add(
        "row without a readable resolution symbol left out",
        bad,
        pl.col("resolution"),
        left_out=True,
    )
    tidy = tidy.join(bad.select("line"), on="line", how="anti")
    unknown = tidy.filter(pl.col("adoption").is_null())
    log.add(
        "modality not one of the three kinds: row left out",
        unknown,
        pl.col("modality"),
        left_out=True,
    )
    tidy = tidy.filter(pl.col("adoption").is_not_null())
    again = tidy.filter(
        pl.col("resolution").is_duplicated() & ~pl.col("resolution").is_first_distinct()
    )
    log.add(
        "a second row for one resolution: the first kept",
        again,
        pl.col("resolution"),
        left_out=True,
    )
    tidy = tidy.filter(pl.col("resolution").is_first_distinct())
    tidy = tidy.with_columns(
        pl.when(pl.col("meeting").str.contains(MEETING)).then(pl.col("meeting")).alias("meeting")
    )
    return _with_session(tidy.drop("modality"), log), log
