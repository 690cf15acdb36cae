"""The Library's votes paired one to one with the CC0 roll calls that agree with them.

Each vote has candidates (`twins`: CC0 roll calls without a symbol of its session and date
whose states' votes agree at `AGREEMENT` or more). CC0 roll calls with the same per-state votes,
date, precision and meeting are interchangeable: whichever of them a vote takes, the edition's
votes are the same. The votes and candidates that share one (a group) are paired as the best
pairings of the group pair them: those that pair the most votes and, of those, under which the
paired states' votes agree most in all. A vote is paired when every best pairing gives it the
same candidate, or one of the same interchangeable candidates (then the votes given those are
paired with them in order: the Library's by date and record, the CC0's by roll call, which of
them is which not being known); a vote that no best pairing pairs has no CC0 roll call; the rest
are ambiguous, which one is not known. A group too large to weigh every pairing of (more than
`MAX_VOTES` votes, or `MAX_STEPS` steps of the search) is ambiguous whole: a file can hold any
number of votes of one day, and the search must stay bounded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl

# The bounds of one group's search. On a rendering of the CC0 data in the Library's layout, the
# largest group held 12 votes and its search took 43 steps; a group at the bound takes about
# 20 ms, so even a hostile file whose every group reaches it (one group per CC0 roll call
# without a symbol at most: under 500) is weighed in about ten seconds.
MAX_VOTES = 64
MAX_STEPS = 10_000
EPSILON = 1e-9  # two sums of agreements this close are equal


@dataclass
class _Search:
    """The best pairings of one group found so far: their measure, and each vote's classes."""

    options: dict[int, list[tuple[int, float]]]  # vote -> (class, agreement), best first
    capacity: dict[int, int]  # class -> its interchangeable roll calls
    best: tuple[int, float] = (-1, 0.0)
    choices: dict[int, set[int | None]] = field(default_factory=dict)
    steps: int = 0


