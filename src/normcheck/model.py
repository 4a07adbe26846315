"""The data model shared by every stage and every surface.

Offsets are character offsets into ``Document.text`` with an exclusive end (as spaCy's
``Span.start_char``/``end_char``). Line, column and page are derived from the segments when a
report is built, never stored by checks.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["suggestion", "warning", "error"]
SEVERITIES: tuple[str, ...] = ("suggestion", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES, start=1)}

#: Built-in finding categories (plugins may add their own).
CATEGORIES: tuple[str, ...] = (
    "gender-coded",
    "gendered-term",
    "generic-pronoun",
    "age",
    "origin",
    "religion",
    "ability",
    "identity",
    "family",
    "culture",
    "recruitment",
    "representation",
)

VERDICTS: tuple[str, ...] = (
    "strongly-feminine-coded",
    "feminine-coded",
    "neutral",
    "masculine-coded",
    "strongly-masculine-coded",
)

SCHEMA_ID = "normcheck/v1"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a segment came from in the original input."""

    path: str | None
    locator: str  # "txt:line=3", "docx:body/p[12]", "html:/html/body/main/p[3]", "pdf:page=2"
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of ``Document.text`` with one origin: a paragraph, a heading, a table cell."""

    start: int
    end: int
    kind: str  # "paragraph" | "heading" | "title" | "list_item" | "table_cell" | "meta" | ...
    source: SourceRef


@dataclass(frozen=True, slots=True)
class Document:
    """Extracted text of one input with its segments mapped back to the source."""

    source: str
    text: str
    segments: tuple[Segment, ...]
    media_type: str = "text/plain"
    meta: Mapping[str, Any] = field(default_factory=dict)

    def segment_index_at(self, offset: int) -> int:
        """Index of the segment containing ``offset`` (the nearest one before it otherwise)."""
        if not self.segments:
            return -1
        starts = [s.start for s in self.segments]
        return max(0, bisect.bisect_right(starts, offset) - 1)


@dataclass(frozen=True, slots=True)
class Token:
    """A word with its offsets in ``Document.text`` and its language analysis."""

    text: str
    start: int
    end: int
    lower: str
    sentence: int  # index of the sentence in the document
    sent_start: bool  # first word of its sentence
    segment: int
    lang: str | None
    pos: str | None = None  # universal POS tag ("PRON", "PROPN", ...) when the backend tags
    ent: str | None = None  # entity label ("PERSON", "PER", "ORG", ...) when the backend has NER
    tagged_lemma: str | None = None  # the backend's lemma, when it has one for this token

    @property
    def lemma(self) -> str:
        """The lemma (computed on first use: scanning itself never needs it)."""
        if self.tagged_lemma is not None:
            return self.tagged_lemma
        if self.lang is None:
            return self.lower
        from normcheck.lang import lemma

        return lemma(self.lower, self.lang)


@dataclass(frozen=True, slots=True)
class Location:
    segment: int
    kind: str
    locator: str
    line: int
    column: int
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "segment": self.segment,
            "kind": self.kind,
            "locator": self.locator,
            "line": self.line,
            "column": self.column,
            "page": self.page,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One flagged span: what rule, why, and what to write instead."""

    rule: str
    category: str
    severity: str
    language: str | None
    start: int
    end: int
    text: str
    message: str
    suggestions: tuple[str, ...] = ()
    coding: str | None = None
    references: tuple[str, ...] = ()
    note: str | None = None
    location: Location | None = None

    def replace(self, **changes: Any) -> Finding:
        from dataclasses import replace

        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "coding": self.coding,
            "severity": self.severity,
            "language": self.language,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "note": self.note,
            "location": self.location.to_dict() if self.location else None,
            "references": list(self.references),
        }


@dataclass(slots=True)
class DocumentReport:
    """Everything normcheck found in one document; ``to_dict`` is the wire contract."""

    document: Document
    language: str | None
    languages: dict[str, float]
    words: int
    findings: list[Finding]
    scores: dict[str, Any] = field(default_factory=dict)
    modules: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return self.document.source

    @property
    def media_type(self) -> str:
        return self.document.media_type

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.document.source,
            "media_type": self.document.media_type,
            "language": self.language,
            "languages": dict(self.languages),
            "words": self.words,
            "findings": [f.to_dict() for f in self.findings],
            "scores": self.scores,
            "modules": self.modules,
            **({"meta": _json_safe(self.document.meta)} if self.document.meta else {}),
        }


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be scanned; other inputs in the run are unaffected."""

    source: str
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "code": self.code, "message": self.message}

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(slots=True)
class Report:
    """The result of one scan: documents in input order, and inputs that failed."""

    documents: list[DocumentReport]
    errors: list[InputError] = field(default_factory=list)
    profile: str = "default"

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.documents for f in d.findings]

    def to_dict(self) -> dict[str, Any]:
        from normcheck import __version__

        out: dict[str, Any] = {
            "schema": SCHEMA_ID,
            "normcheck_version": __version__,
            "profile": self.profile,
            "documents": [d.to_dict() for d in self.documents],
        }
        if self.errors:
            out["errors"] = [e.to_dict() for e in self.errors]
        return out


def _json_safe(value: Any) -> Any:
    """Corpus fields (``Document.meta``) as JSON values; anything else becomes its string."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return str(value)


def max_severity(findings: Sequence[Finding]) -> str | None:
    best = None
    for f in findings:
        if best is None or SEVERITY_RANK[f.severity] > SEVERITY_RANK[best]:
            best = f.severity
    return best
