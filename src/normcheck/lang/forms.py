"""Inflected forms of lexicon words, from simplemma's dictionaries, cached on disk.

Matching compares each token's lower-case form with a set of forms, so no token has to be
lemmatised while scanning. The forms come from inverting simplemma's form → lemma dictionary
for the lemmas the lexicons use. Loading that dictionary takes about a second, so the result is
cached under ``$NORMCHECK_CACHE_DIR`` (default ``~/.cache/normcheck``), keyed by the simplemma
version and the set of lemmas; an unwritable cache directory only costs that second again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

CACHE_FORMAT = 1


def cache_dir() -> Path:
    explicit = os.environ.get("NORMCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "normcheck"


def _simplemma_version() -> str:
    try:
        return metadata.version("simplemma")
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


@lru_cache(maxsize=4)
def _dictionary(lang: str):  # type: ignore[no-untyped-def]
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    return DefaultDictionaryFactory().get_dictionary(lang)


def _invert(lang: str, lemmas: frozenset[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    try:
        dictionary = _dictionary(lang)
    except (ValueError, KeyError, OSError):
        return out
    for form, lemma in dictionary.items():
        if isinstance(lemma, bytes):
            lemma = lemma.decode("utf-8")
        low = lemma.lower()
        if low in lemmas:
            out.setdefault(low, []).append(form.lower() if isinstance(form, str) else form.decode("utf-8").lower())
    return out


def _words_with_prefix(lang: str, prefixes: frozenset[str]) -> dict[str, list[str]]:
    import bisect

    try:
        dictionary = _dictionary(lang)
    except (ValueError, KeyError, OSError):
        return {}
    words = sorted({k.lower() if isinstance(k, str) else k.decode("utf-8").lower() for k in dictionary.keys()})
    out: dict[str, list[str]] = {}
    for prefix in prefixes:
        i = bisect.bisect_left(words, prefix)
        found = []
        while i < len(words) and words[i].startswith(prefix):
            found.append(words[i])
            i += 1
        out[prefix] = found
    return out


def inflections(lang: str, lemmas: Iterable[str]) -> dict[str, frozenset[str]]:
    """lemma -> every form simplemma maps to it (the lemma itself not necessarily included)."""
    return _cached("forms", lang, lemmas, _invert)


def known_words(lang: str, prefixes: Iterable[str]) -> dict[str, frozenset[str]]:
    """prefix -> every word in simplemma's dictionary that starts with it.

    Used to find where the first part of a compound ends: ``ledarskap|s|erfarenhet``.
    """
    return _cached("words", lang, prefixes, _words_with_prefix)


def _cached(kind: str, lang: str, items: Iterable[str], compute) -> dict[str, frozenset[str]]:  # type: ignore[no-untyped-def]
    wanted = frozenset(w for w in items if w and " " not in w)
    if not wanted:
        return {}
    key = hashlib.sha256(
        json.dumps([CACHE_FORMAT, kind, lang, _simplemma_version(), sorted(wanted)]).encode("utf-8")
    ).hexdigest()[:24]
    path = cache_dir() / f"{kind}-{lang}-{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {k: frozenset(v) for k, v in data.items()}
    except (OSError, ValueError):
        pass
    data = compute(lang, wanted)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
    return {k: frozenset(v) for k, v in data.items()}
