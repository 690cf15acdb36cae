"""The source's `unres` code to a resolution symbol and session.

Shapes handled: `R/62/167` and `A/RES/62/167` (regular session 62, resolution 167), a letter
part written `R/21/2200A` or `R/42/70/A`, emergency special sessions `ESS/10/21` or
`A/RES/ES-10/21`, special sessions `SS/27/2` or `A/RES/S-27/2`. Every other shape (sections
such as `R/33/116A/I`, `GOAR/…`, `R/10 65`, blanks) is not mapped: it goes to the import report.

Symbols: from session 31 (1976) on `A/RES/62/167`; before it the number runs across sessions
and the session is in Roman numerals, `A/RES/1514(XV)`, `A/RES/2200A(XXI)`, `A/RES/1004(ES-II)`.
Emergency special sessions from ES-6 (1980) and special sessions from S-8 (1978) use the new
form `A/RES/ES-10/21`, `A/RES/S-27/2`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...roman import int_to_roman

FIRST_NEW_STYLE = {"": 31, "ES-": 6, "S-": 8}
_LETTER = r"(?:([A-Z])|/([A-Z]))?"
PATTERNS = (
    ("", re.compile(rf"^(?:R|A/RES)/([1-9][0-9]*)/([1-9][0-9]*){_LETTER}$")),
    ("ES-", re.compile(rf"^(?:ESS/|A/RES/ES-)([1-9][0-9]*)/([1-9][0-9]*){_LETTER}$")),
    ("S-", re.compile(rf"^(?:SS/|A/RES/S-)([1-9][0-9]*)/([1-9][0-9]*){_LETTER}$")),
)
SESSION_ONLY = (
    ("ES-", re.compile(r"^(?:ESS/|A/RES/ES-)([1-9][0-9]*)\b")),
    ("S-", re.compile(r"^(?:SS/|A/RES/S-)([1-9][0-9]*)\b")),
)


@dataclass(frozen=True)
class Code:
    """A parsed `unres` code: prefix '' (regular), 'ES-' or 'S-', the session number written in
    the code, the resolution number and its letter part."""

    prefix: str
    session: int
    number: int
    letter: str

    @property
    def session_label(self) -> str:
        return f"{self.prefix}{self.session}"

    @property
    def new_style(self) -> bool:
        return self.session >= FIRST_NEW_STYLE[self.prefix]

    @property
    def symbol(self) -> str:
        if self.new_style:
            return f"A/RES/{self.prefix}{self.session}/{self.number}{self.letter}"
        return f"A/RES/{self.number}{self.letter}({self.prefix}{int_to_roman(self.session)})"


def parse_unres(unres: str | None) -> Code | None:
    """The code as a resolution number, or None when its shape is not one we map."""
    if unres is None:
        return None
    text = unres.strip()
    for prefix, pattern in PATTERNS:
        match = pattern.match(text)
        if match:
            letter = match.group(3) or match.group(4) or ""
            return Code(prefix, int(match.group(1)), int(match.group(2)), letter)
    return None


def session_from_code(unres: str | None) -> str | None:
    """ES-n / S-n when the code names an emergency special or special session, else None."""
    if unres is None:
        return None
    for prefix, pattern in SESSION_ONLY:
        match = pattern.match(unres.strip())
        if match:
            return f"{prefix}{int(match.group(1))}"
    return None


def symbol_of(unres: str) -> str | None:
    """Convenience: the symbol for a code of a mapped shape (no range check)."""
    code = parse_unres(unres)
    return code.symbol if code else None
