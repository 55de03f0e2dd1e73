"""Errors a user can cause. Their ``str()`` is a one-line message that names the input."""

from __future__ import annotations


class CrossreadError(Exception):
    """Base class: something the user can fix; shown as one line, never as a traceback."""


class NotFound(CrossreadError):
    """A story or article named by id is not in the store."""


class InputError(CrossreadError):
    """One input (file, URL, line, record) could not be used; the rest goes on."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
