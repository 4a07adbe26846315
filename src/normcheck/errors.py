"""Errors with stable codes. The CLI turns them into one line and exit 2; the service into JSON."""

from __future__ import annotations


class NormcheckError(Exception):
    """Base class. ``code`` is stable; ``source`` names the input, file or plugin concerned."""

    code = "NC100"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class ReaderError(NormcheckError):
    """An input could not be read: missing, unreadable, empty, binary, corrupt, too large."""

    code = "NC101"


class UnsupportedFormatError(ReaderError):
    code = "NC102"


class LexiconError(NormcheckError):
    """A lexicon file is invalid. Carries the file and the entry."""

    code = "NC201"

    def __init__(self, path: str, entry: str | int | None, message: str) -> None:
        where = path if entry is None else f"{path} [entry {entry}]"
        super().__init__(message, source=where)
        self.path = path
        self.entry = entry


class ConfigError(NormcheckError):
    code = "NC301"


class PluginError(NormcheckError):
    code = "NC401"


class UsageError(NormcheckError):
    code = "NC501"
