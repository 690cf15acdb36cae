"""The pages: Jinja2 templates with autoescape, every value from the database escaped.

A roll call's table of votes is the one part assembled outside a template (it is most of the
bytes of most pages): each row is built with `markupsafe.escape` on every value and cached,
since the same state, name and vote recur across thousands of pages.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..escape import printable
from . import csp
from .data import Release, Resolution, RollCall
from .names import page, slug
from .output import inside

VOTES = {"Y": "Yes", "N": "No", "A": "Abstain", "X": "Non-voting"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
UNDOCS = "https://undocs.org/"


def longdate(d: dt.date, precision: str = "day") -> str:
    month = f"{MONTHS[d.month - 1]} {d.year}"
    return month if precision == "month" else f"{d.day} {month}"


def undocs(symbol: str) -> str:
    return UNDOCS + quote(symbol, safe="/()")


def sql_link(root: str, sql: str) -> str:
    """A link to the SQL page that runs `sql` (a space is `+`, which the page reads as one)."""
    return root + "sql.html#sql=" + quote(sql, safe="*=',()").replace("%20", "+")


def _literal(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _shown(value: object) -> object:
    """Every value a template prints: a text's invisible and control characters written as
    escapes (a bidi override in a tampered release would reorder what a reader sees); markup
    the templates build is left alone."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value, keep="\n\t")
    return value


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("unga_votes.site", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_shown,
    )
    env.filters.update(
        slug=slug,
        longdate=longdate,
        undocs=undocs,
        vote=lambda v: VOTES.get(v, v),
    )
    return env


@functools.cache
def _row(code: str, name: str, vote: str) -> str:
    # End tags of cells and rows are optional in HTML, and so are quotes around an attribute
    # value of letters, digits, _, . and - (a slug); the vote's colour is added by the page's
    # script from its label. Leaving them out keeps the thousands of roll-call pages small.
    return (
        f"<tr><td><a href=../{page('state', code)}>{escape(_shown(name))}</a>"
        f"<td>{escape(_shown(VOTES.get(vote, vote)))}\n"
    )


def roll_rows(release: Release, rc: RollCall) -> Markup:
    return Markup("".join(_row(c, n, v) for c, n, v in rc.votes))


class Writer:
    """Renders templates into the site directory; counts the pages written."""

    def __init__(self, out: Path, version: str, licences: Sequence[object] = ()) -> None:
        self.out = out
        self.env = environment()
        self.version = version
        self.licences = list(licences)  # the data's (release_files.licences), in the footer
        self.pages = 0

    def page(self, path: str, template: str, **context: object) -> None:
        root = "../" * path.count("/")
        html = self.env.get_template(template).render(
            root=root,
            version=self.version,
            licences=self.licences,
            **{**csp.context(template), **context},
        )
        target = inside(self.out, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        self.pages += 1


def roll_call_page(writer: Writer, release: Release, rc: RollCall) -> None:
    res = release.resolutions.get(rc.resolution) if rc.resolution else None
    tally = rc.tally()
    labels = ("Yes", "No", "Abstain", "Non-voting")
    totals = list(zip(labels, rc.declared, tally, strict=True))
    off_map = [(c, n, v) for c, n, v in rc.votes if c not in release.drawn]
    heading = rc.resolution or f"Roll call {rc.id}"
    title = (res.title if res else None) or rc.description
    writer.page(
        page("rc", rc.id),
        "roll_call.html",
        rc=rc,
        res=res,
        heading=heading,
        title=title,
        tally=tally,
        totals=totals,
        rows=roll_rows(release, rc),
        off_map=off_map,
        data_link=sql_link("../", f"SELECT * FROM roll_calls WHERE roll_call = {rc.id}"),
        res_link=sql_link(
            "../", f"SELECT * FROM resolutions WHERE resolution = {_literal(rc.resolution)}"
        ),
        votes_link=sql_link(
            "../",
            "SELECT state, state_name, vote FROM votes_named "
            f"WHERE roll_call = {rc.id} ORDER BY state_name",
        ),
    )


def resolution_page(writer: Writer, res: Resolution) -> None:
    writer.page(
        page("res", res.symbol),
        "resolution.html",
        res=res,
        data_link=sql_link(
            "../", f"SELECT * FROM resolutions WHERE resolution = {_literal(res.symbol)}"
        ),
    )


def resolution_url(release: Release, symbol: str) -> str:
    """The page of a resolution, from the site's root: its roll call's, or its own."""
    res = release.resolutions[symbol]
    if res.roll_call is not None and res.roll_call in release.roll_calls:
        return page("rc", res.roll_call)
    return page("res", symbol)
