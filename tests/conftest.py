"""Fixtures: the small fixture package (built once per session) and copies of it to damage.

Most tests work on a copy of the fixture package (`pkg`); the few that are about the full
data (it validates, the import reproduces it, the README's queries, fault injection) use
`full_pkg` or the repository itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixture_package import build_fixture
from helpers import ROOT, PackageCopy, Repo


@pytest.fixture(scope="session")
def fixture_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture package (read-only: copy it before changing anything)."""
    return build_fixture(tmp_path_factory.mktemp("fixture") / "package").parent


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
def fixture_dist(tmp_path_factory: pytest.TempPathFactory, fixture_root: Path) -> Path:
    """A release built from the fixture package (read-only: copy it before changing it)."""
    from unga_votes.release.build import build

    return build(fixture_root / "datapackage.json", tmp_path_factory.mktemp("release") / "dist").out


@pytest.fixture
def dist(fixture_dist: Path) -> Path:
    """The release of the fixture package (read-only)."""
    return fixture_dist


@pytest.fixture(scope="session")
def full_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release built from the full data (read-only)."""
    from unga_votes.release.build import build

    return build(ROOT / "datapackage.json", tmp_path_factory.mktemp("full") / "dist").out


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the tests marked `slow` first, so that the workers of `make test` (pytest-xdist)
    finish together instead of one waiting on a long test picked up last."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
