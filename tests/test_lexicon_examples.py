"""Every lexicon entry ships flag and ok examples; run each through the real engine."""

from __future__ import annotations

import pytest

from normcheck import api, scan_text
from normcheck.config import Config
from normcheck.lexicon import builtin_lexicon_dir, load_dirs

RULES = load_dirs([builtin_lexicon_dir()])


def _rule_ids(text: str, lang: str) -> list[str]:
    report = scan_text(text, lang=lang)
    return [f.rule for f in report.documents[0].findings]


def test_builtin_lexicons_cover_both_languages_and_norm_categories():
    langs = {r.lang for r in RULES}
    assert {"sv", "en"} <= langs
    for lang in ("sv", "en"):
        cats = {r.category for r in RULES if r.lang == lang}
        for needed in ("gender-coded", "gendered-term", "generic-pronoun", "age", "origin", "ability", "family"):
            assert needed in cats, f"{lang} lexicon lacks {needed}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule):
    assert rule.examples_flag and rule.examples_ok
    assert rule.references
    for example in rule.examples_flag:
        assert rule.id in _rule_ids(example, rule.lang), f"{rule.id} should flag: {example!r}"
    for example in rule.examples_ok:
        assert rule.id not in _rule_ids(example, rule.lang), f"{rule.id} should not flag: {example!r}"


def test_rules_load_once_per_process():
    cfg = Config()
    assert api.load_rules(cfg) is api.load_rules(cfg)
