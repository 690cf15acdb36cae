"""Every chart of the site, pre-rendered as SVG at generation time with matplotlib.

Why this approach, for all charts: pages must show their charts without JavaScript (only
search, the map's interactions and SQL may need it), so a chart drawn in the page would leave a
reader without JavaScript with nothing. Pre-rendered SVG is in the HTML itself, scales to any
screen, stays text (`svg.fonttype` none) and costs the reader no script. matplotlib is the
well-kept plotting library for it; output is deterministic (fixed hash salt per chart, no date
in the metadata), and each chart is inlined with `role="img"`, a label and a data table beside
it as its text alternative. The charts of the state pages are drawn in a process pool.

Missing data are never drawn as 0: a session of the release in which a state cast no vote, or
a pair voted in no roll call together, is a gap in the area and a break in the line (a point
left alone between two breaks is a dot), and its row in the table beside says "no vote"; a
session the release has no resolution of (its source gives none) has no resolutions bar on the
coverage chart, and its table says "not in the source".
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Sequence

import matplotlib

matplotlib.use("svg")
from markupsafe import Markup, escape
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure

from ..escape import printable
from .stats import Agreement, Coverage, Share

# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
VOTE_COLOURS = {"Y": "#0072B2", "N": "#D55E00", "A": "#F0E442", "X": "#7f7f7f"}
LINE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9")
ADOPTION_COLOURS = {"recorded vote": "#0072B2", "non-recorded vote": "#56B4E9",
                    "without a vote": "#009E73"}  # fmt: skip
SHARE_TICKS, SHARE_LABELS = (0, 0.25, 0.5, 0.75, 1), ("0", "25%", "50%", "75%", "100%")
STATE_AXES = (0.07, 0.12, 0.91, 0.84)  # left, bottom, width, height (legends and titles: the page)
SHARE_KEYS = (("Yes", VOTE_COLOURS["Y"]), ("No", VOTE_COLOURS["N"]), ("Abstain", VOTE_COLOURS["A"]))
GAP_YEARS = 2.5  # a line breaks where consecutive sessions are further apart than this
EMPTY_YEARS = (1946.0, 2020.0)  # the x axis of a chart without data
BAR_YEARS = 0.7  # width of a session's bar on the time axis

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "font.size": 9,
        "font.family": "sans-serif",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.linewidth": 0.4,
        "grid.color": "#cccccc",
        "legend.frameon": False,
    }
)


def _svg(fig: Figure, chart_id: str, label: str) -> Markup:
    """The figure as an inline <svg> element with an accessible name, ids unique to it
    (matplotlib escapes the text it writes; the label is escaped here, its invisible characters
    written as escapes)."""
    buffer = io.StringIO()
    matplotlib.rcParams["svg.hashsalt"] = chart_id  # (an rc_context would copy every setting)
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    # Path coordinates to a tenth of a point: invisible at any zoom a page allows, a third of
    # the bytes.
    text = PATH_DATA.sub(lambda m: DIGITS.sub(_first, m.group(0)), text)
    text = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r"<svg \1", text, count=1)
    # matplotlib's one style rule is in style.css: the pages' policy refuses <style> (csp.py).
    text = STYLE.sub("", text, count=1)
    label = escape(printable(label))
    return Markup(text.replace(
        "<svg ", f'<svg id="{escape(chart_id)}" role="img" aria-label="{label}" ', 1
    ))  # fmt: skip


PATH_DATA = re.compile(r' d="[^"]*"')
STYLE = re.compile(r"\s*<defs>\s*<style[^>]*>[^<]*</style>\s*</defs>")
DIGITS = re.compile(r"(\.\d)\d+")


def _first(match: re.Match[str]) -> str:
    return match.group(1)


def _year(d: dt.date) -> float:
    """A date as a decimal year: a plain numeric axis draws much faster than a date axis."""
    return d.year + (d.timetuple().tm_yday - 1) / 366


def _date_axis(ax: Axes, first: float, last: float) -> None:
    """Years on the x axis, a tick per decade (fixed ticks: the locators are slow)."""
    ax.set_xlim(first - 0.6, last + 0.6)
    step = 10 if last - first > 25 else 5 if last - first > 8 else 1
    start = int(first // step * step) + (step if first % step else 0)
    ax.set_xticks(
        range(start, int(last) + 1, step), [str(y) for y in range(start, int(last) + 1, step)]
    )


_FIGURES: dict[str, tuple[Figure, Axes]] = {}


def _axes(kind: str) -> tuple[Figure, Axes]:
    """A figure and its axes for one kind of state chart, emptied of the previous chart's data.

    Building a figure and its axis ticks is most of a chart's cost; the hundreds of state
    charts reuse one per kind (everything drawn from the data is removed and drawn anew)."""
    if kind not in _FIGURES:
        fig = Figure(figsize=(7.5, 2.4))
        _FIGURES[kind] = (fig, fig.add_axes(STATE_AXES))
    fig, ax = _FIGURES[kind]
    for artist in [*ax.collections, *ax.lines, *ax.patches]:
        artist.remove()
    return fig, ax


Sessions = Sequence[tuple[str, dt.date]]  # every session of the release, in order, first date
NAN = float("nan")
HALF_SLOT = 0.5  # years either side of a session's date, at most, that its step covers


def _slots(sessions: Sessions) -> dict[str, tuple[float, float]]:
    """Each session's stretch of the time axis: halfway to its neighbours, at most a year."""
    xs = [_year(first) for _, first in sessions]
    out = {}
    for i, (session, _) in enumerate(sessions):
        left = xs[i] - HALF_SLOT if i == 0 else max(xs[i] - HALF_SLOT, (xs[i - 1] + xs[i]) / 2)
        last = i == len(xs) - 1
        right = xs[i] + HALF_SLOT if last else min(xs[i] + HALF_SLOT, (xs[i] + xs[i + 1]) / 2)
        out[session] = (left, right)
    return out


