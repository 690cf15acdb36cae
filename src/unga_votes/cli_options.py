"""What the `unga` commands share: the --package option, the one --format option, the text a
command reads (a file or standard input) and the text it writes (printed, or to a file)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .errors import UngaError
from .formats import Format, formats

Descriptor = Annotated[
    Path, typer.Option("--package", "-p", help="Path of the datapackage.json to check.")
]


def format_option(kind: type) -> Any:
    """--format (-f): the formats that `kind`, what the command prints, has (`formats`)."""
    offered = [format.value for format in formats(kind)]

    def parse(value: str) -> Format:
        if value not in offered:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(map(repr, offered))}.")
        return Format(value)

    return typer.Option(
        "--format", "-f", parser=parse, metavar=f"<{'|'.join(offered)}>", help="Output format."
    )


MAX_TEXT = 16 << 20  # bytes of text a command reads (a vote list is a few kilobytes)


def read_text(path: Path | None) -> str:
    """A regular file's (or, for None, standard input's) UTF-8 text, at most MAX_TEXT bytes, or
    a one-line usage error (never a wait on a pipe named as a file, never memory filled)."""
    where = "standard input" if path is None else str(path)
    try:
        if path is None:
            data = sys.stdin.buffer.read(MAX_TEXT + 1)
        else:
            if path.exists() and not path.is_file():
                raise UngaError(f"{path}: not a regular file")
            with path.open("rb") as f:
                data = f.read(MAX_TEXT + 1)
        if len(data) > MAX_TEXT:
            raise UngaError(f"{where}: more than {MAX_TEXT >> 20} MiB of text, more than is read")
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise UngaError(f"{where}: not UTF-8 text") from e
    except OSError as e:
        raise UngaError(f"cannot read {where}: {e.strerror or e}") from e


def emit(text: str, out: Path | None) -> None:
    """Print `text`, or write it to `out`."""
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as e:
        raise UngaError(f"cannot write {out}: {e.strerror or e}") from e
