"""The spaCy backend: an installed trained pipeline adds POS tags, lemmas and entities.

Select it with ``--backend spacy --spacy-model sv_core_news_sm`` (a package name) or
``--spacy-model ./pipelines/sv`` (a directory saved with ``nlp.to_disk``); several
``--spacy-model`` options give one pipeline per language (each pipeline's ``nlp.lang``). spaCy is
imported and pipelines are loaded on first use, once per process.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normcheck.backends import (
    Annotations,
    BackendError,
    BackendStatus,
    ModelInfo,
    ModelNotFoundError,
    Tagged,
    annotate,
    pieces,
)
from normcheck.hookspecs import hookimpl

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.lang import Analysis
    from normcheck.model import Document

#: The trained pipelines spaCy publishes for the languages normcheck analyses.
SUGGESTED = {"sv": "sv_core_news_sm", "en": "en_core_web_sm"}
_POS_FACTORIES = {"tagger", "morphologizer", "attribute_ruler"}
#: Components not loaded: normcheck keeps its own sentences and uses no dependency trees.
EXCLUDED = ("parser", "senter")
_LEMMA_FACTORIES = {"lemmatizer", "trainable_lemmatizer"}

_loaded: dict[str, Any] = {}  # model spec -> spacy Language


def _python() -> str:
    return sys.executable or "python3"


def install_commands(missing_langs: tuple[str, ...] = ("sv", "en"), library: bool = False) -> tuple[str, ...]:
    py = _python()
    cmds = [f"{py} -m pip install 'spacy>=3.7'"] if library else []
    cmds += [f"{py} -m spacy download {SUGGESTED[lang]}" for lang in missing_langs if lang in SUGGESTED]
    return tuple(cmds)


def _require_spacy() -> Any:
    if importlib.util.find_spec("spacy") is None:
        raise BackendError(
            f"the spacy backend needs spaCy, which is not installed; install it with: {install_commands((), True)[0]}",
            source="spacy",
        )
    import spacy

    return spacy


def _looks_like_path(spec: str) -> bool:
    return "/" in spec or "\\" in spec or spec.startswith(".") or Path(spec).exists()


def load_pipeline(spec: str) -> Any:
    """Load one pipeline by package name or directory (cached); one clear error otherwise."""
    nlp = _loaded.get(spec)
    if nlp is not None:
        return nlp
    spacy = _require_spacy()
    if _looks_like_path(spec):
        if not (Path(spec) / "config.cfg").is_file():
            raise ModelNotFoundError(
                "no spaCy pipeline here (a pipeline directory saved with nlp.to_disk has a config.cfg)",
                source=spec,
            )
    elif not spacy.util.is_package(spec):
        raise ModelNotFoundError(
            f"spaCy pipeline {spec!r} is not installed; install it with: {_python()} -m spacy download {spec}"
            " (or give the path of a pipeline directory)",
            source="spacy",
        )
    try:
        # The dependency parser is the slowest part of a trained pipeline and nothing uses it.
        nlp = spacy.load(spec, exclude=list(EXCLUDED))
    except Exception as exc:  # noqa: BLE001 - any failure inside spaCy becomes one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        raise BackendError(f"spaCy pipeline could not be loaded ({first})", source=spec) from None
    _loaded[spec] = nlp
    return nlp


def nlp_limit(pipes: dict[str, Any]) -> int:
    """The smallest ``max_length`` of the pipelines (spaCy's own limit on one text)."""
    return min((int(getattr(nlp, "max_length", 1_000_000)) for nlp in pipes.values()), default=1_000_000)


def pipeline_capabilities(nlp: Any) -> set[str]:
    """What a pipeline's components can add: "pos", "lemmas", "ner"."""
    caps: set[str] = set()
    for name in nlp.pipe_names:
        meta = nlp.get_pipe_meta(name)
        assigns = set(meta.assigns)
        if meta.factory in _POS_FACTORIES or "token.pos" in assigns:
            caps.add("pos")
        if meta.factory in _LEMMA_FACTORIES or "token.lemma" in assigns:
            caps.add("lemmas")
        if "doc.ents" in assigns:
            caps.add("ner")
    return caps


def from_spacy(doc: Any, base: int = 0) -> Annotations:
    """A spaCy ``Doc`` of one segment as annotations in document offsets (segment start ``base``)."""
    ann = Annotations()
    # Token attributes read as one array (no Python Token object per word).
    strings = doc.vocab.strings
    text = doc.text
    for idx, length, pos, lemma, space in doc.to_array(["IDX", "LENGTH", "POS", "LEMMA", "IS_SPACE"]).tolist():
        if space:
            continue
        start = base + idx
        ann.tokens.append(
            Tagged(start, start + length, text[idx : idx + length], strings[lemma] if lemma else None, strings[pos] if pos else None)
        )
    ann.entities = [(base + e.start_char, base + e.end_char, e.label_) for e in doc.ents]
    if doc.has_annotation("POS"):
        ann.capabilities.add("pos")
    if doc.has_annotation("LEMMA"):
        ann.capabilities.add("lemmas")
    if doc.has_annotation("ENT_IOB"):
        ann.capabilities.add("ner")
    return ann


class SpacyBackend:
    name = "spacy"
    description = "a trained spaCy pipeline (--spacy-model NAME|PATH): POS, lemmas, named entities"
    capabilities = frozenset({"lemmas", "pos", "ner"})

    def _specs(self, config: Config | None) -> tuple[str, ...]:
        specs = tuple(getattr(config, "spacy_model", ()) or ())
        if not specs:
            raise ModelNotFoundError(
                "the spacy backend needs a trained pipeline: give --spacy-model NAME|PATH"
                f" or spacy-model in the configuration (e.g. {SUGGESTED['sv']}; `normcheck models` lists what is installed)",
                source="spacy",
            )
        return specs

    def pipelines(self, config: Config | None) -> dict[str, Any]:
        """Loaded pipelines by language code (the first pipeline given for a language wins)."""
        out: dict[str, Any] = {}
        for spec in self._specs(config):
            nlp = load_pipeline(spec)
            out.setdefault(nlp.lang, nlp)
        return out

    def load(self, config: Config | None) -> None:
        self.pipelines(config)

    def analyze(self, document: Document, config: Config | None, *, lang: str | None = None) -> Analysis:
        from normcheck.lang import analyze_default

        pipes = self.pipelines(config)
        base = analyze_default(document, config, lang=lang)
        text = document.text
        ann = Annotations()
        for code, spans in pieces(base, pipes, limit=min(100_000, max(1_000, nlp_limit(pipes)))).items():
            nlp = pipes[code]
            for (start, _end), doc in zip(spans, nlp.pipe(text[s:e] for s, e in spans), strict=True):
                ann.extend(from_spacy(doc, start))
            ann.capabilities |= pipeline_capabilities(nlp)
        return annotate(base, ann, self.name)

    def status(self, config: Config | None) -> BackendStatus:
        if importlib.util.find_spec("spacy") is None:
            return BackendStatus(self.name, False, install=install_commands(("sv", "en"), library=True))
        import spacy

        models: list[ModelInfo] = []
        langs_found: set[str] = set()
        for spec in tuple(getattr(config, "spacy_model", ()) or ()):
            try:
                nlp = load_pipeline(spec)
            except BackendError as exc:
                models.append(ModelInfo(spec, None, spec if _looks_like_path(spec) else None, False, detail=exc.message))
                continue
            langs_found.add(nlp.lang)
            models.append(
                ModelInfo(spec, nlp.lang, str(nlp.path or spec), True, frozenset(pipeline_capabilities(nlp)), "configured")
            )
        for name in sorted(spacy.util.get_installed_models()):
            if any(m.name == name for m in models):
                continue
            meta = spacy.util.get_package_version(name)
            lang = name.split("_", 1)[0]
            langs_found.add(lang)
            models.append(ModelInfo(name, lang, None, True, detail=f"installed package {meta or ''}".strip()))
        missing = tuple(lang for lang in ("sv", "en") if lang not in langs_found)
        return BackendStatus(
            self.name,
            True,
            tuple(models),
            install=install_commands(missing),
            notes=(f"spaCy {spacy.__version__}",),
        )


BACKEND = SpacyBackend()


@hookimpl
def register_backends() -> list[object]:
    return [BACKEND]
