"""Release files besides the database: the CSV bundle and the Parquet files.

Every file is reproducible: the same data give the same bytes (sorted rows, fixed zip
timestamps and permissions, no build time anywhere). SHA256SUMS is written by `sums`.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from ..package import Package, Resource, Table
from ..package.keys import ident
from .names import BUNDLE_FOLDER, parquet_file
from .reader import open_release

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def release_descriptor(package: Package, tables: dict[str, Table], version: str) -> dict:
    """datapackage.json for the bundle: the release version, and bytes and hash per resource."""
    descriptor = json.loads(json.dumps(package.descriptor))
    descriptor["version"] = version
    for res in descriptor["resources"]:
        data = tables[res["name"]].data
        res["bytes"] = len(data)
        res["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    return descriptor


def _add(bundle: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(f"{BUNDLE_FOLDER}/{name}", date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    bundle.writestr(info, data, compresslevel=9)


def write_csv_bundle(
    path: Path,
    package: Package,
    tables: dict[str, Table],
    version: str,
    extra: dict[str, bytes],
) -> None:
    """A zip of the package as published: datapackage.json, schemas/, data/ and `extra` files.

    Every table and schema is the bytes the validator read and checked, not a second reading."""
    descriptor = release_descriptor(package, tables, version)
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    members: dict[str, bytes] = {"datapackage.json": text.encode("utf-8")}
    members.update(package.schema_files())
    for res in package.resources.values():
        members[res.path] = tables[res.name].data
    members.update(extra)
    with zipfile.ZipFile(path, "w") as bundle:
        for name in sorted(members):
            _add(bundle, name, members[name])


def write_table_parquet(con: duckdb.DuckDBPyConnection, res: Resource, target: Path) -> None:
    """The zstd Parquet file of one table of `con`, its rows in primary-key order: the release's
    form (the site writes its Parquet files from its copy of a release with this too, so that
    a release's and its site's are the same bytes)."""
    order = ", ".join(ident(k) for k in res.primary_key) or "ALL"
    table = con.sql(f"SELECT * FROM {ident(res.name)} ORDER BY {order}").to_arrow_table()
    pq.write_table(table, target, compression="zstd", write_statistics=True)


def write_parquet(release: Path, database: Path, package: Package) -> list[Path]:
    """One zstd Parquet file per table, rows in primary-key order, from the release database."""
    written = []
    con = open_release(database)
    try:
        for res in package.resources.values():
            target = release / parquet_file(res.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_table_parquet(con, res, target)
            written.append(target)
    finally:
        con.close()
    return written
