"""normcheck: find gendered language and norm patterns in Swedish and English text.

>>> import normcheck
>>> report = normcheck.scan_text("Vi söker en talesman.", lang="sv")
>>> report.documents[0].findings[0].rule
'sv.gendered-term.talesman'
"""

from __future__ import annotations

__version__ = "0.1.0"

from normcheck.errors import ConfigError, LexiconError, NormcheckError, PluginError, ReaderError  # noqa: E402
from normcheck.hookspecs import hookimpl  # noqa: E402
from normcheck.model import Document, DocumentReport, Finding, Report, Segment, SourceRef  # noqa: E402


def scan(sources, **options):  # type: ignore[no-untyped-def]
    """Scan files, folders, ``-`` or URLs; see :func:`normcheck.api.scan`."""
    from normcheck.api import scan as _scan

    return _scan(sources, **options)


def scan_text(text: str, lang: str | None = None, **options):  # type: ignore[no-untyped-def]
    """Scan a string; see :func:`normcheck.api.scan_text`."""
    from normcheck.api import scan_text as _scan_text

    return _scan_text(text, lang, **options)


__all__ = [
    "ConfigError",
    "Document",
    "DocumentReport",
    "Finding",
    "LexiconError",
    "NormcheckError",
    "PluginError",
    "ReaderError",
    "Report",
    "Segment",
    "SourceRef",
    "__version__",
    "hookimpl",
    "scan",
    "scan_text",
]
