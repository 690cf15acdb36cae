"""The Library's votes the CC0 data hold without a symbol: found by session, date and votes.

The CC0 data hold every adopting vote of 1946-1962 (and some later ones) as a roll call of
subject `resolution` without its symbol; the Library gives each its symbol. Such a vote is the
CC0 roll call, laid over it, never a second roll call beside it. A CC0 roll call of subject
`resolution` without a symbol is a candidate for a Library vote whose symbol names no CC0 roll
call when:

- both are of the same session, on the same day, or (a CC0 date known only to its month: docs,
  "Dates") on a day of that month;
- their meeting symbols are the same where both give one;
- at least `AGREEMENT` of the states either gives a vote for cast the same vote (a state only
  one side lists disagrees; a state whose Library row a rule left out is not compared).

Of several candidates, the one whose meeting symbol is the vote's is taken, if only one is.
Then the votes and candidates are paired one to one (`pairing`): each vote takes the roll call
every best pairing of its group gives it (those pairing the most votes and, of those, under
which the states' votes agree most); which of the votes and roll calls the votes cannot tell
apart is which, their words tell (`tiebreak`), else their order, the CC0 fields then not
carried (`overlay`). A vote the best pairings give different roll calls is listed with its
candidates and left out: which roll call it is is not known (it agrees at 95% or more with CC0
roll calls the edition holds; adding it could hold one act twice).

A vote left without a candidate by these rules is then the CC0 roll call without a symbol of
its session, not a candidate of another vote, whose date is at most `WINDOW_DAYS` from the
Library's, of the same meeting where both give one, and whose every state's vote is the same
(the CC0 days before 2003 come from a weekend guess, and some of its months are wrong): paired
the same way, counted apart (`NEAR`). A vote still alone whose every state's vote is that of a
CC0 roll call of its session within `WINDOW_DAYS` holding a symbol the voting file does not
give is kept beside it (which symbol is wrong is not known) and named as a suspected pair.

`AGREEMENT`, 95%, was measured on the CC0 data: its tallies differ from its declared totals in
at most 1.6% of the states of any roll call (so a vote and its CC0 roll call agree far above
95%), while of its 484 roll calls of subject `resolution` without a symbol, 69 have another in
the same session and month agreeing at 95% or more (37 identical): those are the groups the
pairing weighs; at 90%, 129 would be.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from .clean import Log, vote_example
from .official import NO_ROW, Official
from .pairing import pair

AGREEMENT = 0.95
WINDOW_DAYS = 31  # how far a CC0 date may be from the Library's for identical votes
EPSILON = 1e-9
SAME_DATE, NEAR = "date and votes", "identical votes, date off"
MATCHED = {
    SAME_DATE: "roll call matched by date and votes",
    NEAR: "roll call matched by identical votes, its date off",
}
PAIR = ["roll_call", "cc0_roll_call"]


@dataclass
class Twins:
    matched: pl.DataFrame  # roll_call, cc0_roll_call, agreement, states, cc0_date
    ambiguous: pl.DataFrame  # roll_call, candidates (the CC0 roll calls and their agreement)
    nearest: pl.DataFrame  # roll_call, nearest_cc0, agreement: the rest's closest roll call


AMBIGUOUS = (
    "vote several CC0 roll calls without a symbol agree with (same session, date and votes): "
    "left out, which one it is not known (see vote agreeing with several CC0 roll calls)"
)


def match(records: pl.DataFrame, official: Official, cc0: dict[str, pl.DataFrame],
          log: Log) -> tuple[pl.DataFrame, dict[str, pl.DataFrame], int]:  # fmt: skip
    """`records` with `cc0_roll_call` (by symbol, else by `find`) and `matched_by`, the votes
    whose roll call the pairing leaves unknown left out (counted in `log`); the findings; the
    rows of the voting file those votes leave out."""
    rc, votes = cc0["roll_calls"], cc0["votes"]
    adopting = rc.filter(pl.col("resolution").is_not_null()).select(
        "resolution", pl.col("roll_call").alias("cc0_roll_call")
    )
    records = records.join(adopting, on="resolution", how="left")
    unknown = official.dropped.filter(pl.col("state").is_not_null())
    twins = find(records.filter(pl.col("cc0_roll_call").is_null()), official.votes, rc, votes,
                 unknown)  # fmt: skip
    by_votes = twins.matched.select("roll_call", pl.col("cc0_roll_call").alias("twin"),
                                    "rule", "told_apart", "same_votes")  # fmt: skip
    records = (
        records.join(by_votes, on="roll_call", how="left")
        .with_columns(
            pl.when(pl.col("cc0_roll_call").is_not_null())
            .then(pl.lit("symbol"))
            .otherwise(pl.col("rule"))
            .alias("matched_by"),
            pl.coalesce("cc0_roll_call", "twin").alias("cc0_roll_call"),
            pl.col("told_apart").fill_null(True),
        )
        .drop("twin", "rule")
    )
    kept = official.votes.filter(pl.col("note").is_null()).group_by("roll_call").len("kept")
    ambiguous = (
        records.join(twins.ambiguous, on="roll_call")
        .join(kept, on="roll_call", how="left")
        .with_columns(pl.col("kept").fill_null(0))
    )
    log.add(AMBIGUOUS, ambiguous, vote_example("resolution"), "kept", left_out=True)
    findings = {
        **{name: _matched(records, twins, rule) for rule, name in MATCHED.items()},
        "vote agreeing with several CC0 roll calls": ambiguous.select(
            "resolution", "date", "undl_id", "candidates", "line"
        ),
    }
    records = records.join(ambiguous.select("roll_call"), on="roll_call", how="anti")
    records = records.join(twins.nearest, on="roll_call", how="left")
    findings[SUSPECTED] = suspected(records, official.votes, rc, votes)
    return records, findings, int(ambiguous["kept"].sum())


def _matched(records: pl.DataFrame, twins: Twins, rule: str) -> pl.DataFrame:
    """The votes laid over a CC0 roll call without a symbol by `rule`, with how they agree."""
    return (
        records.filter(pl.col("matched_by") == rule)
        .join(twins.matched.select("roll_call", "agreement", "states", "cc0_date"), on="roll_call")
        .select(
            pl.col("cc0_roll_call").alias("roll_call"), "resolution", "date", "cc0_date",
            (pl.col("agreement") * 100).round(1).alias("agreement_percent"), "states",
            "same_votes", "told_apart", "undl_id",
        )
    )  # fmt: skip


def find(records: pl.DataFrame, votes: pl.DataFrame, rc: pl.DataFrame, cc0_votes: pl.DataFrame,
         left_out: pl.DataFrame | None = None) -> Twins:  # fmt: skip
    """Of `records` (the Library's votes no CC0 symbol names: roll_call, session, date,
    meeting), those a CC0 roll call without a symbol holds; `votes` their seated votes,
    `left_out` (roll_call, state) the states whose Library row a rule left out."""
    pairs = _pairs(records, rc)
    unknown = votes.filter(pl.col("note").is_not_null() & (pl.col("note") != NO_ROW))
    if left_out is not None:
        unknown = pl.concat([unknown.select("roll_call", "state"),
                             left_out.select("roll_call", "state")])  # fmt: skip
    agreement = _agreement(pairs, votes, cc0_votes, unknown.select("roll_call", "state"))
    scored = pairs.join(agreement, on=PAIR, how="left").with_columns(
        pl.col("agreement").fill_null(0.0), pl.col("states").fill_null(0)
    )
    first = _by_meeting(scored.filter(pl.col("fits") & (pl.col("agreement") >= AGREEMENT)))
    # Only votes and roll calls the first rule left without a candidate: identical votes near.
    second = scored.filter(
        pl.col("near") & ~pl.col("fits") & (pl.col("agreement") >= 1 - EPSILON)
        & ~pl.col("roll_call").is_in(first["roll_call"].implode())
        & ~pl.col("cc0_roll_call").is_in(first["cc0_roll_call"].implode())
    )  # fmt: skip
    parts, unknowns = [], []
    for rule, part in ((SAME_DATE, first), (NEAR, second)):
        paired, ids = pair(part, cc0_votes)
        parts.append(paired.with_columns(pl.lit(rule).alias("rule")))
        unknowns.append(ids)
    candidates = pl.concat([first, second])
    unknown_ids = pl.concat(unknowns)
    matched = candidates.join(pl.concat(parts), on=PAIR).select(
        *PAIR, "agreement", "states", "cc0_date", "same_votes", "told_apart", "rule"
    )
    ambiguous = (
        candidates.filter(pl.col("roll_call").is_in(unknown_ids.implode()))
        .sort("roll_call", "agreement", "cc0_roll_call", descending=[False, True, False])
        .group_by("roll_call", maintain_order=True)
        .agg(pl.format("{} ({}%)", "cc0_roll_call", _percent()).str.join(", ").alias("candidates"))
    )
    found = pl.concat([matched.select("roll_call"), ambiguous.select("roll_call")])
    nearest = (
        scored.join(found, on="roll_call", how="anti")
        .filter(pl.col("agreement") > 0)
        .sort("roll_call", "agreement", "cc0_roll_call", descending=[False, True, False])
        .unique("roll_call", keep="first")
        .select("roll_call", pl.col("cc0_roll_call").alias("nearest_cc0"), "agreement")
    )
    return Twins(matched, ambiguous, nearest)


SUSPECTED = "vote the CC0 data hold under another symbol: both kept (suspected pair)"


def suspected(records: pl.DataFrame, votes: pl.DataFrame, rc: pl.DataFrame,
              cc0_votes: pl.DataFrame) -> pl.DataFrame:  # fmt: skip
    """The Library's votes laid over no CC0 roll call whose per-state votes all equal those of
    a CC0 roll call of the same session within `WINDOW_DAYS` that holds a symbol the Library's
    voting file does not give: the same act under two symbols, one of them wrong, which is not
    known. Both are kept, each with its symbol; the pair is named here."""
    alone = records.filter(pl.col("cc0_roll_call").is_null())
    others = rc.filter(
        pl.col("resolution").is_not_null()
        & ~pl.col("resolution").is_in(records["resolution"].implode())
    ).select(pl.col("roll_call").alias("cc0_roll_call"), "session", pl.col("date").alias(
        "cc0_date"), pl.col("resolution").alias("cc0_resolution"))  # fmt: skip
    pairs = alone.select("roll_call", "session", "date", "resolution").join(others, on="session")
    pairs = pairs.filter((pl.col("date") - pl.col("cc0_date")).dt.total_days().abs() <= WINDOW_DAYS)
    none = pl.DataFrame(schema={"roll_call": pl.Int64, "state": pl.String})
    same = _agreement(pairs, votes, cc0_votes, none).filter(pl.col("agreement") >= 1 - EPSILON)
    return (
        pairs.join(same, on=PAIR)
        .sort(PAIR)
        .select(
            "roll_call",
            "resolution",
            "date",
            "cc0_roll_call",
            "cc0_resolution",
            "cc0_date",
            "states",
        )
    )


def _percent() -> pl.Expr:
    return (pl.col("agreement") * 100).round(1).cast(pl.String)


def _pairs(records: pl.DataFrame, rc: pl.DataFrame) -> pl.DataFrame:
    """Each vote with every CC0 roll call without a symbol of its session; `fits`: the date
    (and the meeting, where both give one) allows it to be the same vote."""
    cc0 = rc.filter((pl.col("subject") == "resolution") & pl.col("resolution").is_null()).select(
        pl.col("roll_call").alias("cc0_roll_call"),
        "session",
        pl.col("date").alias("cc0_date"),
        "date_precision",
        pl.col("meeting").alias("cc0_meeting"),
        _column(rc, "description").alias("cc0_description"),
    )
    month = pl.col("date").dt.truncate("1mo") == pl.col("cc0_date").dt.truncate("1mo")
    day = pl.when(pl.col("date_precision") == "month").then(month)
    meeting = pl.col("meeting").is_null() | pl.col("cc0_meeting").is_null()
    same_meeting = meeting | (pl.col("meeting") == pl.col("cc0_meeting"))
    return (
        records.select("roll_call", "session", "date", "meeting", _column(records, "title"))
        .join(cc0, on="session")
        .with_columns(
            (day.otherwise(pl.col("date") == pl.col("cc0_date")) & same_meeting).alias("fits"),
            (((pl.col("date") - pl.col("cc0_date")).dt.total_days().abs() <= WINDOW_DAYS)
             & same_meeting).alias("near"),
        )
    )  # fmt: skip


def _column(frame: pl.DataFrame, name: str) -> pl.Expr:
    """`name`, or no text where `frame` lacks it (words to tell votes apart: `tiebreak`)."""
    return pl.col(name) if name in frame.columns else pl.lit(None, pl.String).alias(name)


def _agreement(pairs: pl.DataFrame, votes: pl.DataFrame, cc0_votes: pl.DataFrame,
               unknown: pl.DataFrame) -> pl.DataFrame:  # fmt: skip
    """(roll_call, cc0_roll_call, agreement, states) over the states either side lists but
    those whose Library row a rule left out (`unknown`)."""
    keys = pairs.select(PAIR)
    own = votes.filter(pl.col("note").is_null()).select("roll_call", "state", "vote")
    theirs = cc0_votes.select(
        pl.col("roll_call").alias("cc0_roll_call"), "state", pl.col("vote").alias("cc0_vote")
    )
    both = keys.join(own, on="roll_call").join(
        keys.join(theirs, on="cc0_roll_call"), on=[*PAIR, "state"], how="full", coalesce=True
    )
    both = both.join(unknown.unique(), on=["roll_call", "state"], how="anti")
    same = (pl.col("vote") == pl.col("cc0_vote")).fill_null(False)
    return both.group_by(PAIR).agg(
        (same.sum() / pl.len()).alias("agreement"), pl.len().alias("states")
    )


def _by_meeting(candidates: pl.DataFrame) -> pl.DataFrame:
    """Of a vote's several candidates, the one whose meeting symbol is the vote's, if only one
    is; otherwise all of them (an ambiguity)."""
    same = (pl.col("meeting") == pl.col("cc0_meeting")).fill_null(False)
    sole = same & (same.cast(pl.Int32).sum().over("roll_call") == 1)
    several = pl.len().over("roll_call") > 1
    return candidates.filter(~several | sole | ~sole.any().over("roll_call"))


__all__ = ["AGREEMENT", "AMBIGUOUS", "MATCHED", "SUSPECTED", "WINDOW_DAYS", "Twins", "find",
           "match", "suspected"]  # fmt: skip
