"""Compile lexicon rules into fast lookups and match them against analysed tokens.

No regular-expression alternation over the word list: terms are found through dictionaries
keyed by surface form and lemma, stems through per-length prefix sets, and compound heads
through per-length suffix sets. Every match starts and ends on a token boundary (or, for a
compound, on the boundary of the compound part), so ``man`` never matches inside ``hantera``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from normcheck.lang import LANGS
from normcheck.lang.forms import inflections, known_words
from normcheck.lexicon import Rule
from normcheck.model import Token

# A compound head must leave at least this many letters in front of it ("koncern|talesman").
MIN_COMPOUND_MODIFIER = 3


@dataclass(frozen=True, slots=True)
class Match:
    rule: Rule
    start: int
    end: int
    first_token: int
    last_token: int
    whole: str | None = None  # the compound the match is part of, when it is only a part


class _PrefixIndex:
    """Prefixes grouped by length: a word's matching prefixes in a handful of set lookups."""

    def __init__(self) -> None:
        self.by_len: dict[int, dict[str, list[Rule]]] = defaultdict(dict)

    def add(self, prefix: str, rule: Rule) -> None:
        self.by_len[len(prefix)].setdefault(prefix, []).append(rule)

    def freeze(self) -> None:
        self.lengths = sorted(self.by_len)
        # Quick rejection: the shortest prefix length's worth of letters of every entry.
        self.min_len = self.lengths[0] if self.lengths else 0
        self.firsts = {key[: self.min_len] for table in self.by_len.values() for key in table}

    def lookup(self, word: str) -> Iterator[tuple[str, Rule]]:
        n = len(word)
        if word[: self.min_len] not in self.firsts:
            return
        for length in self.lengths:
            if length > n:
                break
            rules = self.by_len[length].get(word[:length])
            if rules:
                for rule in rules:
                    yield word[:length], rule


class _SuffixIndex(_PrefixIndex):
    def freeze(self) -> None:
        self.lengths = sorted(self.by_len)
        self.min_len = self.lengths[0] if self.lengths else 0
        self.lasts = {key[-self.min_len :] for table in self.by_len.values() for key in table} if self.min_len else set()

    def lookup(self, word: str) -> Iterator[tuple[str, Rule]]:
        n = len(word)
        if not self.min_len or word[-self.min_len :] not in self.lasts:
            return
        for length in self.lengths:
            if length + MIN_COMPOUND_MODIFIER > n:
                break
            rules = self.by_len[length].get(word[n - length :])
            if rules:
                for rule in rules:
                    yield word[n - length :], rule


