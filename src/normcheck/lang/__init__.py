"""Language analysis: per-segment language, tokens with offsets, sentences and lemmas.

The default analysis is built from what installs from the package registry and starts fast:
a regular-expression tokenizer (one pass, offsets exact), a rule-based sentence splitter that
knows Swedish and English abbreviations, a stop-word vote for language with py3langid
(restricted to sv/en) for segments the vote cannot settle, and simplemma lemmas with our own
overrides. This is the ``default`` backend; spaCy and stanza backends (``normcheck.backends``)
add POS tags, lemmas and entities to the same ``Analysis``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from normcheck.lang import en, sv
from normcheck.model import Document, Token

if TYPE_CHECKING:
    from normcheck.config import Config

LANGS = {"sv": sv, "en": en}
SUPPORTED = tuple(LANGS)
UNDETERMINED = "und"
LANGID_MIN_WORDS = 15  # prose long enough to be a paragraph in another language

# A word: letters/digits with inner hyphens or apostrophes (IT-konsult, self-confident, don't).
# Invisible characters inside a word (soft hyphen, zero-width space and joiners, word joiner)
# keep it one word, so "he\u200blp" is not the pronoun "he". (The word then matches no entry:
# lexicon matching on the visible letters would need an offset map.)
WORD_RE = re.compile(r"\w+(?:[-'’\u00ad\u200b\u200c\u200d\u2060]\w+)*")
_LETTERS = re.compile(r"[^\W\d_]+")
# Sentence ends: terminal punctuation followed by space and an upper-case letter, a digit or a
# quote; or a line break (headings and list items in ads are their own sentences).
_SENT_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-ZÅÄÖÉ0-9])|\n+|(?<=[:;])\s*\n")


@dataclass(slots=True)
class Analysis:
    """A document with its language analysis, shared by every check."""

    document: Document
    tokens: list[Token]
    sentences: list[tuple[int, int]]
    segment_langs: list[str]
    language: str | None
    languages: dict[str, float]
    words: int
    extra: dict[str, object] = field(default_factory=dict)
    # Set by the language backend (normcheck.backends): its name, what it added, its entities.
    backend: str = "default"
    capabilities: frozenset[str] = frozenset({"lemmas"})
    entities: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, label)

    def sentence_span(self, index: int) -> tuple[int, int]:
        return self.sentences[index]

    def tokens_in(self, start: int, end: int) -> list[Token]:
        import bisect

        starts = self._token_starts()
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end)
        return self.tokens[lo:hi]

    def sentence_index_at(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` (the nearest before it); -1 without sentences."""
        import bisect

        if not self.sentences:
            return -1
        starts = self.extra.get("sentence_starts")
        if starts is None:
            starts = self.extra["sentence_starts"] = [s for s, _ in self.sentences]
        return max(0, bisect.bisect_right(starts, offset) - 1)  # type: ignore[arg-type]

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding ``offset`` (the whole text when none)."""
        i = self.sentence_index_at(offset)
        return self.sentences[i] if i >= 0 else (0, len(self.document.text))

    def _token_starts(self) -> list[int]:
        cached = self.extra.get("_token_starts")
        if cached is None:
            cached = [t.start for t in self.tokens]
            self.extra["_token_starts"] = cached
        return cached  # type: ignore[return-value]


def count_words(text: str) -> int:
    """Words in ``text``: tokens that are not bare numbers (``2026``, ``24`` do not count)."""
    return sum(1 for w in WORD_RE.findall(text) if not w.isdigit())


def vote_language(text: str) -> tuple[str | None, int]:
    """Stop-word vote between Swedish and English: (winner or None, words looked at).

    Only letter runs vote: numbers, prices and e-mail parts say nothing about the language.
    """
    words = _LETTERS.findall(text[:4000].lower())[:400]
    n = len(words)
    sv_hits = sum(map(sv.STOPWORDS.__contains__, words))
    en_hits = sum(map(en.STOPWORDS.__contains__, words))
    if sv_hits == en_hits:
        return None, n
    best = max(sv_hits, en_hits)
    # Real Swedish or English prose is full of function words; a long paragraph with only a
    # couple of look-alikes ("on", "i") is another language.
    if best >= 2 and best >= 2 * min(sv_hits, en_hits) and (n < LANGID_MIN_WORDS or best >= 0.15 * n):
        return ("sv" if sv_hits > en_hits else "en"), n
    return None, n


@lru_cache(maxsize=1)
def _langid():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    wanted = ["sv", "en", "da", "nb", "no", "de", "nl", "fr", "es", "fi", "it", "pt", "pl", "et", "ar", "so", "tr"]
    # Only codes the model knows ("nb" is not among them: Norwegian is "no"); an unknown code raises.
    ident.set_languages([code for code in wanted if code in ident.nb_classes])
    return ident


def detect(text: str) -> str:
    """Language of a piece of text: "sv", "en", or "und" when it is neither (or too short)."""
    winner, n = vote_language(text)
    if winner is not None:
        return winner
    if n < LANGID_MIN_WORDS:
        # Too short to tell (a heading, a name): the caller lets it follow its document.
        return UNDETERMINED
    # The stop words could not settle it: ask py3langid (loaded only now; it takes ~0.8 s),
    # over more languages than we analyse, so a Finnish paragraph is "und", not forced to sv.
    lang, _prob = _langid().classify(text)
    return str(lang) if lang in LANGS else UNDETERMINED


def split_sentences(text: str, start: int, end: int, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """Sentence spans within text[start:end]."""
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        cut = m.start()
        # Do not split after an abbreviation ("t.ex. Java", "Dr. Smith").
        before = text[max(pos, cut - 12) : cut]
        last = before.rsplit(None, 1)[-1].lower() if before.strip() else ""
        if last in abbreviations:
            continue
        if text[pos:cut].strip():
            spans.append(_trim(text, pos, cut))
        pos = m.end()
    if text[pos:end].strip():
        spans.append(_trim(text, pos, end))
    return spans


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    """Lemma of a lower-case word: overrides first, then simplemma."""
    module = LANGS.get(lang)
    if module is None:
        return word
    override = module.LEMMA_OVERRIDES.get(word)
    if override is not None:
        return override
    import simplemma

    try:
        return str(simplemma.lemmatize(word, lang=lang)).lower()
    except (ValueError, KeyError):  # pragma: no cover - unknown language data
        return word


def analyze(document: Document, config: Config | None = None, *, lang: str | None = None) -> Analysis:
    """Analyse ``document`` with the backend the configuration selects (see ``normcheck.backends``)."""
    from normcheck.backends import select_backend

    return select_backend(config).analyze(document, config, lang=lang)


def analyze_languages(document: Document, config: Config | None = None, *, lang: str | None = None) -> Analysis:
    """Languages and word counts only, no tokens: enough for checks that read the raw text
    (the gender-decoder profile), and several times cheaper than a full analysis."""
    segment_langs, languages, doc_lang, seg_words = _segment_languages(document, config, lang)
    return Analysis(
        document=document,
        tokens=[],
        sentences=[],
        segment_langs=segment_langs,
        language=doc_lang,
        languages=languages,
        words=sum(seg_words),
    )


def _segment_languages(
    document: Document, config: Config | None, lang: str | None
) -> tuple[list[str], dict[str, float], str | None, list[int]]:
    """Per-segment language, the document's language shares, its main language, word counts."""
    from normcheck.plugins import get_plugin_manager

    text = document.text
    forced = lang or (config.lang if config is not None else None)
    segment_langs: list[str] = []
    word_counts: dict[str, int] = {}
    pm = get_plugin_manager()
    seg_words: list[int] = []
    for seg in document.segments:
        seg_text = text[seg.start : seg.end]
        n = count_words(seg_text)
        seg_words.append(n)
        if forced:
            code = forced
        else:
            code = pm.hook.detect_language(text=seg_text, config=config) or UNDETERMINED
        segment_langs.append(code)
        word_counts[code] = word_counts.get(code, 0) + n
    total = sum(seg_words)
    known = {k: v for k, v in word_counts.items() if k != UNDETERMINED and v}
    doc_lang = max(known, key=lambda k: known[k]) if known else (forced or None)
    # Short segments (a heading, a name) whose vote was inconclusive follow the document.
    if doc_lang and not forced:
        for i, code in enumerate(segment_langs):
            if code == UNDETERMINED and seg_words[i] < LANGID_MIN_WORDS:
                segment_langs[i] = doc_lang
                word_counts[doc_lang] = word_counts.get(doc_lang, 0) + seg_words[i]
                word_counts[UNDETERMINED] -= seg_words[i]
    languages = {k: round(v / total, 3) for k, v in sorted(word_counts.items()) if v and total}
    return segment_langs, languages, doc_lang, seg_words


