"""The ``gender-decoder`` profile: Kat Matfield's gender-decoder, reproduced result for result.

gender-decoder (https://github.com/lovedaybrooke/gender-decoder, MIT) counts the words of an ad
that start with a masculine-coded or a feminine-coded stem from Gaucher, Friesen & Kay (2011)
and classifies the ad by the difference. This module gives the same word list, the same hits and
the same verdict for any text, and adds what the web tool lacks: character offsets into the
original text, so every hit can be highlighted.

What the reference does (``app/models.py`` at 73724e6):

* Cleanup: every character at or above code point 128 becomes a space, then every ``\\s``
  character, then each of ``. , < > * ? ! " [ ] @ ' : ; ( ) / &`` and tab; the text is split
  on single spaces, empty strings are dropped and each word is lower-cased. Hyphens, digits,
  underscores and the remaining ASCII punctuation stay inside words.
* Hyphens: a loop meant to split every hyphenated word that does not start with one of the
  hyphenated stems. Because it removes an item from the list it is iterating over, its real
  behaviour is narrower, and this module reproduces the real behaviour:

  - a word beginning with ``-`` is never split (``word.find("-")`` is 0, i.e. false);
  - the first word that is neither of those kinds ("splittable") removes itself from the list
    being iterated, so the word right after it is never visited;
  - each visit splits the *first* still-unsplit occurrence of the visited word, so for the word
    that was skipped only its last occurrence stays whole;
  - splitting ``a--b`` or ``a-`` yields empty words, which are kept (they match nothing).

* Matching: each word is tested against each stem with ``word.startswith(stem)``; a word that
  starts with two stems (``dominant``: ``domina`` and ``dominant``) counts twice, a stem listed
  twice counts twice, and a word equal to an exception (``sharepoint``) never counts.
* Verdict: ``score = feminine - masculine``; 0 is ``neutral`` when there are hits and
  ``empty`` when there are none; 1..3 ``feminine-coded``, 4 or more ``strongly
  feminine-coded``; -1..-3 ``masculine-coded``, -4 or less ``strongly masculine-coded``.

Swedish uses the list of the Muamaidbengt fork (via gender-decoder pull request #8) and that
fork's cleanup, which keeps code points below 256 so that å, ä and ö survive. Everything else is
the same algorithm.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from normcheck.model import Finding

__all__ = [
    "DATA_FILE",
    "LANGUAGES",
    "RESULTS",
    "Decoded",
    "GenderDecoderCheck",
    "WordLists",
    "assess",
    "clean_up_word_list",
    "coded_hits",
    "decode",
    "load_wordlists",
    "verdict",
    "words_with_offsets",
]

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "gender-decoder.yml"

#: Languages the data file has lists for.
LANGUAGES: tuple[str, ...] = ("en", "sv")

#: Punctuation gender-decoder replaces with spaces (its curly quotes are non-ASCII and are
#: already gone by the time this list applies, in both languages).
_PUNCTUATION = ".\t,<>*?!\"[]@':;()/&"

#: gender-decoder's own result strings, in the order of its ``possible_codings`` plus ``empty``.
RESULTS: tuple[str, ...] = (
    "strongly feminine-coded",
    "feminine-coded",
    "neutral",
    "masculine-coded",
    "strongly masculine-coded",
    "empty",
)

_VERDICTS: dict[str, str] = {
    "strongly feminine-coded": "strongly-feminine-coded",
    "feminine-coded": "feminine-coded",
    "neutral": "neutral",
    "empty": "neutral",
    "masculine-coded": "masculine-coded",
    "strongly masculine-coded": "strongly-masculine-coded",
}

_CODINGS = ("masculine", "feminine")


# --------------------------------------------------------------------------------------------
# Word lists


@dataclass(frozen=True)
class WordLists:
    """One language's lists from ``data/gender-decoder.yml``, in their original order."""

    lang: str
    masculine: tuple[str, ...]
    feminine: tuple[str, ...]
    hyphenated: tuple[str, ...]
    exceptions: frozenset[str]
    max_codepoint: int
    references: tuple[str, ...]
    source: Mapping[str, Any] = field(default_factory=dict)

    def stems(self, coding: str) -> tuple[str, ...]:
        return self.masculine if coding == "masculine" else self.feminine


@lru_cache(maxsize=None)
def _load_data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{DATA_FILE}: expected a mapping at the top level")
    return data


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"gender-decoder has no word lists for {lang!r}; use one of {LANGUAGES}")
    return lang


@lru_cache(maxsize=None)
def load_wordlists(lang: str = "en") -> WordLists:
    """The word lists for ``lang`` ("en" or "sv")."""
    block = _load_data()[_check_lang(lang)]

    def strings(key: str) -> tuple[str, ...]:
        items = block.get(key) or []
        if not all(isinstance(s, str) and s for s in items):
            raise ValueError(f"{DATA_FILE}: {lang}.{key} must be a list of non-empty strings")
        return tuple(items)

    return WordLists(
        lang=lang,
        masculine=strings("masculine"),
        feminine=strings("feminine"),
        hyphenated=strings("hyphenated"),
        exceptions=frozenset(strings("exceptions")),
        max_codepoint=int(block["max_codepoint"]),
        references=strings("references"),
        source=dict(block.get("source") or {}),
    )


