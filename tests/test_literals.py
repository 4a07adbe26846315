"""The regex prefilter is sound: a text the prefilter skips can never match the regex."""

from __future__ import annotations

import json
import re

import pytest

from normcheck.lexicon import builtin_lexicon_dir, load_dirs
from normcheck.lexicon.literals import required_literals

PATTERN_RULES = [r for r in load_dirs([builtin_lexicon_dir()]) if r.type == "pattern"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bsvenska\s+som\s+modersmål\b", {"modersmål"}),
        (r"\b(?:ung|yngre)\s+kollega", {"kollega"}),
        (r"\b(?:rockstar|ninja)s?\b", {"rockstar", "ninja"}),
        (r"(?:a|b)+", None),
        (r"\bculture\s+fit\b|\bfit\s+with\s+(?:our|the)\s+team\b", {"culture", "fit"}),
        (r"\b(?:he|she)\s*/\s*(?:he|she|they)\b", {"/"}),
        (r"\d{2}-\d{2}", {"-"}),
    ],
)
def test_required_literals(pattern, expected):
    got = required_literals(pattern)
    assert (set(got) if got is not None else None) == expected


def test_prefilter_never_hides_a_match(corpus_path):
    texts = [ex for r in PATTERN_RULES for ex in (*r.examples_flag, *r.examples_ok)]
    for lang in ("sv", "en"):
        with corpus_path(lang).open(encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for i, line in zip(range(400), fh))
    checked = 0
    for rule in PATTERN_RULES:
        for pattern in rule.match:
            needed = required_literals(pattern)
            if needed is None:
                continue
            regex = re.compile(pattern, re.IGNORECASE)
            for text in texts:
                if regex.search(text):
                    checked += 1
                    assert any(lit in text.lower() for lit in needed), (rule.id, pattern)
    assert checked > 50
