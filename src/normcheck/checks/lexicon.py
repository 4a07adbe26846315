"""The lexicon check: every rule from the YAML lexicons, matched by the language layer."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from normcheck.checks import finding_from_rule
from normcheck.checks.referents import pronoun_is_generic
from normcheck.hookspecs import hookimpl
from normcheck.lexicon import Rule
from normcheck.lexicon.literals import required_literals
from normcheck.lexicon.matcher import CompiledLexicon, on_word_boundary, trim_to_words
from normcheck.model import Finding

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.lang import Analysis


class RuleSet(list[Rule]):
    """The loaded rules, with one compiled matcher per language built on first use."""

    def __init__(self, rules: Sequence[Rule] = ()) -> None:
        super().__init__(rules)
        self._compiled: dict[str, CompiledLexicon] = {}

    def compiled(self, lang: str) -> CompiledLexicon:
        lex = self._compiled.get(lang)
        if lex is None:
            lex = CompiledLexicon(lang, [r for r in self if r.lang == lang])
            self._compiled[lang] = lex
        return lex


def _context(analysis: Analysis, index: int) -> tuple[int, int]:
    """Where a finding's context exceptions are looked for: its sentence and the one before.

    A reason given just before counts ("The post is security-classed. Swedish citizenship is
    required."); an exception must still cover the finding itself.
    """
    sentences = analysis.sentences
    return sentences[max(0, index - 1)][0], sentences[index][1]


def _unless_covers(rule: Rule, analysis: Analysis, start: int, end: int, sentence: tuple[int, int]) -> bool:
    """True when one of the rule's context exceptions matches around the finding."""
    # The exception's matches in a sentence are found once per rule and sentence, however
    # many findings the sentence holds (a long list on one line must not turn quadratic).
    cache = analysis.extra.setdefault("unless_spans", {})
    key = (rule.id, sentence)
    spans = cache.get(key)  # type: ignore[union-attr]
    if spans is None:
        text = analysis.document.text
        lo, hi = sentence
        spans = [(m.start(), m.end()) for regex in rule.unless_re for m in regex.finditer(text, lo, hi)]
        cache[key] = spans  # type: ignore[index]
    return any(s <= start and e >= end for s, e in spans)


class LexiconCheck:
    name = "lexicon"
    profiles = ("default",)

    def run(self, analysis: Analysis, rules: Sequence[Rule], config: Config) -> Iterator[Finding]:
        ruleset = rules if isinstance(rules, RuleSet) else RuleSet(rules)
        doc = analysis.document
        tokens = analysis.tokens
        profile = config.profile
        by_lang: dict[str, list[int]] = {}
        for i, tok in enumerate(tokens):
            if tok.lang:
                by_lang.setdefault(tok.lang, []).append(i)
        for lang, indices in by_lang.items():
            lex = ruleset.compiled(lang)
            if not lex.rules:
                continue
            # Contiguous runs of same-language tokens, so phrases never span a language switch.
            runs: list[list[int]] = []
            for i in indices:
                if runs and runs[-1][-1] == i - 1:
                    runs[-1].append(i)
                else:
                    runs.append([i])
            for run in runs:
                base = run[0]
                window = tokens[run[0] : run[-1] + 1]
                for m in lex.match_tokens(window):
                    rule = m.rule
                    if profile not in rule.profiles or not config.rule_enabled(rule.id):
                        continue
                    first = tokens[base + m.first_token]
                    if rule.unless_re and _unless_covers(rule, analysis, m.start, m.end, _context(analysis, first.sentence)):
                        continue
                    if rule.type == "pronoun" and not pronoun_is_generic(analysis, base + m.first_token):
                        continue
                    yield finding_from_rule(rule, analysis, m.start, m.end, whole=m.whole)
            # Regex rules run once over each stretch of consecutive segments in this language
            # (a whole single-language document is one stretch); a match may not span segments.
            if lex.patterns:
                stretch: list[int] = []
                for si in range(len(doc.segments) + 1):
                    if si < len(doc.segments) and analysis.segment_langs[si] == lang:
                        stretch.append(si)
                        continue
                    if stretch:
                        lo, hi = doc.segments[stretch[0]].start, doc.segments[stretch[-1]].end
                        yield from self._patterns(lex.patterns, analysis, lo, hi, profile, config)
                        stretch = []

    def _patterns(
        self, rules: list[Rule], analysis: Analysis, lo: int, hi: int, profile: str, config: Config
    ) -> Iterator[Finding]:
        doc = analysis.document
        text = doc.text
        lowered = analysis.extra.get("lowered")
        if lowered is None:
            lowered = analysis.extra["lowered"] = text.lower()
        for rule in rules:
            if profile not in rule.profiles or not config.rule_enabled(rule.id):
                continue
            for pattern, regex in zip(rule.match, rule.patterns_re):
                needed = required_literals(pattern)
                if needed is not None and not any(lit in lowered for lit in needed):
                    continue  # the text lacks every word this regex needs
                for m in regex.finditer(text, lo, hi):
                    start, end = trim_to_words(text, m.start(), m.end())
                    if start >= end or not on_word_boundary(text, start, end):
                        continue
                    if "\n\n" in text[start:end] and doc.segment_index_at(start) != doc.segment_index_at(end - 1):
                        continue
                    if rule.unless_re:
                        sentence = _sentence_around(analysis, start)
                        if _unless_covers(rule, analysis, start, end, sentence):
                            continue
                    yield finding_from_rule(rule, analysis, start, end)


def _sentence_around(analysis: Analysis, offset: int) -> tuple[int, int]:
    i = analysis.sentence_index_at(offset)
    return _context(analysis, i) if i >= 0 else (0, len(analysis.document.text))


@hookimpl
def register_checks(config: Config) -> list[object]:
    return [LexiconCheck()]
