"""Text from the data, a release or a release host, made safe to print: shown, never acted on.

A cell, a name in SHA256SUMS or an address a server redirects to can hold what a terminal or a
log viewer acts on instead of showing (ESC and the other controls, carriage return, C1
controls, a line break that starts a forged `::error` workflow command), or what hides or
reorders text (bidi overrides and isolates, zero-width characters, line and paragraph
separators, code points this Python does not know). `printable` writes each of those as an
escape (`\\x1b`, `\\u202e`); `markdown` also escapes what Markdown and HTML would render (a
link, an image, a tag, an entity, an @-mention).
"""

from __future__ import annotations

import re
import unicodedata

# Controls, format characters (bidi, zero-width, soft hyphen...), line and paragraph separators,
# surrogates, and code points unassigned in this Python's Unicode (a newer terminal may give
# them a meaning).
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Cn"})
MARKDOWN = re.compile(r"([\\`*_\[\]|~])")
HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;"}


SHOWN = 200  # characters of a long value an output quotes


def cut(text: object, limit: int = SHOWN) -> str:
    """A value as an output quotes it: a long text cut, with its length (a 200 KB cell would
    otherwise fill a terminal, a CI log line or a job summary)."""
    text = "" if text is None else str(text)
    if len(text) <= limit + 20:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def quoted(value: object) -> str:
    """A cell as a message quotes it: `empty`, or its repr, cut when long (see `cut`)."""
    if value is None or value == "":
        return "empty"
    if isinstance(value, str) and len(value) > SHOWN + 20:
        return f"{value[:SHOWN]!r}… ({len(value):,} characters)"
    return repr(value)


def is_unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in UNSAFE_CATEGORIES


def escaped(ch: str) -> str:
    """`ch` as a Python-style escape: \\x1b, \\u202e, \\U000e0041."""
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: object, keep: str = "\t") -> str:
    """`text` with every unsafe character but those in `keep` (a tab, by default) escaped."""
    text = "" if text is None else str(text)
    if text.isprintable():  # the common case, checked in C: nothing to escape
        return text
    return "".join(escaped(c) if c not in keep and is_unsafe(c) else c for c in text)


def markdown(text: object) -> str:
    """`text` for a Markdown table cell or list item: printable, and rendered as written."""
    safe = MARKDOWN.sub(r"\\\1", printable(text, keep=""))
    return "".join(HTML.get(ch, ch) for ch in safe)


def is_utf8(text: str) -> bool:
    """Whether `text` is Unicode text: an argument, a path or a file name of bytes that are not
    UTF-8 reaches Python holding lone surrogates, which DuckDB (and UTF-8 output) cannot take."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
