"""What the SQL page loads: the Parquet file of each table of the site's checked copy of the
release, and the data model's views and macros (the checkout's sql/, never the release's).

The views and macros come from the checkout as the release build installs them
(release/views.py's `release_sql`), so that a release can neither add one, nor overload or
replace one, nor hide one the README's examples use; each statement is run on the copy first,
in the order the page runs it, so that one the release's tables cannot carry refuses the
release in one line instead of leaving a page that cannot start.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from .. import model
from ..release.artifacts import write_table_parquet
from ..release.views import release_sql
from .output import inside
from .release_checks import data_model, refused
from .release_files import tables


def write_parquet(con: duckdb.DuckDBPyConnection, dest: Path) -> list[str]:
    """The Parquet file of each table of the site's copy of a release (`con`), written as the
    release build writes its own; the file names. A table's name becomes a file name only
    inside `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    package = data_model()
    names = []
    for table in tables(con):
        name = f"{table}.parquet"
        write_table_parquet(con, package.resource(table), inside(dest, name))
        names.append(name)
    return names


def statements(con: duckdb.DuckDBPyConnection, database: Path) -> list[str]:
    """Each statement of the checkout's SQL for a release of the copy's tables, in order, run
    on the copy (`con`): what the SQL page runs once the tables are loaded."""
    out = []
    for name in release_sql(tables(con)):
        for statement in con.extract_statements(model.sql(name)):
            sql = statement.query.strip()
            try:
                con.execute(sql)
            except duckdb.Error as e:
                first = (str(e).strip().splitlines() or [type(e).__name__])[0]
                raise refused(database, f"the SQL page's views and macros (sql/{name}) do not "
                                        f"apply to its tables: {first}") from e  # fmt: skip
            out.append(sql)
    return out
