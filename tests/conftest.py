"""Fixtures: the small fixture package and copies of it to damage; releases built once.

Most tests work on a copy of the fixture package (`pkg`); the few that are about the full
data (it validates, the import reproduces it, the README's queries, fault injection) use
`full_pkg`, the release `full_dist` or the repository itself. What is built once (the fixture
package, its release, the full data's release) is built once per test run, for every
pytest-xdist worker (`helpers.shared`), and is read-only.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import NamedTuple

import pytest
from fixture_package import build_fixture
from helpers import ROOT, PackageCopy, Repo, shared, unga


class FullBuild(NamedTuple):
    dist: Path  # the release
    seconds: float  # how long `unga build` took


@pytest.fixture(scope="session")
def fixture_root(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    """The fixture package (read-only: copy it before changing anything)."""
    made = shared(pytestconfig, tmp_path_factory, "fixture", lambda f: build_fixture(f / "package"))
    return made / "package"


def _copy(source: Path, dest: Path) -> PackageCopy:
    shutil.copy(source / "datapackage.json", dest)
    shutil.copytree(source / "schemas", dest / "schemas")
    shutil.copytree(source / "data", dest / "data")
    return PackageCopy(dest)


@pytest.fixture
def pkg(tmp_path: Path, fixture_root: Path) -> PackageCopy:
    """A copy of the fixture package, to damage."""
    return _copy(fixture_root, tmp_path)


@pytest.fixture
def full_pkg(tmp_path: Path) -> PackageCopy:
    """A copy of the full data package, for tests about the real data."""
    return _copy(ROOT, tmp_path)


@pytest.fixture
def repo(pkg: PackageCopy) -> Repo:
    """The fixture package as a git repository with one commit."""
    return Repo(pkg.root).init()


@pytest.fixture
def full_repo(full_pkg: PackageCopy) -> Repo:
    """The full data package as a git repository with one commit."""
    return Repo(full_pkg.root).init()


@pytest.fixture(scope="session")
def fixture_dist(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config, fixture_root: Path
) -> Path:
    """A release built from the fixture package (read-only: copy it before changing it)."""
    from unga_votes.release.build import build

    def make(folder: Path) -> None:
        build(fixture_root / "datapackage.json", folder / "dist")

    return shared(pytestconfig, tmp_path_factory, "release", make) / "dist"


@pytest.fixture
def dist(fixture_dist: Path) -> Path:
    """The release of the fixture package (read-only)."""
    return fixture_dist


@pytest.fixture(scope="session")
def full_build(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> FullBuild:
    """The release of the full data, built once per test run by `unga build` as a user runs
    it (read-only), and how long that command took."""

    def make(folder: Path) -> None:
        start = time.monotonic()
        done = unga(
            "build", "--package", str(ROOT / "datapackage.json"), "--out", str(folder / "dist")
        )
        assert done.returncode == 0, done.stderr
        (folder / "seconds").write_text(f"{time.monotonic() - start}\n")

    folder = shared(pytestconfig, tmp_path_factory, "full", make)
    return FullBuild(folder / "dist", float((folder / "seconds").read_text()))


@pytest.fixture(scope="session")
def full_dist(full_build: FullBuild) -> Path:
    """The release of the full data (read-only)."""
    return full_build.dist


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the tests marked `slow` first, so that the workers of `make test` (pytest-xdist)
    finish together instead of one waiting on a long test picked up last."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
