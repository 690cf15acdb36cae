"""The `unga` command: a thin layer over the library."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

import_app = typer.Typer(help="Regenerate data/ from a vendored source.", no_args_is_help=True)
app = typer.Typer(
    help="unga-votes: check, build and query the UN General Assembly votes data.",
    no_args_is_help=True,
    add_completion=False,
)

Descriptor = Annotated[
    Path, typer.Option("--package", "-p", help="Path of the datapackage.json to check.")
]


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def validate(
    package: Descriptor = Path("datapackage.json"),
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
) -> None:
    """Check every table against its schema and the data model's rules; exit 1 on a violation."""
    from .validate import validate as run

    report = run(package)
    render = {
        Format.text: report.to_text,
        Format.json: report.to_json,
        Format.github: report.to_github,
    }[format]
    typer.echo(render())
    raise typer.Exit(0 if report.valid else 1)


@app.command()
def members(
    date: Annotated[dt.datetime, typer.Argument(formats=["%Y-%m-%d"], help="YYYY-MM-DD")],
    package: Descriptor = Path("datapackage.json"),
    list_: Annotated[bool, typer.Option("--list", help="Print the state codes too.")] = False,
) -> None:
    """How many states were UN members on DATE (from the memberships table)."""
    from .membership import members_on
    from .package import PackageError, load_package
    from .read import read_table
    from .validate import connect_tables

    try:
        pkg = load_package(package)
    except PackageError as e:
        typer.echo(f"unga members: {e}", err=True)
        raise typer.Exit(1) from e
    table, problems = read_table(pkg.root, pkg.resource("memberships"))
    if table is None:
        for p in problems:
            typer.echo(p.text(), err=True)
        raise typer.Exit(1)
    states = members_on(connect_tables({"memberships": table}), date.date())
    typer.echo(f"{len(states)} members on {date.date()}")
    if list_:
        typer.echo(" ".join(states))


@app.command()
def dictionary(
    package: Descriptor = Path("datapackage.json"),
    out: Annotated[Path | None, typer.Option(help="Write here instead of printing.")] = None,
) -> None:
    """Print the data dictionary rendered from the Table Schemas (Markdown)."""
    from .dictionary import render
    from .package import load_package

    text = render(load_package(package))
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")


app.add_typer(import_app, name="import")


@import_app.command("voeten")
def import_voeten(
    out: Annotated[
        Path | None, typer.Option(help="Write the tables here instead of data/.")
    ] = None,
    repo: Annotated[Path, typer.Option(help="Repository root holding sources/ and data/.")] = Path(
        "."
    ),
) -> None:
    """Import sessions 1-74 from sources/voeten/ (checksums verified) into data/."""
    from .voeten import import_voeten as run
    from .voeten.sources import SourceChecksumError

    try:
        summary = run(repo, out)
    except SourceChecksumError as e:
        typer.echo(f"unga import voeten: {e}", err=True)
        raise typer.Exit(2) from e
    typer.echo(
        f"unga import voeten: {summary.roll_calls} roll calls, {summary.votes} vote rows, "
        f"{summary.resolutions} resolutions, {summary.issues} issue tags, {summary.states} "
        f"states, {summary.corrections} corrections, {summary.exceptions} exceptions"
    )
    for line in summary.unexpected:
        typer.echo(f"unexplained violation (nothing written): {line}", err=True)
    raise typer.Exit(0 if summary.ok else 1)


@app.command()
def build(
    package: Descriptor = Path("datapackage.json"),
    out: Annotated[Path, typer.Option(help="Release directory to (re)place.")] = Path("dist"),
    previous: Annotated[
        Path | None, typer.Option(help="A prior release (directory or CSV zip) to compare with.")
    ] = None,
) -> None:
    """Validate, then build the release into OUT: DuckDB, CSV zip, Parquet, checksums, notes."""
    from .build import BuildError
    from .build import build as run

    try:
        result = run(package, out, previous)
    except BuildError as e:
        typer.echo(f"unga build: {e}", err=True)
        raise typer.Exit(1) from e
    typer.echo(f"unga build: release {result.version} in {result.out}")
    for name, size in result.files.items():
        typer.echo(f"  {size:>12,}  {name}")


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


