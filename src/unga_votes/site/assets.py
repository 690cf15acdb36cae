"""The site's front-end assets: the pinned npm packages (node_modules) and the site's own files.

`make` installs the npm packages from package-lock.json into the repository's node_modules;
`unga site` copies the few files it needs from there, so the site is built from a checkout.
The checkout is the current directory when it holds node_modules, else the one this module
was installed from (an editable install).
"""

from __future__ import annotations

import json
import shutil
from importlib.resources import files
from pathlib import Path

from .data import SiteError

# (package, file inside it, destination inside the site's assets/)
VENDORED = (
    ("@duckdb/duckdb-wasm", "dist/duckdb-browser.mjs", "duckdb/duckdb-browser.mjs"),
    ("@duckdb/duckdb-wasm", "dist/duckdb-browser-eh.worker.js",
     "duckdb/duckdb-browser-eh.worker.js"),
    ("@duckdb/duckdb-wasm", "dist/duckdb-eh.wasm", "duckdb/duckdb-eh.wasm"),
    ("apache-arrow", "Arrow.esnext.min.js", "duckdb/Arrow.esnext.min.js"),
    ("parquet-wasm", "esm/parquet_wasm.js", "parquet-wasm/parquet_wasm.js"),
    ("parquet-wasm", "esm/parquet_wasm_bg.wasm", "parquet-wasm/parquet_wasm_bg.wasm"),
)  # fmt: skip
# Concatenated into assets/map/geo.js, in this order (d3-geo needs d3-array): one request.
GEO = (
    ("topojson-client", "dist/topojson-client.min.js"),
    ("d3-array", "dist/d3-array.min.js"),
    ("d3-geo", "dist/d3-geo.min.js"),
)
ATLAS = "world-atlas"
MISSING = "front-end assets missing ({what}): run `make site` (it installs them with npm ci)"


def checkout(start: Path | None = None) -> Path:
    """The directory holding node_modules: the current one, else this source tree's root."""
    here = Path(__file__).resolve().parents[3]
    for root in (start or Path.cwd(), here):
        if (root / "node_modules").is_dir():
            return root
    raise SiteError(MISSING.format(what="no node_modules"))


def node_modules(root: Path) -> Path:
    modules = root / "node_modules"
    for package, inside in [(p, i) for p, i, _ in VENDORED] + list(GEO):
        if not (modules / package / inside).is_file():
            raise SiteError(MISSING.format(what=f"no node_modules/{package}/{inside}"))
    if not (modules / ATLAS / "countries-110m.json").is_file():
        raise SiteError(MISSING.format(what=f"no node_modules/{ATLAS}"))
    return modules


def copy_assets(modules: Path, assets: Path) -> list[dict[str, str]]:
    """Copy the vendored files and the site's own static files; the packages, for the notice."""
    used = {}
    for package, inside, dest in VENDORED:
        target = assets / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(modules / package / inside, target)
        used[package] = modules / package / "package.json"
    parts = []
    for package, inside in GEO:
        parts.append((modules / package / inside).read_bytes().rstrip() + b"\n;\n")
        used[package] = modules / package / "package.json"
    (assets / "map").mkdir(parents=True, exist_ok=True)
    (assets / "map" / "geo.js").write_bytes(b"".join(parts))
    used[ATLAS] = modules / ATLAS / "package.json"
    static = files("unga_votes.site").joinpath("static")
    for item in sorted(static.iterdir(), key=lambda p: p.name):
        if item.is_file() and not item.name.startswith("."):
            (assets / item.name).write_bytes(item.read_bytes())
    notice = []
    for package, manifest in sorted(used.items()):
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        notice.append({"name": package, "version": meta["version"],
                       "license": str(meta.get("license", "see the package"))})  # fmt: skip
    return notice
