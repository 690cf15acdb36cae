"""The release files besides the database: Parquet, the CSV bundle."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
from frictionless import validate as frictionless_validate


def test_parquet_matches_the_csv(dist: Path, fixture_root: Path) -> None:
    votes = pq.read_table(dist / "parquet" / "votes.parquet")
    assert votes.num_rows == (fixture_root / "data" / "votes.csv").read_text().count("\n") - 1
    assert pq.ParquetFile(dist / "parquet" / "votes.parquet").metadata.row_group(0).column(
        0
    ).compression == ("ZSTD")


def test_csv_bundle_is_a_valid_data_package(dist: Path, tmp_path: Path, fixture_root: Path) -> None:
    with zipfile.ZipFile(dist / "unga-votes-csv.zip") as bundle:
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in bundle.infolist())
        bundle.extractall(tmp_path)
    descriptor = json.loads((tmp_path / "unga-votes" / "datapackage.json").read_text())
    votes = next(r for r in descriptor["resources"] if r["name"] == "votes")
    data = (fixture_root / "data" / "votes.csv").read_bytes()
    assert votes["bytes"] == len(data)
    assert votes["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    report = frictionless_validate(str(tmp_path / "unga-votes" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
