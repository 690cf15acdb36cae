"""The official record laid over the CC0 package, and every difference between them.

For each roll call that adopted a resolution of the official voting file, the official date (to
the day), meeting, declared totals and per-state votes replace the CC0 ones. A vote the CC0 data
hold without a symbol is found by session, date and per-state votes (`twins`) and laid over that
roll call, which takes the Library's symbol; a vote the CC0 data lack becomes a roll call of its
own (id 10,000,000 + its undl_id). The Library's declared totals replace the CC0's when all four
are readable (`values`), with `totals_source` the vote's own record address; otherwise the CC0
totals and their source stay, and the roll call is listed ("declared totals not usable in the
Library record"). Every resolution of the resolutions file is a row (`adoptions`). What only the
CC0 data hold stays: amendment and paragraph votes, issue tags, important votes, the rest of the
resolutions. Each difference is a row of a finding, for the reconciliation report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from .adoptions import placeable, resolutions_of, unlink
from .clean import Log
from .headline import headline
from .lists import extra_tables, totals
from .official import Official
from .states import differences, edition_votes, gaps
from .twins import match
from .values import record_or
from .versions import RESOLUTIONS_RECORD, VOTING_RECORD

__all__ = ["RESOLUTIONS_RECORD", "VOTING_RECORD", "Edition", "lay_over"]
TOTALS = {
    "declared_yes": "total_yes",
    "declared_no": "total_no",
    "declared_abstain": "total_abstentions",
    "declared_non_voting": "total_non_voting",
}


@dataclass
class Edition:
    tables: dict[str, pl.DataFrame]
    findings: dict[str, pl.DataFrame] = field(default_factory=dict)  # category -> rows
    resolutions_left_out: int = 0  # rows of the resolutions file that no rule could place
    headline: pl.DataFrame = field(default_factory=pl.DataFrame)  # per decade (`headline`)
    gaps: pl.DataFrame = field(default_factory=pl.DataFrame)  # roll_call, gap (`states.gaps`)
    vote_rows_left_out: int = 0  # rows of the voting file of votes left out here (`twins`)


def _complete() -> pl.Expr:
    """The Library gives all four declared totals (each readable)."""
    return pl.all_horizontal(pl.col(c).is_not_null() for c in TOTALS.values())


def lay_over(
    cc0: dict[str, pl.DataFrame],
    official: Official,
    res_log: Log | None = None,
    vote_log: Log | None = None,
) -> Edition:
    res_log = res_log if res_log is not None else Log("")
    rc, res = cc0["roll_calls"], cc0["resolutions"]
    records, findings, rows_left_out = match(
        official.records, official, cc0, vote_log if vote_log is not None else Log("")
    )
    records = records.with_columns(
        pl.coalesce("cc0_roll_call", "roll_call").alias("edition_roll_call")
    )
    ids = records.select("roll_call", "edition_roll_call")
    matched = records.filter(pl.col("cc0_roll_call").is_not_null())
    old = rc.join(
        matched.select(
            pl.col("cc0_roll_call").alias("roll_call"),
            pl.col("resolution").alias("o_resolution"),
            "date",
            "meeting",
            "session",
            "undl_id",
            *TOTALS.values(),
        ),
        on="roll_call",
        suffix="_official",
    )
    old = old.with_columns(pl.coalesce("resolution", "o_resolution").alias("resolution"))
    findings.update(_roll_call_findings(old))
    findings["declared totals not usable in the Library record"] = _unusable(records)
    findings["total member states differ from the members on the date"] = _members(
        records, official.votes
    )
    findings[NOTES] = _notes(official)
    new_rc = _new_roll_calls(records.filter(pl.col("cc0_roll_call").is_null()))
    findings["roll call only in the official record"] = _only_official(new_rc, records)
    updated, issues, findings[UNTOLD] = _untold(_update_roll_calls(rc, old), records, cc0)
    roll_calls = pl.concat([updated, new_rc.select(updated.columns)], how="vertical_relaxed")
    seated = edition_votes(
        official.votes.join(ids, on="roll_call")
        .drop("roll_call")
        .rename({"edition_roll_call": "roll_call"}),
        cc0["votes"],
    )
    described = records.select(
        pl.col("edition_roll_call").alias("roll_call"), "date", "resolution",
        pl.col("cc0_roll_call").is_not_null().alias("in_cc0"),
    )  # fmt: skip
    findings.update(differences(seated, cc0["votes"], described))
    dropped = official.dropped.join(ids, on="roll_call").select(
        pl.col("edition_roll_call").alias("roll_call"), "state", "rule"
    )
    replaced = cc0["votes"].join(seated.select("roll_call").unique(), on="roll_call", how="anti")
    all_votes = pl.concat([replaced, seated.select(replaced.columns)]).sort("roll_call", "state")
    before = sum(d.count for d in res_log.rows if d.left_out)
    unplaced = findings["vote agreeing with several CC0 roll calls"]["resolution"]
    resolutions, res_findings = resolutions_of(
        res, placeable(official.resolutions, unplaced, res_log), records, roll_calls, res_log
    )
    findings.update(res_findings)
    roll_calls = unlink(roll_calls, resolutions)
    cc0_only = rc.filter(pl.col("resolution").is_not_null()).join(
        records.select("resolution"), on="resolution", how="anti"
    )
    findings["roll call only in the CC0 data"] = cc0_only.select(
        "roll_call", "resolution", "date", "source"
    )
    tables = _tables(cc0, official, roll_calls, all_votes, resolutions, res_log)
    tables["roll_call_issues"] = issues
    left_out = sum(d.count for d in res_log.rows if d.left_out) - before
    figures = headline(records, old, findings["state vote differs"],
                       findings["vote agreeing with several CC0 roll calls"])  # fmt: skip
    return Edition(tables, findings, left_out, figures, gaps(seated, dropped), rows_left_out)


UNTOLD = "roll call nothing tells apart from another with its votes: its CC0 fields not carried"


Frames3 = tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]


def _untold(roll_calls: pl.DataFrame, records: pl.DataFrame,
            cc0: dict[str, pl.DataFrame]) -> Frames3:  # fmt: skip
    """The roll calls and issue tags without the CC0 fields of the roll calls a vote took in
    order (`untold_fields`), and the finding naming them and the tags not carried."""
    untold = records.filter(pl.col("told_apart").not_())
    issues = cc0.get("roll_call_issues", pl.DataFrame(schema={"roll_call": pl.Int64,
                                                              "issue": pl.String}))  # fmt: skip
    finding = untold.select(
        pl.col("cc0_roll_call").alias("roll_call"), "resolution", "date", "same_votes",
        pl.col("title").alias("description"),
    ).join(_issues_of(issues), on="roll_call", how="left")  # fmt: skip
    kept = issues.join(finding.select("roll_call"), on="roll_call", how="anti")
    return untold_fields(roll_calls, untold), kept, finding


def untold_fields(roll_calls: pl.DataFrame, untold: pl.DataFrame) -> pl.DataFrame:
    """The CC0 roll calls a vote took in order, nothing telling it from another with the same
    votes (`tiebreak`): what only the CC0 data say of them (description, rcid, unres, important
    vote) may be another act's, so their description is the Library's title, the rest empty."""
    titles = untold.select(pl.col("cc0_roll_call").alias("roll_call"), pl.col("title").alias("t"))
    hit = pl.col("roll_call").is_in(titles["roll_call"].implode())
    return (
        roll_calls.join(titles, on="roll_call", how="left")
        .with_columns(
            pl.when(hit).then(pl.col("t")).otherwise(pl.col("description")).alias("description"),
            *(pl.when(~hit).then(pl.col(c)).alias(c) for c in ("rcid", "unres", "important_vote")),
        )
        .select(roll_calls.columns)
    )


def _issues_of(issues: pl.DataFrame) -> pl.DataFrame:
    """(roll_call, issue tags not carried) of the CC0 issue tags."""
    return (
        issues.sort("issue")
        .group_by("roll_call")
        .agg(pl.col("issue").str.join(", ").alias("issue_tags_not_carried"))
    )


def _only_official(new_rc: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """The roll calls only the Library holds, each with the CC0 one its votes come nearest."""
    return new_rc.join(
        records.select("roll_call", "nearest_cc0", "agreement"), on="roll_call", how="left"
    ).select("roll_call", "resolution", "date", "source", "nearest_cc0",
             (pl.col("agreement") * 100).round(1).alias("agreement_percent"))  # fmt: skip


def _tables(
    cc0: dict[str, pl.DataFrame],
    official: Official,
    roll_calls: pl.DataFrame,
    votes: pl.DataFrame,
    resolutions: pl.DataFrame,
    res_log: Log,
) -> dict[str, pl.DataFrame]:
    """The edition's tables: the CC0 package's, with the official record's in their place."""
    tables = dict(cc0)
    tables.update(
        roll_calls=roll_calls.sort("roll_call"),
        votes=votes,
        resolutions=resolutions.sort("resolution"),
    )
    kept = official.resolutions.join(resolutions.select("resolution"), on="resolution", how="semi")
    tables.update(extra_tables(kept, cc0))
    adopted = kept.drop("adoption").join(
        resolutions.select("resolution", "adoption"), on="resolution"
    )
    tables["resolution_totals"] = totals(adopted, cc0, res_log)
    return tables


