"""A resolution symbol as the Library writes it, made the package's canonical symbol.

The Library's records write a lettered part in brackets (`A/RES/32/87[F]`,
`A/RES/2194(XXI)[B]`), a section of a resolution in Roman numerals, alone or after a part
(`A/RES/36/235[XVII]`, `[B-VIII]`), sometimes glued to the number (`A/RES/36/235XVII`), and
sometimes with spaces (`A/RES/2758 (XXVI)`, `A/RES/62/223 A`). The package writes a part
glued to the number, before the session of a Roman-numeral symbol as the CC0 data do
(`A/RES/32/87F`, `A/RES/2194B(XXI)`), and a section after a hyphen (`A/RES/36/235-XVII`,
`A/RES/36/235B-VIII`): README, "Conventions". A single bracketed letter is a part (`[C]`,
`[X]`), two or more Roman numerals a section. Whether the result is a symbol the package
accepts is the Table Schema's pattern (`resolutions.resolution`), not a second grammar here.
"""

from __future__ import annotations

import polars as pl

ROMAN = "[IVXLC]"
# A part in brackets, or a section glued after the number: letter, letter-ROMAN or ROMAN.
BRACKET = rf"\[([A-Z](?:-{ROMAN}+)?|{ROMAN}{{2,}})\]"


def canonical(text: pl.Expr) -> pl.Expr:
    """The symbol in the package's form (spaces removed, parts and sections rewritten); a text
    that is not a symbol comes back changed as little, for the pattern to refuse it."""
    s = text.str.replace_all(r"\s+", "").str.to_uppercase()
    # Brackets: a section alone gets its hyphen; a part (with its section) is glued.
    s = s.str.replace(rf"\[({ROMAN}{{2,}})\]$", "-$1")
    s = s.str.replace(rf"\[([A-Z](?:-{ROMAN}+)?)\]$", "$1")
    # A section glued to the number of a resolution of session 31 on (two or more numerals).
    s = s.str.replace(rf"^(A/RES/(?:ES-|S-)?[0-9]+/[0-9]+)({ROMAN}{{2,}})$", "$1-$2")
    # A Roman-numeral symbol: the part (and section) after the session goes before it.
    return s.str.replace(
        rf"^(A/RES/[0-9]+)\(((?:ES-|S-)?{ROMAN}+)\)([A-Z]?(?:-{ROMAN}+)?)$", "$1$3($2)"
    )


def rewritten(text: pl.Expr) -> pl.Expr:
    """Whether the Library's form differs from the canonical one (beyond surrounding space)."""
    return text.str.strip_chars() != canonical(text)
