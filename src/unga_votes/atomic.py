"""A directory written atomically: filled in a temporary directory beside it, renamed into place."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def stage(out: Path) -> Path:
    """A fresh, world-readable temporary directory beside `out` (leftovers of a killed run of
    the same output removed first: one run at a time per output). Raises OSError."""
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in out.parent.glob(f".{out.name}.building-*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 would follow the directory into place
    return staging


def swap(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with renames only, keeping the old tree until the new is in."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    try:
        os.replace(staging, out)
    except OSError:
        if old is not None:
            os.replace(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