@app.command()
def download(
    version: Annotated[str, typer.Option(help="latest, or a release tag.")] = "latest",
    dir: Annotated[
        Path | None, typer.Option("--dir", help="Cache directory (default: the user cache).")
    ] = None,
) -> None:
    """Fetch a release, verify every file against SHA256SUMS and keep it in the cache."""
    import sys

    from .download import DownloadError
    from .download import download as run

    try:
        release = run(version, dir, progress=sys.stderr.isatty())
    except DownloadError as e:
        typer.echo(f"unga download: {e}", err=True)
        raise typer.Exit(1) from e
    how = "from the cache (could not reach the server)" if release.from_cache else "verified"
    typer.echo(f"unga download: {version}: {len(release.files)} files {how} in {release.directory}")


@app.command()
def query(
    sql: Annotated[str | None, typer.Argument(help="SQL to run (read-only).")] = None,
    db: Annotated[
        Path | None, typer.Option(help="Database file (default: the downloaded release).")
    ] = None,
    format: Annotated[QueryFormat, typer.Option("--format", "-f")] = QueryFormat.table,
    list_tables: Annotated[
        bool, typer.Option("--tables", help="List tables, views and macros with their comments.")
    ] = False,
) -> None:
    """Run SQL against the release database, read-only."""
    from .query import QueryError, connect, run, tables, to_csv, to_json, to_markdown

    if sql is None and not list_tables:
        typer.echo("unga query: give SQL to run, or --tables", err=True)
        raise typer.Exit(2)
    try:
        con = connect(db)
        columns, rows = tables(con) if list_tables else run(con, sql or "")
    except QueryError as e:
        typer.echo(f"unga query: {e}", err=True)
        raise typer.Exit(1) from e
    if format is QueryFormat.table:
        from rich.console import Console
        from rich.table import Table

        table = Table(*columns)
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        Console().print(table)
        return
    render = {QueryFormat.csv: to_csv, QueryFormat.json: to_json,
              QueryFormat.markdown: to_markdown}[format]  # fmt: skip
    typer.echo(render(columns, rows), nl=False)


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def diff(
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
    format: Annotated[DiffFormat, typer.Option("--format", "-f")] = DiffFormat.text,
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
    """What changed in the data between BASE and HEAD: votes, totals, rows, reference data."""
    from .diff import DiffError, data_diff, to_json, to_markdown, to_text
    from .diff import check as run_check

    try:
        result = data_diff(repo, base, head, package)
    except DiffError as e:
        typer.echo(f"unga diff: {e}", err=True)
        raise typer.Exit(2) from e
    violations = run_check(result) if check else None
    render = {DiffFormat.text: to_text, DiffFormat.json: to_json,
              DiffFormat.markdown: to_markdown}[format]  # fmt: skip
    text = render(result, violations)
    typer.echo(text)
    if out is not None:
        out.write_text(text + "\n", encoding="utf-8")
    raise typer.Exit(1 if violations else 0)


@app.command("parse-votes")
def parse_votes(
    file: Annotated[str, typer.Argument(help="Text holding the vote list; - for stdin.")],
    date: Annotated[
        dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="Date of the vote (YYYY-MM-DD).")
    ],
    roll_call: Annotated[int, typer.Option("--roll-call", help="Roll call id for the rows.")],
    package: Descriptor = Path("datapackage.json"),
    out: Annotated[Path | None, typer.Option(help="Write the CSV here instead of stdout.")] = None,
) -> None:
    """Vote rows (roll_call,state,vote) from a published vote list, every name resolved."""
    import sys

    from .parse_votes import VoteListError
    from .parse_votes import parse_votes as run

    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        typer.echo(f"unga parse-votes: cannot read {file}: {e}", err=True)
        raise typer.Exit(1) from e
    try:
        votes = run(package.parent, date.date(), text)
    except VoteListError as e:
        for problem in e.problems:
            typer.echo(f"unga parse-votes: {problem}", err=True)
        raise typer.Exit(1) from e
    csv_text = votes.to_csv(roll_call)
    if out is None:
        typer.echo(csv_text, nl=False)
    else:
        out.write_text(csv_text, encoding="utf-8")
    tally = " ".join(f"{k} {n}" for k, n in votes.tally().items())
    typer.echo(
        f"unga parse-votes: {len(votes.votes)} members on {date.date()}: {tally}"
        f" ({len(votes.filled)} not listed, marked X)",
        err=True,
    )
