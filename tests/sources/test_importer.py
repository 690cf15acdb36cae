"""The importer: tables conformed to the schemas, corrections, and run_import."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import polars as pl
import pytest
from helpers import PackageCopy, digests

from unga_votes.package import Package, load_package
from unga_votes.package.keys import key_expr
from unga_votes.report import Violation
from unga_votes.sources.importer import (
    Correction,
    Imported,
    SourceError,
    apply_corrections,
    conform,
    curated_exceptions,
    run_import,
)

BUILT = ("roll_calls", "resolutions", "votes", "roll_call_issues")
Explained = tuple[pl.DataFrame, list[str]]


@pytest.fixture
def package(fixture_root: Path) -> Package:
    return load_package(fixture_root / "datapackage.json")


def boom(*args: object, **kwargs: object) -> None:
    raise OSError("boom")


def votes(*rows: tuple[str, str, str]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["roll_call", "state", "vote"], orient="row")


def test_conform_orders_fields_and_parses_text(package: Package) -> None:
    """Extra columns are dropped, fields come in schema order, text becomes the schema's type."""
    frame = pl.DataFrame({"vote": ["Y", "A"], "x": ["1", "2"], "roll_call": ["4813", None]})
    out = conform(frame.with_columns(state=pl.Series(["ZAF", "FRA"])), package.resource("votes"))
    assert out.schema == pl.Schema({"roll_call": pl.Int64, "state": pl.String, "vote": pl.String})
    assert out.rows() == [(4813, "ZAF", "Y"), (None, "FRA", "A")]
    spell = dict(state=["SSD"], admitted=["2011-07-14"], left=[None], note=[None], source=["s"])
    dates = conform(pl.DataFrame(spell), package.resource("memberships"))
    assert dates.row(0) == ("SSD", dt.date(2011, 7, 14), None, None, "s")
    assert (dates.schema["admitted"], dates.schema["left"]) == (pl.Date, pl.Date)


def test_conform_names_missing_columns(package: Package) -> None:
    with pytest.raises(SourceError, match=r"^votes: the import does not produce state, vote$"):
        conform(pl.DataFrame({"roll_call": ["1"]}), package.resource("votes"))


def test_conform_rejects_a_value_that_does_not_parse(package: Package) -> None:
    with pytest.raises(SourceError, match=r"^votes\.roll_call: 1 values are not integers$"):
        conform(votes(("x", "ZAF", "Y"), ("4813", "FRA", "Y")), package.resource("votes"))


def test_correction_changes_the_value_and_is_in_the_ledger(package: Package) -> None:
    pair = votes(("4813", "ZAF", "Y"), ("4813", "FRA", "Y"))
    tables = {"votes": conform(pair, package.resource("votes"))}
    fix = Correction("votes", "4813|ZAF", "vote", "A", "A/62/PV.76", "abstained")
    ledger = apply_corrections(tables, [fix], package)
    assert ledger.columns == package.resource("corrections").field_names
    assert ledger.rows() == [(1, "votes", "4813|ZAF", "vote", "Y", "A", "A/62/PV.76", "abstained")]
    assert ledger.schema["correction"] == pl.Int64
    assert tables["votes"].rows() == [(4813, "ZAF", "A"), (4813, "FRA", "Y")]


def test_corrections_on_the_fixture_package(package: Package, fixture_root: Path) -> None:
    """A typed column takes the parsed value; a correction already applied gives no row."""
    text = pl.read_csv(fixture_root / "data" / "roll_calls.csv", infer_schema=False)
    tables = {"roll_calls": conform(text, package.resource("roll_calls"))}
    before = tables["roll_calls"]
    fixes = [
        Correction("roll_calls", "4813", "declared_yes", "101", "A/62/PV.76", "as is"),
        Correction("roll_calls", "4813", "declared_no", "23", "src", "changed"),
    ]
    ledger = apply_corrections(tables, fixes, package)
    assert ledger.rows() == [(1, "roll_calls", "4813", "declared_no", "22", "23", "src", "changed")]
    row = tables["roll_calls"].filter(pl.col("roll_call") == 4813)
    assert row.select("declared_yes", "declared_no").row(0) == (101, 23)
    assert tables["roll_calls"].drop("declared_no").equals(before.drop("declared_no"))


def test_correction_without_a_matching_row(package: Package) -> None:
    tables = {"votes": conform(votes(("4813", "ZAF", "Y")), package.resource("votes"))}
    fix = Correction("votes", "4813|XXX", "vote", "A", "s", "n")
    with pytest.raises(SourceError, match=r"^correction: no single row votes 4813\|XXX$"):
        apply_corrections(tables, [fix], package)


class FakeAdapter:
    """Rebuilds the fixture tables with their corrections undone, citing them again. `explain`:
    "known" explains what the fixture's exceptions ledger lists, "none" nothing, "all-but-one"
    claims every violation explained while its ledger leaves out the first row."""

    name = "fake"
    report_path = "reports/fake.md"

    def __init__(self, root: Path, explain: str = "known") -> None:
        self.root, self.mode = root, explain

    def read(self, name: str) -> pl.DataFrame:
        return pl.read_csv(self.root / "data" / f"{name}.csv", infer_schema=False)

    def verify(self) -> dict[str, str]:
        return {}

    def build(self, package: Package) -> Imported:
        tables = {name: self.read(name) for name in BUILT}
        corrections = []
        for c in self.read("corrections").iter_rows(named=True):
            table, col = c["table"], c["column"]
            hit = key_expr(package.resource(table).primary_key) == c["key"]
            old = pl.when(hit).then(pl.lit(c["old"], pl.String)).otherwise(col)
            tables[table] = tables[table].with_columns(old.alias(col))
            corrections.append(Correction(table, c["key"], col, c["new"], c["source"], c["note"]))
        return Imported(tables, corrections)

    def explain(self, violations: list[Violation], imported: Imported) -> Explained:
        known = self.read("exceptions")
        if self.mode == "all-but-one":
            return known.slice(1), []
        if self.mode == "none":
            return known.clear(), [v.text() for v in violations]
        keys = set(known.select("rule", "key").rows())
        return known, [v.text() for v in violations if (v.rule, v.key) not in keys]

    def report(self, imported: Imported) -> str:
        return f"# fake import\n{imported.tables['votes'].height} votes\n"