def pair(candidates: pl.DataFrame, cc0_votes: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """`candidates` (roll_call, cc0_roll_call, agreement, date, cc0_date, date_precision,
    cc0_meeting) paired: (roll_call, cc0_roll_call, same_votes: how many interchangeable CC0
    roll calls the vote's is one of), and the votes whose roll call is not known."""
    if candidates.is_empty():
        empty = pl.DataFrame(schema={"roll_call": pl.Int64, "cc0_roll_call": pl.Int64,
                                     "same_votes": pl.UInt32})  # fmt: skip
        return empty, pl.Series("roll_call", [], pl.Int64)
    classes = _classes(candidates, cc0_votes)
    edges = candidates.join(classes, on="cc0_roll_call").unique(["roll_call", "class"])
    options: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for vote, cls, agreement in (
        edges.sort("agreement", descending=True)
        .select("roll_call", "class", "agreement")
        .iter_rows()
    ):
        options[vote].append((cls, agreement))
    capacity = dict(classes.group_by("class").len().iter_rows())
    paired: dict[int, int] = {}
    ambiguous: list[int] = []
    for group in _groups(options):
        search = _Search({v: options[v] for v in group}, capacity)
        order = sorted(group, key=lambda v: (len(options[v]), v))  # the most constrained first
        if len(group) > MAX_VOTES or not _search(search, order):
            ambiguous.extend(group)
            continue
        for vote, chosen in search.choices.items():
            if len(chosen) > 1:
                ambiguous.append(vote)
            elif (cls := next(iter(chosen))) is not None:
                paired[vote] = cls
    return _in_order(paired, candidates, classes), pl.Series("roll_call", sorted(ambiguous),
                                                             pl.Int64)  # fmt: skip


def _classes(candidates: pl.DataFrame, cc0_votes: pl.DataFrame) -> pl.DataFrame:
    """(cc0_roll_call, class): the candidates with the same votes, date and meeting share one."""
    ids = candidates.select("cc0_roll_call").unique()
    signature = (
        cc0_votes.join(ids, left_on="roll_call", right_on="cc0_roll_call")
        .sort("roll_call", "state")
        .group_by("roll_call", maintain_order=True)
        .agg(pl.concat_str("state", "vote", separator=":").str.join(",").alias("votes"))
        .rename({"roll_call": "cc0_roll_call"})
    )
    keys = ["votes", "cc0_date", "date_precision", "cc0_meeting"]
    described = candidates.select("cc0_roll_call", *keys[1:]).unique("cc0_roll_call")
    return (
        described.join(signature, on="cc0_roll_call", how="left")
        .with_columns(pl.struct(keys).rank("dense").cast(pl.Int64).alias("class"))
        .select("cc0_roll_call", "class")
    )


def _groups(options: dict[int, list[tuple[int, float]]]) -> list[list[int]]:
    """The votes linked through the candidates they share, each group sorted."""
    root: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        root.setdefault(node, node)
        while root[node] != node:
            root[node] = root[root[node]]
            node = root[node]
        return node

    for vote, opts in options.items():
        for cls, _ in opts:
            root[find(("vote", vote))] = find(("class", cls))
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for vote in options:
        groups[find(("vote", vote))].append(vote)
    return [sorted(g) for g in sorted(groups.values())]


def _search(search: _Search, votes: list[int]) -> bool:
    """Every best pairing of `votes`, into `search`; False when the search is cut short."""
    count_left = [0] * (len(votes) + 1)
    best_left = [0.0] * (len(votes) + 1)
    for i in range(len(votes) - 1, -1, -1):
        opts = search.options[votes[i]]
        count_left[i] = count_left[i + 1] + 1
        best_left[i] = best_left[i + 1] + (opts[0][1] if opts else 0.0)
    used: dict[int, int] = defaultdict(int)
    chosen: list[int | None] = []

    def better(a: tuple[int, float], b: tuple[int, float]) -> int:
        """1 if a is the better measure, 0 if they are equal, -1 if b is."""
        if a[0] != b[0]:
            return 1 if a[0] > b[0] else -1
        return 0 if abs(a[1] - b[1]) <= EPSILON else (1 if a[1] > b[1] else -1)

    def step(i: int, count: int, total: float) -> bool:
        search.steps += 1
        if search.steps > MAX_STEPS:
            return False
        if better((count + count_left[i], total + best_left[i]), search.best) < 0:
            return True  # no pairing from here is as good as the best found
        if i == len(votes):
            if better((count, total), search.best) > 0:
                search.best, search.choices = (count, total), {}
            for vote, cls in zip(votes, chosen, strict=True):
                search.choices.setdefault(vote, set()).add(cls)
            return True
        for cls, agreement in search.options[votes[i]]:
            if used[cls] < search.capacity[cls]:
                used[cls] += 1
                chosen.append(cls)
                ok = step(i + 1, count + 1, total + agreement)
                chosen.pop()
                used[cls] -= 1
                if not ok:
                    return False
        chosen.append(None)
        ok = step(i + 1, count, total)
        chosen.pop()
        return ok

    return step(0, 0, 0.0)


def _in_order(paired: dict[int, int], candidates: pl.DataFrame,
              classes: pl.DataFrame) -> pl.DataFrame:  # fmt: skip
    """Each paired vote given a roll call of its class: the class's votes in the order of
    their date and record, its roll calls in theirs."""
    votes = pl.DataFrame(
        {"roll_call": list(paired), "class": list(paired.values())},
        schema={"roll_call": pl.Int64, "class": pl.Int64},
    ).join(candidates.select("roll_call", "date").unique("roll_call"), on="roll_call")
    votes = votes.sort("date", "roll_call").with_columns(
        pl.int_range(pl.len()).over("class").alias("rank")
    )
    members = classes.sort("cc0_roll_call").with_columns(
        pl.int_range(pl.len()).over("class").alias("rank"),
        pl.len().over("class").alias("same_votes"),
    )
    return votes.join(members, on=["class", "rank"]).select(
        "roll_call", "cc0_roll_call", "same_votes"
    )


__all__ = ["MAX_STEPS", "MAX_VOTES", "pair"]