def _roll_call_findings(old: pl.DataFrame) -> dict[str, pl.DataFrame]:
    cols = ["roll_call", "resolution"]
    differs = old.filter(pl.col("date") != pl.col("date_official"))
    raised = old.filter(pl.col("date_precision") == "month")
    declared = pl.any_horizontal(pl.col(c).is_not_null() for c in TOTALS)
    # A total only one side gives is no difference: the CC0's lack of one is its own category.
    compared = old.filter(_complete() & declared)
    totals_differ = compared.filter(
        pl.any_horizontal(
            pl.col(d).is_not_null() & (pl.col(d) != pl.col(o)) for d, o in TOTALS.items()
        )
    )
    lacking = compared.filter(pl.any_horizontal(pl.col(d).is_null() for d in TOTALS))
    names = [pl.when(pl.col(d).is_null()).then(pl.lit(d.removeprefix("declared_").replace(
        "_", "-"))) for d in TOTALS]  # fmt: skip
    shown = {
        "cc0": pl.concat_str(
            [pl.col(c).cast(pl.String).fill_null("?") for c in TOTALS], separator="-"
        ),
        "official": pl.concat_str(
            [pl.col(c).cast(pl.String).fill_null("?") for c in TOTALS.values()], separator="-"
        ),
    }
    return {
        "date differs": differs.select(
            *cols,
            pl.col("date").alias("cc0_date"),
            "date_precision",
            pl.col("date_official").alias("date"),
            (pl.col("date_official") - pl.col("date")).dt.total_days().alias("days"),
        ),
        "date precision raised": raised.select(
            *cols, pl.col("date").alias("cc0_date"), pl.col("date_official").alias("date")
        ),
        "meeting added": old.filter(
            pl.col("meeting").is_null() & pl.col("meeting_official").is_not_null()
        ).select(
            *cols,
            pl.col("date_official").alias("date"),
            pl.col("meeting_official").alias("meeting"),
        ),
        "meeting differs": old.filter(
            pl.col("meeting").is_not_null()
            & pl.col("meeting_official").is_not_null()
            & (pl.col("meeting") != pl.col("meeting_official"))
        ).select(
            *cols,
            pl.col("date_official").alias("date"),
            pl.col("meeting").alias("cc0"),
            pl.col("meeting_official").alias("official"),
        ),
        "declared totals differ": totals_differ.select(
            *cols, pl.col("date_official").alias("date"), *(e.alias(k) for k, e in shown.items())
        ),
        "declared total the CC0 data lack": lacking.select(
            *cols,
            pl.col("date_official").alias("date"),
            pl.concat_str(names, separator=", ", ignore_nulls=True).alias("lacking"),
            *(e.alias(k) for k, e in shown.items()),
        ),
    }


