"""The `unga` command: a thin layer over the library.

Every command is registered through `command`, the one place failures are handled: an
`UngaError` becomes one line on stderr (`unga COMMAND: what happened`) and its exit code.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .cli_errors import OneLineErrors, one_line_errors
from .cli_options import Descriptor, emit, format_option, read_text
from .client.limits import FILE_TIMEOUT, MAX_FILE_BYTES, STALL_TIMEOUT
from .client.rows import Rows
from .contribute.diff_report import DiffReport
from .errors import UngaError
from .escape import printable
from .formats import Format, render
from .report import Report

app = typer.Typer(
    cls=OneLineErrors,
    # Help as click writes it: a flag shows bare (typer's rich help shows `--help <bool>`).
    rich_markup_mode=None,
    help="unga-votes: check, build and query the UN General Assembly votes data.",
    no_args_is_help=True,
    add_completion=False,
)
import_app = typer.Typer(
    help="Import a source: the vendored Voeten et al. files, or the UN Digital Library's.",
    short_help="Import a source: the Voeten et al. files, or the UN Digital Library's.",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")


def command(name: str, group: typer.Typer = app, label: str | None = None) -> Callable:
    """Register a command whose library errors print as one line with their exit code."""
    return lambda f: group.command(name)(one_line_errors(f, f"unga {label or name}"))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"unga-votes {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """unga-votes: check, build and query the UN General Assembly votes data."""


@command("validate")
def validate_command(
    package: Descriptor = Path("datapackage.json"),
    format: Annotated[Format, format_option(Report)] = Format.text,
) -> None:
    """Check every table against its schema and the data model's rules; exit 1 on a violation."""
    from .validate import validate

    report = validate(package)
    typer.echo(render(report, format))
    raise typer.Exit(0 if report.valid else 1)


@command("members")
def members_command(
    date: Annotated[dt.datetime, typer.Argument(formats=["%Y-%m-%d"], help="YYYY-MM-DD")],
    package: Descriptor = Path("datapackage.json"),
    list_: Annotated[bool, typer.Option("--list", help="Print the state codes too.")] = False,
) -> None:
    """How many states were UN members on DATE (from the memberships table)."""
    from .membership import package_members_on
    from .package import load_package

    states = package_members_on(load_package(package), date.date())
    typer.echo(f"{len(states)} members on {date.date()}")
    if list_:
        typer.echo(" ".join(states))


@command("dictionary")
def dictionary_command(
    package: Descriptor = Path("datapackage.json"),
    out: Annotated[Path | None, typer.Option(help="Write here instead of printing.")] = None,
) -> None:
    """Print the data dictionary rendered from the Table Schemas (Markdown)."""
    from .dictionary import render
    from .package import load_package

    emit(render(load_package(package)), out)


@command("rules")
def rules_command(
    out: Annotated[Path | None, typer.Option(help="Write docs/rules.md here.")] = None,
    readme: Annotated[
        Path | None, typer.Option(help="Rewrite the rule table of this README.")
    ] = None,
) -> None:
    """Print the rule catalogue (Markdown), or write docs/rules.md and the README's rule table."""
    from .rules.docs import render, with_readme_table

    if readme is not None:
        emit(with_readme_table(read_text(readme)), readme)
    if out is not None or readme is None:
        emit(render(), out)


@command("voeten", group=import_app, label="import voeten")
def import_voeten_command(
    out: Annotated[
        Path | None,
        typer.Option(
            help="Write the tables into this folder instead of data/ (and the report "
            "into reports/ beside it)."
        ),
    ] = None,
    repo: Annotated[Path, typer.Option(help="Repository root holding sources/ and data/.")] = Path(
        "."
    ),
) -> None:
    """Import sessions 1-74 from sources/voeten/ (checksums verified) into data/."""
    from .sources.voeten import import_voeten

    summary = import_voeten(repo, out)
    typer.echo(
        f"unga import voeten: {summary.roll_calls} roll calls, {summary.votes} vote rows, "
        f"{summary.resolutions} resolutions, {summary.issues} issue tags, {summary.states} "
        f"states, {summary.corrections} corrections, {summary.exceptions} exceptions"
    )
    for line in summary.unexpected:
        typer.echo(f"unexplained violation (nothing written): {line}", err=True)
    raise typer.Exit(0 if summary.ok else 1)


