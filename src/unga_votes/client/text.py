"""Text from a release or a release host, made safe to print.

A value in the database, a name in SHA256SUMS, a URL a server redirects to: any of them may
hold characters a terminal or a log viewer acts on instead of showing (ESC and the other
controls, carriage return, C1 controls) or that hide or reorder text (bidi overrides and
isolates, zero-width characters, line and paragraph separators). `visible` writes each of
those as an escape (`\\x1b`, `\\u202e`), so what is printed is what is there.
"""

from __future__ import annotations

import unicodedata

# Controls, format characters (bidi, zero-width, soft hyphen...), line and paragraph separators,
# surrogates, and code points unassigned in this Python's Unicode (a newer terminal may give
# them a meaning).
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Cn"})


def is_unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in UNSAFE_CATEGORIES


def escape(ch: str) -> str:
    """`ch` as a Python-style escape: \\x1b, \\u202e, \\U000e0041."""
    o = ord(ch)
    if o < 0x100:
        return f"\\x{o:02x}"
    return f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}"


def visible(text: str, keep: str = "") -> str:
    """`text` with every unsafe character but those in `keep` (say "\\n\\t") escaped."""
    if text.isprintable():  # the common case, checked in C: nothing to escape
        return text
    return "".join(escape(c) if c not in keep and is_unsafe(c) else c for c in text)
