"""Hook specifications for normcheck plugins.

Every built-in reader, check and reporter is registered through these hooks, exactly as a
third-party plugin is. The docstring of each hook is its contract; ``docs/plugin_hooks.md``
documents the same hooks and a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pluggy import HookimplMarker, HookspecMarker

if TYPE_CHECKING:
    import click

    from normcheck.backends import Backend
    from normcheck.checks import Check
    from normcheck.config import Config
    from normcheck.lang import Analysis
    from normcheck.lexicon import Rule
    from normcheck.model import Document, DocumentReport, Finding
    from normcheck.reporters import Reporter

hookspec = HookspecMarker("normcheck")
hookimpl = HookimplMarker("normcheck")


@hookspec(firstresult=True)
def sniff_media_type(data: bytes, name: str) -> str | None:
    """Return the media type of ``data`` judged by its content (and ``name`` as a hint).

    Return ``None`` when this plugin does not recognise the content.
    Stops at first non-None result.

    :param data: The first bytes of the input (at least 8 KiB when the input is that long).
    :param name: The file name or URL, for its extension.
    """


@hookspec(firstresult=True)
def fetch_source(source: str, config: Config) -> tuple[bytes, str | None] | None:
    """Fetch a source that is not a local file (a URL, say) as ``(data, media type or None)``.

    Return ``None`` when this plugin does not handle ``source``; raise ``ReaderError`` when it
    does but the source cannot be fetched.
    Stops at first non-None result.

    :param source: What the user passed, e.g. ``https://example.se/jobb``.
    """


@hookspec(firstresult=True)
def read_document(data: bytes, media_type: str, source: str, config: Config) -> Document | None:
    """Parse ``data`` into a Document whose segments point back into the source.

    Return ``None`` when this reader does not handle ``media_type``; raise ``ReaderError``
    when it does but the data is unreadable.
    Stops at first non-None result.

    :param data: The whole input.
    :param media_type: The sniffed media type, e.g. ``text/plain``.
    :param source: The name reported for the document (path, URL or corpus id).
    """


@hookspec(firstresult=True)
def read_corpus(path: str, input_format: str, options: dict[str, Any], config: Config) -> Iterable[Any] | None:
    """Yield the documents of a corpus file (JSONL, CSV, ...): ``Document`` or ``InputError``.

    A bad record yields an ``InputError`` naming the file and the record; the others go on.
    Return ``None`` when this plugin does not handle ``input_format``.
    Stops at first non-None result.

    :param path: The corpus file, or ``-`` for standard input.
    :param input_format: ``jsonl``, ``csv``, ...
    :param options: Format options such as ``text_field`` and ``id_field``.
    """


@hookspec(firstresult=True)
def detect_language(text: str, config: Config) -> str | None:
    """Return the language of one segment's text ("sv", "en", or "und" for neither).

    Stops at first non-None result.

    :param text: The text of one segment.
    """


@hookspec
def register_backends() -> list[Backend] | None:
    """Return language backends: objects that turn a Document into an ``Analysis``.

    A backend has ``name`` (what ``--backend`` and ``backend = "..."`` select), ``description``,
    ``capabilities`` (a subset of ``{"lemmas", "pos", "ner"}``: what it can add to the tokens),
    ``analyze(document, config, lang=None) -> Analysis`` and ``status(config) -> BackendStatus``
    (what it finds installed and the exact command to install what is missing, for
    ``normcheck models``). Heavy libraries are imported and models loaded only inside
    ``analyze``/``load``, never when the plugin module is imported. A backend that cannot run
    raises one ``BackendError`` naming the missing model, and never downloads anything.
    When two backends share a name, the one registered last (a third-party plugin) wins.
    """


@hookspec
def register_lexicon_dirs(config: Config) -> list[Path] | None:
    """Return directories laid out as ``<lang>/<category>.yml`` whose rules should load.

    :param config: The active configuration.
    """


@hookspec
def register_checks(config: Config) -> list[Check] | None:
    """Return checks: objects with ``name``, ``profiles`` and ``run(analysis, rules, config)``.

    All implementations are called and their checks run in registration order.

    :param config: The active configuration.
    """


@hookspec(firstresult=True)
def suppress_finding(finding: Finding, analysis: Analysis, config: Config) -> bool | None:
    """Return ``True`` to drop ``finding`` (an inline ignore, an allow-listed phrase).

    Stops at first non-None result.

    :param finding: The finding, with rule id, span and text.
    :param analysis: The analysed document the finding is in.
    """


@hookspec
def summarize_document(report: DocumentReport, analysis: Analysis, config: Config) -> dict[str, Any] | None:
    """Return ``{module name: summary}`` to merge into ``documents[i].modules``.

    Tool modules (recruitment, communication) fill their part of the report here.

    :param report: The document's report with its findings and scores so far.
    :param analysis: The analysed document.
    """


@hookspec
def register_reporters() -> list[Any] | None:
    """Return output formats: objects with ``name``, ``media_type``, ``binary`` and ``render``.

    ``render(report, config, options)`` returns ``str`` (or ``bytes`` when ``binary``).
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add subcommands to the ``normcheck`` command line.

    :param cli: The root click group.
    """


@hookspec
def register_profiles() -> list[str] | None:
    """Return the names of scan profiles this plugin provides (e.g. ``gender-decoder``)."""


__all__ = ["hookimpl", "hookspec"]

# Keep names used only in annotations importable for tools that evaluate them.
_ = (Iterable, Sequence)