@command("undl", group=import_app, label="import undl")
def import_undl_command(
    voting: Annotated[Path, typer.Argument(help="The Library's voting file (CSV).")],
    resolutions: Annotated[
        Path | None, typer.Option(help="The Library's resolutions file (CSV).")
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder of the edition.")] = Path("build/official"),
    package: Descriptor = Path("datapackage.json"),
) -> None:
    """Build the official edition into OUT from the UN Digital Library's files (downloaded by
    hand: non-commercial use with attribution) laid over the CC0 package."""
    from .sources.undl import import_undl

    summary = import_undl(voting, resolutions, out, package)
    typer.echo(
        f"unga import undl: {summary.roll_calls:,} roll calls, {summary.resolutions:,} "
        f"resolutions, {summary.vote_rows:,} vote rows, {summary.exceptions} exceptions in "
        f"{summary.out}"
    )
    for name, n in summary.counts.items():
        typer.echo(f"  {n:>9,}  {name}")
    typer.echo(f"unga import undl: see {summary.out / 'reconciliation.md'}")


@command("build")
def build_command(
    package: Descriptor = Path("datapackage.json"),
    out: Annotated[Path, typer.Option(help="Release directory to (re)place.")] = Path("dist"),
    previous: Annotated[
        Path | None, typer.Option(help="A prior release (directory or CSV zip) to compare with.")
    ] = None,
) -> None:
    """Validate, then build the release into OUT: DuckDB, CSV zip, Parquet, checksums, notes."""
    from .release.build import build

    result = build(package, out, previous)
    typer.echo(f"unga build: release {result.version} in {result.out}")
    for name, size in result.files.items():
        typer.echo(f"  {size:>12,}  {name}")


@command("site")
def site_command(
    out: Annotated[Path, typer.Option(help="Site directory: a new one, or a previous site.")],
    db: Annotated[
        Path | None,
        typer.Option(help="Release database (default: dist/, else the downloaded release)."),
    ] = None,
) -> None:
    """Generate the static site of a release: a page per roll call, state and session, charts,
    vote maps, search and SQL in the browser."""
    try:
        from .site.build import build_site
    except ImportError as e:  # the site extra (Jinja2, matplotlib) is not installed
        raise UngaError(
            f"the site needs the `site` extra: pip install 'unga-votes[site]' ({e})"
        ) from e

    result = build_site(db, out)
    counts = ", ".join(f"{n:,} {kind}" for kind, n in result.pages.items())
    typer.echo(f"unga site: release {result.version} in {result.out}: {counts}")
    typer.echo(f"unga site: {result.files:,} files, {result.bytes / 1e6:.1f} MB")


@command("download")
def download_command(
    version: Annotated[
        str, typer.Option(help="latest, a version (2026.11.0) or its release tag (v2026.11.0).")
    ] = "latest",
    dir: Annotated[
        Path | None, typer.Option("--dir", help="Cache directory (default: the user cache).")
    ] = None,
    max_size: Annotated[
        int, typer.Option("--max-size", help="Largest file accepted, in MB.")
    ] = MAX_FILE_BYTES >> 20,
    stall: Annotated[
        float, typer.Option(help="Seconds without data before a transfer is given up.")
    ] = STALL_TIMEOUT,
    timeout: Annotated[
        float, typer.Option(help="Seconds one file may take in all, retries included.")
    ] = FILE_TIMEOUT,
) -> None:
    """Fetch a release, verify every file against SHA256SUMS and keep it in the cache."""
    from .client.download import download

    release = download(
        version, dir, progress=sys.stderr.isatty(), max_bytes=max_size << 20,
        stall_timeout=stall, timeout=timeout,
    )  # fmt: skip
    how = f"from the cache, not updated: {release.note}" if release.from_cache else "verified"
    typer.echo(f"unga download: {version}: {len(release.files)} files {how} in {release.directory}")


@command("query")
def query_command(
    sql: Annotated[str | None, typer.Argument(help="One SQL statement that reads.")] = None,
    db: Annotated[
        Path | None, typer.Option(help="Database file (default: the downloaded release).")
    ] = None,
    format: Annotated[Format, format_option(Rows)] = Format.table,
    list_tables: Annotated[
        bool, typer.Option("--tables", help="List tables, views and macros with their comments.")
    ] = False,
) -> None:
    """Run one SQL statement that reads against the release database (read-only, no access to
    other files, extensions or settings); values print as plain text."""
    from .client.query import connect, run, tables

    if sql is None and not list_tables:
        typer.echo("unga query: give SQL to run, or --tables", err=True)
        raise typer.Exit(2)
    con = connect(db)
    typer.echo(render(tables(con) if list_tables else run(con, sql or ""), format), nl=False)


@command("diff")
def diff_command(
    base: Annotated[str, typer.Argument(help="Git ref of the base version (origin/main).")],
    head: Annotated[
        str | None, typer.Argument(help="Git ref of the head version; default: the working tree.")
    ] = None,
    repo: Annotated[Path, typer.Option(help="The git repository (working tree) to read.")] = Path(
        "."
    ),
    package: Annotated[
        str, typer.Option("--package", "-p", help="Descriptor path inside the repository.")
    ] = "datapackage.json",
    format: Annotated[Format, format_option(DiffReport)] = Format.text,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Exit 1 on a changed vote or declared total without a cited corrections row, "
            "or a new roll call or resolution without a source.",
        ),
    ] = False,
    out: Annotated[Path | None, typer.Option(help="Also write the output here.")] = None,
) -> None:
    """What changed in the data between BASE and HEAD: votes, totals, rows, reference data.

    With --format github, only the check's findings are printed, as workflow annotations."""
    from .contribute.changes import data_diff
    from .contribute.citations import check_citations

    result = data_diff(repo, base, head, package)
    report = check_citations(result) if check else None
    text = render(DiffReport(result, report), format)
    typer.echo(text)
    if out is not None:
        emit(text + "\n", out)
    raise typer.Exit(1 if report is not None and not report.valid else 0)


