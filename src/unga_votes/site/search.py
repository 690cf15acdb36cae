"""The data the pages load with JavaScript: the search index and the votes for comparing states.

Both are built at generation time as JSON beside the pages; the browser only filters them.
"""

from __future__ import annotations

import json

from ..escape import printable
from .data import Release, Resolution
from .names import page
from .pages import resolution_url

VOTE_CODES = "YNAX"


def search_index(release: Release) -> dict:
    """Entries [url, symbol or name, text, date] for roll calls, resolutions without a roll
    call (with the resolution's subject headings and agenda titles, where the release has them),
    states (every name they bore) and sessions. The browser matches every word of a
    query against the symbol, the text and the date (so a year finds its roll calls)."""
    entries = []
    for rc in release.roll_calls.values():
        res = release.resolutions.get(rc.resolution) if rc.resolution else None
        label = rc.resolution or f"Roll call {rc.id}"
        text = " ".join(t for t in ((res.title if res else None), rc.description,
                                    *(_extras(res) if res else ())) if t)  # fmt: skip
        entries.append([page("rc", rc.id), label, text, rc.date.isoformat()])
    for res in release.resolutions.values():
        url = resolution_url(release, res.symbol)
        if url.startswith("res/"):
            text = " ".join([res.title or res.adoption, *_extras(res)])
            entries.append([url, res.symbol, text, res.date.isoformat()])
    for state in release.states.values():
        names = sorted({n for n, *_ in state.names} | {state.name})
        entries.append([page("state", state.code), state.name,
                        f"State {state.code}: " + "; ".join(names), ""])  # fmt: skip
    for session in release.sessions:
        entries.append([page("session", session), f"Session {session}", "", ""])
    return {"entries": entries}


def _extras(res: Resolution) -> list[str]:
    """What the search also matches of a resolution: its subject headings and agenda titles."""
    return [*res.subjects, *res.agenda_titles]


def compare_data(release: Release) -> dict:
    """Each state's votes as one string, a character per roll call (Y, N, A, X, or - when not
    a member), with the roll calls' ids, sessions, dates and labels in the same order."""
    order = sorted(release.roll_calls.values(), key=lambda r: (r.date, r.id))
    position = {rc.id: i for i, rc in enumerate(order)}
    strings = {code: ["-"] * len(order) for code in release.states}
    for rc in order:
        column = position[rc.id]
        for code, _, vote in rc.votes:
            strings[code][column] = vote if vote in VOTE_CODES else "-"
    return {
        "roll_calls": [
            [rc.id, rc.session, rc.date.isoformat(), rc.resolution or f"Roll call {rc.id}"]
            for rc in order
        ],
        "states": {
            code: {"name": release.states[code].name, "votes": "".join(votes)}
            for code, votes in strings.items()
            if any(v != "-" for v in votes)
        },
    }


def dump(value: object) -> str:
    """Compact JSON, keys in a fixed order, so the same release gives the same bytes; in every
    text, invisible and control characters written as visible escapes (the pages' scripts put
    these texts in the page)."""
    return json.dumps(_shown(value), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _shown(value: object) -> object:
    if isinstance(value, str):
        return printable(value, keep="")
    if isinstance(value, dict):
        return {_shown(k): _shown(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_shown(v) for v in value]
    return value
