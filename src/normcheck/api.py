"""Scan orchestration: the only place that knows the order of the stages.

source → fetch/read (reader plugins) → language analysis → checks (plugins) → suppression
→ scores and module summaries → DocumentReport. The CLI, the service and the Python API all
go through ``iter_scan``/``scan_document``, so they cannot drift apart.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from normcheck import config as config_mod
from normcheck.checks.lexicon import RuleSet
from normcheck.config import Config
from normcheck.errors import NormcheckError, ReaderError, UnsupportedFormatError
from normcheck.lang import analyze, analyze_languages
from normcheck.lexicon import load_dirs
from normcheck.model import Document, DocumentReport, Finding, InputError, Location, Report, Segment, SourceRef
from normcheck.plugins import get_plugin_manager
from normcheck.scoring import gender_coding

MAX_INPUT_BYTES = 50 * 1024 * 1024
_NEWLINE = re.compile("\n")
SNIFF_BYTES = 8192

_rules_cache: dict[tuple[Path, ...], RuleSet] = {}


def clear_caches() -> None:
    _rules_cache.clear()


def lexicon_dirs(config: Config) -> tuple[Path, ...]:
    pm = get_plugin_manager()
    dirs: list[Path] = []
    for result in pm.hook.register_lexicon_dirs(config=config):
        dirs.extend(Path(p) for p in result or [])
    dirs.extend(config.lexicon_dirs)
    return tuple(dirs)


def load_rules(config: Config) -> RuleSet:
    """All lexicon rules for ``config``, loaded and validated once per process."""
    key = lexicon_dirs(config)
    rules = _rules_cache.get(key)
    if rules is None:
        rules = RuleSet(load_dirs(key))
        _rules_cache[key] = rules
    return rules


def get_checks(config: Config) -> list[Any]:
    pm = get_plugin_manager()
    checks: list[Any] = []
    for result in reversed(pm.hook.register_checks(config=config)):
        checks.extend(result or [])
    return [c for c in checks if config.profile in getattr(c, "profiles", ("default",))]


def profiles() -> list[str]:
    pm = get_plugin_manager()
    names = ["default"]
    for result in pm.hook.register_profiles():
        for name in result or []:
            if name not in names:
                names.append(name)
    return names


def make_config(config: Config | str | Path | None = None, near: str | Path | None = None, **options: Any) -> Config:
    """A Config from a Config, a config file path, or the nearest config file, plus options."""
    if isinstance(config, Config):
        base = config
    else:
        base = config_mod.load(config, near=near)
    cfg = base.with_options(**options) if options else base
    if cfg.profile not in profiles():
        from normcheck.errors import ConfigError

        raise ConfigError(f"unknown profile {cfg.profile!r}; choose from {', '.join(profiles())}")
    return cfg


# ---------------------------------------------------------------------------------------------
# Reading


def _read_bytes(path: Path, source: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise ReaderError(f"the file is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB", source=source)
        return path.read_bytes()
    except IsADirectoryError:
        raise ReaderError("is a directory", source=source) from None
    except PermissionError:
        raise ReaderError("permission denied", source=source) from None
    except FileNotFoundError:
        raise ReaderError("no such file", source=source) from None
    except OSError as exc:
        raise ReaderError(f"cannot be read ({exc.strerror or exc})", source=source) from None


def sniff(data: bytes, name: str) -> str | None:
    return get_plugin_manager().hook.sniff_media_type(data=data[:SNIFF_BYTES], name=name)


def document_from_bytes(data: bytes, source: str, config: Config, media_type: str | None = None) -> Document:
    """Sniff and read ``data`` with the reader plugins."""
    pm = get_plugin_manager()
    media_type = media_type or sniff(data, source)
    if media_type is None:
        suffix = Path(source).suffix
        what = f"'{suffix}' files" if suffix else "this kind of file"
        raise UnsupportedFormatError(f"unsupported input: normcheck cannot read {what}", source=source)
    doc = pm.hook.read_document(data=data, media_type=media_type, source=source, config=config)
    if doc is None:
        raise UnsupportedFormatError(f"no reader for {media_type}", source=source)
    if not doc.text.strip():
        raise ReaderError("no text found", source=source)
    return doc


def read_source(source: str, config: Config) -> Document:
    """One input (a path, ``-`` for stdin, or anything a ``fetch_source`` plugin takes)."""
    import sys

    if source == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise ReaderError("standard input is larger than the limit", source="<stdin>")
        return document_from_bytes(data, "-", config, sniff(data, "-"))
    fetched = get_plugin_manager().hook.fetch_source(source=source, config=config)
    if fetched is not None:
        data, media_type = fetched
        return document_from_bytes(data, source, config, media_type)
    if "://" in source:
        raise UnsupportedFormatError("no installed plugin can fetch this URL", source=source)
    return document_from_bytes(_read_bytes(Path(source), source), source, config)


def _walk(directory: Path) -> Iterator[Path]:
    """Files under ``directory`` in sorted path order, hidden files and folders left out."""
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root) / name for name in files if not name.startswith("."))
    yield from sorted(found, key=lambda p: p.relative_to(directory).parts)


def iter_documents(
    sources: Sequence[str], config: Config, *, input_format: str | None = None, **corpus_options: Any
) -> Iterator[Document | InputError]:
    """Documents of every source in order; an unreadable source yields an InputError instead."""
    pm = get_plugin_manager()
    for source in sources:
        try:
            if input_format and input_format not in ("auto", "file"):
                corpus = pm.hook.read_corpus(
                    path=source, input_format=input_format, options=corpus_options, config=config
                )
                if corpus is None:
                    raise UnsupportedFormatError(f"unknown input format {input_format!r}", source=source)
                yield from corpus
                continue
            path = Path(source)
            if source != "-" and "://" not in source and path.is_dir():
                found = False
                for file in _walk(path):
                    try:
                        head = file.open("rb").read(SNIFF_BYTES)
                    except OSError:
                        continue
                    media_type = sniff(head, str(file))
                    if media_type is None or media_type == "application/octet-stream":
                        continue
                    found = True
                    try:
                        yield document_from_bytes(_read_bytes(file, str(file)), str(file), config, media_type)
                    except NormcheckError as exc:
                        yield InputError(str(file), exc.code, exc.message)
                if not found:
                    yield InputError(source, "NC104", "the directory holds no file normcheck can read")
                continue
            yield read_source(source, config)
        except NormcheckError as exc:
            yield InputError(exc.source or source, exc.code, exc.message)


# ---------------------------------------------------------------------------------------------
# Analysis


def _locate(document: Document, finding: Finding, line_starts: list[int]) -> Location:
    import bisect

    seg_index = document.segment_index_at(finding.start)
    seg = document.segments[seg_index] if seg_index >= 0 else Segment(0, len(document.text), "text", SourceRef(None, ""))
    line = bisect.bisect_right(line_starts, finding.start)
    column = finding.start - line_starts[line - 1] + 1
    return Location(seg_index, seg.kind, seg.source.locator, line, column, seg.source.page)


def _drop_contained(findings: list[Finding]) -> list[Finding]:
    """Drop a finding inside a longer one of the same category ("han" inside "han eller hon")."""
    findings.sort(key=lambda f: (f.start, -(f.end - f.start), f.rule))
    kept: list[Finding] = []
    for f in findings:
        contained = False
        for k in reversed(kept[-8:]):
            if k.category == f.category and k.start <= f.start and f.end <= k.end and (k.end - k.start) > (f.end - f.start):
                contained = True
                break
        if not contained:
            kept.append(f)
    return kept


def scan_document(document: Document, config: Config) -> DocumentReport:
    """Analyse one document and build its report."""
    pm = get_plugin_manager()
    checks = get_checks(config)
    # Checks that read only the raw text (needs_tokens = False) spare the tokenisation, unless
    # a tool module summarises the document and needs the tokens itself.
    if any(getattr(c, "needs_tokens", True) for c in checks) or pm.hook.summarize_document.get_hookimpls():
        analysis = analyze(document, config)
    else:
        analysis = analyze_languages(document, config)
    rules = load_rules(config)
    raw: list[Finding] = []
    for check in checks:
        for finding in check.run(analysis, rules, config) or ():
            if not config.rule_enabled(finding.rule):
                continue
            severity = config.severity_for(finding.rule, finding.severity)
            if severity != finding.severity:
                finding = finding.replace(severity=severity)
            if pm.hook.suppress_finding(finding=finding, analysis=analysis, config=config):
                continue
            raw.append(finding)
    findings = _drop_contained(raw)
    text = document.text
    line_starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
    findings = [f.replace(location=_locate(document, f, line_starts)) for f in findings]
    report = DocumentReport(
        document=document,
        language=analysis.language,
        languages=analysis.languages,
        words=analysis.words,
        findings=findings,
        scores={"gender_coding": gender_coding(findings, analysis.words, config.profile)},
    )
    for result in pm.hook.summarize_document(report=report, analysis=analysis, config=config):
        if result:
            report.modules.update(result)
    return report


def iter_scan(
    sources: Sequence[str], config: Config, *, input_format: str | None = None, **corpus_options: Any
) -> Iterator[DocumentReport | InputError]:
    """Scan sources one by one, yielding each document's report (or its error) as it is done."""
    for item in iter_documents(sources, config, input_format=input_format, **corpus_options):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield scan_document(item, config)
        except NormcheckError as exc:
            yield InputError(item.source, exc.code, exc.message)
        except (LookupError, ValueError, TypeError, AttributeError, RuntimeError) as exc:
            # A plugin or analysis bug must not lose the other documents of the run.
            yield InputError(item.source, "NC199", f"internal error while scanning ({exc.__class__.__name__}: {exc})")


