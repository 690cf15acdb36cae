"""The SQL a release database holds: the shared SQL its tables allow, then the release's own
views and macros (sql/views.sql), and the names they create."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import model

CREATED = re.compile(r"^CREATE\s+(?:TEMP\s+)?(?:VIEW|MACRO)\s+(\w+)", re.MULTILINE | re.IGNORECASE)
VIEWS_SQL = "views.sql"  # the release's own views, over the tables and the shared SQL


def release_sql(tables: Iterable[str]) -> list[str]:
    """The SQL files a release database holds, given its tables, in the order they run."""
    return [*model.installable(tables), VIEWS_SQL]


def release_objects(tables: Iterable[str]) -> set[str]:
    """The views and macros a release database holds, given its tables."""
    return {m.group(1) for name in release_sql(tables) for m in CREATED.finditer(model.sql(name))}
