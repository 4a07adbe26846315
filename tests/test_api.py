"""The Python API: scan, scan_text, Report objects equal to the CLI's JSON."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import normcheck
from normcheck.model import SEVERITY_RANK


def test_scan_text_returns_findings_with_offsets_and_locations():
    text = "Rubrik\n\nBolaget söker en talesman. Han ska ha körkort."
    report = normcheck.scan_text(text, lang="sv")
    doc = report.documents[0]
    by_rule = {f.rule: f for f in doc.findings}
    f = by_rule["sv.gendered-term.talesman"]
    assert text[f.start : f.end] == f.text == "talesman"
    assert f.location.line == 3 and f.location.column == text.index("talesman") - text.index("Bolaget") + 1
    assert f.location.segment == 1 and f.location.locator == "txt:line=3"
    assert "talesperson" in f.suggestions
    assert f.severity == "warning" and f.references
    assert "sv.generic-pronoun.han" in by_rule


def test_report_to_dict_equals_cli_json(tmp_path):
    ad = tmp_path / "ad.txt"
    ad.write_text("We need a salesman. He will report to the CEO.\n", encoding="utf-8")
    api_dict = normcheck.scan(ad).to_dict()
    out = subprocess.run(
        [sys.executable, "-m", "normcheck", "scan", str(ad), "-f", "json"],
        capture_output=True,
        env={"NORMCHECK_DISABLE_ENTRY_POINTS": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert json.loads(out.stdout) == api_dict


def test_findings_sorted_and_words_counted():
    report = normcheck.scan_text("He is a salesman. She is a chairman.", lang="en")
    doc = report.documents[0]
    starts = [f.start for f in doc.findings]
    assert starts == sorted(starts)
    assert doc.words == 8


def test_multiple_sources_keep_input_order_and_errors(tmp_path):
    a, b = tmp_path / "b.txt", tmp_path / "a.txt"
    a.write_text("Vi söker en talesman.", encoding="utf-8")
    b.write_text("We need a chairman.", encoding="utf-8")
    report = normcheck.scan([a, tmp_path / "nope.txt", b])
    assert [d.source for d in report.documents] == [str(a), str(b)]
    assert [e.source for e in report.errors] == [str(tmp_path / "nope.txt")]
    assert report.documents[0].language == "sv" and report.documents[1].language == "en"


def test_options_enable_disable_and_severity():
    text = "Bolaget söker en talesman. Han ska ha körkort."
    only_terms = normcheck.scan_text(text, lang="sv", enable=["sv.gendered-term."])
    assert {f.category for f in only_terms.findings} == {"gendered-term"}
    no_pronouns = normcheck.scan_text(text, lang="sv", disable=["sv.generic-pronoun."])
    assert "generic-pronoun" not in {f.category for f in no_pronouns.findings}
    raised = normcheck.scan_text(text, lang="sv", severity={"sv.gendered-term.": "error"})
    assert {f.severity for f in raised.findings if f.category == "gendered-term"} == {"error"}


def test_bad_option_is_config_error():
    with pytest.raises(normcheck.ConfigError):
        normcheck.scan_text("x", lang="sv", fail_on="sometimes")
    with pytest.raises(normcheck.ConfigError):
        normcheck.scan_text("x", lang="sv", colour="blue")


def test_severity_order():
    assert SEVERITY_RANK["suggestion"] < SEVERITY_RANK["warning"] < SEVERITY_RANK["error"]


def test_word_boundaries_never_inside_other_words():
    text = "Du ska hantera mandat i Manhattan. Human resources management."
    report = normcheck.scan_text(text, lang="sv")
    for f in report.findings:
        assert not text[f.start - 1 : f.start].isalnum() if f.start else True
        assert f.text.lower() not in ("man", "han")


def test_swedish_inflections_of_man_titles():
    text = "Talesmännen träffades. Tjänstemännens löner höjs. Två förmän slutade. Riksdagsmannen talade."
    rules = [f.rule for f in normcheck.scan_text(text, lang="sv").findings]
    assert "sv.gendered-term.talesman" in rules
    assert "sv.gendered-term.tjansteman" in rules or any(r.endswith("tjansteman") for r in rules)
    assert any("forman" in r for r in rules)
    assert any("riksdagsman" in r for r in rules)


def test_established_titles_are_not_flagged():
    text = "Vi söker en brandman och en ordförande. Rådmannen och barnmorskan deltar."
    assert not [f for f in normcheck.scan_text(text, lang="sv").findings if f.category == "gendered-term"]
