"""Configuration files, inline suppression and the allow list."""

from __future__ import annotations

import pytest

import normcheck
from normcheck import config as config_mod

AD = "Bolaget söker en talesman.\n\nHan ska ha körkort.\n"


def test_normcheck_toml_found_upward(tmp_path):
    (tmp_path / ".normcheck.toml").write_text(
        'lang = "sv"\ndisable = ["sv.generic-pronoun."]\n[severity]\n"sv.gendered-term." = "error"\n', encoding="utf-8"
    )
    sub = tmp_path / "ads" / "2026"
    sub.mkdir(parents=True)
    ad = sub / "ad.txt"
    ad.write_text(AD, encoding="utf-8")
    report = normcheck.scan(ad)
    cats = {f.category: f.severity for f in report.findings}
    assert "generic-pronoun" not in cats
    assert cats["gendered-term"] == "error"


def test_pyproject_tool_section(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.normcheck]\nallow = ["talesman"]\nfail-on = "error"\n', encoding="utf-8"
    )
    ad = tmp_path / "ad.txt"
    ad.write_text(AD, encoding="utf-8")
    report = normcheck.scan(ad, lang="sv")
    assert "gendered-term" not in {f.category for f in report.findings}
    assert config_mod.load(near=ad).fail_on == "error"


def test_pyproject_without_section_is_ignored(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert config_mod.find_config(tmp_path / "ad.txt") is None or config_mod.find_config(tmp_path) != tmp_path / "pyproject.toml"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("lang = ", "not valid TOML"),
        ('colour = "red"', "unknown key(s) in [tool.normcheck]: colour"),
        ('fail-on = "sometimes"', "fail-on must be one of"),
        ('lang = "de"', "lang must be 'sv' or 'en'"),
        ('[severity]\n"sv." = "fatal"', "severity for 'sv.'"),
        ("enable = 3", "'enable' must be a list of strings"),
    ],
)
def test_invalid_config_is_named(tmp_path, content, message):
    cfg = tmp_path / ".normcheck.toml"
    cfg.write_text(content, encoding="utf-8")
    with pytest.raises(normcheck.ConfigError) as info:
        config_mod.load(cfg)
    assert str(cfg) in str(info.value) and message in str(info.value)


def test_invalid_config_on_cli_exit_2(tmp_path):
    from click.testing import CliRunner

    from normcheck.cli import main

    cfg = tmp_path / "bad.toml"
    cfg.write_text("lang = [", encoding="utf-8")
    ad = tmp_path / "ad.txt"
    ad.write_text(AD, encoding="utf-8")
    import sys

    result = CliRunner().invoke(main, [], catch_exceptions=False) if False else None  # noqa: F841
    from normcheck.cli import cli

    r = CliRunner().invoke(cli, ["scan", str(ad), "--config", str(cfg)])
    assert r.exit_code == 2
    assert "bad.toml" in r.output and "not valid TOML" in r.output
    assert sys.exc_info()[0] is None


def test_extra_lexicon_dir_from_config(tmp_path):
    lex = tmp_path / "lex" / "sv"
    lex.mkdir(parents=True)
    (lex / "culture.yml").write_text(
        """lang: sv
category: culture
level: suggestion
references: ["egen lista"]
entries:
  - id: kaffekung
    match: [kaffekung]
    note: Ett internt skämt som nya medarbetare inte förstår.
    examples: {flag: ["Bli vår nästa kaffekung!"], ok: ["Bli vår nästa kollega!"]}
""",
        encoding="utf-8",
    )
    (tmp_path / ".normcheck.toml").write_text('lexicon-dirs = ["lex"]\n', encoding="utf-8")
    ad = tmp_path / "ad.txt"
    ad.write_text("Bli vår nästa kaffekung på kontoret i Luleå!\n", encoding="utf-8")
    report = normcheck.scan(ad, lang="sv")
    assert "sv.culture.kaffekung" in [f.rule for f in report.findings]


def test_inline_suppression_next_line_and_blocks():
    text = (
        "<!-- normcheck-disable-next-line sv.gendered-term -->\n"
        "Bolaget söker en talesman.\n"
        "Koncernen söker också en talesman.\n"
        "normcheck-disable\n"
        "Han ska ha körkort. Vår riksdagsman talar.\n"
        "normcheck-enable\n"
        "Han ska tala engelska.\n"
        "Vi söker en förman. <!-- normcheck-disable-line -->\n"
    )
    findings = normcheck.scan_text(text, lang="sv").findings
    lines = sorted((f.location.line, f.category) for f in findings)
    assert lines == [(3, "gendered-term"), (7, "generic-pronoun")]


def test_suppression_by_rule_only_silences_that_rule():
    text = "normcheck-disable-next-line sv.generic-pronoun.han\nHan är bolagets talesman.\n"
    cats = {f.category for f in normcheck.scan_text(text, lang="sv").findings}
    assert cats == {"gendered-term"}


def test_allow_list_phrase():
    text = "Kontakta vår talesman Anna. Bolaget söker en talesman."
    report = normcheck.scan_text(text, lang="sv", allow=["vår talesman"])
    assert [f.start for f in report.findings if f.category == "gendered-term"] == [text.rindex("talesman")]
