"""Text from the data, made safe to print: a cell is shown, never interpreted.

A cell can hold what a terminal or a log viewer acts on (ESC sequences, BEL, carriage returns,
line breaks that start a forged `::error` workflow command), what reorders or hides text
(bidi overrides and isolates, zero-width characters), or what Markdown and HTML render (a link,
an image, a tag, an @-mention). `printable` writes the first two kinds as visible escapes
(`\\x1b`, `\\u202e`); `markdown` also escapes what Markdown and HTML would render.
"""

from __future__ import annotations

import re

# C0 and C1 controls (tab excepted), DEL, soft hyphen, zero-width and directional formatting
# characters, line and paragraph separators, the byte-order mark and interlinear annotations.
UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
MARKDOWN = re.compile(r"([\\`*_\[\]|~])")
HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;"}


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """`text` with every character a terminal or log would act on written as an escape."""
    return UNSAFE.sub(_escaped, "" if text is None else str(text))


def markdown(text: object) -> str:
    """`text` for a Markdown table cell or list item: printable, and rendered as written."""
    safe = MARKDOWN.sub(r"\\\1", printable(text))
    return "".join(HTML.get(ch, ch) for ch in safe)
