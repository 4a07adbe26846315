"""The docx reporter: an annotated copy of the Word file, read back with python-docx and lxml."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_reports_common import (
    SV_AD,
    W,
    comment_anchors,
    report_lexicons,  # noqa: F401 - fixture
    require_docx_reader,
    sha256,
    soffice,
)

docx = pytest.importorskip("docx", reason="python-docx is not installed")
from docx.shared import RGBColor  # noqa: E402

from normcheck.cli import cli  # noqa: E402


def build_ad(path: Path) -> None:
    """A Word ad with a heading, mixed formatting, a word split over two runs, a table, a header."""
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Driven header"
    d.add_heading("Talesman sökes", level=1)
    p = d.add_paragraph()
    r = p.add_run("Vi söker en ")
    r.bold = True
    r = p.add_run("driven")
    r.bold = True
    r.font.color.rgb = RGBColor(0x11, 0x55, 0x99)
    p.add_run(" och nyfiken ")
    r = p.add_run("tales")
    r.italic = True
    r = p.add_run("man som är lyhörd.")
    r.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    d.add_paragraph("")  # an empty paragraph still counts in the numbering
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "Krav"
    t.cell(0, 1).text = "Du är tävlingsinriktad."
    t.cell(1, 0).text = "Meriterande"
    cell = t.cell(1, 1)
    cell.text = "Erfarenhet av kunder."
    cell.add_paragraph("Du är driven i ditt arbete.")
    d.add_paragraph("Välkommen med din ansökan!")
    d.save(str(path))


def run_cli(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def paragraph_texts(path: Path) -> list[str]:
    d = docx.Document(str(path))
    out = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                out.extend(p.text for p in c.paragraphs)
    return out


# ---------------------------------------------------------------------------------------------
# Run splitting, on its own


def _run_xml(d, text: str):
    p = d.add_paragraph()
    r = p.add_run(text)
    r.bold = True
    r.font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    return p, r


def test_split_run_keeps_formatting_and_text():
    from normcheck.reporters.docx import _run_text, split_run

    d = docx.Document()
    p, r = _run_xml(d, "Vi söker en talesman")
    right = split_run(r._r, 12)
    runs = p.runs
    assert [x.text for x in runs] == ["Vi söker en ", "talesman"]
    for x in runs:
        assert x.bold and x.font.color.rgb == RGBColor(0x12, 0x34, 0x56)
    # The space at the cut is kept in the XML (xml:space="preserve").
    t = r._r.find(f"{{{W}}}t")
    assert t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert _run_text(right) == "talesman"
    assert p.text == "Vi söker en talesman"


def test_split_run_with_tab_and_break():
    from normcheck.reporters.docx import split_run

    d = docx.Document()
    p, r = _run_xml(d, "ab\tcd\nef")
    assert r.text == "ab\tcd\nef"
    split_run(r._r, 3)  # right after the tab
    assert [x.text for x in p.runs] == ["ab\t", "cd\nef"]
    split_run(p.runs[1]._r, 3)  # right after the line break
    assert [x.text for x in p.runs] == ["ab\t", "cd\n", "ef"]
    assert p.text == "ab\tcd\nef"


def test_container_cut_and_span_across_runs():
    from normcheck.reporters.docx import _Container

    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("Vi söker en ")
    p.add_run("tales").italic = True
    p.add_run("man nu")
    c = _Container("p", [p._p])
    c.build()
    start = c.text.index("talesman")
    end = start + len("talesman")
    assert c.cut(end) and not c.cut(start)  # start is already a run boundary
    c.build()
    first, last = c.span_runs(start, end)
    assert first.xpath("string(.//w:t)") == "tales" and last.xpath("string(.//w:t)") == "man"
    assert [r.text for r in p.runs] == ["Vi söker en ", "tales", "man", " nu"]
    assert p.runs[1].italic and not p.runs[2].italic


# ---------------------------------------------------------------------------------------------
# The whole reporter through the CLI, on a real Word file read by the docx reader


def test_word_file_comes_back_annotated(report_lexicons, tmp_path):
    require_docx_reader()
    import normcheck

    src = tmp_path / "annons.docx"
    build_ad(src)
    before = sha256(src)
    report = normcheck.scan(str(src), lang="sv")
    doc = report.documents[0]
    assert doc.media_type.endswith("wordprocessingml.document")
    flagged = sorted(f.text for f in doc.findings)
    assert flagged == sorted(["Driven", "Talesman", "driven", "talesman", "lyhörd", "tävlingsinriktad", "driven"])

    out = tmp_path / "annons.granskad.docx"
    result = run_cli("scan", str(src), "--lang", "sv", "-f", "docx", "-o", str(out))
    assert result.exit_code == 1, result.output  # warnings found
    assert sha256(src) == before, "the original must never be modified"

    word = docx.Document(str(out))
    comments = list(word.comments)
    assert all(c.author == "normcheck" for c in comments)
    # one comment per finding in the body, one summary; the header finding cannot take a comment
    assert len(comments) == len(doc.findings) - 1 + 1
    anchors = comment_anchors(out)
    by_id = {str(c.comment_id): c for c in comments}
    summary_id = next(i for i, c in by_id.items() if c.text.startswith("normcheck:"))
    finding_anchors = sorted(a for i, a in anchors.items() if i != summary_id)
    assert finding_anchors == sorted(["Talesman", "driven", "talesman", "lyhörd", "tävlingsinriktad", "driven"])
    # The comment text gives the reason and the suggestions.
    talesman = next(by_id[i] for i, a in anchors.items() if a == "talesman")
    assert "könsmärkt" in talesman.text and "Förslag: talesperson, företrädare" in talesman.text
    assert "sv.gendered-term.talesman" in talesman.text
    # The summary sits on the first paragraph and gives the verdict, the counts and the header word.
    assert anchors[summary_id] == "Talesman sökes"
    summary = by_id[summary_id].text
    assert "7 fynd (2 varningar, 5 förslag)" in summary
    assert "Könskodning: starkt maskulint kodad" in summary or "Könskodning: maskulint kodad" in summary
    assert "Kunde inte placeras" in summary and "docx:header[1]/p[1]" in summary

    # The text is unchanged, run by run: splitting moved no character.
    assert paragraph_texts(out) == paragraph_texts(src)
    # Formatting is kept on both sides of each cut.
    p = word.paragraphs[1]
    runs = [(r.text, bool(r.bold), bool(r.italic), r.font.color.rgb) for r in p.runs if r.text]
    assert ("driven", True, False, RGBColor(0x11, 0x55, 0x99)) in runs
    assert ("tales", False, True, None) in runs
    assert ("man", False, False, RGBColor(0xC0, 0, 0)) in runs
    assert (" som är ", False, False, RGBColor(0xC0, 0, 0)) in runs
    assert ("lyhörd", False, False, RGBColor(0xC0, 0, 0)) in runs


def test_existing_output_needs_force_and_input_is_never_overwritten(report_lexicons, tmp_path):
    require_docx_reader()
    src = tmp_path / "annons.docx"
    build_ad(src)
    out = tmp_path / "granskad.docx"
    out.write_bytes(b"keep me")
    result = run_cli("scan", str(src), "-f", "docx", "-o", str(out))
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_bytes() == b"keep me"
    result = run_cli("scan", str(src), "-f", "docx", "-o", str(out), "--force")
    assert result.exit_code == 1
    assert "word/comments.xml" in zipfile.ZipFile(out).namelist()
    before = sha256(src)
    result = run_cli("scan", str(src), "-f", "docx", "-o", str(src), "--force")
    assert result.exit_code == 2 and "never overwrites" in result.output
    assert sha256(src) == before
    result = run_cli("scan", str(src), "-f", "docx")
    assert result.exit_code == 2 and "--output" in result.output


def test_plain_text_input_becomes_an_annotated_word_file(report_lexicons, tmp_path):
    src = tmp_path / "annons.txt"
    src.write_text(SV_AD, encoding="utf-8")
    out = tmp_path / "annons.docx"
    result = run_cli("scan", str(src), "-f", "docx", "-o", str(out))
    assert result.exit_code == 1, result.output
    word = docx.Document(str(out))
    texts = [p.text for p in word.paragraphs]
    assert texts[0] == "Talesman sökes"
    assert texts[1] == "Vi söker en driven talesman som är lyhörd.\nDu är tävlingsinriktad och trivs med kunder."
    anchors = comment_anchors(out)
    assert sorted(anchors.values()) == sorted(
        ["Talesman sökes", "Talesman", "driven", "talesman", "lyhörd", "tävlingsinriktad", "chairman", "competitive", "supportive"]
    )
    english = next(c for c in word.comments if "chairman" in c.text)
    assert "Suggestions: chair, chairperson" not in english.text  # the interface follows the document: Swedish
    assert "Förslag: chair, chairperson" in english.text


def test_several_word_files_into_an_output_dir(report_lexicons, tmp_path):
    require_docx_reader()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    build_ad(tmp_path / "a" / "annons.docx")
    build_ad(tmp_path / "b" / "annons.docx")
    outdir = tmp_path / "granskade"
    result = run_cli("scan", str(tmp_path / "a"), str(tmp_path / "b"), "-f", "docx", "--output-dir", str(outdir))
    assert result.exit_code == 1, result.output
    names = sorted(p.name for p in outdir.iterdir())
    assert names == ["annons.normcheck-2.docx", "annons.normcheck.docx"]
    for p in outdir.iterdir():
        assert len(list(docx.Document(str(p)).comments)) == 7
    result = run_cli("scan", str(tmp_path / "a"), str(tmp_path / "b"), "-f", "docx", "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2 and "--output-dir" in result.output
    # Written before: each existing review is kept unless --force.
    result = run_cli("scan", str(tmp_path / "a"), str(tmp_path / "b"), "-f", "docx", "--output-dir", str(outdir))
    assert result.exit_code == 2 and "already exists" in result.output
    # One folder holding two Word files and -o: refused after scanning, nothing written.
    build_ad(tmp_path / "a" / "annons2.docx")
    result = run_cli("scan", str(tmp_path / "a"), "-f", "docx", "-o", str(tmp_path / "one.docx"))
    assert result.exit_code == 2 and "--output-dir" in result.output
    assert not (tmp_path / "one.docx").exists() and not list(tmp_path.glob(".one.docx*"))


def test_comments_survive_libreoffice(report_lexicons, tmp_path):
    require_docx_reader()
    office = soffice()
    src = tmp_path / "annons.docx"
    build_ad(src)
    out = tmp_path / "granskad.docx"
    assert run_cli("scan", str(src), "-f", "docx", "-o", str(out)).exit_code == 1
    with tempfile.TemporaryDirectory() as profile:
        for fmt in ("pdf", "odt"):
            proc = subprocess.run(
                [office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                 "--outdir", str(tmp_path / "lo"), str(out)],
                capture_output=True, timeout=180,
            )
            assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-500:]
    pdf = tmp_path / "lo" / "granskad.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    content = zipfile.ZipFile(tmp_path / "lo" / "granskad.odt").read("content.xml").decode("utf-8")
    assert len(re.findall(r"<office:annotation[ >]", content)) == 7
    assert content.count(">normcheck</dc:creator>") == 7


def test_service_style_bytes_are_used_and_disk_is_not(report_lexicons, tmp_path):
    """With the original's bytes in the document meta (the HTTP service), no path is read."""
    require_docx_reader()
    import dataclasses

    import normcheck
    from normcheck.errors import ReaderError
    from normcheck.reporters.docx import annotate

    src = tmp_path / "annons.docx"
    build_ad(src)
    doc = normcheck.scan(str(src)).documents[0]
    data = src.read_bytes()
    src.unlink()
    with_bytes = dataclasses.replace(doc, document=dataclasses.replace(doc.document, meta={"original_bytes": data}))
    out = annotate(with_bytes, {"service": True})
    assert len(list(docx.Document(io.BytesIO(out)).comments)) == 7
    with pytest.raises(ReaderError):
        annotate(doc, {"service": True})
    with pytest.raises(ReaderError, match="not available"):
        annotate(doc, {})


