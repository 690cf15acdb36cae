"""The Library's votes paired one to one with the CC0 roll calls that agree with them.

Each vote has candidates (`twins`: CC0 roll calls without a symbol of its session and date
whose states' votes agree at `AGREEMENT` or more). CC0 roll calls with the same per-state votes,
date, precision and meeting are interchangeable, as are votes with the same candidates at the
same agreement (a kind). The votes and candidates that share one (a group) are paired as the
best pairings of the group pair them: those that pair the most votes and, of those, under
which the paired states' votes agree most. A kind of vote is paired when every best pairing
gives its votes the same classes of roll calls (and as many none); which vote takes which roll
call, or none, is then told by their words, else their order (`tiebreak`). The votes of the
other kinds are ambiguous, which one is not known. A group too large to weigh every pairing
of (more than `MAX_VOTES` votes, or `MAX_STEPS` steps of the search) is ambiguous whole: a
file can hold any number of votes of one day, and the search must stay bounded.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import polars as pl

from .tiebreak import Kind, assign, likeness, words

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
    # kind (the votes with the same options) -> the classes each best pairing gives its votes
    choices: dict[tuple, set[tuple[int, ...]]] = field(default_factory=dict)
    steps: int = 0


def pair(candidates: pl.DataFrame, cc0_votes: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """`candidates` (roll_call, cc0_roll_call, agreement, date, cc0_date, date_precision,
    cc0_meeting; title and cc0_description to tell them apart) paired: (roll_call,
    cc0_roll_call, same_votes: how many interchangeable CC0 roll calls the vote's is one of,
    told_apart: `tiebreak`), and the votes whose roll call is not known."""
    if candidates.is_empty():
        return _frame([], pl.DataFrame(schema={"cc0_roll_call": pl.Int64, "class": pl.Int64})), \
            pl.Series("roll_call", [], pl.Int64)  # fmt: skip
    classes = _classes(candidates, cc0_votes)
    edges = candidates.join(classes, on="cc0_roll_call").unique(["roll_call", "class"])
    options: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for vote, cls, agreement in (
        edges.sort(["agreement", "class"], descending=[True, False])
        .select("roll_call", "class", "agreement")
        .iter_rows()
    ):
        options[vote].append((cls, agreement))
    capacity = dict(classes.group_by("class").len().iter_rows())
    members = {c: sorted(g) for c, g in classes.group_by("class").agg("cc0_roll_call").rows()}
    score = _scores(candidates)
    paired: list[tuple[int, int | None, bool]] = []
    ambiguous: list[int] = []
    for group in _groups(options):
        search = _Search({v: options[v] for v in group}, capacity)
        order = sorted(group, key=lambda v: (len(options[v]), v))  # the most constrained first
        if len(group) > MAX_VOTES or not _search(search, order):
            ambiguous.extend(group)
            continue
        kinds, unknown = _kinds(group, search, candidates)
        ambiguous.extend(unknown)
        paired.extend(assign(kinds, members, score))
    return _frame(paired, classes), pl.Series("roll_call", sorted(ambiguous), pl.Int64)


def _kinds(group: list[int], search: _Search,
           candidates: pl.DataFrame) -> tuple[list[Kind], list[int]]:  # fmt: skip
    """The group's kinds of votes every best pairing gives the same classes (as many votes
    each), the votes in order of date and record; and the votes of the other kinds."""
    when = dict(candidates.select("roll_call", "date").unique("roll_call").iter_rows())
    by_kind: dict[tuple, list[int]] = defaultdict(list)
    for vote in sorted(group, key=lambda v: (when[v], v)):
        by_kind[tuple(search.options[vote])].append(vote)
    kinds, unknown = [], []
    for kind, votes in by_kind.items():
        given = search.choices.get(kind, set())
        if len(given) != 1:
            unknown.extend(votes)
            continue
        slots = Counter(None if c < 0 else c for c in next(iter(given)))
        kinds.append(Kind(votes, slots))
    return kinds, unknown


def _scores(candidates: pl.DataFrame) -> dict[tuple[int, int], float]:
    """The likeness of each vote's title and each candidate's CC0 description (`tiebreak`)."""
    cols = [c for c in ("title", "cc0_description") if c in candidates.columns]
    if len(cols) < 2:
        return {}
    return {
        (v, rc): likeness(words(title), words(desc))
        for v, rc, title, desc in candidates.select("roll_call", "cc0_roll_call", *cols).iter_rows()
    }


def _frame(paired: list[tuple[int, int | None, bool]], classes: pl.DataFrame) -> pl.DataFrame:
    """(roll_call, cc0_roll_call, same_votes, told_apart) of the votes given a roll call."""
    rows = [(v, rc, told) for v, rc, told in paired if rc is not None]
    frame = pl.DataFrame(rows, schema={"roll_call": pl.Int64, "cc0_roll_call": pl.Int64,
                                       "told_apart": pl.Boolean}, orient="row")  # fmt: skip
    sizes = classes.with_columns(pl.len().over("class").cast(pl.UInt32).alias("same_votes"))
    return frame.join(sizes.select("cc0_roll_call", "same_votes"), on="cc0_roll_call").select(
        "roll_call", "cc0_roll_call", "same_votes", "told_apart"
    )


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
            given: dict[tuple, list[int]] = defaultdict(list)
            for vote, cls in zip(votes, chosen, strict=True):
                given[tuple(search.options[vote])].append(-1 if cls is None else cls)
            for kind, classes in given.items():
                search.choices.setdefault(kind, set()).add(tuple(sorted(classes)))
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


__all__ = ["MAX_STEPS", "MAX_VOTES", "pair"]
