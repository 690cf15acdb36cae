"""`unga import undl`: the official edition, a complete data package built on this machine.

The user downloads the Library's files by hand (their terms forbid automated downloading and
allow non-commercial use with attribution). `UndlAdapter` is the source's adapter, run by the
importer as every source is (`sources/importer.py`): it reads the files, lays the official
record over the CC0 package and says which violations are facts of the official record (an
exception with its reason; any other stops the import). `EditionTarget` writes DIR whole: its
datapackage.json (the Library's terms, not CC0), schemas and data, and the reconciliation
report. A failure leaves DIR as it was.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ... import catalogue
from ...escape import cut
from ...outputs import BUILDING, OutputError, check_target, replaced, scratch, write_text
from ...package import Package, load_package, package_files, read_table
from ...package.write import write_csv
from ...report import Violation
from ..importer import Imported, SourceError, conform, run_import
from . import reconcile
from .checkout import checkout_tracking
from .context import Context, Files, build, read
from .versions import RESOLUTIONS_RECORD, VOTING_RECORD

MARKER = ".unga-edition"
CHECKING = "checking"  # the staged copy validated before the edition is written
REASON_MAX = 2000  # exceptions.reason's maxLength
TERMS_PAGE = "https://digitallibrary.un.org/pages/?ln=en&page=tos"
CITATION = (
    "United Nations Dag Hammarskjöld Library, UN Digital Library: General Assembly Voting Data "
    f"({VOTING_RECORD}) and General Assembly Resolutions ({RESOLUTIONS_RECORD})"
)
TERMS = (
    "The official record is copyright United Nations, for non-commercial use with attribution; "
    "this edition may be used on those terms only, citing: " + CITATION + "."
)


@dataclass
class EditionSummary:
    out: Path
    roll_calls: int
    resolutions: int
    vote_rows: int
    exceptions: int
    counts: dict[str, int]  # reconciliation category -> count


def is_edition(folder: Path) -> bool:
    return (folder / MARKER).is_file()


class UndlAdapter:
    """The UN Digital Library's voting file (and resolutions file) as an edition's tables."""

    name = "undl"
    report_path = "reconciliation.md"

    def __init__(self, voting: Path, resolutions: Path | None, package: Package) -> None:
        self.voting, self.resolutions = Path(voting), resolutions and Path(resolutions)
        self.package = package  # the CC0 package, whose schemas say what a symbol is
        self.files: Files | None = None
        self.context: Context | None = None

    def verify(self) -> dict[str, str]:
        """Read and tidy both files: every error in them is said before the output is looked
        at; the files' names and sha256."""
        self.files = read(self.voting, self.resolutions, self.package)
        opened = [self.files.voting, *([self.files.resolutions] if self.files.resolutions else [])]
        return {o.name: o.sha256 for o in opened}

    def build(self, package: Package) -> Imported[Context]:
        assert self.files is not None, "verify() reads the files"
        self.context = build(self.files, _tables(package))
        self.files = None  # the context holds what is still needed
        return Imported(self.context.edition.tables, [], self.context)

    def explain(
        self, violations: list[Violation], imported: Imported[Context]
    ) -> tuple[pl.DataFrame, list[str]]:
        """Exceptions: the CC0 package's, where they still cover a violation; a new one, with
        the official record's reason, for any other violation a rule lets an exception cover.
        Any other violation is not explained."""
        ctx = imported.context
        ledger = ctx.cc0["exceptions"]
        known = {(r["rule"], r["key"]): r for r in ledger.iter_rows(named=True)}
        gaps = dict(ctx.edition.gaps.select(pl.col("roll_call").cast(pl.String), "gap").rows())
        rows, unexplained, kept = [], [], set()
        for v in violations:
            key = (v.rule, v.key or "")
            if key in known:
                kept.add(key)
                rows.append(known[key])
            elif catalogue.rule(v.rule).exceptable:
                reason = _exception(v, gaps.get(v.key or ""))
                rows.append(dict(zip(ledger.columns, reason, strict=True)))
            else:
                unexplained.append(v.text())
        settled = [k for k in known if k not in kept]
        ctx.edition.findings["exception settled by the official record"] = pl.DataFrame(
            settled, schema={"rule": pl.String, "key": pl.String}, orient="row"
        )
        return pl.DataFrame(rows, schema=ledger.schema), unexplained

    def report(self, imported: Imported[Context]) -> str:
        ctx = imported.context
        ctx.doc = reconcile.document(ctx, imported.tables)
        return reconcile.to_markdown(ctx.doc)


