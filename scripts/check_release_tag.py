"""Refuse to release from a tag that is not `v` + the package version.

    python3 scripts/check_release_tag.py TAG

The release workflow runs this before it builds anything: the tag names the GitHub release,
pyproject.toml's version is the package's (`unga --version`, also in src/unga_votes/__init__.py)
and datapackage.json's is stamped into the release notes and the database, so all must agree.
It prints one line and exits 0 when the tag is `v<version>` and the three versions are equal,
1 when they are not (saying what differs and what to do), 2 when a version cannot be read.
The tag's form is the package's (src/unga_votes/release/tag.py, loaded as a file: the site
links to the release's files by the same tag). Standard library only: it runs before anything
is installed.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TAG_MODULE = ROOT / "src" / "unga_votes" / "release" / "tag.py"
PLAIN = re.compile(r"[A-Za-z0-9._+/-]{1,100}")
INIT_VERSION = re.compile(r'^__version__ = "([^"]*)"$', re.MULTILINE)


def _release_tag():
    """`release_tag` of the package's release/tag.py (a file of the standard library only)."""
    spec = importlib.util.spec_from_file_location("unga_votes_release_tag", TAG_MODULE)
    if spec is None or spec.loader is None:
        raise OSError(f"cannot load {TAG_MODULE}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.release_tag


def shown(text: str) -> str:
    """As printed: plain text as it is, anything else quoted with escapes (a tag is chosen by
    whoever pushes it, and this line goes into the CI log)."""
    return text if PLAIN.fullmatch(text) else ascii(text[:100])


def versions(root: Path) -> dict[str, str]:
    """The version each file declares, pyproject.toml's first."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    init = (root / "src" / "unga_votes" / "__init__.py").read_text(encoding="utf-8")
    found = INIT_VERSION.search(init)
    if found is None:
        raise ValueError("src/unga_votes/__init__.py declares no __version__")
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return {
        "pyproject.toml": str(pyproject["project"]["version"]),
        "src/unga_votes/__init__.py": found.group(1),
        "datapackage.json": str(package["version"]),
    }


def check(tag: str, root: Path = ROOT) -> tuple[int, str]:
    try:
        declared = versions(root)
        release_tag = _release_tag()
    except RecursionError:  # a descriptor nested deeper than the JSON parser goes
        return 2, "release tag check: cannot read the package version: a file nests too deep"
    except (OSError, ValueError, KeyError, TypeError) as e:
        return 2, f"release tag check: cannot read the package version: {e}"
    version = declared["pyproject.toml"]
    if tag != release_tag(version):
        return 1, (
            f"release tag {shown(tag)} does not match the package version {shown(version)} "
            f"(pyproject.toml): tag the release {shown(release_tag(version))}, or change the "
            "version"
        )
    others = [f"{name} says {shown(v)}" for name, v in declared.items() if v != version]
    if others:
        return 1, (
            f"release tag {tag} matches pyproject.toml, but {', '.join(others)}: "
            f"set every version to {version}"
        )
    return 0, f"release tag {tag} matches the package version {version}"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: check_release_tag.py TAG", file=sys.stderr)
        return 2
    code, message = check(argv[0])
    print(message, file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
