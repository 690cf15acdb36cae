"""What `unga diff` prints, in its formats: the changes, and the check of their citations when
it ran. Light to import (the command line declares each command's formats before any data is
read): the renderers, which need polars, are imported when one runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .changes import DataDiff
    from .citations import CitationReport


@dataclass(frozen=True)
class DiffReport:
    diff: DataDiff
    check: CitationReport | None = None

    def to_text(self) -> str:
        from .render import to_text

        return to_text(self.diff, self.check)

    def to_json(self) -> str:
        from .render import to_json

        return to_json(self.diff, self.check)

    def to_markdown(self) -> str:
        from .render import to_markdown

        return to_markdown(self.diff, self.check)

    def to_github(self) -> str:
        """The check's findings alone, as workflow annotations."""
        from .citations import check_citations

        return (self.check or check_citations(self.diff)).to_github()
