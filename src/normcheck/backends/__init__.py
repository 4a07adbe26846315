"""Language backends: the language analysis as a plugin.

A backend turns a ``Document`` into an ``Analysis``. The ``default`` backend is the fast,
registry-installable analysis in ``normcheck.lang`` (regex tokens, rule-based sentences,
simplemma lemmas). The ``spacy`` and ``stanza`` backends run a trained pipeline the user has
installed and *add* part-of-speech tags, lemmas and named entities to the same tokens: the token
grid, the sentences and the languages stay those of the default analysis, so word counts,
lexicon matches and scores stay comparable across backends, and checks use POS/NER when a token
has them and fall back when it does not.

Backends come from the ``register_backends`` hook; ``--backend NAME`` or ``backend = "NAME"``
in the configuration selects one. Nothing heavy is imported until a backend is used.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from normcheck.errors import NormcheckError

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.lang import Analysis
    from normcheck.model import Document, Token

CAPABILITIES = ("lemmas", "pos", "ner")
DEFAULT = "default"


class BackendError(NormcheckError):
    """A language backend cannot run: its library or a model is missing or broken."""

    code = "NC601"


class ModelNotFoundError(BackendError):
    """A selected model (a spaCy pipeline, stanza resources) is not installed."""

    code = "NC602"


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """One model a backend found (or looked for): what it is and whether it can be used."""

    name: str
    lang: str | None
    location: str | None
    found: bool
    capabilities: frozenset[str] = frozenset()
    detail: str = ""


@dataclass(frozen=True, slots=True)
class BackendStatus:
    """What a backend finds on this machine, for ``normcheck models``."""

    name: str
    installed: bool  # the backend's library is importable
    models: tuple[ModelInfo, ...] = ()
    install: tuple[str, ...] = ()  # exact commands that install what is missing
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "installed": self.installed,
            "models": [
                {
                    "name": m.name,
                    "lang": m.lang,
                    "location": m.location,
                    "found": m.found,
                    "capabilities": sorted(m.capabilities),
                    "detail": m.detail,
                }
                for m in self.models
            ],
            "install": list(self.install),
            "notes": list(self.notes),
        }


@runtime_checkable
class Backend(Protocol):
    """A language backend (see the ``register_backends`` hook)."""

    name: str
    description: str
    capabilities: frozenset[str]

    def load(self, config: Config | None) -> None:
        """Load what ``config`` selects now; raise ``BackendError`` naming what is missing."""

    def analyze(self, document: Document, config: Config | None, *, lang: str | None = None) -> Analysis:
        """The document's analysis."""

    def status(self, config: Config | None) -> BackendStatus:
        """What this backend finds installed, and the commands for what is missing."""


def get_backends() -> dict[str, Backend]:
    """Every registered backend by name (a later-registered plugin wins a shared name)."""
    from normcheck.plugins import get_plugin_manager

    found: dict[str, Backend] = {}
    for result in get_plugin_manager().hook.register_backends():
        for backend in result or ():
            found.setdefault(backend.name, backend)
    return found


def get_backend(name: str) -> Backend:
    backends = get_backends()
    backend = backends.get(name)
    if backend is None:
        choices = ", ".join(sorted(backends)) or "none"
        raise BackendError(f"unknown backend {name!r}; choose from {choices}", source="backend")
    return backend


def select_backend(config: Config | None) -> Backend:
    """The backend ``config`` selects (``default`` without a config)."""
    return get_backend(getattr(config, "backend", None) or DEFAULT)


def prepare(config: Config | None) -> Backend:
    """Select and load the configured backend now, so a missing model is one error up front."""
    backend = select_backend(config)
    backend.load(config)
    return backend


# ---------------------------------------------------------------------------------------------
# Adapters share one neutral form: what a backend said about a stretch of the document.


@dataclass(frozen=True, slots=True)
class Tagged:
    """One token of a backend's own tokenisation, with offsets into ``Document.text``."""

    start: int
    end: int
    text: str
    lemma: str | None = None
    pos: str | None = None


@dataclass(slots=True)
class Annotations:
    """A backend's output for a document: its tokens and its entities, in document offsets."""

    tokens: list[Tagged] = field(default_factory=list)
    entities: list[tuple[int, int, str]] = field(default_factory=list)
    capabilities: set[str] = field(default_factory=set)

    def extend(self, other: Annotations) -> None:
        self.tokens.extend(other.tokens)
        self.entities.extend(other.entities)
        self.capabilities |= other.capabilities


