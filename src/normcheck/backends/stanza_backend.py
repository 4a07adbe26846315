"""The stanza backend: stanza models from a local resources directory add POS, lemmas, entities.

Never downloads: pipelines are built with ``download_method=None`` and an explicit ``dir`` (from
``--stanza-dir``, ``stanza-dir`` in the configuration, ``$STANZA_RESOURCES_DIR``, or stanza's
own default), after checking that ``resources.json`` is there. A missing model is one
``ModelNotFoundError`` naming it and the command that installs it.

stanza needs torch; install the CPU build first (``pip install torch==2.13.0`` on these
machines), then ``pip install stanza``. Options for ``stanza.Pipeline`` (``processors``,
``package``, ...) go in ``[tool.normcheck.stanza]``, per language in ``[tool.normcheck.stanza.sv]``.
"""

from __future__ import annotations

import importlib.util
import json
import os
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

LANGS = ("sv", "en")
#: The processors normcheck uses when the configuration names none (no parser: it is unused).
USEFUL = ("tokenize", "mwt", "pos", "lemma", "ner")
_RESERVED = {"lang", "dir", "download_method"}
_CAPS = {"pos": "pos", "lemma": "lemmas", "ner": "ner"}

_loaded: dict[tuple[str, str, str], Any] = {}  # (dir, lang, options) -> stanza.Pipeline


def _python() -> str:
    return sys.executable or "python3"


def install_library_commands() -> tuple[str, ...]:
    py = _python()
    return (f"{py} -m pip install torch==2.13.0", f"{py} -m pip install stanza")


def download_command(lang: str, directory: Path) -> str:
    return f"{_python()} -c \"import stanza; stanza.download('{lang}', model_dir='{directory}')\""


def installed() -> bool:
    return importlib.util.find_spec("stanza") is not None and importlib.util.find_spec("torch") is not None


def resources_dir(config: Config | None) -> Path:
    """``--stanza-dir`` / ``stanza-dir``, else ``$STANZA_RESOURCES_DIR``, else stanza's default."""
    configured = getattr(config, "stanza_dir", None)
    if configured:
        return Path(configured)
    env = os.environ.get("STANZA_RESOURCES_DIR")
    if env:
        return Path(env)
    if installed():
        from stanza.resources.common import DEFAULT_MODEL_DIR

        return Path(DEFAULT_MODEL_DIR)
    return Path.home() / "stanza_resources"


