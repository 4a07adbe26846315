"""The HTML review page: parsed with lxml, then loaded in a real headless Chromium."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html
from test_reports_common import (
    CHROMIUM_FLAGS,
    SV_AD,
    chromium,
    report_lexicons,  # noqa: F401 - fixture
)

from normcheck.cli import cli
from normcheck.hookspecs import hookimpl

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


class _Modules:
    @hookimpl
    def summarize_document(self, report, analysis, config):  # type: ignore[no-untyped-def]
        return {
            "recruitment": {
                "headline": "4 krav och 1 meriterande; lön nämns inte",
                "requirements": 4,
                "salary_mentioned": False,
                "missing": ["lön", "flexibilitet"],
                "address": {"du": 3, "han": 0},
            }
        }


@pytest.fixture
def page(report_lexicons, pm, tmp_path):
    pm.register(_Modules(), name="normcheck-test-modules")
    src = tmp_path / "annons.txt"
    src.write_text(SV_AD + "\nAnsök <senast> & gärna \"i dag\".\n", encoding="utf-8")
    out = tmp_path / "annons.html"
    result = CliRunner().invoke(cli, ["scan", str(src), "-f", "html", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return out


def test_page_structure(page):
    text = page.read_text(encoding="utf-8")
    tree = lxml_html.fromstring(text)
    assert tree.get("lang") == "sv"
    # Self-contained: no external resource of any kind, and a policy that forbids fetching.
    assert not tree.xpath("//*[@src]") and not tree.xpath("//link")
    assert not re.search(r"url\((?!#)", text) and "@import" not in text  # only in-page SVG patterns
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in csp
    assert "@media print" in text

    body_text = tree.xpath("//section[contains(@class,'text')]")[0]
    assert body_text.get("lang") == "sv"
    paragraphs = body_text.xpath(".//p[contains(@class,'seg')]")
    english = [p for p in paragraphs if "chairman" in p.text_content()]
    assert english and english[0].get("lang") == "en"
    # Escaped, not interpreted: the ad's own "<senast>" is text.
    assert "Ansök <senast> & gärna \"i dag\"." in body_text.text_content()
    assert not tree.xpath("//senast")

    marks = tree.xpath("//mark[contains(@class,'nc')]")
    flagged = [re.sub(r"[●▲✖]\d+$", "", m.text_content()) for m in marks]
    assert flagged == ["Talesman", "driven", "talesman", "lyhörd", "tävlingsinriktad", "chairman", "competitive", "supportive"]
    for m in marks:
        assert m.get("tabindex") == "0"
        tip = tree.get_element_by_id(m.get("aria-describedby"))
        assert tip.get("role") == "tooltip" and tip.text_content().strip()
        assert tree.get_element_by_id(m.get("data-item")) is not None
        # Not by colour alone: a category class (underline style), a severity symbol and number.
        assert re.search(r"cat-[a-z-]+", m.get("class")) and re.search(r"[●▲✖]\d+", m.text_content())
    talesman_tip = tree.get_element_by_id(marks[2].get("aria-describedby")).text_content()
    assert "könsmärkt ord · varning" in talesman_tip and "talesperson, företrädare" in talesman_tip

    items = tree.xpath("//aside[contains(@class,'list')]//li[contains(@class,'item')]")
    assert len(items) == 8
    assert "sv.gendered-term.talesman" in items[0].text_content()
    for item in items:
        link = item.xpath(".//a[@class='show-link']/@href")[0]
        assert tree.get_element_by_id(link[1:]).tag == "mark"
    legend = tree.xpath("//fieldset[@class='legend']//input[@type='checkbox']/@data-cat")
    assert legend == ["cat-gender-coded", "cat-gendered-term"]

    svg = tree.xpath("//figure[@class='balance']/svg")[0]
    assert svg.get("role") == "img"
    title = svg.xpath("./title")[0].text
    assert title.startswith("Balans i könskodning:")
    assert "maskulint kodade ord 3, feminint kodade ord 2" in svg.xpath("./desc")[0].text

    modules = tree.xpath("//section[@class='modules']")[0].text_content()
    assert "recruitment" in modules and "4 krav och 1 meriterande" in modules
    assert "flexibilitet" in modules and "requirements" in modules


def _chromium(browser: str, url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *extra, url],
        capture_output=True, text=True, timeout=120,
    )


def test_page_in_headless_chromium(page, tmp_path):
    browser = chromium()
    url = page.resolve().as_uri()
    proc = _chromium(browser, url, tmp_path / "profile", "--dump-dom")
    assert proc.returncode == 0, proc.stderr[-800:]
    dom = lxml_html.fromstring(proc.stdout)
    assert dom.get("data-ready") == "1", "the page script did not finish"
    assert dom.get("data-errors") is None, dom.get("data-errors")
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    assert not console, console
    assert len(dom.xpath("//mark[contains(@class,'nc')]")) == 8

    # Keyboard paths, through the page's own self-check: n, n, p, then Enter to the list.
    proc = _chromium(browser, url + "#nc-selftest", tmp_path / "profile", "--dump-dom")
    dom = lxml_html.fromstring(proc.stdout)
    assert dom.get("data-errors") is None, dom.get("data-errors")
    assert dom.get("data-selftest") == "d1-m-1 tip-shown d1-m-2 d1-m-1 d1-f-1"

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "html-report.png"
    if shot.exists():
        shot.unlink()
    proc = _chromium(browser, url, tmp_path / "profile", "--hide-scrollbars", "--window-size=1280,1400", f"--screenshot={shot}")
    assert proc.returncode == 0, proc.stderr[-800:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000


def test_several_documents_one_page_or_one_page_each(report_lexicons, tmp_path):
    (tmp_path / "sv.txt").write_text(SV_AD, encoding="utf-8")
    (tmp_path / "en.md").write_text("# Chairman wanted\n\nYou are competitive.\n", encoding="utf-8")
    out = tmp_path / "all.html"
    runner = CliRunner()
    result = runner.invoke(cli, ["scan", str(tmp_path / "sv.txt"), str(tmp_path / "en.md"), "-f", "html", "-o", str(out)])
    assert result.exit_code == 1, result.output
    tree = lxml_html.fromstring(out.read_text(encoding="utf-8"))
    articles = tree.xpath("//article")
    assert len(articles) == 2
    assert articles[1].xpath(".//section[contains(@class,'text')]")[0].get("lang") == "en"
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids)), "element ids must be unique across documents"
    outdir = tmp_path / "pages"
    result = runner.invoke(cli, ["scan", str(tmp_path / "sv.txt"), str(tmp_path / "en.md"), "-f", "html", "--output-dir", str(outdir)])
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in outdir.iterdir()) == ["en.normcheck.html", "sv.normcheck.html"]
    en_page = lxml_html.fromstring((outdir / "en.normcheck.html").read_text(encoding="utf-8"))
    assert en_page.get("lang") == "en" and "review of" in en_page.xpath("//h1")[0].text_content()
    result = runner.invoke(cli, ["scan", str(tmp_path / "sv.txt"), "-f", "html", "--output-dir", str(outdir)])
    assert result.exit_code == 2 and "--force" in result.output
    result = runner.invoke(cli, ["scan", str(tmp_path / "sv.txt"), "-f", "html", "--output-dir", str(outdir), "--force"])
    assert result.exit_code == 1 and str(outdir / "sv.normcheck.html") in result.output


def test_clean_text_page(report_lexicons, tmp_path):
    from normcheck import scan_text
    from normcheck.reporters.html import render_html

    page = render_html(scan_text("Vi söker en nyfiken kollega som trivs i team.", "sv"))
    tree = lxml_html.fromstring(page)
    assert not tree.xpath("//mark")
    assert "Inga fynd." in tree.xpath("//aside")[0].text_content()
    assert tree.xpath("//figure[@class='balance']//span[@class='verdict']")[0].text == "neutral"


def test_overlapping_findings_share_one_highlight(report_lexicons):
    from normcheck import scan_text
    from normcheck.reporters.html import render_html

    report = scan_text("Vi söker en driven talesman.\n\nVälkommen!", "sv")
    doc = report.documents[0]
    driven = next(f for f in doc.findings if f.text == "driven")
    text = doc.document.text
    start = text.index("driven talesman")
    wider = driven.replace(rule="sv.recruitment.test-phrase", category="recruitment", start=start,
                           end=start + len("driven talesman"), text="driven talesman", message="En fras som täcker två fynd.")
    doc.findings = sorted([*doc.findings, wider], key=lambda f: (f.start, -f.end))
    tree = lxml_html.fromstring(render_html(report))
    paragraphs = tree.xpath("//section[contains(@class,'text')]/p")
    assert [p.text_content().startswith(("Vi söker", "Välkommen")) for p in paragraphs] == [True, True]
    marks = tree.xpath("//mark[contains(@class,'nc')]")
    assert len(marks) == 1 and marks[0].get("data-cats") == "cat-gender-coded cat-gendered-term cat-recruitment"
    tip = tree.get_element_by_id(marks[0].get("aria-describedby"))
    assert "En fras som täcker två fynd." in tip.text_content() and "talesperson" in tip.text_content()
    assert len(tree.xpath("//aside//li[contains(@class,'item')]")) == 3
