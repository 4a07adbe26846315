"""normcheck-recruitment: read a job ad as a job ad.

A normcheck plugin (entry point ``recruitment`` in the ``normcheck`` group). It

- registers a lexicon of superlatives and language requirements (category ``recruitment``),
- adds a check that flags a long list of hard requirements and third-person address
  ("den sökande", "the candidate"),
- fills ``documents[i].modules.recruitment``: requirement and merit items with spans, presence
  checks (salary, hours, flexibility, parental leave, benefits, inclusion statement, how to
  apply, contact person, accommodations), how the reader is addressed, and prioritised advice.

See ``docs/recruitment.md`` in the normcheck repository.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normcheck import hookimpl
from normcheck.model import Finding

from normcheck_recruitment.data import markers
from normcheck_recruitment.review import address, language_of, max_required, ordered_markers, review, structure_of

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.lang import Analysis
    from normcheck.lexicon import Rule
    from normcheck.model import DocumentReport

__version__ = "0.1.0"

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema.json"

_MESSAGES = {
    "sv": {
        "requirement-count": (
            "{count} skallkrav (gräns {limit}). Pröva vilka som behövs från första dagen och flytta resten "
            "till 'Meriterande': färre och tydligare krav gör det lättare att avgöra om man ska söka."
        ),
        "candidate-address": "'{match}' talar om läsaren i tredje person; skriv 'du'.",
    },
    "en": {
        "requirement-count": (
            "{count} hard requirements (limit {limit}). Keep what is needed from day one and move the rest "
            "to 'Nice to have': fewer, clearer requirements make it easier to decide whether to apply."
        ),
        "candidate-address": "'{match}' talks about the reader in the third person; write 'you'.",
    },
}
_SUGGEST = {"sv": ("du",), "en": ("you",)}


def _finding(lang: str, kind: str, text: str, start: int, end: int, **fields: Any) -> Finding:
    """A ``recruitment`` suggestion (rule ``<lang>.recruitment.<kind>``) on ``text[start:end]``."""
    return Finding(
        rule=f"{lang}.recruitment.{kind}",
        category="recruitment",
        severity="suggestion",
        language=lang,
        start=start,
        end=end,
        text=text[start:end],
        **fields,
    )


class RecruitmentCheck:
    """Findings of category ``recruitment`` that need the ad's structure, not just its words."""

    name = "recruitment"
    profiles = ("default",)

    def run(self, analysis: Analysis, rules: Sequence[Rule], config: Config) -> Iterator[Finding]:
        lang = language_of(analysis)
        if lang is None:
            return
        m = markers(lang)
        structure = structure_of(analysis)
        text = analysis.document.text
        limit = max_required(config)
        required = structure.required
        if len(required) > limit:
            section = next((s for s in structure.sections if s.kind == "required"), None)
            start, end = (section.start, section.heading_end) if section else (required[0].start, required[0].end)
            yield _finding(
                lang, "requirement-count", text, start, end,
                message=_MESSAGES[lang]["requirement-count"].format(count=len(required), limit=limit),
                note=f"{len(required)} required items, {len(structure.merits)} merits",
                references=m.requirement_references,
            )
        addr = address(analysis, ordered_markers(lang))
        for start, end in addr.spans["third_person"]:
            yield _finding(
                lang, "candidate-address", text, start, end,
                message=_MESSAGES[lang]["candidate-address"].format(match=text[start:end]),
                suggestions=_SUGGEST[lang],
                references=m.address_references,
            )


@hookimpl
def register_lexicon_dirs(config: Config) -> list[Path]:
    return [LEXICON_DIR]


@hookimpl
def register_checks(config: Config) -> list[object]:
    return [RecruitmentCheck()]


@hookimpl
def summarize_document(report: DocumentReport, analysis: Analysis, config: Config) -> dict[str, Any] | None:
    return {"recruitment": review(report, analysis, config)}


__all__ = ["RecruitmentCheck", "LEXICON_DIR", "SCHEMA_PATH", "review"]
