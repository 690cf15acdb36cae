"""Historical import of UN General Assembly roll calls from the Voeten et al. data (1946-2019)."""

from ..importer import ImportSummary
from .adapter import import_voeten

__all__ = ["ImportSummary", "import_voeten"]