def _wordlike(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def project(tokens: Sequence[Token], annotations: Annotations) -> list[Token]:
    """Copy a backend's POS, lemmas and entity labels onto the default tokens, by offsets.

    - same span: POS and lemma are copied;
    - the default token holds several backend tokens (a tokenizer that splits ``IT-konsult``):
      POS of the last one (Swedish compounds are head-final), lemma = the text before it plus
      its lemma (``IT-konsulter`` → ``it-konsult``);
    - a backend token covers more than the default token (``t.ex.``): its POS, no lemma;
    - a token inside an entity gets the entity's label.
    Tokens the backend did not see (another language, no model) are returned unchanged.
    """
    tagged = sorted((t for t in annotations.tokens if _wordlike(t.text)), key=lambda t: t.start)
    starts = [t.start for t in tagged]
    ents = sorted(annotations.entities)
    ent_starts = [e[0] for e in ents]
    out: list[Token] = []
    for tok in tokens:
        # Backend tokens overlapping [tok.start, tok.end).
        i = bisect.bisect_right(starts, tok.start) - 1
        if i < 0 or tagged[i].end <= tok.start:
            i += 1
        over: list[Tagged] = []
        while i < len(tagged) and tagged[i].start < tok.end:
            if tagged[i].end > tok.start:
                over.append(tagged[i])
            i += 1
        pos = lemma = None
        if len(over) == 1:
            b = over[0]
            pos = b.pos
            if b.start == tok.start and b.end == tok.end and b.lemma:
                lemma = b.lemma.lower()
        elif over:
            last = over[-1]
            pos = last.pos
            if last.lemma and over[0].start >= tok.start and last.end == tok.end:
                lemma = (tok.text[: last.start - tok.start] + last.lemma).lower()
        ent = None
        j = bisect.bisect_right(ent_starts, tok.start) - 1
        # Entities do not nest in either backend; look at the last one starting at or before
        # the token and the first one starting inside it.
        for k in (j, j + 1):
            if 0 <= k < len(ents) and ents[k][0] < tok.end and ents[k][1] > tok.start:
                ent = ents[k][2]
                break
        if pos is None and lemma is None and ent is None:
            out.append(tok)
        else:
            out.append(replace(tok, pos=pos, ent=ent, tagged_lemma=lemma))
    return out


def annotate(base: Analysis, annotations: Annotations, backend: str) -> Analysis:
    """``base`` (the default analysis) with a backend's annotations projected onto its tokens."""
    base.tokens = project(base.tokens, annotations)
    base.entities = sorted(set(annotations.entities))
    base.capabilities = frozenset({"lemmas", *annotations.capabilities})
    base.backend = backend
    base.extra.pop("_token_starts", None)
    return base


def pieces(analysis: Analysis, langs: Iterable[str], limit: int = 100_000) -> dict[str, list[tuple[int, int]]]:
    """Spans of the document to send to a backend, grouped by language, for ``langs`` only.

    One span per segment; a segment longer than ``limit`` characters (a whole book pasted as
    one paragraph) is cut at the default analysis's sentence ends into spans of at most
    ``limit``, so a pipeline never sees more than that at once (spaCy refuses texts over its
    ``max_length``; neural models' memory grows with the text).
    """
    wanted = set(langs)
    text = analysis.document.text
    sent_starts = [s for s, _ in analysis.sentences]
    groups: dict[str, list[tuple[int, int]]] = {}
    for i, code in enumerate(analysis.segment_langs):
        if code not in wanted:
            continue
        seg = analysis.document.segments[i]
        if not text[seg.start : seg.end].strip():
            continue
        start = seg.start
        while seg.end - start > limit:
            # The last sentence start inside (start, start + limit], else a hard cut at a space.
            k = bisect.bisect_right(sent_starts, start + limit) - 1
            cut = sent_starts[k] if k >= 0 and sent_starts[k] > start else -1
            if cut < 0:
                cut = text.rfind(" ", start + 1, start + limit)
                cut = cut if cut > start else start + limit
            groups.setdefault(code, []).append((start, cut))
            start = cut
        groups.setdefault(code, []).append((start, seg.end))
    return groups


__all__ = [
    "Annotations",
    "Backend",
    "BackendError",
    "BackendStatus",
    "ModelInfo",
    "ModelNotFoundError",
    "Tagged",
    "annotate",
    "get_backend",
    "get_backends",
    "pieces",
    "prepare",
    "project",
    "select_backend",
]
