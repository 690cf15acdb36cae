"""Whether git would commit what is written into a folder: the official edition never may be.

The edition holds the UN Digital Library's record (copyright United Nations, non-commercial
use): written into a folder of a git checkout that git does not ignore (`data/official` of
this repository), it shows as untracked and is one `git add` away from a commit. Git is asked
about every path an import writes, in the folder and in the folders it works in beside it
(`.NAME.building-*`, `.NAME.checking-*`): a checkout whose `.gitignore` ignores `*.csv` only
would still show the report, which quotes the Library's titles. If any path is not ignored
(or is tracked already), the folder is refused; one git ignores whole (`build/official`), or
one outside any checkout, is not.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

# The name git is asked about for a working folder beside the output (its suffix is random).
SAMPLE = "XXXXXXXX"


def checkout_tracking(
    out: Path, files: Iterable[str], beside: Iterable[str] = ()
) -> tuple[Path, Path] | None:
    """The root of the git checkout that would track a file written into `out` (`files`,
    relative to it) or into a working folder beside it (`.NAME.WHAT-*` for each of `beside`),
    and the first such path; None when no checkout holds `out` or git ignores every one. A
    checkout where git cannot say counts as tracking the first."""
    out = Path(out).resolve()
    root = next((p for p in (out, *out.parents) if (p / ".git").exists()), None)
    if root is None:
        return None
    folders = [out, *(out.parent / f".{out.name}.{what}-{SAMPLE}" for what in beside)]
    paths = [str(folder / f) for folder in folders for f in files]
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "check-ignore", "--stdin", "-z"],
            input="\0".join(paths).encode(), capture_output=True, timeout=30, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return root, Path(paths[0])
    if done.returncode not in (0, 1):  # 0: some are ignored, 1: none is
        return root, Path(paths[0])
    ignored = {Path(p).resolve() for p in done.stdout.decode().split("\0") if p}
    committable = [p for p in paths if Path(p).resolve() not in ignored]
    return (root, Path(committable[0])) if committable else None


__all__ = ["SAMPLE", "checkout_tracking"]
