"""One family of errors: every failure the `unga` command reports is one line and an exit code."""

from __future__ import annotations

import re


class UngaError(Exception):
    """A failure the user can act on; the message is one line saying what happened.

    `exit_code` is what the command exits with: 1 when the data (or a release) fail a check,
    2 when the input or the usage is wrong.
    """

    exit_code = 2

    def __str__(self) -> str:
        # One line whatever the cause carried (an OS or library message with line breaks).
        return re.sub(r"\s*[\r\n]+\s*", " ", super().__str__()).strip()