def analyze_default(document: Document, config: Config | None = None, *, lang: str | None = None) -> Analysis:
    """Tokenise and analyse ``document``; ``lang`` forces one language for every segment."""
    text = document.text
    segment_langs, languages, doc_lang, _ = _segment_languages(document, config, lang)
    tokens: list[Token] = []
    sentences: list[tuple[int, int]] = []
    for si, seg in enumerate(document.segments):
        code = segment_langs[si]
        module = LANGS.get(code)
        abbreviations = module.ABBREVIATIONS if module else frozenset()
        for s_start, s_end in split_sentences(text, seg.start, seg.end, abbreviations):
            sent_index = len(sentences)
            sentences.append((s_start, s_end))
            first = True
            for m in WORD_RE.finditer(text, s_start, s_end):
                word = m.group()
                low = word.lower()
                tokens.append(
                    Token(
                        text=word,
                        start=m.start(),
                        end=m.end(),
                        lower=low,
                        sentence=sent_index,
                        sent_start=first,
                        segment=si,
                        lang=code if module else None,
                    )
                )
                first = False
    words = sum(1 for t in tokens if not t.text.isdigit())
    return Analysis(
        document=document,
        tokens=tokens,
        sentences=sentences,
        segment_langs=segment_langs,
        language=doc_lang,
        languages=languages,
        words=words,
    )