class CompiledLexicon:
    """All rules of one language, indexed for matching."""

    def __init__(self, lang: str, rules: Sequence[Rule]) -> None:
        self.lang = lang
        self.rules = list(rules)
        module = LANGS.get(lang)
        noun_forms = module.noun_forms if module else (lambda w: (w,))
        words_used = {w for r in self.rules if r.type in ("term", "pronoun") for m in r.match for w in m.split()}
        words_used |= {m for r in self.rules if r.type == "stem" and r.compound != "none" for m in r.match}
        inflected = inflections(lang, words_used) if module else {}
        compound_stems = {m for r in self.rules if r.type == "stem" and r.compound != "none" for m in r.match}
        # Words that begin with a compound stem, to tell where a compound's first part ends.
        self.known = known_words(lang, compound_stems) if module and compound_stems else {}

        def expand(word: str, rule: Rule, *, inflect: bool) -> frozenset[str]:
            if not inflect:
                return frozenset((word,))
            return frozenset((word, *noun_forms(word), *inflected.get(word, ())))

        # first word form -> [(rule, forms of each remaining word of the phrase)]
        self.terms: dict[str, list[tuple[Rule, tuple[frozenset[str], ...]]]] = defaultdict(list)
        self.heads = _SuffixIndex()
        self.stems = _PrefixIndex()
        self.stem_heads = _SuffixIndex()
        self.stem_forms: dict[str, list[Rule]] = {}
        self.patterns: list[Rule] = []
        for rule in self.rules:
            if rule.type == "pattern":
                self.patterns.append(rule)
                continue
            if rule.type == "stem":
                for stem in rule.match:
                    self.stems.add(stem, rule)
                for form in rule.forms:
                    # Whole words of the entry that no stem starts (driv, drivna for driva).
                    self.stem_forms.setdefault(form, []).append(rule)
                if rule.compound != "none":
                    # Whole forms that may end a compound: resultat|driven, sälj|drivna. An
                    # entry's own forms are used as given; without them, the dictionary's
                    # inflections of its stems (which can include unwanted homographs).
                    heads = set(rule.forms)
                    for stem in rule.match if not heads else ():
                        heads |= inflected.get(stem, set())
                        if stem in inflected:
                            heads.add(stem)
                    for form in heads:
                        if len(form) >= 5 and not form.startswith(rule.exceptions or ("\0",)):
                            self.stem_heads.add(form, rule)
                continue
            # term and pronoun
            inflect = rule.type != "pronoun"
            for item in rule.match:
                words = item.split()
                first = words[0]
                rest = tuple(expand(w, rule, inflect=inflect) for w in words[1:])
                forms = set(expand(first, rule, inflect=inflect))
                if not rest:
                    forms |= set(rule.forms)
                for form in forms:
                    if (rule, rest) not in self.terms[form]:
                        self.terms[form].append((rule, rest))
                if rule.compound in ("head", "any") and not rest:
                    for form in forms:
                        if len(form) >= 4:
                            self.heads.add(form, rule)
        self.stems.freeze()
        self.heads.freeze()
        self.stem_heads.freeze()

    def match_tokens(self, tokens: Sequence[Token]) -> Iterator[Match]:
        """Term, pronoun, stem and compound-head matches over tokens of this language."""
        terms = self.terms
        n = len(tokens)
        # Cheap rejection before the per-token stem work: most words start with no stem.
        stems_min = self.stems.min_len if self.stems.lengths else 0
        stem_firsts = self.stems.firsts if stems_min else set()
        stem_heads_min = self.stem_heads.min_len if self.stem_heads.lengths else 0
        stem_lasts = self.stem_heads.lasts if stem_heads_min else set()
        for i, tok in enumerate(tokens):
            low = tok.lower
            found_term = False
            seen: set[tuple[str, int]] = set()
            if low in terms:
                for rule, rest in terms[low]:
                    if rest:
                        j = i + 1
                        ok = True
                        for forms in rest:
                            if j >= n or tokens[j].sentence != tok.sentence or tokens[j].lower not in forms:
                                ok = False
                                break
                            j += 1
                        if not ok:
                            continue
                        last = j - 1
                    else:
                        last = i
                    if rule.exceptions and low.startswith(rule.exceptions):
                        continue
                    if (rule.id, last) in seen:
                        continue
                    seen.add((rule.id, last))
                    found_term = True
                    yield Match(rule, tok.start, tokens[last].end, i, last)
            if not found_term and self.heads.lengths:
                for part, rule in self.heads.lookup(low):
                    if rule.exceptions and low.startswith(rule.exceptions):
                        continue
                    yield Match(rule, tok.end - len(part), tok.end, i, i, tok.text)
                    break
            # Coded stems are not looked for in capitalised words inside a sentence: those are
            # names, products and titles (Försvarsmakten, Active Directory, Lead Developer).
            if (
                stems_min
                and (
                    low[:stems_min] in stem_firsts
                    or "-" in low
                    or (stem_heads_min and low[-stem_heads_min:] in stem_lasts)
                    or low in self.stem_forms
                )
                and (tok.sent_start or not tok.text[:1].isupper())
            ):
                yield from self._stem_matches(tok, i)

    def _first_part(self, word: str, stem: str) -> str | None:
        """The first element of a compound that starts with ``stem`` (None: not a compound).

        ``ledarskapserfarenhet`` → ``ledarskap``: the longest dictionary word starting with
        the stem that leaves at least three letters, without a linking ``s``.
        """
        words = self.known.get(stem)
        if not words or word in words or len(word) < len(stem) + MIN_COMPOUND_MODIFIER:
            return None
        for length in range(len(word) - MIN_COMPOUND_MODIFIER, len(stem) - 1, -1):
            head = word[:length]
            if head in words:
                if head.endswith("s") and head[:-1] in words:
                    head = head[:-1]
                return head
        return None

    def _stem_matches(self, tok: Token, i: int) -> Iterator[Match]:
        low = tok.lower
        parts = [(0, low)]
        whole_rules: set[str] = set()
        if "-" in low:
            # A hyphenated stem (self-confiden, co-operat) matches the whole word; the parts
            # are then looked at for other entries only.
            for stem, rule in self.stems.lookup(low):
                if "-" in stem and not (rule.exceptions and low.startswith(rule.exceptions)):
                    whole_rules.add(rule.id)
                    yield Match(rule, tok.start, tok.end, i, i)
            parts = []
            offset = 0
            for piece in low.split("-"):
                parts.append((offset, piece))
                offset += len(piece) + 1
        emitted: set[tuple[str, int]] = set()
        for offset, word in parts:
            found = False
            for stem, rule in self.stems.lookup(word):
                if rule.exceptions and (word.startswith(rule.exceptions) or low.startswith(rule.exceptions)):
                    continue
                if rule.id in whole_rules or (rule.id, offset) in emitted:
                    continue  # one finding per entry and word, however many of its stems match
                emitted.add((rule.id, offset))
                found = True
                start = tok.start + offset
                part = self._first_part(word, stem) if rule.compound != "none" else None
                if part is not None:
                    yield Match(rule, start, start + len(part), i, i, tok.text)
                else:
                    # The finding covers the whole word (or hyphen part) that carries the stem.
                    yield Match(rule, start, start + len(word), i, i)
            for rule in self.stem_forms.get(word, ()) if not found else ():
                if rule.exceptions and word.startswith(rule.exceptions):
                    continue
                found = True
                yield Match(rule, tok.start + offset, tok.start + offset + len(word), i, i)
            if not found and self.stem_heads.lengths:
                for part, rule in self.stem_heads.lookup(word):
                    if rule.exceptions and low.startswith(rule.exceptions):
                        continue
                    end = tok.start + offset + len(word)
                    yield Match(rule, end - len(part), end, i, i, tok.text)
                    break


def trim_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a regex match to whole words: no leading/trailing space or punctuation."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def on_word_boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()
