"""Shared fixtures for the reporter tests, and tests of what all reporters share.

The reporter tests run on a small lexicon of their own (written below, in the lexicon format),
with the built-in lexicons unplugged, so that they test the reporters and not the word lists
that other work keeps changing.
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from normcheck.hookspecs import hookimpl

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

LEXICONS = {
    "sv/gendered-term.yml": """
lang: sv
category: gendered-term
level: warning
message: "'{match}' är ett könsmärkt ord; skriv hellre {suggestions}."
references: ["Testlexikon för rapporttesterna"]
entries:
  - id: talesman
    match: [talesman]
    suggest: [talesperson, företrädare]
    note: Titlar på -man signalerar vem som förväntas söka.
    examples: {flag: ["Hon är bolagets talesman."], ok: ["Hon är bolagets talesperson."]}
""",
    "sv/gender-coded.yml": """
lang: sv
category: gender-coded
level: suggestion
message: "'{match}' kan läsas som {note}"
references: ["Testlexikon för rapporttesterna"]
entries:
  - id: driven
    match: [driven, tävlingsinriktad]
    coding: masculine
    note: maskulint kodat | en pipe i texten.
    examples: {flag: ["Du är driven."], ok: ["Du är nyfiken."]}
  - id: lyhord
    match: [lyhörd]
    coding: feminine
    note: feminint kodat.
    examples: {flag: ["Du är lyhörd."], ok: ["Du är nyfiken."]}
""",
    "en/gendered-term.yml": """
lang: en
category: gendered-term
level: warning
message: "'{match}' is gendered; consider {suggestions}."
references: ["Report test lexicon, https://example.org/normcheck-test-lexicon"]
entries:
  - id: chairman
    match: [chairman]
    suggest: [chair, chairperson]
    note: A title ending in -man tells readers who is expected.
    examples: {flag: ["She is the chairman."], ok: ["She is the chair."]}
""",
    "en/gender-coded.yml": """
lang: en
category: gender-coded
level: suggestion
message: "'{match}' can read as {note}"
references: ["Report test lexicon"]
entries:
  - id: competitive
    match: [competitive]
    coding: masculine
    note: masculine-coded.
    examples: {flag: ["You are competitive."], ok: ["You are curious."]}
  - id: supportive
    match: [supportive]
    coding: feminine
    note: feminine-coded.
    examples: {flag: ["You are supportive."], ok: ["You are curious."]}
""",
}

SV_AD = (
    "Talesman sökes\n\n"
    "Vi söker en driven talesman som är lyhörd.\n"
    "Du är tävlingsinriktad och trivs med kunder.\n\n"
    "We welcome applications in English: the chairman is competitive and supportive.\n"
)

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _TestLexicons:
    def __init__(self, path: Path) -> None:
        self.path = path

    @hookimpl
    def register_lexicon_dirs(self, config):  # type: ignore[no-untyped-def]
        return [self.path]


@pytest.fixture
def report_lexicons(pm, tmp_path_factory):
    """Only the test lexicon above is loaded (the built-in lexicons are unplugged meanwhile)."""
    from normcheck import api

    base = tmp_path_factory.mktemp("report-lexicons")
    for rel, text in LEXICONS.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.lstrip(), encoding="utf-8")
    builtin = pm.get_plugin("normcheck.lexicon.plugin")
    if builtin is not None:
        pm.unregister(builtin)
    pm.register(_TestLexicons(base), name="normcheck-test-report-lexicons")
    api.clear_caches()
    yield base
    if pm.get_plugin("normcheck-test-report-lexicons") is not None:
        pm.unregister(name="normcheck-test-report-lexicons")
    if builtin is not None:
        pm.register(builtin, name="normcheck.lexicon.plugin")
    api.clear_caches()


def docx_reader_registered() -> bool:
    from normcheck.plugins import get_plugin_manager

    return get_plugin_manager().get_plugin("normcheck.readers.docx") is not None


def require_docx_reader() -> None:
    if not docx_reader_registered():
        pytest.skip("no docx reader plugin is registered yet (normcheck.readers.docx)")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def comment_anchors(path: Path) -> dict[str, str]:
    """Comment id → the exact text between its ``commentRangeStart`` and ``commentRangeEnd``."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    out: dict[str, str] = {}
    open_ranges: dict[str, list[str]] = {}
    for e in root.iter():
        if not isinstance(e.tag, str):
            continue
        tag = etree.QName(e).localname
        if tag == "commentRangeStart":
            open_ranges[e.get(f"{{{W}}}id")] = []
        elif tag == "commentRangeEnd":
            cid = e.get(f"{{{W}}}id")
            out[cid] = "".join(open_ranges.pop(cid))
        elif tag == "t":
            for parts in open_ranges.values():
                parts.append(e.text or "")
        elif tag == "tab":
            for parts in open_ranges.values():
                parts.append("\t")
    assert not open_ranges, f"comment ranges never closed: {sorted(open_ranges)}"
    return out


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not path:
        pytest.skip("Chromium is not installed (scripts/install.sh installs Debian's chromium as root)")
    return path


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        pytest.skip("LibreOffice is not installed (scripts/install.sh installs libreoffice-writer-nogui as root)")
    return path


# ---------------------------------------------------------------------------------------------
# Tests of what all reporters share


def test_every_report_format_is_registered_and_described():
    from normcheck.reporters import get_reporters

    reporters = get_reporters()
    for name in ("text", "json", "md", "html", "sarif", "docx"):
        assert name in reporters, name
        r = reporters[name]
        assert r.description and r.media_type
    assert reporters["docx"].binary and reporters["docx"].per_document
    assert reporters["html"].per_document and reporters["md"].per_document
    assert not getattr(reporters["sarif"], "per_document", False)


def test_output_names_are_safe_and_unique():
    from normcheck.reporters.common import output_name

    taken: set[str] = set()
    assert output_name("a/annons.docx", ".docx", taken) == "annons.normcheck.docx"
    assert output_name("b/Annons.docx", ".docx", taken) == "Annons.normcheck-2.docx"
    assert output_name("https://example.se/jobb/12?x=1", ".html", taken) == "example.se_jobb_12.normcheck.html"
    assert output_name("-", ".html", taken) == "stdin.normcheck.html"
    assert output_name("../../etc/passwd", ".md", taken) == "passwd.normcheck.md"
    assert output_name("ad 7: sälj/..", ".md", taken).endswith(".normcheck.md")
    assert "/" not in output_name("x/../../y", ".md")


def test_summary_counts_and_labels(report_lexicons):
    import normcheck
    from normcheck.reporters.common import summarize

    doc = normcheck.scan_text(SV_AD).documents[0]
    assert doc.languages.get("en") and doc.language == "sv"
    s = summarize(doc)
    assert s.total == len(doc.findings) == 8
    assert s.by_severity == [("warning", 3), ("suggestion", 5)]
    assert s.by_category == [("gender-coded", 5), ("gendered-term", 3)]
    assert s.counts_phrase("sv") == "8 fynd (3 varningar, 5 förslag)"
    assert s.counts_phrase("en") == "8 findings (3 warnings, 5 suggestions)"
    assert s.verdict == doc.scores["gender_coding"]["verdict"]
    assert "maskulint kodade ord 3" in s.verdict_phrase("sv") and "feminint kodade ord 2" in s.verdict_phrase("sv")
