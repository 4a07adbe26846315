"""Reporters render a Report. Built-in and plugin reporters register through ``register_reporters``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.model import DocumentReport, Report


@runtime_checkable
class Reporter(Protocol):
    """An output format.

    ``render`` returns the whole output (``bytes`` when ``binary``). A reporter that can
    stream also has ``render_document`` (one document at a time) and ``streaming = True``.
    """

    name: str
    media_type: str
    description: str
    binary: bool

    def render(self, report: Report, config: Config, options: dict[str, Any]) -> str | bytes: ...


def get_reporters() -> dict[str, Any]:
    from normcheck.plugins import get_plugin_manager

    reporters: dict[str, Any] = {}
    for result in reversed(get_plugin_manager().hook.register_reporters()):
        for reporter in result or []:
            reporters[reporter.name] = reporter
    return reporters


def render_document_stream(reporter: Any, doc: DocumentReport, config: Config, options: dict[str, Any]) -> str:
    return str(reporter.render_document(doc, config, options))
