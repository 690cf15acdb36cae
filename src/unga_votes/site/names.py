"""The file names of the site's pages, from the values they are about: one value, one name.

A symbol, a session or a state code becomes a file name by an encoding that is injective (two
values never share a file, `A/RES/74/166` and `A.RES.74.166` included) even where a file system
folds case: `/` is written `_`, capitals, digits and `-` stand for themselves, and every other
byte of the value's UTF-8 (a lower-case letter, `_` and `.` among them) is `.` and two lower-case
hex digits. Reading a name back is unambiguous (a `.` always starts an escape; a letter outside
one is a capital), so distinct values give distinct names. A name is ASCII, has no `/`, never
`..`, and is never longer than a file name may be (a longer one is refused in one line). Nor
is it a name Windows keeps for a device (CON, PRN, AUX, NUL, COM1 to COM9, LPT1 to LPT9, in any
case and with any extension: `CON.html` is the console there, and a site with `state/CON.html`
cannot be copied onto Windows); such a value is refused in one line too.
"""

from __future__ import annotations

from .data import SiteError

KEPT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
MAX_NAME = 200  # bytes of a page's file name, its .html included (file systems allow 255)
# Microsoft's "Naming Files, Paths, and Namespaces": these names, followed by any extension,
# are devices. (Its COM¹ to LPT³ are escaped by `slug`, so never a name's first part.)
WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10)]
)


def slug(value: object) -> str:
    """The file name (without .html) standing for a symbol, a session or a state code."""
    out = []
    for ch in str(value):
        if ch in KEPT:
            out.append(ch)
        elif ch == "/":
            out.append("_")
        else:
            out.extend(f".{b:02x}" for b in ch.encode("utf-8", "surrogatepass"))
    return "".join(out)


def page(folder: str, value: object) -> str:
    """The page of `value` in `folder` (`rc`, `res`, `state`, `session`), from the site's root:
    `res/A_RES_74_166.html`; a SiteError when its name would be empty or too long."""
    name = slug(value) + ".html"
    text = str(value)
    shown = repr(text) if len(text) <= 60 else f"{text[:60]!r}… ({len(text):,} characters)"
    if name == ".html" or len(name) > MAX_NAME:
        raise SiteError(
            f"{folder} page for {shown}: its file name would be {len(name):,} bytes (at most "
            f"{MAX_NAME}); not a value of the data model"
        )
    if name.split(".", 1)[0].upper() in WINDOWS_DEVICES:
        raise SiteError(
            f"{folder} page for {shown}: its file name {name} is a device on Windows; not a "
            "value of the data model"
        )
    return f"{folder}/{name}"
