"""The UN Digital Library's voting and resolutions files: the official edition."""

from .edition import EditionSummary, import_undl

__all__ = ["EditionSummary", "import_undl"]
