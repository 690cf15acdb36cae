"""Which vote is which roll call, among votes and roll calls the per-state votes cannot tell apart.

The pairing (`pairing`) settles how many of a kind of vote (votes with the same candidates at
the same agreement) go to each class of CC0 roll calls (those with the same votes, date and
meeting), and how many to none. Which of them goes where is told by their words: the
Library's title against the CC0 description, each as its set of words (lower case, accents
and punctuation removed, the words every title shares left out: `STOP`), scored by the share
of the words either holds that both hold. A vote and a roll call are paired when each scores
the other strictly higher than any other it may still take; then again, until none is. What
is left is taken in order (the votes by date and record, the roll calls by number; the first
votes take the roll calls, the last none) and marked not told apart: the edition then carries
none of that roll call's own CC0 fields (description, rcid, unres, important vote, issue
tags), which may be another act's, and a vote given none is a roll call only in the Library.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

STOP = frozenset(
    ("a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "its", "of", "on", "or",
     "the", "to", "with", "un", "united", "nations", "general", "assembly", "resolution",
     "adopted")
)  # fmt: skip


def words(text: str | None) -> frozenset[str]:
    """The words of a title or description that may tell it apart."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return frozenset(re.findall(r"[a-z0-9]+", plain.lower())) - STOP


def likeness(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of the words either holds that both hold (0 when neither holds one)."""
    return len(a & b) / len(a | b) if a | b else 0.0


@dataclass
class Kind:
    """Votes the pairing cannot tell apart, and the classes (None: no roll call) it gives them."""

    votes: list[int]  # in order: by date and record
    slots: Counter[int | None] = field(default_factory=Counter)


def assign(
    kinds: list[Kind], members: dict[int, list[int]], score: dict[tuple[int, int], float]
) -> list[tuple[int, int | None, bool]]:
    """(vote, roll call or None, told apart) for every vote of `kinds`; `members` the roll
    calls of each class, in order; `score` the likeness of (vote, roll call)."""
    free = {cls: list(rcs) for cls, rcs in members.items()}
    kind_of = {v: k for k in kinds for v in k.votes}
    out: list[tuple[int, int | None, bool]] = []
    while (best := _told_apart(kind_of, free, score)) is not None:
        vote, rc, cls = best
        kind_of.pop(vote).slots[cls] -= 1
        free[cls].remove(rc)
        out.append((vote, rc, True))
    for kind in kinds:
        for vote in (v for v in kind.votes if v in kind_of):
            given = next((c for c in sorted(kind.slots, key=_last_none)
                          if kind.slots[c] > 0 and (c is None or free[c])), None)  # fmt: skip
            kind.slots[given] -= 1
            taken = free[given].pop(0) if given is not None else None
            out.append((vote, taken, taken is None and _alone(kind)))
    return out


def _last_none(cls: int | None) -> tuple[bool, int]:
    return (cls is None, cls or 0)


def _alone(kind: Kind) -> bool:
    """A vote given none is told apart only if its kind had no roll call to give."""
    return not any(c is not None for c in kind.slots)


def _told_apart(kind_of: dict[int, Kind], free: dict[int, list[int]],
                score: dict[tuple[int, int], float]) -> tuple[int, int, int] | None:  # fmt: skip
    """The first (vote, roll call, class) whose vote and roll call each score the other
    strictly highest of what they may still take, the highest such first."""
    options = [
        (score.get((v, rc), 0.0), v, rc, cls)
        for v, kind in kind_of.items()
        for cls, n in kind.slots.items()
        if cls is not None and n > 0
        for rc in free[cls]
    ]
    by_vote: dict[int, list[float]] = {}
    by_rc: dict[int, list[float]] = {}
    for s, v, rc, _ in options:
        by_vote.setdefault(v, []).append(s)
        by_rc.setdefault(rc, []).append(s)
    for s, v, rc, cls in sorted(options, key=lambda o: (-o[0], o[1], o[2])):
        if _strict_max(s, by_vote[v]) and _strict_max(s, by_rc[rc]):
            return v, rc, cls
    return None


def _strict_max(s: float, scores: list[float]) -> bool:
    """`s` is the highest of `scores` (itself among them) and no other equals it."""
    return s == max(scores) and scores.count(s) == 1


__all__ = ["Kind", "assign", "likeness", "words"]
