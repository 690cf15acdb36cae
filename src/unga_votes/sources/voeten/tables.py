"""Build the output tables from the source frames (vectorised; no loop over vote rows)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ...roman import int_to_roman
from ..importer import SourceError
from .dates import seats, with_precision
from .states import map_codes
from .symbols import parse_unres, session_from_code
from .text import clean_text

CITE = "hdl:1902.1/12379"
TOTALS_SOURCE = f"voeten2016_descriptions.csv.gz ({CITE})"
ISSUES = ("me", "nu", "di", "hr", "co", "ec")

# Subject from the description where the amend/para flags are not coded (after about 1985).
AMENDMENT_RE = r"\bAMENDMENTS?\b"
PARAGRAPH_RE = r"\bPARAGRAPHS?\b|\bPARA\.|\bTO DELETE\b|\bSEPARATE(LY)? VOT|\bTHE WORDS?\b"
# Motions and elections (procedural questions), detected in the description in any period.
PROCEDURAL_RE = r"\bMOTIONS?\b|\bADJOURN|\bPOSTPON|\bNO[- ]ACTION\b|\bCLOSURE OF (THE )?DEBATE\b"

VOTE_CODES_2016 = {"1": "Y", "2": "A", "3": "N", "8": "8", "9": "9"}
VOTE_CODES_2021 = {"yes": "Y", "no": "N", "abstain": "A"}


@dataclass
class UnresCheck:
    """Per roll call: the symbol the code maps to (if accepted), and why not otherwise."""

    frame: pl.DataFrame  # rcid, code_session, prefix, number, letter, symbol, session_label
    ranges: pl.DataFrame  # session, lo, hi (numbering range derived from the codes)


def check_unres(rc: pl.DataFrame) -> UnresCheck:
    """Parse each code (6,203 codes: a Python loop over codes, not votes), derive the numbering
    range of every regular session from the bulk of its codes, and reject codes outside it."""
    rows: list[tuple[object, ...]] = []
    why: str | None
    for rcid, session, unres in rc.select("rcid", "src_session", "unres").iter_rows():
        code = parse_unres(unres)
        label = session_from_code(unres) or str(session)
        if code is None:
            why = "blank code" if unres is None or not unres.strip() else "shape not mapped"
            rows.append((rcid, label, None, None, None, None, None, why))
            continue
        label = code.session_label if code.prefix else str(session)
        why = None
        if not code.prefix and code.session != session:
            why = f"code session {code.session} differs from the roll call's session {session}"
        rows.append(
            (rcid, label, code.prefix, code.session, code.number, code.letter, code.symbol, why)
        )
    frame = pl.DataFrame(
        rows,
        schema={
            "rcid": pl.Int64,
            "session": pl.String,
            "prefix": pl.String,
            "code_session": pl.Int64,
            "number": pl.Int64,
            "letter": pl.String,
            "symbol": pl.String,
            "why": pl.String,
        },
        orient="row",
    ).join(rc.select("rcid", "src_session"), on="rcid")
    ranges = numbering_ranges(frame)
    bounds = {r["session"]: (r["lo"], r["hi"]) for r in ranges.iter_rows(named=True)}
    accepted = sorted(s for s, (lo, _) in bounds.items() if lo is not None and s < 31)
    whys = []
    for row in frame.iter_rows(named=True):
        why = row["why"]
        if why is None and row["number"] is not None:
            why = _range_problem(row, bounds, accepted)
        whys.append(why)
    frame = frame.with_columns(pl.Series("why", whys, dtype=pl.String))
    frame = frame.with_columns(
        pl.when(pl.col("why").is_null()).then(pl.col("symbol")).alias("symbol")
    ).select("rcid", "session", "prefix", "code_session", "number", "letter", "symbol", "why")
    return UnresCheck(frame, ranges)


NEW_STYLE_MAX = 400  # from session 31, decisions are numbered from 401: not resolutions


def numbering_ranges(frame: pl.DataFrame) -> pl.DataFrame:
    """Numbering range of each regular session, derived from its own codes.

    Before session 31 resolution numbers run on across sessions, so the codes of a session are
    resolution numbers only if their bulk (10th-90th percentile, `q10`-`q90`) lies above the
    previous session's bulk and below the next one's. Such a session accepts numbers from
    max(q10 - span/2, previous q90 + 1) to min(q90 + span/2, next q10 - 1). A session whose bulk
    overlaps its neighbours' (sessions 1-17: the codes are not resolution numbers in bulk) gets
    no range: none of its codes is mapped. From session 31 numbering restarts at 1 in every
    session and resolutions stay below 401 (decisions are numbered from 401)."""
    regular = frame.filter((pl.col("prefix") == "") & pl.col("why").is_null())
    bulk = (
        regular.group_by("code_session")
        .agg(
            pl.col("number").quantile(0.1, "nearest").cast(pl.Int64).alias("q10"),
            pl.col("number").quantile(0.9, "nearest").cast(pl.Int64).alias("q90"),
            pl.len().alias("codes"),
        )
        .sort("code_session")
    )
    old = [r for r in bulk.iter_rows(named=True) if r["code_session"] < 31]
    rows = []
    for i, r in enumerate(old):
        prev = old[i - 1] if i > 0 else None
        nxt = old[i + 1] if i + 1 < len(old) else None
        ordered = (prev is None or r["q10"] > prev["q90"]) and (
            nxt is None or r["q90"] < nxt["q10"]
        )
        # a session without both neighbours is judged by the one it has; the first session
        # (none before it) must still be below the next one
        half = (r["q90"] - r["q10"]) // 2
        lo = max(1, r["q10"] - half, prev["q90"] + 1 if prev else 1)
        hi = min(r["q90"] + half, nxt["q10"] - 1 if nxt else r["q90"] + half)
        rows.append((r["code_session"], r["codes"], r["q10"], r["q90"], lo if ordered else None,
                     hi if ordered else None))  # fmt: skip
    for r in bulk.iter_rows(named=True):
        if r["code_session"] >= 31:
            rows.append((r["code_session"], r["codes"], r["q10"], r["q90"], 1, NEW_STYLE_MAX))
    return pl.DataFrame(
        rows, schema=["session", "codes", "q10", "q90", "lo", "hi"], orient="row"
    ).sort("session")


def _range_problem(row: dict, bounds: dict, accepted: list[int]) -> str | None:
    number, prefix, src = row["number"], row["prefix"], row["src_session"]
    if prefix == "":
        lo, hi = bounds.get(row["code_session"], (None, None))
        if lo is None:
            return (
                f"session {row['code_session']}: its codes are not resolution numbers in bulk "
                "(they overlap the neighbouring sessions' numbers), so none is mapped"
            )
        if not lo <= number <= hi:
            return f"number {number} outside the numbering range {lo}-{hi} of session {src}"
        return None
    first_new = 6 if prefix == "ES-" else 8
    if row["code_session"] >= first_new:
        if number > NEW_STYLE_MAX:
            return f"number {number} above {NEW_STYLE_MAX} (decisions are numbered from 401)"
        return None
    # old-style ES/S numbers run in the regular series: between the neighbouring regular
    # sessions with a known range
    before = [s for s in accepted if s < src]
    after = [s for s in accepted if s >= src]
    if not before or not after:
        return (
            f"{prefix}{row['code_session']} numbers run in the regular series and the sessions "
            f"around session {src} have no known numbering range"
        )
    lo, hi = bounds[before[-1]][0], bounds[after[0]][1]
    if not lo <= number <= hi:
        return f"number {number} outside the range {lo}-{hi} of the regular sessions around it"
    return None


def build_roll_calls(rc: pl.DataFrame, desc: pl.DataFrame) -> tuple[pl.DataFrame, UnresCheck]:
    """roll_calls rows (with helper columns `why`, `whole`) from the 2021 roll-call list (all
    6,203) and the 2016 descriptions (declared totals, sessions 1-70)."""
    rc = rc.with_columns(
        pl.col("rcid").cast(pl.Int64),
        pl.col("session").cast(pl.Int64).alias("src_session"),
        pl.col("date").str.to_date("%Y-%m-%d"),
    )
    if rc["date"].null_count():
        raise SourceError("roll calls without a date in unvotes2021_roll_calls")
    check = check_unres(rc)
    up = pl.coalesce(pl.col("descr"), pl.col("short"), pl.lit("")).str.to_uppercase()
    amendment = (
        pl.when(pl.col("amend").is_not_null())
        .then(pl.col("amend") == "1")
        .otherwise(up.str.contains(AMENDMENT_RE))
    )
    paragraph = (
        pl.when(pl.col("para").is_not_null())
        .then(pl.col("para") == "1")
        .otherwise(up.str.contains(PARAGRAPH_RE))
    )
    procedural = up.str.contains(PROCEDURAL_RE)
    subject = (
        pl.when(amendment)
        .then(pl.lit("amendment"))
        .when(paragraph)
        .then(pl.lit("paragraph"))
        .when(procedural)
        .then(pl.lit("procedural"))
        .otherwise(pl.lit("whole"))
    )
    totals = desc.select(
        pl.col("rcid").cast(pl.Int64),
        pl.col("yes").cast(pl.Int64).alias("declared_yes"),
        pl.col("no").cast(pl.Int64).alias("declared_no"),
        pl.col("abstain").cast(pl.Int64).alias("declared_abstain"),
    )
    out = (
        rc.with_columns(subject.alias("kind"))
        .drop("session")
        .join(check.frame, on="rcid", how="left")
        .join(totals, on="rcid", how="left")
        .sort("rcid")
    )
    out = sequence_letters(out)
    any_total = pl.any_horizontal(
        pl.col(c).is_not_null() for c in ("declared_yes", "declared_no", "declared_abstain")
    )
    out = out.with_columns(
        pl.lit(None, pl.Int64).alias("declared_non_voting"),
        pl.when(any_total).then(pl.lit(TOTALS_SOURCE)).alias("totals_source"),
        pl.lit(None, pl.String).alias("meeting"),
        pl.coalesce(clean_text("descr"), clean_text("short")).alias("description"),
        # The handle first: a source starts with what a reader looks up (ledger.CITATION).
        pl.format("{} (Voeten et al., UNGA Voting Data, rcid {})", pl.lit(CITE), "rcid").alias(
            "source"
        ),
        pl.col("rcid").alias("roll_call"),
        pl.when(pl.col("importantvote") == "1")
        .then(pl.lit("true"))
        .when(pl.col("importantvote") == "0")
        .then(pl.lit("false"))
        .alias("important_vote"),
    )
    # The title, where the description gives one: "<title>: resolution / adopted by …".
    title = pl.col("description").str.extract(r"(?i)^(.*?)\s*:\s*resolutions?\b", 1)
    out = with_precision(out.with_columns(title.alias("title_raw")))
    return out, check


def sequence_letters(out: pl.DataFrame) -> pl.DataFrame:
    """Before session 31 the source also letters the successive roll calls on one resolution
    (R/26/2758A-F are amendments and motions, R/26/2758G the vote on A/RES/2758(XXVI)). Where
    the lettered codes of one number include an amendment, paragraph or procedural vote, the
    letters are vote sequence markers, not parts of the resolution: the symbol drops the letter
    (`letter_dropped` is set). Where all are whole-text votes (R/21/2200A-C) the letters stay."""
    lettered = (
        (pl.col("letter").fill_null("") != "")
        & (pl.col("prefix") == "")
        & (pl.col("code_session") < 31)
        & pl.col("symbol").is_not_null()
    )
    part_vote = lettered & (pl.col("kind") != "whole")
    mixed = part_vote.any().over("code_session", "number")
    roman = pl.col("code_session").replace_strict(
        {s: int_to_roman(s) for s in range(1, 31)}, default=None, return_dtype=pl.String
    )
    drop = lettered & mixed
    return out.with_columns(
        pl.when(drop)
        .then(pl.format("A/RES/{}({})", pl.col("number"), roman))
        .otherwise(pl.col("symbol"))
        .alias("symbol"),
        drop.alias("letter_dropped"),
    )


def choose_resolutions(rc: pl.DataFrame, votes: pl.DataFrame) -> pl.DataFrame:
    """Set `subject` and `resolution`.

    A vote on the text as a whole (not amendment, paragraph or procedural) whose yes tally does
    not exceed its no tally adopted nothing: `draft`. Among the remaining whole-text votes on one
    accepted symbol, the last roll call (highest rcid; votes on parts and amendments, and earlier
    votes on the same code, precede the final one) adopted the resolution: `resolution` with the
    symbol; the others on that code are `draft`. A whole-text vote whose code maps to no symbol
    stays `resolution` with an empty symbol (the report lists it)."""
    tally = votes.group_by("roll_call").agg(
        (pl.col("vote") == "Y").sum().alias("tally_yes"),
        (pl.col("vote") == "N").sum().alias("tally_no"),
    )
    out = rc.join(tally, left_on="rcid", right_on="roll_call", how="left")
    failed = pl.col("tally_yes").fill_null(0) <= pl.col("tally_no").fill_null(0)
    out = out.with_columns(
        pl.when((pl.col("kind") == "whole") & failed)
        .then(pl.lit("failed"))
        .otherwise(pl.col("kind"))
        .alias("kind")
    )
    chosen = (
        out.filter((pl.col("kind") == "whole") & pl.col("symbol").is_not_null())
        .group_by("symbol")
        .agg(pl.col("rcid").max().alias("chosen"))
    )
    out = out.join(chosen, on="symbol", how="left")
    adopted = pl.col("rcid") == pl.col("chosen")
    return out.with_columns(
        pl.when(adopted).then(pl.col("symbol")).alias("resolution"),
        pl.when(pl.col("kind").is_in(["amendment", "paragraph", "procedural"]))
        .then(pl.col("kind"))
        .when(adopted | ((pl.col("kind") == "whole") & pl.col("symbol").is_null()))
        .then(pl.lit("resolution"))
        .otherwise(pl.lit("draft"))
        .alias("subject"),
    ).sort("rcid")


def _source_votes(
    dates: pl.DataFrame, v16: pl.DataFrame, v21: pl.DataFrame, codes: pl.DataFrame
) -> pl.DataFrame:
    """Every vote row of the source (rcid, code, src, date, state, file): the 2016 file's, then
    the 2021 file's for the roll calls the 2016 file lacks, each code mapped to a state by date
    (none where no state has it)."""
    rcids16 = v16.select(pl.col("rcid").cast(pl.Int64)).unique()
    s16 = v16.select(
        pl.col("rcid").cast(pl.Int64),
        pl.col("ccode").alias("code"),
        pl.col("vote").replace_strict(VOTE_CODES_2016, default=None).alias("src"),
    ).join(dates, on="rcid")
    s16 = map_codes(s16, "cow", codes).with_columns(pl.lit("voeten2016_votes").alias("file"))
    s21 = (
        v21.with_columns(pl.col("rcid").cast(pl.Int64))
        .join(rcids16, on="rcid", how="anti")
        .join(dates, on="rcid")
    )
    by_iso = map_codes(
        s21.filter(pl.col("country_code").is_not_null()).with_columns(
            pl.col("country_code").alias("code")
        ),
        "iso2",
        codes,
    )
    by_name = map_codes(
        s21.filter(pl.col("country_code").is_null()).with_columns(pl.col("country").alias("code")),
        "name",
        codes,
    )
    s21 = pl.concat([by_iso, by_name]).select(
        "rcid",
        "code",
        pl.col("vote").replace_strict(VOTE_CODES_2021, default=None).alias("src"),
        "date",
        "state",
        pl.lit("unvotes2021_votes").alias("file"),
    )
    src = pl.concat([s16.select(s21.columns), s21])
    if src["src"].null_count():
        raise SourceError("unknown vote codes in the source")
    return src


def build_votes(
    rc: pl.DataFrame,
    v16: pl.DataFrame,
    v21: pl.DataFrame,
    memberships: pl.DataFrame,
    codes: pl.DataFrame,
) -> dict[str, pl.DataFrame]:
    """Votes: one row per state surely a member on the roll call's date (the memberships table,
    typed), Y/N/A from the source, X otherwise; and for a date of month precision, a row for
    each state admitted or gone that month that the source shows voting (Y/N/A). Returns the
    votes and the anomaly frames for the report."""

    dates = rc.select("rcid", "date", "date_precision")
    src = _source_votes(dates, v16, v21, codes)
    unmapped = src.filter(pl.col("state").is_null() & (pl.col("src") != "9"))
    src = src.filter(pl.col("state").is_not_null())
    # One source entry per (roll call, state): a vote beats an absence beats "not a member".
    prio = pl.col("src").replace_strict({"Y": 0, "N": 0, "A": 0, "8": 1, "9": 2}).alias("_p")
    src = src.with_columns(prio).sort("rcid", "state", "_p")
    collisions = src.filter(pl.struct("rcid", "state").is_duplicated() & (pl.col("_p") < 2))
    src = src.unique(["rcid", "state"], keep="first", maintain_order=True).drop("_p")

    possible = seats(dates, memberships)
    seated = possible.join(
        src.select("rcid", "state", "src", "file"), on=["rcid", "state"], how="left"
    )
    voted = pl.col("src").is_in(["Y", "N", "A"])
    uncertain = seated.filter(~pl.col("sure"))
    seated = seated.filter(pl.col("sure") | voted)
    # Every vote the source gives is kept, even where the source's date says the state could
    # not have been a member: the rules then report it, and the adapter explains it.
    outside = src.join(possible, on=["rcid", "state"], how="anti")
    kept = pl.concat([seated.select("rcid", "state", "src"),
                      outside.filter(voted).select("rcid", "state", "src")])  # fmt: skip
    votes = kept.select(
        pl.col("rcid").alias("roll_call"),
        "state",
        pl.when(voted).then(pl.col("src")).otherwise(pl.lit("X")).alias("vote"),
    ).sort("roll_call", "state")
    sure = seated.filter(pl.col("sure"))
    return {
        "votes": votes,
        # source rows of states that cannot have been members on the source date
        "outside_votes": outside.filter(voted),
        "dropped_absent": outside.filter(pl.col("src") == "8"),
        # month dates: states admitted or gone that month, voting (a row) or not (none)
        "uncertain_voting": uncertain.filter(voted),
        "uncertain_not_voting": uncertain.filter(~voted | pl.col("src").is_null()),
        # members on the date the source does not show voting
        "member_absent": sure.filter(pl.col("src") == "8"),
        "member_coded_nonmember": sure.filter(pl.col("src") == "9"),
        "member_unlisted": sure.filter(pl.col("src").is_null()),
        "unmapped": unmapped,
        "collisions": collisions,
        "source_tally": src.filter(pl.col("src").is_in(["Y", "N", "A"]))
        .group_by("rcid")
        .agg(
            (pl.col("src") == "Y").sum().alias("src_yes"),
            (pl.col("src") == "N").sum().alias("src_no"),
            (pl.col("src") == "A").sum().alias("src_abstain"),
        ),
    }
