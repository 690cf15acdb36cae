"""What a field's constraints and a resource's declared size and hash may be, checked when the
descriptor is read, so that the cell checks built from them compare like with like and a file
is compared with a digest of a known kind."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

import polars as pl

from .files import PackageError
from .types import FALSE_VALUES, TEXT_PATTERNS, TRUE_VALUES

CONSTRAINTS = {"required", "unique", "enum", "pattern", "minimum", "maximum", "minLength",
               "maxLength"}  # fmt: skip
# Table Schema: minLength/maxLength apply to collections (of these types, string only);
# minimum/maximum to ordered types. Elsewhere they would compare text with a number.
LENGTH_TYPES = ("string",)
ORDERED_TYPES = ("integer", "number", "year", "date")
A_TYPE = {"string": "a string", "integer": "an integer", "number": "a number", "year": "a year",
          "date": "a date", "boolean": "a boolean"}  # fmt: skip
# A resource's declared `hash` (Data Package spec): `algorithm:hex`, or bare hex for md5.
HASHES = {"md5": 32, "sha1": 40, "sha256": 64, "sha512": 128}
# How the files are written (RFC 4180, UTF-8, an empty cell is missing): a descriptor may say
# so, never otherwise, for the reader does not read anything else.


def anchored(pattern: str) -> str:
    """A Table Schema pattern as a regular expression the whole value must match (the spec's
    patterns are implicitly anchored), for polars' regex engine."""
    return f"^(?:{pattern})$"


def shown(value: Any) -> str:
    """A descriptor value as JSON writes it (`"no"`, `[]`, `true`), cut short."""
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 80 else text[:77] + "..."


def bad(where: str, what: str, expected: str, found: str) -> PackageError:
    return PackageError(f"{where}: {what}: expected {expected}, found {found}")


def _as_text(kind: str, value: Any) -> str | None:
    """A constraint value (its JSON value or its text form) as the text of a cell of `kind`,
    or None when it is not a value of that type."""
    if kind == "string":
        return value if isinstance(value, str) else None
    if kind == "boolean":
        if isinstance(value, bool):
            return "true" if value else "false"
        ok = isinstance(value, str) and value in TRUE_VALUES + FALSE_VALUES
        return value if ok else None
    if isinstance(value, bool):  # a JSON true is no number
        return None
    if kind in ("integer", "year") and isinstance(value, int):
        text = str(value)
    elif kind == "number" and isinstance(value, int | float):
        text = repr(value)
    elif isinstance(value, str):
        text = value
    else:
        return None
    if not re.fullmatch(TEXT_PATTERNS[kind].strip("^$"), text):
        return None
    if kind == "date":
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return None
    return text


def enum_text(kind: str, value: Any) -> str:
    """An enum value of a checked descriptor as the text of a cell."""
    text = _as_text(kind, value)
    assert text is not None, "the descriptor was checked on load"
    return text


def check_constraints(kind: str, c: dict[str, Any], where: str) -> None:
    """Each constraint has the JSON type Table Schema gives it and suits the field's type, so
    that the cell checks built from it compare like with like."""
    for flag in ("required", "unique"):
        if flag in c and not isinstance(c[flag], bool):
            raise bad(where, flag, "true or false", shown(c[flag]))
    if "enum" in c:
        values = c["enum"]
        if not isinstance(values, list):
            raise PackageError(f"{where}: enum must be a list")
        expected = f"a non-empty list of values of the field's type ({A_TYPE[kind]})"
        if not values:
            raise bad(where, "enum", expected, "[]")  # no value could pass
        for value in values:
            if _as_text(kind, value) is None:
                raise bad(where, "enum", expected, shown(value))
    if "pattern" in c:
        _check_pattern(c["pattern"], where)
    for bound in ("minLength", "maxLength"):
        if bound not in c:
            continue
        if kind not in LENGTH_TYPES:
            raise bad(where, bound, "minLength and maxLength on string fields only",
                       f"{A_TYPE[kind]} field")  # fmt: skip
        value = c[bound]
        if not (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
            raise bad(where, f"{bound} {value!r} is not valid", "a whole number, 0 or more",
                       shown(value))  # fmt: skip
    for bound in ("minimum", "maximum"):
        if bound not in c:
            continue
        if kind not in ORDERED_TYPES:
            raise bad(where, bound, "minimum and maximum on integer, number, year or date fields "
                       "only", f"{A_TYPE[kind]} field")  # fmt: skip
        value = c[bound]
        # A bound in the JSON form the cell checks compare with: numbers as numbers, dates as
        # ISO text (a string "5" on an integer field is refused, as before).
        typed = isinstance(value, str) if kind == "date" else not isinstance(value, str)
        if not typed or _as_text(kind, value) is None:
            expected = "an ISO date string (YYYY-MM-DD)" if kind == "date" else A_TYPE[kind]
            raise bad(where, f"{bound} {value!r} is not valid", expected, shown(value))
    for low, high in (("minimum", "maximum"), ("minLength", "maxLength")):
        if low in c and high in c and c[low] > c[high]:  # both checked above to be comparable
            raise bad(where, f"{low} {c[low]!r} above {high} {c[high]!r}",
                       f"{low} no greater than {high}", "a range no value can fall in")  # fmt: skip


def check_integrity(res: dict[str, Any], where: str) -> tuple[int | None, tuple[str, str] | None]:
    """The resource's declared `bytes` and `hash`, checked for form (the file is compared with
    them when it is read)."""
    size = res.get("bytes")
    if size is not None and not (
        isinstance(size, int) and not isinstance(size, bool) and size >= 0
    ):
        raise bad(where, "bytes", "a whole number of bytes, 0 or more", shown(size))
    declared = res.get("hash")
    if declared is None:
        return size, None
    if not isinstance(declared, str):
        raise bad(where, "hash", "a string such as sha256:<hex> or an md5 hex digest",
                   shown(declared))  # fmt: skip
    algorithm, _, digest = declared.rpartition(":")
    algorithm = algorithm or "md5"  # the spec's default: a bare digest is md5
    if algorithm not in HASHES:
        raise bad(where, f"hash algorithm {algorithm!r}", f"one of {', '.join(HASHES)}",
                   shown(declared))  # fmt: skip
    if not re.fullmatch(f"[0-9a-fA-F]{{{HASHES[algorithm]}}}", digest):
        raise bad(where, "hash", f"a digest of {HASHES[algorithm]} hex digits ({algorithm})",
                   shown(declared))  # fmt: skip
    return size, (algorithm, digest.lower())


def file_digest(algorithm: str, data: bytes) -> str:
    return hashlib.new(algorithm, data).hexdigest()


def _check_pattern(pattern: Any, where: str) -> None:
    """The pattern compiles in the engine that runs it (polars' regex: no look-around)."""
    if not isinstance(pattern, str):
        raise PackageError(f"{where}: pattern {pattern!r} is not a string")
    try:
        pl.select(pl.lit("").str.contains(anchored(pattern)))
    except pl.exceptions.PolarsError as e:
        detail = " ".join(str(e).split())[:160]
        raise PackageError(f"{where}: bad pattern {pattern!r} ({detail})") from e
