"""unga-votes: the validated dataset of UN General Assembly resolutions and roll-call votes."""

__version__ = "2026.11.0"