class EditionTarget:
    """The edition's folder, replaced whole: a previous edition only, never anything else."""

    kind = "official edition"

    def __init__(self, out: Path, package: Package, inputs: list[Path]) -> None:
        self.out, self.package = Path(out), package
        self.protected = [*package_files(package), *inputs]  # never replaced
        self.replaceable = _replaceable(package)

    def check(self) -> None:
        found = checkout_tracking(self.out, written(self.package), [BUILDING, CHECKING])
        if found is not None:
            root, path = found
            raise OutputError(
                f"--out {self.out}: inside the git checkout {root}, which does not ignore "
                f"{path}; the edition holds the UN Digital Library's record (copyright United "
                "Nations), which must never be committed: choose a folder git ignores "
                "(build/official) or one outside the checkout"
            )
        check_target(self.out, self.kind, self.replaceable, self.protected)

    def scratch(self) -> contextlib.AbstractContextManager[Path]:
        """The staged copy the import validates, beside the edition (`.NAME.checking-*`)."""
        return scratch(self.out, CHECKING)

    def write(self, tables: dict[str, pl.DataFrame], package: Package,
              imported: Imported[Context], report: str) -> dict[str, Path]:  # fmt: skip
        with replaced(self.out, self.kind, self.replaceable, self.protected) as staging:
            descriptor = _descriptor(package, imported.context)
            (staging / "datapackage.json").write_text(
                json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", "utf-8"
            )
            for path, data in package.schema_files().items():
                (staging / path).parent.mkdir(parents=True, exist_ok=True)
                (staging / path).write_bytes(data)
            for name, res in package.resources.items():
                write_csv(conform(tables[name], res), staging / res.path)
            write_text(report, staging / "reconciliation.md")
            write_text(reconcile.to_json(imported.context.doc), staging / "reconciliation.json")
            write_text(TERMS + "\n", staging / MARKER)
        out = self.out.resolve()
        return {name: out / res.path for name, res in package.resources.items()} | {
            "report": out / "reconciliation.md"
        }


def import_undl(
    voting: Path,
    resolutions: Path | None = None,
    out: Path = Path("build/official"),
    descriptor: Path = Path("datapackage.json"),
) -> EditionSummary:
    """Build the official edition into `out` from the Library's files and the CC0 package."""
    descriptor = Path(descriptor)
    package = load_package(descriptor)
    inputs = [Path(voting), *([Path(resolutions)] if resolutions else [])]
    adapter = UndlAdapter(voting, resolutions, package)
    target = EditionTarget(out, package, inputs)
    summary = run_import(adapter, descriptor.parent, None, target, descriptor.name)
    if not summary.ok:
        raise SourceError(
            f"the edition breaks {len(summary.unexpected)} rule(s) no exception may cover; "
            f"first: {summary.unexpected[0]}"
        )
    doc = adapter.context.doc if adapter.context else {"categories": {}}
    counts = {k: v["count"] for k, v in doc["categories"].items()}
    return EditionSummary(Path(out).resolve(), summary.roll_calls, summary.resolutions,
                          summary.votes, summary.exceptions, counts)  # fmt: skip


def written(package: Package) -> list[str]:
    """Every file an import writes into the edition's folder, relative to it."""
    tables = [*package.schema_files(), *(r.path for r in package.resources.values())]
    return ["datapackage.json", "reconciliation.md", "reconciliation.json", MARKER, *tables]