NOTES = "vote note of the Library (kept in this report only)"


def _notes(official: Official) -> pl.DataFrame:
    """The Library's notes on its votes (`vote_note`: "additional voting information"), which
    no table of the edition holds, from either file."""
    cols = ["resolution", "date", "file", "note"]
    parts = [
        frame.filter(pl.col("vote_note").is_not_null()).select(
            "resolution", "date", pl.lit(name).alias("file"), pl.col("vote_note").alias("note")
        )
        for frame, name in ((official.records, "voting"), (official.resolutions, "resolutions"))
        if "vote_note" in frame.columns
    ]
    return pl.concat(parts).sort(cols) if parts else pl.DataFrame(schema=dict.fromkeys(cols))


def _members(records: pl.DataFrame, votes: pl.DataFrame) -> pl.DataFrame:
    """The Library's votes whose total_ms (its count of the member states: its data
    dictionary) is not the number of members on the date (the package's memberships)."""
    members = votes.group_by("roll_call").len("members")
    return (
        records.join(members, on="roll_call", how="left")
        .filter(pl.col("total_ms").is_not_null() & pl.col("total_ms").ne_missing(pl.col("members")))
        .select(
            pl.col("edition_roll_call").alias("roll_call"), "resolution", "date", "total_ms",
            "members", pl.sum_horizontal(*TOTALS.values()).alias("totals_sum"),
        )
    )  # fmt: skip


