"""The output formats of the commands that print a report or rows, and the one way a result is
printed in one: through its method `to_<format>`.

A kind of result offers exactly the formats it has a method for (`formats`): a validation
report text, json and github (workflow annotations), the rows of a query table, csv, json and
markdown. `unga`'s one `--format` option (cli_options.py) offers those of its command's result.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum


class Format(StrEnum):
    text = "text"
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"
    github = "github"


def _method(result: object, format: Format) -> Callable[[], str] | None:
    method = getattr(result, f"to_{format.value}", None)
    return method if callable(method) else None


def formats(kind: type) -> list[Format]:
    """The formats a kind of result prints in, in the order of `Format`."""
    return [format for format in Format if _method(kind, format) is not None]


def render(result: object, format: Format) -> str:
    """`result` printed in `format`, one of its `formats`."""
    method = _method(result, format)
    if method is None:
        raise ValueError(f"{type(result).__name__} has no {format} format")
    return method()
