"""The SQL examples of README.md and their printed results, kept true by a test.

Each ```sql block in the README is followed by a ```text block holding its result as
`render` prints it. `python -m unga_votes.readme_queries README.md DB` rewrites those result
blocks from the database; the test fails when a result in the README is not what the query
returns.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import duckdb

BLOCK = re.compile(r"```sql\n(?P<sql>.*?)```\n\n```text\n(?P<result>.*?)```", re.S)
SHOWN = 10  # rows printed before the rest are summarised


def examples(readme: str) -> list[tuple[str, str]]:
    """(SQL, printed result) for every example of the README, in order."""
    return [(m["sql"], m["result"]) for m in BLOCK.finditer(readme)]


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def render(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """The result as aligned text columns; long results show the first rows and a count."""
    rel = con.sql(sql)
    rows = [tuple(_cell(v) for v in row) for row in rel.fetchall()]
    header = tuple(rel.columns)
    shown = rows if len(rows) <= SHOWN + 2 else rows[:SHOWN]
    widths = [max(len(r[i]) for r in [header, *shown]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in [header, *shown]]  # fmt: skip
    if len(shown) < len(rows):
        lines.append(f"… {len(rows):,} rows in all")
    return "\n".join(lines) + "\n"


def update(readme: Path, database: Path) -> None:
    from .release.reader import open_release

    con = open_release(database)
    text = readme.read_text(encoding="utf-8")

    def fresh(m: re.Match[str]) -> str:
        return f"```sql\n{m['sql']}```\n\n```text\n{render(con, m['sql'])}```"

    readme.write_text(BLOCK.sub(fresh, text), encoding="utf-8")


if __name__ == "__main__":
    update(Path(sys.argv[1]), Path(sys.argv[2]))
