"""normcheck summarize: verdicts, rates, flagged words, groups and trends, as text, JSON and HTML."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from normcheck import summarize as summary_mod
from normcheck.cli import _register_plugin_commands, cli

MASCULINE = "We want a competitive, ambitious and assertive engineer who is decisive."
FEMININE = "We hope you are supportive, considerate and compassionate with customers."
NEUTRAL = "The job is in our office. You write reports and plan the week with your colleagues."
GENDERED = "The chairman and the foreman plan the work of the salesmen."


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    """A corpus with two companies over two years, scanned to JSONL by the real CLI."""
    _register_plugin_commands()
    folder = tmp_path_factory.mktemp("summary")
    rows = []
    # Acme: masculine-coded ads in 2021, neutral ones in 2022. Beta: feminine-coded throughout.
    for i in range(6):
        rows.append({"id": f"acme-{i}", "company": "Acme", "published": f"2021-0{i + 1}-15", "text": MASCULINE})
        rows.append({"id": f"acme-n{i}", "company": "Acme", "published": f"2022-0{i + 1}-10", "text": NEUTRAL})
        rows.append({"id": f"beta-{i}", "company": "Beta", "published": f"2021-0{i + 1}-20T08:00:00Z", "text": FEMININE})
    rows.append({"id": "gamma-0", "company": "Gamma", "published": "not a date", "text": GENDERED})
    corpus = folder / "ads.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = folder / "results.jsonl"
    result = CliRunner().invoke(cli, ["scan", str(corpus), "--input-format", "jsonl", "-f", "jsonl", "--lang", "en",
                                      "-o", str(out), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    return out


def test_json_summary_counts(results: Path) -> None:
    result = CliRunner().invoke(cli, ["summarize", str(results), "--by", "company", "--date-field", "published", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "normcheck-summary/v1"
    assert data["documents"] == 19
    verdicts = data["verdicts"]
    assert list(verdicts) == ["strongly-feminine-coded", "feminine-coded", "neutral", "masculine-coded", "strongly-masculine-coded"]
    assert verdicts["strongly-masculine-coded"]["count"] == 6
    assert verdicts["strongly-feminine-coded"]["count"] == 6
    assert verdicts["neutral"]["count"] == 7
    words = data["words"]
    masculine = data["gender_coding"]["masculine"]
    assert data["gender_coding"]["masculine_per_100"] == round(masculine * 100 / words, 3)
    cats = {c["category"]: c for c in data["categories"]}
    assert cats["gender-coded"]["documents"] == 12
    assert cats["gendered-term"]["documents"] == 1
    # Most frequent flagged words per category, masculine and feminine kept apart.
    top_m = [t["term"] for t in data["top_terms"]["gender-coded (masculine)"]]
    top_f = [t["term"] for t in data["top_terms"]["gender-coded (feminine)"]]
    assert {"competitive", "ambitious", "assertive", "decisive"} <= set(top_m)
    assert {"supportive", "considerate", "compassionate"} <= set(top_f)
    assert all(t["count"] == 6 and t["documents"] == 6 for t in data["top_terms"]["gender-coded (feminine)"])
    assert {"chairman", "foreman", "salesmen"} <= {t["term"] for t in data["top_terms"]["gendered-term"]}


def test_groups_and_trends(results: Path) -> None:
    summary = summary_mod.summarize(results, by="company", date_field="published")
    data = summary.to_dict()
    groups = {g["value"]: g for g in data["by"]["groups"]}
    assert [g["value"] for g in data["by"]["groups"]] == ["Acme", "Beta", "Gamma"]  # largest first
    assert groups["Acme"]["documents"] == 12
    assert groups["Acme"]["gender_coding"]["masculine_coded_share"] == 0.5
    assert groups["Beta"]["gender_coding"]["feminine_coded_share"] == 1.0
    trends = data["trends"]
    assert trends["period"] == "month" and trends["undated"] == 1
    periods = {p["period"]: p for p in trends["periods"]}
    assert periods["2021-01"]["documents"] == 2 and periods["2022-06"]["documents"] == 1
    assert periods["2021-03"]["gender_coding"]["masculine_coded_share"] == 0.5
    assert periods["2022-03"]["gender_coding"]["masculine_per_100"] == 0.0
    by_quarter = summary_mod.summarize(results, date_field="published", period="quarter").to_dict()["trends"]["periods"]
    assert [p["period"] for p in by_quarter] == ["2021-Q1", "2021-Q2", "2022-Q1", "2022-Q2"]
    assert [p["documents"] for p in by_quarter] == [6, 6, 3, 3]
    by_year = summary_mod.summarize(results, date_field="published", period="year").to_dict()["trends"]["periods"]
    assert [(p["period"], p["documents"]) for p in by_year] == [("2021", 12), ("2022", 6)]


def test_group_by_a_document_key_and_a_dotted_path(results: Path) -> None:
    data = summary_mod.summarize(results, by="scores.gender_coding.verdict").to_dict()
    counts = {g["value"]: g["documents"] for g in data["by"]["groups"]}
    assert counts == {"neutral": 7, "strongly-masculine-coded": 6, "strongly-feminine-coded": 6}
    data = summary_mod.summarize(results, by="language").to_dict()
    assert [(g["value"], g["documents"]) for g in data["by"]["groups"]] == [("en", 19)]
    missing = summary_mod.summarize(results, by="region").to_dict()
    assert [(g["value"], g["documents"]) for g in missing["by"]["groups"]] == [("(missing)", 19)]


def test_text_summary_reads_like_a_report(results: Path) -> None:
    result = CliRunner().invoke(cli, ["summarize", str(results), "--by", "company", "--date-field", "published"])
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("19 documents, ")
    assert re.search(r"strongly-masculine-coded\s+6\s+31\.6 %", text)
    assert "Most frequent: gender-coded (masculine)" in text
    assert "By company" in text and "Trend by month of published (1 documents without a date)" in text


def test_html_summary_embeds_plots(results: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "summary.html"
    result = CliRunner().invoke(cli, ["summarize", str(results), "--by", "company", "--date-field", "published", "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]+)">', page)
    assert len(images) == 5  # verdicts, categories, groups, two trend plots
    for data, alt in images:
        assert base64.b64decode(data).startswith(b"\x89PNG\r\n\x1a\n")
        assert alt
    assert "<h2>By company</h2>" in page and "<td>Acme</td>" in page
    assert "not a measured effect" in page


def test_html_summary_renders_in_a_browser(results: Path, tmp_path: Path) -> None:
    """Chromium draws the page: a screenshot is written and is not blank."""
    import shutil
    import subprocess

    pytest.importorskip("matplotlib")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed")
    page = tmp_path / "summary.html"
    page.write_text(summary_mod.render_html(summary_mod.summarize(results, by="company", date_field="published")), encoding="utf-8")
    shot = tmp_path / "shot.png"
    proc = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         f"--screenshot={shot}", "--window-size=1000,1400", page.as_uri()],
        capture_output=True, timeout=120,
    )
    assert shot.exists(), proc.stderr.decode(errors="replace")[-2000:]
    assert shot.stat().st_size > 20_000  # text, tables and plots, not an empty page


def test_summarize_reads_a_json_report_too(tmp_path: Path) -> None:
    from normcheck import api

    report = api.scan_text(MASCULINE, lang="en")
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report.to_dict(), indent=2), encoding="utf-8")
    data = summary_mod.summarize(path).to_dict()
    assert data["documents"] == 1 and data["verdicts"]["strongly-masculine-coded"]["count"] == 1


def test_summarize_skips_lines_that_are_not_documents(results: Path, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(results.read_text(encoding="utf-8") + "not json\n" + json.dumps({"hello": 1}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["summarize", str(path), "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["skipped_lines"] == 2
    assert "2 lines in" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("hello\n", "holds no normcheck document objects"),
        ('{"id": 1, "text": "an input corpus, not results"}\n', "holds no normcheck document objects"),
    ],
)
def test_summarize_bad_input_is_one_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["summarize", str(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr and str(path) in result.stderr


def test_summarize_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["summarize", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"normcheck: error: {tmp_path / 'nope.jsonl'}: no such file"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-03-05", "2021-03"),
        ("2021-03-05T10:00:00Z", "2021-03"),
        ("2021-3", "2021-03"),
        ("05.03.2021", "2021-03"),
        (2019, "2019-01"),
        (1615000000, "2021-03"),
        (1615000000000, "2021-03"),
        ("soon", None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: str | None) -> None:
    day = summary_mod.parse_date(value)
    assert (summary_mod.period_of(day, "month") if day else None) == expected
