"""`unga import undl`: the official edition, a complete data package built on this machine.

The user downloads the Library's files by hand (their terms forbid automated downloading and
allow non-commercial use with attribution); this reads them, lays the official record over the
CC0 package, validates the result (a remaining disagreement a rule may accept becomes an
exception with its reason; any other stops the import) and writes DIR whole: its
datapackage.json, schemas and data, and the reconciliation report. A failure leaves DIR as it
was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ... import catalogue as R
from ...outputs import OutputError, check_target, replaced
from ...package import Package, load_package, package_files, read_table
from ...report import Violation
from ...validate import check, with_new_exceptions
from ..importer import SourceError, conform, write_csv, write_text
from . import reconcile
from .clean import VOTING_USED, Log, clean_resolutions, clean_votes
from .layout import RESOLUTIONS, VOTING, LayoutError, read_layout
from .official import prepare
from .overlay import RESOLUTIONS_RECORD, VOTING_RECORD, Edition, lay_over

MARKER = ".unga-edition"
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


def _replaceable(package: Package) -> Callable[[Path], bool]:
    """Whether a folder is a previous edition that an import may replace whole. One that also
    holds what an import does not write, at any depth (a release built into it, notes, the
    Library's files, a file beside the tables), is refused, naming them, rather than deleted
    with it."""
    written = [*package.schema_files(), *(r.path for r in package.resources.values())]
    own = {"datapackage.json", "reconciliation.md", "reconciliation.json", MARKER, *written}
    own |= {str(parent) for p in written for parent in Path(p).parents if str(parent) != "."}

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


def import_undl(
    voting: Path,
    resolutions: Path | None = None,
    out: Path = Path("build/official"),
    descriptor: Path = Path("datapackage.json"),
) -> EditionSummary:
    """Build the official edition into `out` from the Library's files and the CC0 package."""
    vote_file = read_layout(voting, VOTING, "voting", VOTING_USED)
    res_file = read_layout(resolutions, RESOLUTIONS, "resolutions") if resolutions else None
    package = load_package(descriptor)
    inputs = [Path(voting), *([Path(resolutions)] if resolutions else [])]  # never replaced
    protected = [*package_files(package), *inputs]
    kind, replaceable = "official edition", _replaceable(package)
    cc0 = _tables(package)
    votes, records, vote_log = clean_votes(vote_file.frame, Path(voting).name)
    voting_rows, vote_file.frame = vote_file.frame.height, pl.DataFrame()  # free it
    if votes.height == 0:
        # Nothing of the official record would be in the edition: a wrong or empty file.
        raise LayoutError(
            f"{voting}: no usable vote row ({voting_rows:,} rows read, every one left out: "
            "see the file's layout and codes)"
        )
    check_target(Path(out), kind, replaceable, protected)  # before the work; again under the lock
    res_log = Log(Path(resolutions).name if resolutions else "")
    res_rows = None  # without a resolutions file, each resolution is taken from its vote
    if res_file is not None:
        res_rows, res_log = clean_resolutions(res_file.frame, Path(resolutions).name)
    official = prepare(votes, records, res_rows, cc0, vote_log, res_log)
    edition = lay_over(cc0, official, res_log)
    if res_file is not None:
        edition.findings["resolution only in the voting file"] = official.added.select(
            "resolution", "date", "undl_id", "line"
        )
    _corrections(edition)
    dirt = [*vote_file.dirt, *vote_log.rows, *(res_file.dirt if res_file else []), *res_log.rows]
    res_read = res_file.frame.height if res_file else 0
    res_kept = official.resolutions.height - official.added.height - edition.resolutions_left_out
    with replaced(out, kind, replaceable, protected) as staging:
        exceptions = _write_validated(edition, package, staging)
        summary = {
            "voting_file": Path(voting).name,
            "voting_rows": voting_rows,
            # Every row accounted for: those read are those in the edition and those left out.
            "voting_rows_in_edition": official.rows_kept,
            "voting_rows_left_out": _left_out(vote_log),
            "votes": official.records.height,
            "resolutions_file": Path(resolutions).name if resolutions else None,
            "resolutions_rows": res_read,
            "resolutions_rows_in_edition": res_kept if res_file else 0,
            "resolutions_rows_left_out": _left_out(res_log),
            "roll_calls": edition.tables["roll_calls"].height,
            "resolutions": edition.tables["resolutions"].height,
            "vote_rows": edition.tables["votes"].height,
            "exceptions": exceptions,
        }
        doc = reconcile.document(edition.findings, official.unmapped, dirt, summary)
        write_text(reconcile.to_markdown(doc), staging / "reconciliation.md")
        write_text(reconcile.to_json(doc), staging / "reconciliation.json")
        write_text(TERMS + "\n", staging / MARKER)
    counts = {k: v["count"] for k, v in doc["categories"].items()}
    t = edition.tables
    return EditionSummary(
        Path(out).resolve(),
        t["roll_calls"].height,
        t["resolutions"].height,
        t["votes"].height,
        exceptions,
        counts,
    )


def _left_out(log: Log) -> int:
    return sum(d.count for d in log.rows if d.left_out)


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


def _corrections(edition: Edition) -> None:
    """Drop the ledger rows the official record overrides, as findings."""
    from ...package.keys import key_expr

    ledger = edition.tables["corrections"]
    kept, gone = [], []
    keys = {
        "votes": ["roll_call", "state"],
        "roll_calls": ["roll_call"],
        "resolutions": ["resolution"],
    }
    for row in ledger.iter_rows(named=True):
        table = edition.tables.get(row["table"])
        key = keys.get(row["table"])
        if table is None or key is None or row["column"] not in table.columns:
            kept.append(row)
            continue
        hit = table.filter(key_expr(key) == row["key"]).select(
            pl.col(row["column"]).cast(pl.String)
        )
        value = hit.item() if hit.height == 1 else None
        (kept if value == row["new"] or (value is None and row["new"] is None) else gone).append(
            row
        )
    edition.tables["corrections"] = pl.DataFrame(kept, schema=ledger.schema)
    edition.findings["correction superseded by the official record"] = pl.DataFrame(
        gone, schema=ledger.schema
    ).select("correction", "table", "key", "column", "old", "new", "source")


def _write_validated(edition: Edition, package: Package, staging: Path) -> int:
    """Write the edition's package into `staging`; exceptions for what a rule may accept, an
    error for anything else. Returns the number of exceptions."""
    descriptor = _descriptor(package)
    (staging / "datapackage.json").write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", "utf-8"
    )
    for path, data in package.schema_files().items():
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / path).write_bytes(data)
    for name, res in package.resources.items():
        edition.tables[name] = conform(edition.tables[name], res)
        write_csv(edition.tables[name], staging / res.path)
    checked = check(staging / "datapackage.json")
    report = checked.report
    ledger = edition.tables["exceptions"]
    existing = set(ledger.select("rule", "key").rows())
    violations = [v for v in report.violations if v.rule != R.EXCEPTIONS_STALE.id]
    stale = [v for v in report.violations if v.rule == R.EXCEPTIONS_STALE.id]
    refused = [v for v in violations if not R.rule(v.rule).exceptable]
    if refused:
        raise SourceError(
            f"the edition breaks {len(refused)} rule(s) no exception may cover; "
            f"first: {refused[0].text()}"
        )
    settled = pl.DataFrame(
        sorted({tuple(v.key.split("|", 1)) for v in stale if v.key}),
        schema={"rule": pl.String, "key": pl.String},
        orient="row",
    )
    ledger = ledger.join(settled, on=["rule", "key"], how="anti")
    edition.findings["exception settled by the official record"] = settled
    new = [_exception(v) for v in violations if (v.rule, v.key) not in existing]
    ledger = pl.concat([ledger, pl.DataFrame(new, schema=ledger.schema, orient="row")])
    edition.tables["exceptions"] = ledger.unique(["rule", "key"], keep="first").sort("rule", "key")
    res = package.resource("exceptions")
    write_csv(conform(edition.tables["exceptions"], res), staging / res.path)
    # Only the ledger changed since the check: it is read and applied again (validate.py).
    final = with_new_exceptions(checked).report
    if not final.valid:
        raise SourceError(f"the edition does not validate: {final.violations[0].text()}")
    return edition.tables["exceptions"].height


