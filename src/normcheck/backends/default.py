"""The default backend: the analysis in ``normcheck.lang``, unchanged (the fast path)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from normcheck.backends import BackendStatus, ModelInfo
from normcheck.hookspecs import hookimpl

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.lang import Analysis
    from normcheck.model import Document


class DefaultBackend:
    name = "default"
    description = "regex tokens, rule-based sentences, simplemma lemmas (no POS, no NER)"
    capabilities = frozenset({"lemmas"})

    def load(self, config: Config | None) -> None:
        return None

    def analyze(self, document: Document, config: Config | None, *, lang: str | None = None) -> Analysis:
        from normcheck.lang import analyze_default

        return analyze_default(document, config, lang=lang)

    def status(self, config: Config | None) -> BackendStatus:
        return BackendStatus(
            name=self.name,
            installed=True,
            models=(
                ModelInfo("simplemma", "sv", None, True, self.capabilities, "dictionary lemmas"),
                ModelInfo("simplemma", "en", None, True, self.capabilities, "dictionary lemmas"),
            ),
        )


BACKEND = DefaultBackend()


@hookimpl
def register_backends() -> list[object]:
    return [BACKEND]