def _replaceable(package: Package) -> Callable[[Path], bool]:
    """Whether a folder is a previous edition that an import may replace whole. One that also
    holds what an import does not write, at any depth (a release built into it, notes, the
    Library's files, a file beside the tables), is refused, naming them, rather than deleted
    with it."""
    files = written(package)
    own = {*files, *(str(d) for p in files for d in Path(p).parents if str(d) != ".")}

    def replaceable(folder: Path) -> bool:
        if not is_edition(folder):
            return False
        other = []  # what is in the edition's folders (never through a link) and not its own
        for parent in sorted({".", *(o for o in own if (folder / o).is_dir())}):
            if parent != "." and (folder / parent).is_symlink():
                continue  # its target is not deleted; the link itself is an entry of `own`
            for entry in (folder / parent).iterdir():
                name = str(entry.relative_to(folder))
                if name not in own:
                    other.append(name)
        other.sort()
        if other:
            shown = ", ".join(other[:5]) + (f" and {len(other) - 5} more" if len(other) > 5 else "")
            raise OutputError(
                f"{folder}: a previous official edition that also holds {shown}, which an "
                "import did not write and would delete; move them, or choose another --out"
            )
        return True

    return replaceable


def _tables(package: Package) -> dict[str, pl.DataFrame]:
    """The CC0 package's tables, typed. (They are validated with the edition: the edition's
    rules are theirs, and what the official record does not touch stays as it is.)"""
    out = {}
    for name, res in package.resources.items():
        table, problems = read_table(package, res)
        if table is None:
            raise SourceError(f"the CC0 package cannot be read: {problems[0].text()}")
        out[name] = table.typed().drop("_line", "_key")
    return out


def _exception(v: Violation, gap: str | None = None) -> tuple[str, str, str, str]:
    """The exception's row: its reason says what the Library gave and, where the import left
    out or filled any of the vote's rows, what the import did (never the Library's fact)."""
    if v.rule == catalogue.VOTES_COUNT_TOTALS.id and gap:
        reason = (
            f"The UN Digital Library publishes {v.expected} for {v.message}; the edition's "
            f"per-state rows give the {v.found}, not the Library's rows alone: {gap}. The "
            "declared totals are kept as it publishes them."
        )
    elif v.rule == catalogue.VOTES_COUNT_TOTALS.id:
        reason = (
            f"The UN Digital Library publishes {v.expected} for {v.message} but its own "
            f"per-state rows give the {v.found}; both are kept as it publishes them."
        )
    else:
        reason = (
            f"The official record and the rule disagree: {v.text_without_location()}. The "
            "edition keeps what the UN Digital Library publishes (and the CC0 data where it "
            "is silent); no source at hand settles it."
        )
    return (v.rule, v.key or "", cut(reason, REASON_MAX - 40), VOTING_RECORD)


def _descriptor(package: Package, ctx: Context) -> dict:
    """The CC0 descriptor as the edition's: its name and title, and the Library's terms as its
    licence (the edition must not be republished as CC0), citing the files it was built from."""
    descriptor = json.loads(json.dumps(package.descriptor))
    files = ", ".join(f"{o.name} ({o.recognised.version.name}, sha256 {o.sha256})"
                      for o in ctx.files())  # fmt: skip
    descriptor["name"] = f"{descriptor.get('name', 'unga-votes')}-official"
    descriptor["title"] = (
        f"{descriptor.get('title', 'UN General Assembly votes')}: official edition"
    )
    descriptor["description"] = (
        "The CC0 data of unga-votes with the official record of the UN Digital Library laid "
        f"over it, built on the user's machine by `unga import undl` from {files} (see "
        "reconciliation.md). " + TERMS
    )
    descriptor["licenses"] = [
        {
            "name": "UN-DL-terms",
            "title": "copyright United Nations, UN Digital Library terms of use: non-commercial "
            f"use with attribution (cite: {CITATION})",
            "path": TERMS_PAGE,
        }
    ]
    descriptor["sources"] = [
        *descriptor.get("sources", []),
        {"title": "UN Digital Library, General Assembly Voting Data", "path": VOTING_RECORD},
        {"title": "UN Digital Library, General Assembly Resolutions", "path": RESOLUTIONS_RECORD},
    ]
    return descriptor


__all__ = ["MARKER", "EditionSummary", "UndlAdapter", "import_undl", "is_edition"]