def _area(
    sessions: Sessions, slots: dict, cast: dict[str, Share], bottom: dict[str, float], attr: str
) -> tuple[list[float], list[float], list[float]]:
    """x, bottom and top of one kind of vote's area, a step per session where the state cast
    votes (and `bottom` raised to its top); NaN, a break, over every session where it cast
    none and between sessions years apart."""
    xs: list[float] = []
    low: list[float] = []
    high: list[float] = []
    for session, _ in sessions:
        share = cast.get(session)
        drawing = bool(xs) and not math.isnan(xs[-1])
        left, right = slots[session]
        if drawing and (share is None or xs[-1] < left):
            xs.append(NAN)
            low.append(NAN)
            high.append(NAN)
        if share is None:
            continue
        top = bottom[session] + getattr(share, attr) / share.cast
        xs += [left, right]
        low += [bottom[session]] * 2
        high += [top] * 2
        bottom[session] = top
    return xs, low, high


def shares_chart(
    chart_id: str, name: str, shares: Sequence[Share], sessions: Sessions | None = None
) -> Markup:
    """Stacked steps, one per session: the shares of yes, no and abstain among the votes cast.
    A session of `sessions` (by default, those of `shares`) where the state cast no vote is a
    gap, never a step at 0."""
    fig, ax = _axes("shares")
    sessions = sessions if sessions is not None else [(s.session, s.first) for s in shares]
    slots = _slots(sessions)
    cast = {s.session: s for s in shares if s.cast > 0 and s.session in slots}
    bottom = dict.fromkeys(cast, 0.0)
    for key, label, attr in (("Y", "Yes", "yes"), ("N", "No", "no"), ("A", "Abstain", "abstain")):
        xs, low, high = _area(sessions, slots, cast, bottom, attr)
        ax.fill_between(
            xs, low, high, color=VOTE_COLOURS[key], edgecolor="#333333", linewidth=0.3,
            label=label, gid=f"{chart_id}-{attr}",
        )  # fmt: skip
    ax.set_ylim(0, 1)
    ax.set_yticks(SHARE_TICKS, SHARE_LABELS)
    dates = [_year(cast[s].first) for s, _ in sessions if s in cast]
    _date_axis(ax, *((dates[0], dates[-1]) if dates else EMPTY_YEARS))
    label = f"Yes, no and abstain shares of {name}'s votes per session ({len(cast)} sessions)"
    return _svg(fig, chart_id, label)


def _line(points: Sequence[Agreement], sessions: Sessions) -> tuple[list[float], list[float]]:
    """x and y of one agreement line: a value for each session of `sessions` with a roll call
    both voted in, NaN (a break) for each one between without; a break too where two points
    are more than GAP_YEARS apart."""
    known = {p.session: p for p in points if p.both}
    order = [s for s, _ in sessions]
    held = [i for i, s in enumerate(order) if s in known]
    xs: list[float] = []
    ys: list[float] = []
    for session in order[held[0] : held[-1] + 1] if held else []:
        point = known.get(session)
        if point is None:
            xs.append(NAN)
            ys.append(NAN)
            continue
        x = _year(point.first)
        if xs and not math.isnan(xs[-1]) and x - xs[-1] > GAP_YEARS:
            xs.append(NAN)
            ys.append(NAN)
        xs.append(x)
        ys.append(point.same / point.both)
    return xs, ys


def _alone(ys: list[float]) -> list[int]:
    """The points with no neighbour on their line (drawn as a dot: a line needs two)."""

    def known(i: int) -> bool:
        return 0 <= i < len(ys) and not math.isnan(ys[i])

    return [i for i in range(len(ys)) if known(i) and not known(i - 1) and not known(i + 1)]