def _unusable(records: pl.DataFrame) -> pl.DataFrame:
    """The Library's votes whose declared totals are not all readable."""
    return records.filter(~_complete()).select(
        pl.col("edition_roll_call").alias("roll_call"),
        "resolution",
        "date",
        pl.concat_str(
            [pl.col(c).cast(pl.String).fill_null("?") for c in TOTALS.values()], separator="-"
        ).alias("official"),
        pl.when(pl.col("cc0_roll_call").is_not_null())
        .then(pl.lit("the CC0 totals kept"))
        .otherwise(pl.lit("no declared totals"))
        .alias("edition"),
    )


def _update_roll_calls(rc: pl.DataFrame, old: pl.DataFrame) -> pl.DataFrame:
    has_totals = _complete()
    official = old.select(
        "roll_call",
        pl.col("date_official").alias("o_date"),
        pl.col("meeting_official").alias("o_meeting"),
        pl.col("session_official").alias("o_session"),
        "o_resolution",
        *[
            pl.when(has_totals).then(pl.col(o)).otherwise(pl.col(d)).alias(f"o_{d}")
            for d, o in TOTALS.items()
        ],
        pl.when(has_totals)
        .then(record_or("undl_id", VOTING_RECORD))
        .otherwise(pl.col("totals_source"))
        .alias("o_totals_source"),
    )
    joined = rc.join(official, on="roll_call", how="left")
    hit = pl.col("o_date").is_not_null()
    return joined.with_columns(
        pl.when(hit).then(pl.col("o_date")).otherwise(pl.col("date")).alias("date"),
        pl.when(hit)
        .then(pl.lit("day"))
        .otherwise(pl.col("date_precision"))
        .alias("date_precision"),
        pl.coalesce("o_meeting", "meeting").alias("meeting"),
        pl.coalesce("o_session", "session").alias("session"),
        # A roll call the CC0 data hold without a symbol gets the Library's (`twins`).
        pl.coalesce("resolution", "o_resolution").alias("resolution"),
        *[pl.when(hit).then(pl.col(f"o_{d}")).otherwise(pl.col(d)).alias(d) for d in TOTALS],
        pl.when(hit)
        .then(pl.col("o_totals_source"))
        .otherwise(pl.col("totals_source"))
        .alias("totals_source"),
    ).select(rc.columns)


def _new_roll_calls(records: pl.DataFrame) -> pl.DataFrame:
    return records.select(
        pl.col("roll_call"),
        "session",
        "date",
        pl.lit("day").alias("date_precision"),
        "meeting",
        pl.lit("resolution").alias("subject"),
        "resolution",
        *[pl.when(_complete()).then(pl.col(o)).alias(d) for d, o in TOTALS.items()],
        pl.when(_complete()).then(record_or("undl_id", VOTING_RECORD)).alias("totals_source"),
        pl.col("title").alias("description"),
        record_or("undl_id", VOTING_RECORD).alias("source"),
        pl.lit(None, pl.Int64).alias("rcid"),
        pl.lit(None, pl.String).alias("unres"),
        pl.lit(None, pl.Boolean).alias("important_vote"),
    )
