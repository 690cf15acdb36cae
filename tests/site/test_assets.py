"""assets.py: where node_modules is found, the one-line error when a front-end file is missing,
and what copy_assets writes (the vendored files, the map's one script, the site's own files)
and the licence notice it returns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ROOT

from unga_votes.site import assets
from unga_votes.site.assets import ATLAS, GEO, VENDORED, checkout, copy_assets, node_modules
from unga_votes.site.data import SiteError

STATIC = ROOT / "src" / "unga_votes" / "site" / "static"


def _modules(root: Path) -> Path:
    """A fake node_modules with every file the site takes, each holding its own name, and a
    package.json per package (one without a licence, one with a licence object)."""
    modules = root / "node_modules"
    for package, inside in [(p, i) for p, i, _ in VENDORED] + list(GEO):
        path = modules / package / inside
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"/* {package}/{inside} */  \n\n".encode())
    (modules / ATLAS).mkdir(parents=True)
    (modules / ATLAS / "countries-110m.json").write_text("{}")
    for n, package in enumerate(sorted({p for p, *_ in VENDORED} | {p for p, _ in GEO} | {ATLAS})):
        meta: dict[str, object] = {"name": package, "version": f"1.{n}.0", "license": "MIT"}
        if package == "d3-geo":
            del meta["license"]
        if package == ATLAS:
            meta["license"] = {"type": "<b>ISC</b>"}
        (modules / package / "package.json").write_text(json.dumps(meta))
    return modules


def test_missing_front_end_assets_say_how_to_install_them(tmp_path: Path) -> None:
    (tmp_path / "node_modules").mkdir()
    with pytest.raises(SiteError, match=r"front-end assets missing .*run `make site`"):
        node_modules(tmp_path)


def test_a_complete_node_modules_is_accepted(tmp_path: Path) -> None:
    modules = _modules(tmp_path)
    assert node_modules(tmp_path) == modules
    assert node_modules(ROOT) == ROOT / "node_modules"  # the checkout's, from `npm ci`


@pytest.mark.parametrize(
    "missing",
    [f"{p}/{i}" for p, i, _ in VENDORED] + [f"{p}/{i}" for p, i in GEO] + [ATLAS],
)
def test_each_missing_file_is_named(tmp_path: Path, missing: str) -> None:
    modules = _modules(tmp_path)
    if missing == ATLAS:
        (modules / ATLAS / "countries-110m.json").unlink()
    else:
        (modules / missing).unlink()
    with pytest.raises(SiteError) as caught:
        node_modules(tmp_path)
    message = str(caught.value)
    assert message == (
        f"front-end assets missing (no node_modules/{missing}): run `make site` "
        "(it installs them with npm ci)"
    )
    assert caught.value.exit_code == 1


def test_checkout_is_the_current_folder_else_the_source_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "node_modules").mkdir()
    assert checkout(tmp_path) == tmp_path
    assert checkout(tmp_path / "elsewhere") == ROOT  # this checkout, which has node_modules
    monkeypatch.chdir(tmp_path)
    assert checkout() == tmp_path
    # An installed copy with no node_modules anywhere: the error says what to run.
    monkeypatch.setattr(assets, "__file__", str(tmp_path / "x" / "a" / "b" / "c" / "assets.py"))
    with pytest.raises(SiteError, match=r"\(no node_modules\): run `make site`"):
        checkout(tmp_path / "elsewhere")


def test_copy_assets_writes_every_file_and_the_notice(tmp_path: Path) -> None:
    modules = _modules(tmp_path)
    out = tmp_path / "assets"
    notice = copy_assets(modules, out)
    for package, inside, dest in VENDORED:
        assert (out / dest).read_bytes() == (modules / package / inside).read_bytes(), dest
    # The map's libraries in one script, in dependency order, each ended so that the next
    # cannot continue its last statement.
    assert (out / "map" / "geo.js").read_text() == "".join(f"/* {p}/{i} */\n;\n" for p, i in GEO)
    own = sorted(p.name for p in STATIC.iterdir() if p.is_file() and not p.name.startswith("."))
    assert own and all((out / name).read_bytes() == (STATIC / name).read_bytes() for name in own)
    packages = sorted({p for p, *_ in VENDORED} | {p for p, _ in GEO} | {ATLAS})
    assert [p["name"] for p in notice] == packages
    by_name = {p["name"]: p for p in notice}
    assert by_name["d3-geo"]["license"] == "see the package"
    # A licence that is not a string is kept as text (the page escapes it like any value).
    assert by_name[ATLAS]["license"] == str({"type": "<b>ISC</b>"})
    assert by_name["d3-array"] == {"name": "d3-array", "version": "1.2.0", "license": "MIT"}
    assert copy_assets(modules, tmp_path / "again") == notice  # the same every time


def test_the_real_packages_have_versions_and_licences(tmp_path: Path) -> None:
    notice = copy_assets(node_modules(ROOT), tmp_path)
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for p in notice:
        assert p["version"] == lock[f"node_modules/{p['name']}"]["version"], p
        assert p["license"] != "see the package", p
