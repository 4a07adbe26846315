"""Lexicon files: YAML data under ``<dir>/<lang>/<category>.yml`` turned into ``Rule`` objects.

The format is documented in ``docs/lexicon_format.md``. Validation is strict: unknown keys,
duplicate ids, duplicate match forms within a language, missing references or examples, and
regexes that do not compile are all rejected with the file and the entry named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from normcheck.errors import LexiconError
from normcheck.model import CATEGORIES, SEVERITIES

ENTRY_TYPES = ("term", "stem", "pattern", "pronoun")
CODINGS = ("masculine", "feminine")
FILE_KEYS = {"lang", "category", "level", "message", "references", "type", "description", "compound"}
ENTRY_KEYS = {
    "id",
    "type",
    "match",
    "forms",
    "coding",
    "exceptions",
    "unless",
    "suggest",
    "level",
    "message",
    "note",
    "references",
    "examples",
    "compound",
    "profiles",
}
COMPOUND_MODES = ("none", "head", "any")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True, slots=True)
class Rule:
    """One lexicon entry, ready for matching. ``id`` is ``<lang>.<file stem>.<entry id>``."""

    id: str
    lang: str
    category: str
    type: str
    match: tuple[str, ...]
    level: str
    message: str
    note: str
    references: tuple[str, ...]
    suggest: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    coding: str | None = None
    exceptions: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    compound: str = "none"
    examples_flag: tuple[str, ...] = ()
    examples_ok: tuple[str, ...] = ()
    path: str = ""
    profiles: tuple[str, ...] = ("default",)

    # Regexes are compiled on first use (re caches them), so a scan compiles only what it runs.
    @property
    def unless_re(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(u, re.IGNORECASE) for u in self.unless)

    @property
    def patterns_re(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(m, re.IGNORECASE) for m in self.match) if self.type == "pattern" else ()

    def render_message(self, matched: str) -> str:
        suggestions = ", ".join(f"'{s}'" for s in self.suggest) if self.suggest else ""
        try:
            return self.message.format(match=matched, suggestions=suggestions, note=self.note)
        except (KeyError, IndexError):
            return self.message

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lang": self.lang,
            "category": self.category,
            "type": self.type,
            "coding": self.coding,
            "level": self.level,
            "match": list(self.match),
            "suggest": list(self.suggest),
            "note": self.note,
            "references": list(self.references),
        }


def _load_yaml(path: Path) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open("rb") as fh:
            return yaml.load(fh, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise LexiconError(str(path), None, f"not valid YAML{where}") from None
    except OSError as exc:
        raise LexiconError(str(path), None, f"cannot be read ({exc.strerror})") from None


def _str_list(value: Any, path: str, entry: str | int, key: str, *, required: bool = False) -> tuple[str, ...]:
    if value is None:
        if required:
            raise LexiconError(path, entry, f"'{key}' is required")
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(path, entry, f"'{key}' must be a string or a list of non-empty strings")
    if required and not value:
        raise LexiconError(path, entry, f"'{key}' must not be empty")
    return tuple(value)


def _compile(regex: str, path: str, entry: str | int, key: str) -> re.Pattern[str]:
    try:
        return re.compile(regex, re.IGNORECASE)
    except re.error as exc:
        raise LexiconError(path, entry, f"'{key}' regex {regex!r} does not compile: {exc}") from None


def load_file(path: Path, *, lang: str | None = None) -> list[Rule]:
    """Load and validate one lexicon file."""
    spath = str(path)
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise LexiconError(spath, None, "must be a mapping with 'lang', 'category' and 'entries'")
    unknown = set(data) - FILE_KEYS - {"entries"}
    if unknown:
        raise LexiconError(spath, None, f"unknown key(s): {', '.join(sorted(unknown))}")
    file_lang = data.get("lang") or lang
    if not isinstance(file_lang, str) or not re.fullmatch(r"[a-z]{2,3}", file_lang):
        raise LexiconError(spath, None, "'lang' must be a language code such as 'sv' or 'en'")
    if lang and file_lang != lang:
        raise LexiconError(spath, None, f"'lang' is {file_lang!r} but the file is under {lang}/")
    category = data.get("category")
    if not isinstance(category, str) or not re.fullmatch(r"[a-z][a-z-]*", category):
        raise LexiconError(spath, None, "'category' is required (e.g. 'gendered-term')")
    if path.stem != category:
        raise LexiconError(spath, None, f"a file holds one category and is named after it: {category}.yml")
    level = data.get("level", "suggestion")
    if level not in SEVERITIES:
        raise LexiconError(spath, None, f"'level' must be one of {', '.join(SEVERITIES)}")
    file_type = data.get("type", "term")
    file_compound = data.get("compound", "none")
    default_message = data.get("message", "'{match}': {note}")
    file_refs = _str_list(data.get("references"), spath, "file", "references")
    entries = data.get("entries")
    if not isinstance(entries, list) or not entries:
        raise LexiconError(spath, None, "'entries' must be a non-empty list")

    rules: list[Rule] = []
    seen_ids: set[str] = set()
    for index, raw in enumerate(entries):
        if not isinstance(raw, dict):
            raise LexiconError(spath, index, "an entry must be a mapping")
        eid = raw.get("id")
        label: str | int = eid if isinstance(eid, str) else index
        if not isinstance(eid, str) or not _ID_RE.match(eid):
            raise LexiconError(spath, label, "'id' is required: lower-case letters, digits and '-'")
        unknown = set(raw) - ENTRY_KEYS
        if unknown:
            raise LexiconError(spath, label, f"unknown key(s): {', '.join(sorted(unknown))}")
        if eid in seen_ids:
            raise LexiconError(spath, label, "id appears twice in this file")
        seen_ids.add(eid)
        etype = raw.get("type", file_type)
        if etype not in ENTRY_TYPES:
            raise LexiconError(spath, label, f"'type' must be one of {', '.join(ENTRY_TYPES)}")
        match = _str_list(raw.get("match"), spath, label, "match", required=True)
        match = tuple(m if etype == "pattern" else m.lower() for m in match)
        coding = raw.get("coding")
        if category == "gender-coded":
            if coding not in CODINGS:
                raise LexiconError(spath, label, "'coding' must be 'masculine' or 'feminine' in gender-coded")
        elif coding is not None:
            raise LexiconError(spath, label, "'coding' is only allowed in gender-coded lexicons")
        elevel = raw.get("level", level)
        if elevel not in SEVERITIES:
            raise LexiconError(spath, label, f"'level' must be one of {', '.join(SEVERITIES)}")
        note = raw.get("note")
        if not isinstance(note, str) or not note.strip():
            raise LexiconError(spath, label, "'note' is required: say why this is flagged")
        refs = _str_list(raw.get("references"), spath, label, "references") or file_refs
        if not refs:
            raise LexiconError(spath, label, "at least one reference is required")
        examples = raw.get("examples")
        if not isinstance(examples, dict) or set(examples) - {"flag", "ok"}:
            raise LexiconError(spath, label, "'examples' must have 'flag' and 'ok' lists")
        flag = _str_list(examples.get("flag"), spath, label, "examples.flag", required=True)
        ok = _str_list(examples.get("ok"), spath, label, "examples.ok", required=True)
        compound = raw.get("compound", file_compound)
        if compound not in COMPOUND_MODES:
            raise LexiconError(spath, label, f"'compound' must be one of {', '.join(COMPOUND_MODES)}")
        message = raw.get("message", default_message)
        if not isinstance(message, str):
            raise LexiconError(spath, label, "'message' must be a string")
        unless = _str_list(raw.get("unless"), spath, label, "unless")
        for regex in unless:
            _compile(regex, spath, label, "unless")
        if etype == "pattern":
            for regex in match:
                _compile(regex, spath, label, "match")
        profiles = _str_list(raw.get("profiles"), spath, label, "profiles") or ("default",)
        rules.append(
            Rule(
                id=f"{file_lang}.{category}.{eid}",
                lang=file_lang,
                category=category,
                type=etype,
                match=match,
                level=elevel,
                message=message,
                note=note.strip(),
                references=refs,
                suggest=_str_list(raw.get("suggest"), spath, label, "suggest"),
                forms=tuple(f.lower() for f in _str_list(raw.get("forms"), spath, label, "forms")),
                coding=coding,
                exceptions=tuple(e.lower() for e in _str_list(raw.get("exceptions"), spath, label, "exceptions")),
                unless=unless,
                compound=compound,
                examples_flag=flag,
                examples_ok=ok,
                path=spath,
                profiles=profiles,
            )
        )
    return rules


def lexicon_files(dirs: Iterable[Path]) -> list[tuple[Path, str]]:
    """Every ``<lang>/<category>.yml`` under ``dirs`` with its language, in load order."""
    files: list[tuple[Path, str]] = []
    for base in dirs:
        base = Path(base)
        if not base.is_dir():
            raise LexiconError(str(base), None, "lexicon directory does not exist")
        for lang_dir in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
            for path in sorted(lang_dir.glob("*.yml")) + sorted(lang_dir.glob("*.yaml")):
                files.append((path, lang_dir.name))
    return files


def load_dirs(dirs: Iterable[Path], *, cache: bool = True) -> list[Rule]:
    """Load every ``<lang>/<category>.yml`` under ``dirs``; check ids and phrases across files.

    Validated rules are cached on disk keyed by the files' paths, sizes and modification times
    (parsing YAML and compiling every regex costs more than a whole one-page scan); any change
    to a file loads and validates everything again.
    """
    files = lexicon_files(dirs)
    cached = _read_cache(files) if cache else None
    if cached is not None:
        return cached
    rules: list[Rule] = []
    for path, lang in files:
        rules.extend(load_file(path, lang=lang))
    check_unique(rules)
    if cache:
        _write_cache(files, rules)
    return rules


def _cache_path(files: list[tuple[Path, str]]) -> Path | None:
    import hashlib
    import json

    from normcheck import __version__
    from normcheck.lang.forms import cache_dir

    try:
        stamp = [[str(p.resolve()), lang, p.stat().st_size, p.stat().st_mtime_ns] for p, lang in files]
    except OSError:
        return None
    key = hashlib.sha256(json.dumps([__version__, stamp]).encode("utf-8")).hexdigest()[:24]
    return cache_dir() / f"rules-{key}.pickle"


def _read_cache(files: list[tuple[Path, str]]) -> list[Rule] | None:
    import pickle

    path = _cache_path(files)
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            rules = pickle.load(fh)  # noqa: S301 - our own cache file, keyed by content stamps
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        return None
    return rules if isinstance(rules, list) and all(isinstance(r, Rule) for r in rules) else None


def _write_cache(files: list[tuple[Path, str]], rules: list[Rule]) -> None:
    import os
    import pickle

    path = _cache_path(files)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(rules, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass


def check_unique(rules: Sequence[Rule]) -> None:
    """Reject the same rule id twice, and the same term in two entries of one language."""
    ids: dict[str, Rule] = {}
    phrases: dict[tuple[str, str, str], Rule] = {}
    for rule in rules:
        if rule.id in ids:
            raise LexiconError(rule.path, rule.id, f"rule id also defined in {ids[rule.id].path}")
        ids[rule.id] = rule
        if rule.type == "pattern":
            continue
        for m in rule.match:
            key = (rule.lang, rule.type, m)
            other = phrases.get(key)
            if other is not None and other.id != rule.id:
                raise LexiconError(rule.path, rule.id, f"'{m}' is already matched by {other.id}")
            phrases[key] = rule


@lru_cache(maxsize=1)
def builtin_lexicon_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "lexicons"


def validate_category(category: str) -> bool:
    return category in CATEGORIES
