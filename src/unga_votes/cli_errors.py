"""How the `unga` command fails: one line on stderr and an exit code, for a usage error and a
library error (`UngaError`) alike; help, asked for, prints as it is."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from typing import Any

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer.core import TyperGroup

from .errors import UngaError
from .escape import printable


class OneLineErrors(TyperGroup):
    """A usage error (an unknown option, a value of the wrong kind) is one line, like every
    other failure: `unga COMMAND: what is wrong (see --help)`, exit 2. Help, asked for or shown
    for a command given nothing, prints as it is."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            code = super().main(
                args, prog_name, complete_var, standalone_mode=False,
                windows_expand_args=windows_expand_args, **extra,
            )  # fmt: skip
        except NoArgsIsHelpError as e:  # the help is printed already (rich, on stdout)
            if e.format_message():
                typer.echo(e.format_message(), err=True)
            code = e.exit_code
        except ClickException as e:
            where = command_path(getattr(e, "ctx", None))
            typer.echo(printable(f"{where}: {e.format_message()} (see --help)"), err=True)
            code = e.exit_code
        except typer.Abort:
            typer.echo("unga: aborted", err=True)
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def command_path(ctx: Any) -> str:
    """`unga` and the subcommands given, whatever name the program was started under."""
    names = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return " ".join(["unga", *reversed(names)])


def one_line_errors(f: Callable[..., Any], where: str) -> Callable[..., Any]:
    """`f`, with an UngaError printed as `WHERE: what happened` and exited with its code."""

    @functools.wraps(f)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except UngaError as e:
            typer.echo(printable(f"{where}: {e}"), err=True)
            raise typer.Exit(e.exit_code) from e

    return run