def rows(root: Path, table: str) -> int:
    return (root / "data" / f"{table}.csv").read_text(encoding="utf-8").count("\n") - 1


def test_run_import_writes_the_tables_and_the_report(pkg: PackageCopy, fixture_root: Path) -> None:
    """Explained violations: every table (the corrections ledger rebuilt) and the report."""
    (pkg.root / "data" / "votes.csv").write_text("roll_call,state,vote\n", encoding="utf-8")
    s = run_import(FakeAdapter(fixture_root), pkg.root)
    assert s.ok and s.unexpected == []
    votes = rows(fixture_root, "votes")
    assert (s.roll_calls, s.votes, s.corrections, s.exceptions) == (
        20, votes, 7, rows(fixture_root, "exceptions"))  # fmt: skip
    assert set(s.files) == {*BUILT, "corrections", "exceptions", "report"}
    assert digests(pkg.root / "data") == digests(fixture_root / "data")
    assert pkg.read("reports/fake.md") == f"# fake import\n{votes} votes\n"


def test_run_import_into_out_dir(pkg: PackageCopy, fixture_root: Path, tmp_path: Path) -> None:
    """Tables into out_dir, the report beside it; the package's own files untouched."""
    before = digests(pkg.root / "data")
    summary = run_import(FakeAdapter(fixture_root), pkg.root, tmp_path / "build" / "data")
    assert summary.files["votes"] == tmp_path / "build" / "data" / "votes.csv"
    assert summary.files["report"] == tmp_path / "build" / "reports" / "fake.md"
    assert summary.files["report"].is_file() and not (pkg.root / "reports").exists()
    assert digests(pkg.root / "data") == before


def test_an_out_that_is_not_a_folder_is_refused_before_any_work(
    pkg: PackageCopy, fixture_root: Path, tmp_path: Path
) -> None:
    where = tmp_path / "elsewhere"
    where.mkdir()
    (where / "file").write_text("mine\n", encoding="utf-8")
    os.mkfifo(where / "fifo")
    for name in ("file", "fifo"):
        with pytest.raises(SourceError, match=rf"--out .*{name}: not a folder") as refused:
            run_import(FakeAdapter(fixture_root), pkg.root, where / name)
        assert refused.value.exit_code == 2
    assert (where / "file").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in where.iterdir()) == ["fifo", "file"]


def test_a_failed_write_is_one_line_and_writes_nothing(
    pkg: PackageCopy, fixture_root: Path, tmp_path: Path
) -> None:
    """Every table and the report are written before any replaces the old one: one that
    cannot be written leaves every file as it was, and no temporary file behind."""
    out = tmp_path / "elsewhere" / "data"
    (out / "votes.csv").mkdir(parents=True)  # a folder where a table goes
    (out / "states.csv").write_text("old\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"cannot write .*votes\.csv"):
        run_import(FakeAdapter(fixture_root), pkg.root, out)
    assert sorted(p.name for p in out.iterdir()) == ["states.csv", "votes.csv"]
    assert (out / "states.csv").read_text(encoding="utf-8") == "old\n"
    assert not (out.parent / "reports").exists() or not any((out.parent / "reports").iterdir())


@pytest.mark.parametrize("explain", ["none", "all-but-one"])
def test_run_import_with_an_unexplained_violation_writes_nothing(
    pkg: PackageCopy, fixture_root: Path, explain: str
) -> None:
    """Whether the adapter says so or its exceptions leave one out, nothing is written."""
    (pkg.root / "data" / "votes.csv").write_text("roll_call,state,vote\n", encoding="utf-8")
    before = digests(pkg.root)
    summary = run_import(FakeAdapter(fixture_root, explain), pkg.root)
    assert not summary.ok and summary.files == {}
    assert "[dates.outside-session] " in "\n".join(summary.unexpected)
    # The curated exceptions (to rules on tables an import does not write) are kept as they are.
    package = load_package(fixture_root / "datapackage.json")
    curated = curated_exceptions(package, {*BUILT, "corrections", "exceptions"}).height
    assert curated == 1  # states.unique-code, YUG
    unexplained = rows(fixture_root, "exceptions") - curated if explain == "none" else 1
    assert len(summary.unexpected) == len(set(summary.unexpected)) == unexplained
    assert digests(pkg.root) == before


def test_a_correction_whose_value_does_not_parse_is_refused(fixture_root: Path) -> None:
    package = load_package(fixture_root / "datapackage.json")
    frame = pl.read_csv(fixture_root / "data" / "roll_calls.csv", infer_schema=False)
    tables = {"roll_calls": conform(frame, package.resource("roll_calls"))}
    bad = Correction("roll_calls", "4813", "declared_yes", "abc", "A/62/PV.76", "a typo")
    with pytest.raises(SourceError, match="'abc' is not valid"):
        apply_corrections(tables, [bad], package)
