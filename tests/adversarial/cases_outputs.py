"""Class 1: `--out` may be a new path, an empty folder or a previous release of the same kind,
never the package, a folder holding it, a file or a foreign folder; a killed build's leftovers
are recovered by the next one."""

from __future__ import annotations

import os
import shutil

from adversarial.corpus import Workspace, case

REFUSAL = "`--out` refused in one line, nothing written"
REFUSED = (
    r"^unga (build|import undl): "
    r".*(which the \w[\w ]* is built from|not a folder|neither empty nor a previous)"
)


@case(1, "`unga build --out .` from the package's folder", 2, REFUSED, says=REFUSAL)
def build_out_is_the_package(ws: Workspace):
    return ["build", "--out", "."]


@case(1, "`unga build --out data` (a folder of the package)", 2, REFUSED, says=REFUSAL)
def build_out_is_a_package_folder(ws: Workspace):
    return ["build", "--out", "data"]


@case(1, "`unga build --out ..` (a folder holding the package)", 2, REFUSED, says=REFUSAL)
def build_out_holds_the_package(ws: Workspace):
    return ["build", "--out", ".."]


@case(1, "`--out` a symbolic link to the package's schemas folder", 2, REFUSED, says=REFUSAL)
def build_out_links_into_the_package(ws: Workspace):
    os.symlink(ws.pkg / "schemas", ws.root / "link")
    return ["build", "--out", ws.root / "link"]


@case(1, "`--out notes.txt`, an existing file", 2, REFUSED, says=REFUSAL)
def build_out_is_a_file(ws: Workspace):
    (ws.root / "notes.txt").write_text("my notes\n")
    return ["build", "--out", ws.root / "notes.txt"]


@case(1, "`--out` a folder of someone else's files", 2, REFUSED, says=REFUSAL)
def build_out_is_a_foreign_folder(ws: Workspace):
    return ["build", "--out", ws.outside]


@case(
    1,
    "`--out` a release whose marker file was copied into a foreign folder",
    2,
    REFUSED,
    says=REFUSAL,
)
def build_out_fakes_a_release(ws: Workspace):
    (ws.outside / "SHA256SUMS").write_text("not this one\n")
    return ["build", "--out", ws.outside]


def _recovered(ws: Workspace) -> None:
    assert (ws.pkg / "dist" / "SHA256SUMS").is_file()
    assert sorted(p.name for p in ws.pkg.glob(".dist*")) == []


@case(
    1,
    "a build killed between its two renames: the release is only in `.dist.old-*`",
    0,
    r"unga build: release .* in \S*/pkg/dist\n",
    may_change=("pkg/dist", "pkg/dist/*", "pkg/dist/*/*", "pkg/.dist*"),
    then=_recovered,
    says="the release recovered, then rebuilt; no leftover",
)
def build_recovers_a_killed_build(ws: Workspace):
    shutil.copytree(ws.fixture_dist, ws.pkg / ".dist.old-99999")
    (ws.pkg / ".dist.building-99999").mkdir()
    return ["build", "--out", "dist"]


@case(1, "`unga import undl --out .` over the package", 2, REFUSED, says=REFUSAL)
def import_undl_out_is_the_package(ws: Workspace):
    from undl_fixture import write_undl_files

    voting, _ = write_undl_files(ws.root / "files", ws.fixture)
    return ["import", "undl", voting, "--out", "."]