def _members(n: int) -> str:
    return f"{n} member" if n == 1 else f"{n} members"


@command("parse-votes")
def parse_votes_command(
    file: Annotated[str, typer.Argument(help="Text holding the vote list; - for stdin.")],
    date: Annotated[
        dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="Date of the vote (YYYY-MM-DD).")
    ],
    roll_call: Annotated[int, typer.Option("--roll-call", help="Roll call id for the rows.")],
    package: Descriptor = Path("datapackage.json"),
    out: Annotated[Path | None, typer.Option(help="Write the CSV here instead of stdout.")] = None,
    missing_as_non_voting: Annotated[
        bool,
        typer.Option(
            "--missing-as-non-voting",
            help="Mark X (non-voting) the members on the date that the text does not list, as "
            "when a meeting record prints no list of the absent, and name them. Without it, "
            "each is an error. A count the text states must still match its list.",
        ),
    ] = False,
) -> None:
    """Vote rows (roll_call,state,vote) from a published vote list, every name resolved.

    Exit 1, one line per problem, when a name resolves to no state or to several, a state is
    listed twice or was not a member, a count the text states ("Against (22):", an infobox, a
    total, "101 votes to 22, with 59 abstentions") differs from the names listed, or a member
    on the date is on no list (unless --missing-as-non-voting).
    """
    from .contribute.parse_votes import parse_votes
    from .contribute.vote_lists import VoteListError

    text = read_text(None if file == "-" else Path(file))
    try:
        votes = parse_votes(package, date.date(), text, missing_as_non_voting=missing_as_non_voting)
    except VoteListError as e:
        for problem in e.problems:
            typer.echo(printable(f"unga parse-votes: {problem}"), err=True)
        # The flag is the way out only when nothing else is wrong: a misspelt name leaves
        # its state on no list, and an empty group whose count is 22 leaves 22.
        if e.missing and len(e.missing) == len(e.problems):
            typer.echo(
                f"unga parse-votes: {_members(len(e.missing))} on no list; if the text leaves "
                "out those who did not vote, pass --missing-as-non-voting to mark them X",
                err=True,
            )
        raise typer.Exit(1) from e
    emit(votes.to_csv(roll_call), out)
    tally = " ".join(f"{k} {n}" for k, n in votes.tally().items())
    typer.echo(f"unga parse-votes: {len(votes.votes)} members on {date.date()}: {tally}", err=True)
    if votes.filled:
        typer.echo(
            printable(
                f"unga parse-votes: {_members(len(votes.filled))} on no list marked X "
                f"(--missing-as-non-voting): {votes.described(votes.filled)}"
            ),
            err=True,
        )