def scan(
    sources: str | Path | Iterable[str | Path],
    *,
    config: Config | str | Path | None = None,
    input_format: str | None = None,
    text_field: str = "text",
    id_field: str = "id",
    **options: Any,
) -> Report:
    """Scan files, directories, ``-`` or URLs and return one Report.

    Options: ``lang``, ``profile``, ``fail_on``, ``enable``, ``disable``, ``allow``,
    ``lexicon_dirs``, ``severity`` (as in the configuration file).
    """
    if isinstance(sources, (str, Path)):
        sources = [sources]
    names = [str(s) for s in sources]
    cfg = make_config(config, near=names[0] if names and names[0] != "-" else None, **options)
    report = Report(documents=[], profile=cfg.profile)
    for item in iter_scan(names, cfg, input_format=input_format, text_field=text_field, id_field=id_field):
        if isinstance(item, InputError):
            report.errors.append(item)
        else:
            report.documents.append(item)
    return report


def scan_text(text: str, lang: str | None = None, *, source: str = "<text>", config: Config | str | Path | None = None, **options: Any) -> Report:
    """Scan a string. ``lang`` forces "sv" or "en"; otherwise each paragraph is detected."""
    from normcheck.readers import paragraph_document

    cfg = make_config(config, lang=lang, **options)
    doc = paragraph_document(text, source, "text/plain", "txt")
    return Report(documents=[scan_document(doc, cfg)], profile=cfg.profile)
