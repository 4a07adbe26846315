"""The plugin system: hooks documented and tested, built-ins registered as plugins, a test plugin."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import normcheck
from normcheck import hookspecs, plugins
from normcheck.cli import cli

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "plugins"))


@pytest.fixture
def testplugin(pm):
    import normcheck_testplugin

    pm.register(normcheck_testplugin, name="testplugin")
    return normcheck_testplugin


def _hook_names() -> set[str]:
    return {name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), "normcheck_spec")}


def test_every_hook_is_documented():
    doc = (HERE.parent / "docs" / "plugin_hooks.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^## (\w+)\(", doc, flags=re.M))
    assert headings == _hook_names()


def test_every_hook_has_a_test():
    names = {n for n, _ in vars(sys.modules[__name__]).items() if n.startswith("test_hook_")}
    missing = {h for h in _hook_names() if f"test_hook_{h}" not in names}
    assert not missing, f"hooks without a test_hook_<name> test: {sorted(missing)}"


def test_builtins_are_registered_as_plugins():
    names = {p["name"] for p in plugins.get_plugins()}
    assert set(plugins.DEFAULT_PLUGINS) <= names


def test_hook_register_lexicon_dirs(testplugin):
    report = normcheck.scan_text("Vi söker en megaexpert inom Java.", lang="sv")
    assert "sv.buzzword.megaexpert" in [f.rule for f in report.findings]


def test_hook_register_checks(testplugin):
    report = normcheck.scan_text("We want you to be AMAZING at Python.", lang="en")
    hits = [f for f in report.findings if f.rule == "xx.shouting.caps"]
    assert [h.text for h in hits] == ["AMAZING"]
    assert hits[0].location is not None and hits[0].location.line == 1


def test_hook_register_reporters(testplugin, tmp_path):
    ad = tmp_path / "ad.txt"
    ad.write_text("Vi söker en megaexpert.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(ad), "--lang", "sv", "-f", "count", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert result.output == f"{ad}\t1\n"


def test_hook_register_profiles(testplugin):
    from normcheck import api

    assert "test-profile" in api.profiles()
    # The shouting check runs only in the default profile.
    report = normcheck.scan_text("AMAZING work.", lang="en", profile="test-profile")
    assert not [f for f in report.findings if f.rule == "xx.shouting.caps"]


def test_hook_suppress_finding(pm):
    class DropAll:
        @normcheck.hookimpl(tryfirst=True)
        def suppress_finding(self, finding, analysis, config):
            return finding.rule.startswith("sv.gendered-term.") or None

    text = "Bolagets talesman svarar på frågor."
    assert normcheck.scan_text(text, lang="sv").findings
    pm.register(DropAll(), name="dropall")
    assert not [f for f in normcheck.scan_text(text, lang="sv").findings if f.category == "gendered-term"]


def test_hook_detect_language(pm):
    class AlwaysEnglish:
        @normcheck.hookimpl(tryfirst=True)
        def detect_language(self, text, config):
            return "en"

    pm.register(AlwaysEnglish(), name="always-en")
    report = normcheck.scan_text("Vi söker en talesman till vårt kontor i Umeå.")
    assert report.documents[0].language == "en"


def test_hook_sniff_media_type_and_read_document(pm, tmp_path):
    class CsvLines:
        @normcheck.hookimpl
        def sniff_media_type(self, data, name):
            return "text/x-lines" if name.endswith(".lines") else None

        @normcheck.hookimpl
        def read_document(self, data, media_type, source, config):
            if media_type != "text/x-lines":
                return None
            from normcheck.readers import paragraph_document

            return paragraph_document(data.decode().replace("|", "\n\n"), source, media_type, "lines")

    pm.register(CsvLines(), name="lines")
    f = tmp_path / "ad.lines"
    f.write_text("Vi söker en talesman.|Han ska ha körkort.", encoding="utf-8")
    report = normcheck.scan(f, lang="sv")
    doc = report.documents[0]
    assert doc.media_type == "text/x-lines"
    assert len(doc.document.segments) == 2
    assert {x.category for x in doc.findings} >= {"gendered-term", "generic-pronoun"}


test_hook_read_document = test_hook_sniff_media_type_and_read_document
test_hook_sniff_media_type = test_hook_sniff_media_type_and_read_document


def test_hook_fetch_source(pm):
    class Memory:
        @normcheck.hookimpl
        def fetch_source(self, source, config):
            if source.startswith("mem://"):
                return "Bolaget söker en talesman.".encode(), "text/plain"
            return None

    pm.register(Memory(), name="memory")
    report = normcheck.scan("mem://annons", lang="sv")
    assert report.documents[0].source == "mem://annons"
    assert report.documents[0].findings[0].text == "talesman"


def test_hook_read_corpus(pm, tmp_path):
    class Tsv:
        @normcheck.hookimpl
        def read_corpus(self, path, input_format, options, config):
            if input_format != "tsv":
                return None
            from normcheck.readers import paragraph_document

            def gen():
                for line in Path(path).read_text(encoding="utf-8").splitlines():
                    ident, text = line.split("\t", 1)
                    yield paragraph_document(text, ident, "text/plain", "tsv")

            return gen()

    pm.register(Tsv(), name="tsv")
    corpus = tmp_path / "c.tsv"
    corpus.write_text("a1\tVi söker en talesman.\na2\tVi söker en talesperson.\n", encoding="utf-8")
    report = normcheck.scan(corpus, input_format="tsv", lang="sv")
    assert [d.source for d in report.documents] == ["a1", "a2"]
    assert [len(d.findings) for d in report.documents] == [1, 0]


def test_hook_summarize_document(pm):
    class Length:
        @normcheck.hookimpl
        def summarize_document(self, report, analysis, config):
            return {"length": {"sentences": len(analysis.sentences), "headline": "short"}}

    pm.register(Length(), name="length")
    doc = normcheck.scan_text("En mening. Två meningar.", lang="sv").documents[0]
    assert doc.modules["length"]["sentences"] == 2
    assert doc.to_dict()["modules"]["length"]["sentences"] == 2


def test_hook_register_commands(pm):
    import click

    class Hello:
        @normcheck.hookimpl
        def register_commands(self, cli):
            @cli.command(name="hello-test")
            def hello():
                click.echo("hej")

    pm.register(Hello(), name="hello")
    from normcheck import cli as cli_mod

    cli_mod._register_plugin_commands()
    try:
        result = CliRunner().invoke(cli_mod.cli, ["hello-test"])
        assert result.output == "hej\n"
    finally:
        cli_mod.cli.commands.pop("hello-test", None)


def test_hook_register_backends(pm):
    """A plugin backend is selected by name; it sees the document and returns the Analysis."""
    from normcheck.backends import get_backends
    from normcheck.lang import analyze_default

    seen = []

    class Upper:
        name = "upper-test"
        description = "test backend"
        capabilities = frozenset({"lemmas", "pos"})

        def load(self, config):
            return None

        def analyze(self, document, config, *, lang=None):
            seen.append(document.text)
            analysis = analyze_default(document, config, lang=lang)
            analysis.backend = self.name
            return analysis

        def status(self, config):
            from normcheck.backends import BackendStatus

            return BackendStatus(self.name, True)

    class Plugin:
        @normcheck.hookimpl
        def register_backends(self):
            return [Upper()]

    assert {"default", "spacy", "stanza"} <= set(get_backends())
    pm.register(Plugin(), name="upper-backend")
    report = normcheck.scan_text("Vi söker en talesman.", lang="sv", backend="upper-test")
    assert seen == ["Vi söker en talesman."]
    assert [f.text for f in report.findings] == ["talesman"]


def test_plugins_command_lists_builtins_and_test_plugin(testplugin):
    result = CliRunner().invoke(cli, ["plugins", "--json"])
    assert result.exit_code == 0
    listed = {p["name"]: p for p in json.loads(result.output)}
    assert "normcheck.checks.lexicon" in listed and listed["normcheck.checks.lexicon"]["builtin"]
    assert "register_checks" in listed["testplugin"]["hooks"]
    assert listed["testplugin"]["builtin"] is False


def test_entry_points_are_loaded_unless_disabled(monkeypatch):
    """A distribution's `normcheck` entry point is registered by name."""
    from importlib import metadata

    import normcheck_testplugin

    class EP:
        name = "fake-ep"

        def load(self):
            return normcheck_testplugin

    monkeypatch.setattr(metadata, "entry_points", lambda group: [EP()] if group == "normcheck" else [])
    monkeypatch.setenv("NORMCHECK_DISABLE_ENTRY_POINTS", "0")
    plugins.reset()
    try:
        names = {p["name"] for p in plugins.get_plugins()}
        assert "fake-ep" in names
        monkeypatch.setenv("NORMCHECK_LOAD_PLUGINS", "other")
        plugins.reset()
        assert "fake-ep" not in {p["name"] for p in plugins.get_plugins()}
    finally:
        monkeypatch.setenv("NORMCHECK_DISABLE_ENTRY_POINTS", "1")
        plugins.reset()


def test_broken_entry_point_is_one_clear_error(monkeypatch):
    from importlib import metadata

    class EP:
        name = "broken"

        def load(self):
            raise ImportError("No module named 'missing_dep'")

    monkeypatch.setattr(metadata, "entry_points", lambda group: [EP()])
    monkeypatch.setenv("NORMCHECK_DISABLE_ENTRY_POINTS", "0")
    plugins.reset()
    try:
        with pytest.raises(normcheck.PluginError, match="broken: plugin could not be loaded"):
            plugins.get_plugin_manager()
    finally:
        monkeypatch.setenv("NORMCHECK_DISABLE_ENTRY_POINTS", "1")
        plugins.reset()