# --------------------------------------------------------------------------------------------
# Precomputed matcher


class _Matcher:
    """Tokeniser and stem tables for one language, built once.

    Stems are grouped by length: a word starts with a stem of length ``n`` exactly when
    ``word[:n]`` is a key of the length-``n`` table, so a word costs one slice and one dict
    lookup per distinct stem length instead of one ``startswith`` per stem. Each table entry
    carries the stem's position in "masculine list, then feminine list", which restores the
    reference's hit order when a word hits more than one stem.
    """

    _CACHE_LIMIT = 200_000

    def __init__(self, lists: WordLists) -> None:
        self.lists = lists
        # A word is a maximal run of characters that gender-decoder does not turn into spaces.
        # re's \s is the same Unicode class the reference substitutes.
        punctuation = "".join(re.escape(c) for c in _PUNCTUATION)
        self.token_re = re.compile(f"[^\\s{punctuation}\\U{lists.max_codepoint:08x}-\\U0010ffff]+")

        tables: dict[int, dict[str, list[tuple[int, str, str]]]] = {}
        rank = 0
        for coding in _CODINGS:
            for stem in lists.stems(coding):
                tables.setdefault(len(stem), {}).setdefault(stem, []).append((rank, stem, coding))
                rank += 1
        self.tables: tuple[tuple[int, dict[str, tuple[tuple[int, str, str], ...]]], ...] = tuple(
            (n, {stem: tuple(entries) for stem, entries in table.items()})
            for n, table in sorted(tables.items())
        )
        self.shortest = self.tables[0][0] if self.tables else 0
        self.cache: dict[str, tuple[tuple[str, str], ...]] = {}

    def match(self, word: str) -> tuple[tuple[str, str], ...]:
        """``(stem, coding)`` for every stem ``word`` starts with, in the reference's order."""
        found = self.cache.get(word)
        if found is not None:
            return found
        if len(word) < self.shortest or word in self.lists.exceptions:
            found = ()
        else:
            entries: list[tuple[int, str, str]] = []
            size = len(word)
            for n, table in self.tables:
                if n > size:
                    break
                hit = table.get(word[:n])
                if hit:
                    entries.extend(hit)
            if len(entries) > 1:
                entries.sort()
            found = tuple((stem, coding) for _, stem, coding in entries)
        if len(self.cache) >= self._CACHE_LIMIT:
            self.cache.clear()
        self.cache[word] = found
        return found


@lru_cache(maxsize=None)
def _matcher(lang: str) -> _Matcher:
    return _Matcher(load_wordlists(lang))


# --------------------------------------------------------------------------------------------
# Cleanup


def _split_hyphens(
    tokens: list[tuple[str, int, int]], hyphenated: tuple[str, ...]
) -> list[tuple[str, int, int]]:
    """Apply gender-decoder's hyphen step as it actually behaves (see the module docstring).

    The reference's loop boils down to: find the first splittable word; the word right after it
    is never visited; every other occurrence is visited once, and each visit splits the earliest
    still-whole occurrence of the same word. So, per hyphenated word, the first ``k``
    occurrences are split where ``k`` is the number of visited occurrences.
    """

    def splittable(word: str) -> bool:
        return not word.startswith("-") and not word.startswith(hyphenated)

    first = next((i for i, (word, _, _) in enumerate(tokens) if splittable(word)), None)
    if first is None:
        return tokens
    budget = Counter(word for word, _, _ in tokens if "-" in word and splittable(word))
    if not budget:
        return tokens
    if first + 1 < len(tokens):
        unvisited = tokens[first + 1][0]
        if unvisited in budget:
            budget[unvisited] -= 1

    out: list[tuple[str, int, int]] = []
    for word, start, end in tokens:
        if budget.get(word, 0) > 0:
            budget[word] -= 1
            pos = start
            for part in word.split("-"):
                out.append((part, pos, pos + len(part)))
                pos += len(part) + 1
        else:
            out.append((word, start, end))
    return out


def words_with_offsets(text: str, lang: str = "en") -> list[tuple[str, int, int]]:
    """gender-decoder's word list for ``text``, each word with its ``[start, end)`` in ``text``.

    The words are exactly those of :func:`clean_up_word_list`. A part of a split hyphenated word
    spans the characters it came from; an empty part has an empty span where it would have been.
    ``text[start:end].lower() == word`` holds for every word (lower-casing never changes the
    length of the characters that survive the cleanup).
    """
    matcher = _matcher(_check_lang(lang))
    tokens = [(m.group().lower(), m.start(), m.end()) for m in matcher.token_re.finditer(text)]
    return _split_hyphens(tokens, matcher.lists.hyphenated)


def clean_up_word_list(text: str, lang: str = "en") -> list[str]:
    """The word list gender-decoder's ``JobAd.clean_up_word_list`` returns for ``text``."""
    return [word for word, _, _ in words_with_offsets(text, lang)]


# --------------------------------------------------------------------------------------------
# Matching and scoring


