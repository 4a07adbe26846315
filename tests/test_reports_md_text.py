"""The Markdown review (parsed back as a table) and the terminal text report."""

from __future__ import annotations

import re

from click.testing import CliRunner
from test_reports_common import (
    SV_AD,
    report_lexicons,  # noqa: F401 - fixture
)

from normcheck.cli import cli

_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def table_rows(markdown: str) -> list[list[str]]:
    """The rows of the first pipe table, cells split on unescaped pipes."""
    rows = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in _CELL_SPLIT.split(line.strip())[1:-1]]
            rows.append(cells)
        elif rows:
            break
    return rows


def test_markdown_review(report_lexicons, tmp_path):
    src = tmp_path / "annons.txt"
    src.write_text(SV_AD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(src), "-f", "md"])
    assert result.exit_code == 1
    md = result.output
    assert md.startswith("# normcheck-granskning av ")
    assert "- **8 fynd (3 varningar, 5 förslag)**" in md
    assert "- Könskodning: **maskulint kodad" in md or "- Könskodning: **starkt maskulint kodad" in md
    rows = table_rows(md)
    header, rule, body = rows[0], rows[1], rows[2:]
    assert header == ["#", "Rad", "Nivå", "Kategori", "Text", "Meddelande", "Förslag"]
    assert all(set(c) <= set("-:") for c in rule)
    assert len(body) == 8 and all(len(r) == len(header) for r in body)
    assert body[0][:5] == ["1", "1:1", "varning", "könsmärkt ord", "**Talesman**"]
    assert body[0][6] == "talesperson, företrädare"
    # The lexicon note holds a "|": escaped, so the table keeps its columns.
    driven = next(r for r in body if r[4] == "**driven**")
    assert r"maskulint kodat \| en pipe" in driven[5]
    # Suggestions, one line per rule.
    assert "## Förslag" in md
    assert "- “Talesman” → talesperson, företrädare — Titlar på -man" in md  # one line per rule, case folded
    assert "(`sv.gendered-term.talesman`)" in md


def test_markdown_cell_escaping():
    from normcheck.reporters.markdown import cell

    assert cell("a|b\nc `d` *e* <x>") == r"a\|b c \`d\` \*e\* \<x\>"


def test_markdown_several_documents_and_errors(report_lexicons, tmp_path):
    (tmp_path / "a.txt").write_text(SV_AD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "a.txt"), str(tmp_path / "saknas.txt"), "-f", "md"])
    assert result.exit_code == 2
    assert "# normcheck: 1 dokument" in result.output
    assert "## Indata som inte kunde läsas" in result.output and "saknas.txt" in result.output


def test_text_report_summary_and_lines(report_lexicons, tmp_path):
    src = tmp_path / "annons.txt"
    src.write_text(SV_AD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(src)])
    assert result.exit_code == 1
    out = result.output
    assert "\x1b[" not in out
    lines = out.splitlines()
    assert lines[0].startswith(str(src)) and re.search(r"\(sv, \d+ words\)$", lines[0])
    assert lines[1].startswith("  gender coding: ") and "masculine-coded words 3, feminine-coded words 2" in lines[1]
    assert lines[2] == "  findings:      8 findings (3 warnings, 5 suggestions)"
    assert lines[3] == "  by category:   gender-coded word 5, gendered term 3"
    # Grouped by line: one heading per line with findings, carets under the flagged words.
    assert [ln.split()[1] for ln in lines if ln.startswith("  line ")] == ["1", "3", "4", "6"]
    i = next(k for k, ln in enumerate(lines) if ln.startswith("  line 3  "))
    excerpt, carets = lines[i], lines[i + 1]
    for word in ("driven", "talesman", "lyhörd"):
        at = excerpt.index(word)
        assert carets[at : at + len(word)] == "^" * len(word)
    assert carets.count("^") == len("driven") + len("talesman") + len("lyhörd")
    assert "       3:20  warning     'talesman' är ett könsmärkt ord" in out
    assert "→ talesperson, företrädare" in out


def test_text_report_long_line_windows(report_lexicons):
    from normcheck import scan_text
    from normcheck.reporters.text import TextReporter

    filler = " ".join(["och så vidare"] * 20)
    report = scan_text(f"Du är driven {filler} och lyhörd.", "sv")
    out = TextReporter().render(report, None, {"color": False})
    lines = out.splitlines()
    excerpts = [ln for ln in lines if "driven" in ln and "^" not in ln and "kan läsas" not in ln]
    assert len(excerpts) == 1 and excerpts[0].endswith("…")
    assert any(ln.strip().startswith("…") and ln.rstrip().endswith("och lyhörd.") for ln in lines)
    assert all(len(ln) < 140 for ln in lines if "kan läsas" not in ln)


def test_text_report_colour(report_lexicons):
    from normcheck import scan_text
    from normcheck.reporters.text import TextReporter

    out = TextReporter().render(scan_text("Vi söker en talesman.", "sv"), None, {"color": True})
    assert "\x1b[1;4mtalesman\x1b[0m" in out and "\x1b[33mwarning" in out
    assert "^" not in out


def test_markdown_lists_module_advice_by_priority(report_lexicons, pm):
    from normcheck import scan_text
    from normcheck.hookspecs import hookimpl
    from normcheck.reporters.markdown import render_document

    class Advice:
        @hookimpl
        def summarize_document(self, report, analysis, config):  # type: ignore[no-untyped-def]
            return {"recruitment": {"headline": "2 råd", "advice": [
                {"priority": 2, "id": "b", "message": "Nämn lönen."},
                {"priority": 1, "id": "a", "message": "Skriv du | inte han."},
            ]}}

    pm.register(Advice(), name="normcheck-test-advice")
    md = render_document(scan_text("Vi söker en talesman.", "sv").documents[0], heading_level=1)
    assert "- recruitment: 2 råd" in md
    assert "## Råd\n\n1. Skriv du \\| inte han. (recruitment)\n2. Nämn lönen. (recruitment)" in md
