"""Every chart of the site, pre-rendered as SVG at generation time with matplotlib.

Why this approach, for all charts: pages must show their charts without JavaScript (only
search, the map's interactions and SQL may need it), so a chart drawn in the page would leave a
reader without JavaScript with nothing. Pre-rendered SVG is in the HTML itself, scales to any
screen, stays text (`svg.fonttype` none) and costs the reader no script. matplotlib is the
well-kept plotting library for it; output is deterministic (fixed hash salt per chart, no date
in the metadata), and each chart is inlined with `role="img"`, a label and a data table beside
it as its text alternative. The charts of the state pages are drawn in a process pool.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence

import matplotlib

matplotlib.use("svg")
from markupsafe import Markup, escape
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


def _date_axis(ax, first: float, last: float) -> None:
    """Years on the x axis, a tick per decade (fixed ticks: the locators are slow)."""
    ax.set_xlim(first - 0.6, last + 0.6)
    step = 10 if last - first > 25 else 5 if last - first > 8 else 1
    start = int(first // step * step) + (step if first % step else 0)
    ax.set_xticks(
        range(start, int(last) + 1, step), [str(y) for y in range(start, int(last) + 1, step)]
    )


_FIGURES: dict[str, tuple[Figure, object]] = {}


def _axes(kind: str):
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


def shares_chart(chart_id: str, name: str, shares: Sequence[Share]) -> Markup:
    """Stacked steps, one per session: the shares of yes, no and abstain among the votes cast
    (sessions where the state cast no vote are gaps)."""
    fig, ax = _axes("shares")
    dates = [_year(s.first) for s in shares]
    cast = [s.cast > 0 for s in shares]
    bottom = [0.0] * len(shares)
    for key, label, attr in (("Y", "Yes", "yes"), ("N", "No", "no"), ("A", "Abstain", "abstain")):
        values = [getattr(s, attr) / s.cast if s.cast else 0.0 for s in shares]
        top = [b + v for b, v in zip(bottom, values, strict=True)]
        ax.fill_between(
            dates, bottom, top, where=cast, step="mid", color=VOTE_COLOURS[key],
            edgecolor="#333333", linewidth=0.3, label=label, gid=f"{chart_id}-{attr}",
        )  # fmt: skip
        bottom = top
    ax.set_ylim(0, 1)
    ax.set_yticks(SHARE_TICKS, SHARE_LABELS)
    _date_axis(ax, *((dates[0], dates[-1]) if dates else EMPTY_YEARS))
    label = f"Yes, no and abstain shares of {name}'s votes per session ({sum(cast)} sessions)"
    return _svg(fig, chart_id, label)


def agreement_chart(chart_id: str, name: str, series: dict[str, Sequence[Agreement]]) -> Markup:
    """One line per reference state: the share of roll calls both voted in where they agreed."""
    fig, ax = _axes("agreement")
    firsts, lasts = [], []
    for i, (ref, points) in enumerate(series.items()):
        points = [p for p in points if p.both]
        if not points:
            continue
        dates = [_year(p.first) for p in points]
        firsts.append(dates[0])
        lasts.append(dates[-1])
        values = [p.same / p.both for p in points]
        # A gap (years without a vote in common) breaks the line rather than bridging it.
        for k in range(len(dates) - 1, 0, -1):
            if dates[k] - dates[k - 1] > GAP_YEARS:
                dates.insert(k, (dates[k] + dates[k - 1]) / 2)
                values.insert(k, float("nan"))
        ax.plot(dates, values, color=LINE_COLOURS[i % len(LINE_COLOURS)],
                linewidth=1.4, label=ref, gid=f"{chart_id}-{ref}")  # fmt: skip
    ax.set_ylim(0, 1)
    ax.set_yticks(SHARE_TICKS, SHARE_LABELS)
    _date_axis(ax, *((min(firsts), max(lasts)) if firsts else EMPTY_YEARS))
    refs = ", ".join(series)
    return _svg(fig, chart_id, f"Agreement of {name} with {refs} per session")


def coverage_chart(chart_id: str, rows: Sequence[Coverage]) -> Markup:
    """Per session: roll calls, resolutions by adoption method, and the share dated to the day."""
    fig = Figure(figsize=(9, 4.6))
    rows = [r for r in rows if r.first is not None]
    dates = [_year(r.first) for r in rows]
    top = fig.add_axes((0.07, 0.66, 0.75, 0.3))
    mid = fig.add_axes((0.07, 0.34, 0.75, 0.27), sharex=top)
    low = fig.add_axes((0.07, 0.07, 0.75, 0.2), sharex=top)
    bars = top.bar(dates, [r.roll_calls for r in rows], width=BAR_YEARS, color="#555555",
                   label="roll calls")  # fmt: skip
    _bar_ids(bars, f"{chart_id}-roll-calls", rows)
    top.set_ylabel("roll calls")
    bottom = [0] * len(rows)
    methods = sorted({m for r in rows for m in r.adoption}, key=adoption_order)
    for i, method in enumerate(methods):
        values = [r.adoption.get(method, 0) for r in rows]
        colour = ADOPTION_COLOURS.get(method, LINE_COLOURS[i % 5])
        bars = mid.bar(dates, values, width=BAR_YEARS, bottom=bottom, color=colour, label=method)
        _bar_ids(bars, f"{chart_id}-{method.replace(' ', '-')}", rows)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    mid.set_ylabel("resolutions")
    low.plot(dates, [r.day_dated / r.dated if r.dated else 0 for r in rows], color="#009E73",
             linewidth=1.2, label="dated to the day", gid=f"{chart_id}-precision")  # fmt: skip
    low.set_ylim(0, 1.05)
    low.set_ylabel("to the day")
    for ax in (top, mid, low):
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    if dates:
        _date_axis(top, dates[0], dates[-1])
    label = (f"Coverage of {len(rows)} sessions: roll calls, resolutions by adoption method "
             "and the share of dates known to the day")  # fmt: skip
    return _svg(fig, chart_id, label)


def _bar_ids(bars, series: str, rows: Sequence[Coverage]) -> None:
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


def state_charts(
    job: tuple[str, str, list[Share], dict[str, list[Agreement]]],
) -> tuple[Markup, Markup]:
    """Both charts of one state page (a process pool maps this over the states)."""
    code, name, shares, series = job
    return (shares_chart(f"shares-{code}", name, shares),
            agreement_chart(f"agreement-{code}", name, series))  # fmt: skip