def read_resources(directory: Path) -> dict[str, Any]:
    """The directory's resources.json; one clear error when it is missing or broken."""
    path = directory / "resources.json"
    if not path.is_file():
        raise ModelNotFoundError(
            f"no stanza resources (resources.json) in this directory; install models with: {download_command('sv', directory)}"
            " (or give --stanza-dir / STANZA_RESOURCES_DIR)",
            source=str(directory),
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackendError(f"stanza resources.json cannot be read ({exc})", source=str(path)) from None
    if not isinstance(data, dict):
        raise BackendError("stanza resources.json is not a JSON object", source=str(path))
    return data


def _language_entry(resources: dict[str, Any], lang: str) -> dict[str, Any] | None:
    entry = resources.get(lang)
    if isinstance(entry, dict) and "alias" in entry:
        entry = resources.get(entry["alias"])
    return entry if isinstance(entry, dict) else None


def default_processors(resources: dict[str, Any], lang: str) -> dict[str, str]:
    """The language's default processors that normcheck uses, processor -> package."""
    entry = _language_entry(resources, lang) or {}
    procs = entry.get("default_processors") or {}
    return {p: str(procs[p]) for p in USEFUL if isinstance(procs, dict) and p in procs}


def missing_files(directory: Path, lang: str, processors: dict[str, str]) -> list[Path]:
    """Model files stanza would look for (``<dir>/<lang>/<processor>/<package>.pt``) that are absent."""
    return [
        directory / lang / proc / f"{package}.pt"
        for proc, package in processors.items()
        if not (directory / lang / proc / f"{package}.pt").is_file()
    ]


def pipeline_options(config: Config | None, lang: str) -> dict[str, Any]:
    """Keyword arguments for ``stanza.Pipeline`` from ``[tool.normcheck.stanza]`` (and ``.<lang>``)."""
    table = dict((getattr(config, "plugins", None) or {}).get("stanza", {}) or {})
    per_lang = {k: table.pop(k) for k in list(table) if k in LANGS and isinstance(table[k], dict)}
    options = {**table, **per_lang.get(lang, {})}
    bad = _RESERVED & set(options)
    if bad:
        raise BackendError(f"[stanza] may not set {', '.join(sorted(bad))}: normcheck sets them", source="config")
    return options


def from_stanza(doc: Any, base: int = 0) -> Annotations:
    """A stanza ``Document`` of one segment as annotations in document offsets (segment start ``base``).

    A multi-word token (English "don't" → do + n't) keeps the first word's POS and no lemma.
    """
    ann = Annotations()
    for sentence in doc.sentences:
        for token in sentence.tokens:
            if token.start_char is None or token.end_char is None:
                continue
            words = token.words
            first = words[0] if words else None
            lemma = first.lemma if first is not None and len(words) == 1 else None
            pos = first.upos if first is not None else None
            ann.tokens.append(Tagged(base + token.start_char, base + token.end_char, token.text, lemma or None, pos or None))
            if pos:
                ann.capabilities.add("pos")
            if lemma:
                ann.capabilities.add("lemmas")
            if getattr(token, "ner", None):
                ann.capabilities.add("ner")
    ann.entities = [(base + e.start_char, base + e.end_char, e.type) for e in doc.ents]
    return ann


class StanzaBackend:
    name = "stanza"
    description = "stanza models from a local resources directory (--stanza-dir): POS, lemmas, entities"
    capabilities = frozenset({"lemmas", "pos", "ner"})

    def _require(self) -> None:
        if not installed():
            cmds = " && ".join(install_library_commands())
            raise BackendError(
                f"the stanza backend needs stanza and torch, which are not installed; install them with: {cmds}",
                source="stanza",
            )

    def available_langs(self, config: Config | None) -> tuple[Path, dict[str, Any], list[str]]:
        directory = resources_dir(config)
        resources = read_resources(directory)
        forced = getattr(config, "lang", None)
        langs = [forced] if forced else [lang for lang in LANGS if _language_entry(resources, lang)]
        if not langs or not all(_language_entry(resources, lang) for lang in langs):
            want = forced or " or ".join(LANGS)
            raise ModelNotFoundError(
                f"no stanza models for {want} in this directory; install them with: {download_command(forced or 'sv', directory)}",
                source=str(directory),
            )
        return directory, resources, langs

    def pipeline(self, config: Config | None, lang: str, directory: Path, resources: dict[str, Any]) -> Any:
        options = pipeline_options(config, lang)
        key = (str(directory), lang, json.dumps(options, sort_keys=True, default=str))
        nlp = _loaded.get(key)
        if nlp is not None:
            return nlp
        self._require()
        if "processors" not in options:
            procs = default_processors(resources, lang)
            if not procs:
                raise ModelNotFoundError(
                    f"resources.json lists no default processors for {lang!r}; set processors in [tool.normcheck.stanza]",
                    source=str(directory),
                )
            absent = missing_files(directory, lang, {p: v for p, v in procs.items() if p != "mwt"})
            if absent:
                raise ModelNotFoundError(
                    f"stanza model for {lang!r} is missing: {absent[0]}; install it with: {download_command(lang, directory)}",
                    source="stanza",
                )
            options["processors"] = ",".join(procs)
        import stanza

        try:
            # Quiet by default: a failure becomes our one-line error, not stanza's log lines too.
            kwargs = {"logging_level": "CRITICAL", "use_gpu": False, **options}
            nlp = stanza.Pipeline(lang, dir=str(directory), download_method=None, **kwargs)
        except FileNotFoundError as exc:
            what = getattr(exc, "model_path", None) or exc.filename or str(exc).splitlines()[0]
            raise ModelNotFoundError(
                f"stanza model for {lang!r} is missing: {what}; install it with: {download_command(lang, directory)}",
                source="stanza",
            ) from None
        except Exception as exc:  # noqa: BLE001 - any failure inside stanza becomes one line
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
            raise BackendError(f"stanza pipeline for {lang!r} could not be built ({first})", source="stanza") from None
        _loaded[key] = nlp
        return nlp

    def load(self, config: Config | None) -> None:
        self._require()
        directory, resources, langs = self.available_langs(config)
        for lang in langs:
            self.pipeline(config, lang, directory, resources)

    def analyze(self, document: Document, config: Config | None, *, lang: str | None = None) -> Analysis:
        from normcheck.lang import analyze_default

        self._require()
        directory, resources, langs = self.available_langs(config)
        base = analyze_default(document, config, lang=lang)
        text = document.text
        ann = Annotations()
        for code, spans in pieces(base, langs).items():
            nlp = self.pipeline(config, code, directory, resources)
            docs = nlp.bulk_process([text[s:e] for s, e in spans])
            for (start, _end), doc in zip(spans, docs, strict=True):
                ann.extend(from_stanza(doc, start))
            ann.capabilities |= {_CAPS[p] for p in nlp.processors if p in _CAPS}
        return annotate(base, ann, self.name)

    def status(self, config: Config | None) -> BackendStatus:
        directory = resources_dir(config)
        ok = installed()
        install = list(install_library_commands()) if not ok else []
        models: list[ModelInfo] = []
        notes = [f"resources directory: {directory}"]
        try:
            resources = read_resources(directory)
        except BackendError as exc:
            notes.append(exc.message.split(";")[0])
            resources = {}
        for lang in LANGS:
            entry = _language_entry(resources, lang)
            if entry is None:
                why = "not in resources.json" if resources else "no resources.json"
                models.append(ModelInfo(f"stanza-{lang}", lang, str(directory / lang), False, detail=why))
                install.append(download_command(lang, directory))
                continue
            procs = default_processors(resources, lang)
            absent = missing_files(directory, lang, {p: v for p, v in procs.items() if p != "mwt"})
            caps = frozenset(_CAPS[p] for p in procs if p in _CAPS)
            detail = ", ".join(f"{p}={v}" for p, v in procs.items())
            if absent:
                detail += f"; missing {', '.join(str(a.relative_to(directory)) for a in absent)}"
                install.append(download_command(lang, directory))
            models.append(ModelInfo(f"stanza-{lang}", lang, str(directory / lang), not absent, caps, detail))
        return BackendStatus(self.name, ok, tuple(models), tuple(dict.fromkeys(install)), tuple(notes))


BACKEND = StanzaBackend()


@hookimpl
def register_backends() -> list[object]:
    return [BACKEND]
