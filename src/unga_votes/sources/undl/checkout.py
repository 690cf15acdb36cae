"""Whether git would commit what is written into a folder: the official edition never may be.

The edition holds the UN Digital Library's record (copyright United Nations, non-commercial
use): written into a folder of a git checkout that git does not ignore (`data/official` of
this repository), it shows as untracked and is one `git add` away from a commit. Such a
folder is refused; one git ignores (`build/official`), or one outside any checkout, is not.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

PROBE = Path("data") / "votes.csv"  # a file every edition holds


def checkout_tracking(out: Path) -> Path | None:
    """The root of the git checkout that would track files written into `out`, or None (no
    checkout holds it, or git ignores it there). A checkout where git cannot say counts as
    tracking it."""
    out = Path(out).resolve()
    root = next((p for p in (out, *out.parents) if (p / ".git").exists()), None)
    if root is None:
        return None
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "check-ignore", "-q", str(out / PROBE)],
            capture_output=True, timeout=30, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return root
    return None if done.returncode == 0 else root


__all__ = ["checkout_tracking"]