def agreement_chart(
    chart_id: str, name: str, series: dict[str, Sequence[Agreement]],
    sessions: Sessions | None = None,
) -> Markup:  # fmt: skip
    """One line per reference state: the share of roll calls both voted in where they agreed.
    A session of `sessions` (by default, those of the series) without a roll call both voted in
    breaks the line, never a point at 0; a point between two breaks is a dot."""
    fig, ax = _axes("agreement")
    if sessions is None:
        seen = {p.session: p.first for points in series.values() for p in points}
        sessions = sorted(seen.items(), key=lambda item: (item[1], item[0]))
    firsts, lasts = [], []
    for i, (ref, points) in enumerate(series.items()):
        xs, ys = _line(points, sessions)
        if not xs:
            continue
        firsts.append(xs[0])
        lasts.append(xs[-1])
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        ax.plot(xs, ys, color=colour, linewidth=1.4, label=ref, gid=f"{chart_id}-{ref}")
        alone = _alone(ys)
        if alone:  # a line needs two points: one between two breaks is a dot
            dots = ([xs[k] for k in alone], [ys[k] for k in alone])
            ax.plot(*dots, linestyle="none", marker="o", markersize=3.5, color=colour,
                    clip_on=False, gid=f"{chart_id}-{ref}-dots")  # fmt: skip
    ax.set_ylim(0, 1)
    ax.set_yticks(SHARE_TICKS, SHARE_LABELS)
    _date_axis(ax, *((min(firsts), max(lasts)) if firsts else EMPTY_YEARS))
    refs = ", ".join(series)
    return _svg(fig, chart_id, f"Agreement of {name} with {refs} per session")


def coverage_chart(chart_id: str, rows: Sequence[Coverage]) -> Markup:
    """Per session: roll calls, resolutions by adoption method, and the share dated to the day.
    A session the release has no resolution of (its source gives none) has no resolutions
    bar: a gap, not a 0."""
    fig = Figure(figsize=(9, 4.6))
    dated = [(r, r.first) for r in rows if r.first is not None]
    rows, dates = [r for r, _ in dated], [_year(first) for _, first in dated]
    top = fig.add_axes((0.07, 0.66, 0.75, 0.3))
    mid = fig.add_axes((0.07, 0.34, 0.75, 0.27), sharex=top)
    low = fig.add_axes((0.07, 0.07, 0.75, 0.2), sharex=top)
    bars = top.bar(dates, [r.roll_calls for r in rows], width=BAR_YEARS, color="#555555",
                   label="roll calls")  # fmt: skip
    _bar_ids(bars, f"{chart_id}-roll-calls", rows)
    top.set_ylabel("roll calls")
    known = [(d, r) for d, r in zip(dates, rows, strict=True) if r.adoption]
    bottom = [0] * len(known)
    methods = sorted({m for _, r in known for m in r.adoption}, key=adoption_order)
    for i, method in enumerate(methods):
        values = [r.adoption.get(method, 0) for _, r in known]
        colour = ADOPTION_COLOURS.get(method, LINE_COLOURS[i % 5])
        bars = mid.bar([d for d, _ in known], values, width=BAR_YEARS, bottom=bottom,
                       color=colour, label=method)  # fmt: skip
        _bar_ids(bars, f"{chart_id}-{method.replace(' ', '-')}", [r for _, r in known])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    mid.set_ylabel("resolutions")
    low.plot(dates, [r.day_dated / r.dated if r.dated else NAN for r in rows], color="#009E73",
             linewidth=1.2, label="dated to the day", gid=f"{chart_id}-precision")  # fmt: skip
    low.set_ylim(0, 1.05)
    low.set_ylabel("to the day")
    for ax in (top, mid, low):
        if ax.get_legend_handles_labels()[0]:  # a legend of nothing is a warning, not a key
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    _date_axis(top, *((dates[0], dates[-1]) if dates else EMPTY_YEARS))
    label = (f"Coverage of {len(rows)} sessions: roll calls, resolutions by adoption method "
             "and the share of dates known to the day")  # fmt: skip
    return _svg(fig, chart_id, label)


def _bar_ids(bars: BarContainer, series: str, rows: Sequence[Coverage]) -> None:
    """An id per bar, the series' and the session's: a page's ids are unique, so the series'
    id cannot go on each of its bars."""
    for bar, row in zip(bars, rows, strict=True):
        bar.set_gid(f"{series}-{row.session}")


def adoption_order(method: str) -> tuple[int, str]:
    known = list(ADOPTION_COLOURS)
    return (known.index(method) if method in known else len(known), method)


def agreement_keys(refs: Sequence[str]) -> list[tuple[str, str]]:
    """(reference state, its line's colour), as agreement_chart colours them."""
    return [(ref, LINE_COLOURS[i % len(LINE_COLOURS)]) for i, ref in enumerate(refs)]


def state_charts(job: tuple) -> tuple[Markup, Markup]:
    """Both charts of one state page (a process pool maps this over the states): the job is
    (code, name, shares, agreement series[, every session of the release with its date])."""
    code, name, shares, series, *sessions = job
    order = sessions[0] if sessions else None
    return (shares_chart(f"shares-{code}", name, shares, order),
            agreement_chart(f"agreement-{code}", name, series, order))  # fmt: skip
