"""Unnecessary gender marking: "kvinnlig chef", "manlig sjuksköterska", "female engineer", "lady doctor".

A gender word directly in front of a role noun is a finding (category ``representation``) whose
suggestion is the role word as written. Not flagged where gender is the subject: after a number or
share word ("andelen kvinnliga chefer", "the share of female engineers", "fler kvinnliga
ingenjörer"), after "first"/"only", and in a contrast ("kvinnliga och manliga chefer").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from normcheck.model import Finding
from normcheck_communication.data import MarkingData, marking_data

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.lang import Analysis


def find_marking(analysis: Analysis, config: Config) -> list[tuple[int, int, MarkingData]]:
    """(marker token, role token, language tables) for every marking the check reports."""
    tokens = analysis.tokens
    text = analysis.document.text
    tables: dict[str, MarkingData] = {}
    found: list[tuple[int, int, MarkingData]] = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        lang = tok.lang
        if lang not in ("sv", "en"):
            continue
        data = tables.get(lang)
        if data is None:
            data = tables[lang] = marking_data(lang)
        if tok.lower not in data.markers or i + 1 >= n:
            continue
        noun = tokens[i + 1]
        if noun.sentence != tok.sentence or text[tok.end : noun.start].strip(" \u00a0") != "":
            continue
        if not data.role(noun.lower):
            continue
        if not config.rule_enabled(data.rule) or _gender_is_the_point(analysis, i, data):
            continue
        found.append((i, i + 1, data))
    return found


def marking_spans(analysis: Analysis, config: Config) -> list[tuple[int, int]]:
    """Character spans of the markings in ``analysis`` (computed once per document)."""
    key = "communication.marking_spans"
    spans = analysis.extra.get(key)
    if spans is None:
        tokens = analysis.tokens
        spans = [(tokens[i].start, tokens[j].end) for i, j, _ in find_marking(analysis, config)]
        analysis.extra[key] = spans
    return spans  # type: ignore[return-value]


class GenderMarkingCheck:
    """Finds a gender marker in front of a role noun."""

    name = "communication.gender-marking"
    profiles = ("default",)

    def run(self, analysis: Analysis, rules: Sequence[Any], config: Config) -> Iterator[Finding]:
        tokens = analysis.tokens
        text = analysis.document.text
        for i, j, data in find_marking(analysis, config):
            tok, noun = tokens[i], tokens[j]
            start, end = tok.start, noun.end
            suggestion = noun.text
            for suffix in ("'s", "’s"):
                if suggestion.endswith(suffix):
                    suggestion = suggestion[:-2]
                    end -= 2
            match = text[start:end]
            yield Finding(
                rule=data.rule,
                category="representation",
                severity="suggestion",
                language=tok.lang,
                start=start,
                end=end,
                text=match,
                message=data.message.format(match=match, noun=suggestion),
                suggestions=(suggestion,),
                references=data.references,
                note=data.note or None,
            )


def duplicates_marking(finding: Finding, analysis: Analysis, config: Config) -> bool:
    """Whether ``finding`` is a lexicon's coarser report of a marking this module reports.

    The built-in Swedish lexicon has a pattern for "kvinnlig/manlig + title" and the English one
    has "lady doctor" (category ``gendered-term``); where this check reports the same words with
    the role noun as the concrete suggestion, the lexicon's finding is dropped so the reader sees
    one finding, not two. Where this check stays silent (statistics, firsts, contrasts) the
    lexicon's finding stays.
    """
    if finding.category != "gendered-term" or ".communication." in finding.rule:
        return False
    return any(finding.start < e and s < finding.end for s, e in marking_spans(analysis, config))


def _gender_is_the_point(analysis: Analysis, i: int, data: MarkingData) -> bool:
    """Statistics, firsts and contrasts: marking gender is what the sentence is about."""
    tokens = analysis.tokens
    tok = tokens[i]
    for j in range(i - 1, max(i - 4, -1), -1):
        prev = tokens[j]
        if prev.sentence != tok.sentence:
            break
        if prev.lower in data.context_before or prev.text.endswith("%") or prev.text.isdigit():
            return True
    # "kvinnliga och manliga chefer", "male and female nurses": the second marker of a contrast.
    if i >= 2 and tokens[i - 1].lower in data.connectors and tokens[i - 2].lower in data.markers:
        return data.markers[tokens[i - 2].lower] != data.markers[tok.lower]
    return False