def _append_xml(paragraph, xml: str) -> None:
    from docx.oxml import parse_xml

    paragraph._p.append(parse_xml(xml))


def test_links_tracked_changes_and_existing_comments(report_lexicons, tmp_path):
    """Words inside a hyperlink or a tracked insertion are commented; deleted text is not;
    the document's own comments stay."""
    require_docx_reader()
    ns = f'xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    d = docx.Document()
    first = d.add_paragraph("Inledning som granskats av en kollega.")
    d.add_comment(first.runs[0], text="Bra start!", author="Anna Andersson", initials="AA")
    p = d.add_paragraph("Läs mer om vår ")
    _append_xml(p, f'<w:hyperlink {ns} w:anchor="top"><w:r><w:t>talesman</w:t></w:r></w:hyperlink>')
    p.add_run(" och vår ")
    _append_xml(p, f'<w:del {ns} w:id="91" w:author="Anna" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>driven </w:delText></w:r></w:del>')
    _append_xml(p, f'<w:ins {ns} w:id="92" w:author="Anna" w:date="2024-01-01T00:00:00Z"><w:r><w:t>lyhörda</w:t></w:r></w:ins>')
    p.add_run(" chef.")
    src = tmp_path / "länkar.docx"
    d.save(str(src))

    import normcheck

    doc = normcheck.scan(str(src), lang="sv").documents[0]
    assert sorted(f.text for f in doc.findings) == ["lyhörda", "talesman"]
    out = tmp_path / "ut.docx"
    assert run_cli("scan", str(src), "--lang", "sv", "-f", "docx", "-o", str(out)).exit_code == 1
    word = docx.Document(str(out))
    authors = sorted(c.author for c in word.comments)
    assert authors == ["Anna Andersson", "normcheck", "normcheck", "normcheck"]
    anchors = comment_anchors(out)
    assert sorted(anchors.values()) == sorted(
        ["Inledning som granskats av en kollega.", "Inledning som granskats av en kollega.", "talesman", "lyhörda"]
    )
    ids = [c.comment_id for c in word.comments]
    assert len(ids) == len(set(ids))
    body = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert "<w:delText>driven </w:delText>" in body  # the tracked deletion is untouched