def _exception(v: Violation) -> tuple[str, str, str, str]:
    if v.rule == R.VOTES_COUNT_TOTALS.id:
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
    return (v.rule, v.key or "", reason, VOTING_RECORD)


def _descriptor(package: Package) -> dict:
    d = json.loads(json.dumps(package.descriptor))
    d["name"] = f"{d.get('name', 'unga-votes')}-official"
    d["title"] = f"{d.get('title', 'UN General Assembly votes')}: official edition"
    d["description"] = (
        "The CC0 data of unga-votes with the official record of the UN Digital Library laid "
        "over it, built on the user's machine by `unga import undl` (see reconciliation.md). "
        + TERMS
    )
    d["licenses"] = [
        *d.get("licenses", []),
        {
            "name": "UN-DL-terms",
            "title": "the official record: copyright United Nations, UN Digital Library terms, "
            f"non-commercial use with attribution (cite: {CITATION})",
            "path": "https://digitallibrary.un.org/",
        },
    ]
    d["sources"] = [
        *d.get("sources", []),
        {"title": "UN Digital Library, General Assembly Voting Data", "path": VOTING_RECORD},
        {"title": "UN Digital Library, General Assembly Resolutions", "path": RESOLUTIONS_RECORD},
    ]
    return d


__all__ = ["MARKER", "EditionSummary", "import_undl", "is_edition"]
