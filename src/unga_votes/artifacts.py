"""Release files besides the database: the CSV bundle, Parquet files and checksums.

Every file is reproducible: the same data give the same bytes (sorted rows, fixed zip
timestamps and permissions, no build time anywhere).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from .checksums import sha256
from .keys import ident
from .package import Package

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
BUNDLE = "unga-votes"


def release_descriptor(package: Package, version: str) -> dict:
    """datapackage.json for the bundle: the release version, and bytes and hash per resource."""
    descriptor = json.loads(json.dumps(package.descriptor))
    descriptor["version"] = version
    for res in descriptor["resources"]:
        data = (package.root / res["path"]).read_bytes()
        res["bytes"] = len(data)
        res["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    return descriptor


def _add(bundle: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(f"{BUNDLE}/{name}", date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    bundle.writestr(info, data, compresslevel=9)


def write_csv_bundle(path: Path, package: Package, version: str, extra: dict[str, bytes]) -> None:
    """A zip of the package as published: datapackage.json, schemas/, data/ and `extra` files."""
    descriptor = release_descriptor(package, version)
    entries = {"datapackage.json": (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")}
    members: dict[str, bytes] = {k: v.encode("utf-8") for k, v in entries.items()}
    for res in package.descriptor["resources"]:
        members[res["path"]] = (package.root / res["path"]).read_bytes()
        if isinstance(res.get("schema"), str):
            members[res["schema"]] = (package.root / res["schema"]).read_bytes()
    members.update(extra)
    with zipfile.ZipFile(path, "w") as bundle:
        for name in sorted(members):
            _add(bundle, name, members[name])


def write_parquet(folder: Path, database: Path, package: Package) -> list[Path]:
    """One zstd Parquet file per table, rows in primary-key order, from the release database."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    con = duckdb.connect(str(database), read_only=True)
    try:
        for res in package.resources.values():
            order = ", ".join(ident(k) for k in res.primary_key) or "ALL"
            table = con.sql(f"SELECT * FROM {ident(res.name)} ORDER BY {order}").to_arrow_table()
            target = folder / f"{res.name}.parquet"
            pq.write_table(table, target, compression="zstd", write_statistics=True)
            written.append(target)
    finally:
        con.close()
    return written


def write_checksums(folder: Path) -> Path:
    """SHA256SUMS over every file below `folder`, in `sha256sum -c` format, sorted by path."""
    lines = [
        f"{sha256(p)}  {p.relative_to(folder).as_posix()}"
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "SHA256SUMS"
    ]
    target = folder / "SHA256SUMS"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