def coded_hits(words: Sequence[str], lang: str = "en") -> list[tuple[int, str, str]]:
    """Every ``(word index, stem, coding)`` hit, in word order.

    Within one word, masculine stems come before feminine ones and stems keep their list order,
    which is the order in which gender-decoder lists the coded words. Gives the same hits as
    testing every word against every stem with ``startswith``.
    """
    match = _matcher(_check_lang(lang)).match
    hits: list[tuple[int, str, str]] = []
    for index, word in enumerate(words):
        for stem, coding in match(word):
            hits.append((index, stem, coding))
    return hits


def assess(masculine: int, feminine: int) -> str:
    """gender-decoder's result string for the given hit counts (``JobAd.assess_coding``)."""
    score = feminine - masculine
    if score == 0:
        return "neutral" if feminine else "empty"
    if score > 3:
        return "strongly feminine-coded"
    if score > 0:
        return "feminine-coded"
    if score < -3:
        return "strongly masculine-coded"
    return "masculine-coded"


def verdict(masculine: int, feminine: int) -> str:
    """normcheck's verdict for the counts; gender-decoder's ``empty`` becomes ``neutral``."""
    return _VERDICTS[assess(masculine, feminine)]


@dataclass(frozen=True)
class Decoded:
    """The whole gender-decoder analysis of one text."""

    text: str
    lang: str
    words: tuple[tuple[str, int, int], ...]
    hits: tuple[tuple[int, str, str], ...]

    def coded_words(self, coding: str) -> list[str]:
        """The hit words of one coding, a word once per stem it hits (as the web tool lists them)."""
        return [self.words[i][0] for i, _, c in self.hits if c == coding]

    @property
    def masculine_coded_words(self) -> list[str]:
        return self.coded_words("masculine")

    @property
    def feminine_coded_words(self) -> list[str]:
        return self.coded_words("feminine")

    @property
    def masculine_word_count(self) -> int:
        return sum(1 for _, _, c in self.hits if c == "masculine")

    @property
    def feminine_word_count(self) -> int:
        return sum(1 for _, _, c in self.hits if c == "feminine")

    @property
    def coding(self) -> str:
        return assess(self.masculine_word_count, self.feminine_word_count)

    @property
    def verdict(self) -> str:
        return _VERDICTS[self.coding]


def decode(text: str, lang: str = "en") -> Decoded:
    """Run the full gender-decoder analysis on ``text``."""
    words = words_with_offsets(text, lang)
    hits = coded_hits([word for word, _, _ in words], lang)
    return Decoded(text=text, lang=lang, words=tuple(words), hits=tuple(hits))


# --------------------------------------------------------------------------------------------
# The check


_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "masculine": (
            "'{text}' is on gender-decoder's list of masculine-coded words (stem '{stem}'). "
            "Gaucher, Friesen & Kay (2011) found that wording like this makes an ad less "
            "appealing to women; consider a neutral word or balance the ad's wording."
        ),
        "feminine": (
            "'{text}' is on gender-decoder's list of feminine-coded words (stem '{stem}'). "
            "Such words rarely put anyone off on their own, but an ad that leans strongly one "
            "way can still shift who applies."
        ),
    },
    "sv": {
        "masculine": (
            "'{text}' står på gender-decoders svenska lista över maskulint kodade ord "
            "(ordstam '{stem}'). Enligt Gaucher, Friesen & Kay (2011) kan sådana ord göra "
            "annonsen mindre lockande för kvinnor; välj gärna ett neutralare ord eller "
            "balansera ordvalet."
        ),
        "feminine": (
            "'{text}' står på gender-decoders svenska lista över feminint kodade ord "
            "(ordstam '{stem}'). Sådana ord avskräcker sällan i sig, men en annons med "
            "ensidigt ordval kan ändå påverka vilka som söker."
        ),
    },
}


def _profile_language(language: str | None) -> str | None:
    """The word-list language for a document language: English by default, as the web tool."""
    if not language:
        return "en"
    base = language.replace("_", "-").split("-", 1)[0].lower()
    return base if base in LANGUAGES else None


class GenderDecoderCheck:
    """One suggestion per gender-decoder hit, with the span of the word that was hit."""

    name = "gender-decoder"
    profiles: tuple[str, ...] = ("gender-decoder",)
    needs_tokens = False  # gender-decoder splits the raw text its own way

    def run(self, analysis: Any, rules: Any, config: Any) -> Iterator[Finding]:
        text: str = analysis.document.text
        lang = _profile_language(getattr(analysis, "language", None))
        if lang is None:
            return
        references = load_wordlists(lang).references
        messages = _MESSAGES[lang]
        words = words_with_offsets(text, lang)
        for index, stem, coding in coded_hits([word for word, _, _ in words], lang):
            _, start, end = words[index]
            surface = text[start:end]
            yield Finding(
                rule=f"{lang}.gender-decoder.{stem}",
                category="gender-coded",
                severity="suggestion",
                language=lang,
                start=start,
                end=end,
                text=surface,
                message=messages[coding].format(text=surface, stem=stem),
                coding=coding,
                references=references,
            )
