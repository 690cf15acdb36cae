"""One run of every check over a package; `check_package` hands back what it read."""

from __future__ import annotations

from pathlib import Path

from helpers import ROOT, PackageCopy

from unga_votes.validate import check_package, validate


def test_the_real_data_validate() -> None:
    report = validate(ROOT / "datapackage.json")
    assert report.valid, report.to_text()
    assert sum(report.rows.values()) > 900_000 and report.excepted > 0


def test_check_hands_back_the_bytes_it_checked(fixture_root: Path) -> None:
    checked = check_package(fixture_root / "datapackage.json")
    assert checked.report.valid and checked.package is not None
    assert set(checked.tables) == set(checked.package.resources)
    for name, table in checked.tables.items():
        path = fixture_root / checked.package.resource(name).path
        assert table.data == path.read_bytes(), name
        assert checked.report.rows[checked.package.resource(name).path] == table.frame.height


def test_an_unreadable_descriptor_is_one_violation(tmp_path: Path) -> None:
    checked = check_package(tmp_path / "none.json")
    assert checked.package is None and checked.tables == {}
    (v,) = checked.report.violations
    assert v.rule == "package.descriptor" and "no such file" in v.found


def test_violations_are_sorted_by_file_and_line(pkg: PackageCopy) -> None:
    pkg.replace("data/votes.csv", "4813,ZAF,A", "4813,ZAF,Q")
    pkg.replace("data/states.csv", "AFG,Afghanistan,", "AFG, Afghanistan,")
    report = pkg.validate()
    places = [(v.file, v.line or 0) for v in report.violations]
    assert places == sorted(places) and len(places) >= 2
