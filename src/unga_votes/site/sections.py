"""The pages about states and sessions, the index, and the pages that list or query them."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor

from . import charts, stats
from .data import Release, Resolution, RollCall
from .names import page
from .pages import Writer, resolution_url
from .stats import Agreement, Coverage, Share


def _pool_size() -> int:
    return max(1, min(2, len(os.sched_getaffinity(0))))


def _end_with(parent: int) -> None:
    """Run in each worker: end it when the run that started it ends. A forked worker holds
    what the run held (the output's lock among it); a killed run must not leave it behind,
    idle, refusing the next run."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="unga-site-parent", daemon=True).start()


def state_pages(writer: Writer, release: Release, refs: tuple[str, ...]) -> int:
    shares = stats.shares(release.con)
    agreement = stats.agreement(release.con, refs)
    against = stats.against_majority(release.con)
    codes = list(release.states)
    order = session_dates(release)
    jobs = [
        (code, release.states[code].name, shares.get(code, []),
         {r: agreement.get(code, {}).get(r, []) for r in refs if r != code}, order)
        for code in codes
    ]  # fmt: skip
    # Charts are most of the time: draw them in a process pool (results in the order given).
    with ProcessPoolExecutor(_pool_size(), initializer=_end_with, initargs=(os.getpid(),)) as pool:
        drawn = list(pool.map(charts.state_charts, jobs, chunksize=8))
    for (code, _, state_shares, series, _), (shares_svg, agreement_svg) in zip(
        jobs, drawn, strict=True
    ):
        counts = {
            "Y": sum(s.yes for s in state_shares),
            "N": sum(s.no for s in state_shares),
            "A": sum(s.abstain for s in state_shares),
            "X": sum(s.non_voting for s in state_shares),
        }
        counts["total"] = sum(counts.values())
        writer.page(
            page("state", code),
            "state.html",
            state=release.states[code],
            counts=counts,
            shares_svg=shares_svg,
            agreement_svg=agreement_svg,
            share_rows=_share_rows(state_shares, order),
            refs=[r for r in series if series[r]],
            share_keys=charts.SHARE_KEYS,
            agreement_keys=[k for k in charts.agreement_keys(list(series)) if series[k[0]]],
            agreement_rows=_agreement_rows(series, order),
            against=[
                ("../" + page("rc", rc), _label(release, rc), date, vote, yes, no)
                for rc, date, vote, yes, no in against.get(code, [])
            ],
        )
    return len(codes)


def _label(release: Release, rc: int) -> str:
    return release.roll_calls[rc].resolution or f"Roll call {rc}"


NO_VOTE = "no vote"  # a table's cell where its chart has a gap


def session_dates(release: Release) -> list[tuple[str, dt.date]]:
    """Every session of the release, in order, with its first date (where the charts put it)."""
    first: dict[str, dt.date] = {}
    items: list[RollCall | Resolution] = [
        *release.roll_calls.values(),
        *release.resolutions.values(),
    ]
    for item in items:
        first[item.session] = min(item.date, first.get(item.session, item.date))
    return [(s, first[s]) for s in release.sessions if s in first]


def _between(order: list[tuple[str, dt.date]], held: set[str]) -> list[tuple[str, dt.date]]:
    """The sessions of `order` from the first to the last of `held`."""
    at = [i for i, (s, _) in enumerate(order) if s in held]
    return order[at[0] : at[-1] + 1] if at else []


def _share_rows(shares: list[Share], order: list[tuple[str, dt.date]] | None = None) -> list[tuple]:
    """One row per session from the state's first vote row to its last: its counts, and "no
    vote" where the chart has a gap (no vote cast; no vote row at all)."""
    order = order if order is not None else [(s.session, s.first) for s in shares]
    by = {s.session: s for s in shares}
    rows: list[tuple] = []
    for session, first in _between(order, set(by)):
        share = by.get(session)
        if share is None:
            rows.append((session, first, NO_VOTE, NO_VOTE, NO_VOTE, NO_VOTE))
        elif share.cast == 0:
            rows.append((session, share.first, NO_VOTE, NO_VOTE, NO_VOTE, share.non_voting))
        else:
            rows.append(
                (session, share.first, share.yes, share.no, share.abstain, share.non_voting)
            )
    return rows


def _agreement_rows(
    series: dict[str, list[Agreement]], order: list[tuple[str, dt.date]] | None = None
) -> list[tuple]:
    """One row per session from the first with a roll call in common to the last, a column per
    reference state with one: "same of both", or "no vote" where its line breaks."""
    cells: dict[tuple[str, str], str] = {}
    seen: dict[str, dt.date] = {}
    for ref, points in series.items():
        for p in points:
            if p.both:
                seen.setdefault(p.session, p.first)
                cells[ref, p.session] = f"{p.same}/{p.both}"
    if order is None:
        order = sorted(seen.items(), key=lambda item: (item[1], item[0]))
    refs = [r for r in series if series[r]]
    return [
        (session, *(cells.get((r, session), NO_VOTE) for r in refs))
        for session, _ in _between(order, set(seen))
    ]


def session_pages(writer: Writer, release: Release) -> int:
    by_session = defaultdict(list)
    for rc in release.roll_calls.values():
        by_session[rc.session].append(rc)
    resolutions = defaultdict(list)
    for res in release.resolutions.values():
        resolutions[res.session].append(res)
    for session in release.sessions:
        rcs = sorted(by_session[session], key=lambda r: (r.date, r.id))
        rows = []
        for rc in rcs:
            adopted = release.resolutions.get(rc.resolution) if rc.resolution else None
            text = (adopted.title if adopted and adopted.title else None) or rc.description or ""
            if len(text) > 200:
                text = text[:199] + "…"
            rows.append((rc, rc.resolution or f"Roll call {rc.id}", text, rc.tally()))
        without = [r for r in resolutions[session]
                   if resolution_url(release, r.symbol).startswith("res/")]  # fmt: skip
        dates = [r.date for r in rcs] + [r.date for r in resolutions[session]]
        writer.page(
            page("session", session),
            "session.html",
            session=session,
            roll_calls=rows,
            resolutions=resolutions[session],
            without=without,
            first=min(dates, default=None),
            last=max(dates, default=None),
        )
    return len(release.sessions)


def coverage_rows(
    coverage: list[Coverage], adoptions: list[str], has_precision: bool
) -> tuple[list[str], list[list[object]]]:
    head = ["Session", "First date", "Roll calls", *[f"Resolutions, {a}" for a in adoptions]]
    if has_precision:
        head.append("Dated to the day")
    rows: list[list[object]] = []
    for c in coverage:
        row: list[object] = [
            c.session,
            c.first or "",
            c.roll_calls,
            *[c.resolutions(a) for a in adoptions],
        ]
        if has_precision:
            row.append(f"{c.day_dated} of {c.dated}")
        rows.append(row)
    return head, rows


def index_pages(writer: Writer, release: Release, counts: dict[str, str]) -> None:
    coverage = stats.coverage(release)
    adoptions = sorted({a for c in coverage for a in c.adoption}, key=charts.adoption_order)
    head, rows = coverage_rows(coverage, adoptions, release.has_precision)
    latest = sorted(coverage, key=lambda c: (c.first is not None, c.first), reverse=True)[:5]
    writer.page(
        "index.html",
        "index.html",
        counts=counts,
        latest=latest,
        coverage_svg=charts.coverage_chart("coverage", coverage),
        coverage_head=head,
        coverage_rows=rows,
        not_in_source=stats.NOT_IN_SOURCE,
    )
    writer.page(
        "sessions.html",
        "sessions.html",
        coverage=coverage,
        adoptions=adoptions,
        has_precision=release.has_precision,
    )
    states = sorted(release.states.values(), key=lambda s: (s.name, s.code))
    writer.page("states.html", "states.html", states=states)


def compare_page(writer: Writer, release: Release, refs: tuple[str, ...]) -> None:
    states = sorted(release.states.values(), key=lambda s: (s.name, s.code))
    writer.page("compare.html", "compare.html", states=states, refs=refs)
