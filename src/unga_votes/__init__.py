"""unga-votes: the validated dataset of UN General Assembly resolutions and roll-call votes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

__version__ = "2026.11.0"


def connect(
    database: Path | str | None = None, version: str = "latest", directory: Path | None = None
) -> duckdb.DuckDBPyConnection:
    """A read-only DuckDB connection to the downloaded release (or to `database`)."""
    from .client.query import connect as _connect

    return _connect(database, version, directory)
