"""The OpenDocument and RTF readers, and sniffing by content across all formats."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from readers_support import odt_bytes, read, scan, seg_texts, simple_docx

ODT_BODY = (
    "<text:tracked-changes><text:changed-region text:id='c1'><text:deletion>"
    "<text:p>DELETED-PARAGRAPH</text:p></text:deletion></text:changed-region></text:tracked-changes>"
    "<text:h text:outline-level='1'>Studio producer</text:h>"
    "<text:p>You will run a<text:s text:c='2'/>zorblax studio.<office:annotation><dc:creator>R</dc:creator>"
    "<text:p>SECRET-COMMENT</text:p></office:annotation></text:p>"
    "<text:p>Apply soon<text:note text:note-class='footnote'><text:note-citation>1</text:note-citation>"
    "<text:note-body><text:p>Interviews in week 12.</text:p></text:note-body></text:note>.</text:p>"
    "<text:list><text:list-item><text:p>Budget skills</text:p></text:list-item>"
    "<text:list-item><text:p>Calm<text:tab/>voice</text:p><text:list><text:list-item><text:p>Nested point</text:p>"
    "</text:list-item></text:list></text:list-item></text:list>"
    "<table:table><table:table-row><table:table-cell><text:p>Hours</text:p></table:table-cell>"
    "<table:table-cell><text:p>Flexible</text:p></table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell table:number-columns-repeated='2'/><table:table-cell>"
    "<text:p>A zorblax perk</text:p></table:table-cell></table:table-row></table:table>"
    "<text:section><text:p>In a section<text:line-break/>second line"
    "<draw:frame><draw:text-box><text:p>Framed quote</text:p></draw:text-box></draw:frame></text:p></text:section>"
)


def test_odt_text_order_and_locators():
    doc = read(odt_bytes(ODT_BODY), "ad.odt")
    assert doc.media_type == "application/vnd.oasis.opendocument.text"
    assert seg_texts(doc) == [
        ("header", "odt:header[1]/p[1]", "Sunrise Media AB"),
        ("heading", "odt:body/p[1]", "Studio producer"),
        ("paragraph", "odt:body/p[2]", "You will run a zorblax studio."),
        ("paragraph", "odt:body/p[3]", "Apply soon."),
        ("footnote", "odt:footnote[1]/p[1]", "Interviews in week 12."),
        ("list_item", "odt:body/list[1]/item[1]", "Budget skills"),
        ("list_item", "odt:body/list[1]/item[2]", "Calm voice"),
        ("list_item", "odt:body/list[1]/item[2]/list[1]/item[1]", "Nested point"),
        ("table_cell", "odt:table[1]/r[1]/c[1]", "Hours"),
        ("table_cell", "odt:table[1]/r[1]/c[2]", "Flexible"),
        ("table_cell", "odt:table[1]/r[2]/c[3]", "A zorblax perk"),
        ("paragraph", "odt:body/p[4]", "In a section\nsecond line"),
        ("text_box", "odt:body/p[4]/frame[1]/p[1]", "Framed quote"),
        ("footer", "odt:footer[1]/p[1]", "Page footer line"),
    ]
    assert "DELETED" not in doc.text and "SECRET" not in doc.text


def test_odt_findings_have_locators(tmp_path):
    path = tmp_path / "ad.odt"
    path.write_bytes(odt_bytes(ODT_BODY))
    report = scan(path, tmp_path)
    assert [(f.location.locator, f.location.kind) for f in report.findings] == [
        ("odt:body/p[2]", "paragraph"),
        ("odt:table[1]/r[2]/c[3]", "table_cell"),
    ]


def test_encrypted_odt_is_refused():
    from normcheck.errors import ReaderError

    data = odt_bytes("<text:p>x</text:p>", manifest_extra="<manifest:encryption-data manifest:checksum='x'/>")
    with pytest.raises(ReaderError, match="password-protected"):
        read(data, "locked.odt")


def test_odt_zip_bomb_and_entities_are_refused():
    from normcheck.errors import ReaderError

    bomb = odt_bytes("", content_override=b"<x>" + b" " * (70 * 1024 * 1024) + b"</x>")
    with pytest.raises(ReaderError, match="zip bomb"):
        read(bomb, "bomb.odt")
    xxe = odt_bytes("", content_override=b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')
    with pytest.raises(ReaderError, match="DOCTYPE"):
        read(xxe, "xxe.odt")


def test_odt_made_by_libreoffice(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    src = simple_docx(tmp_path / "src.docx", ["Kitchen manager wanted.", "A zorblax kitchen in Lulea."])
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "odt",
         "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    doc = read(tmp_path / "src.odt")
    assert [t for _, _, t in seg_texts(doc)] == ["Kitchen manager wanted.", "A zorblax kitchen in Lulea."]
    assert [s.source.locator for s in doc.segments] == ["odt:body/p[1]", "odt:body/p[2]"]


RTF = rb"""{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Calibri;}}{\colortbl;\red0\green0\blue0;}
{\info{\title INFO-TITLE}{\author INFO-AUTHOR}}
{\header \pard Header line\par}
\pard\plain Vi s\'f6ker en \b zorblax\b0  till Ume\'e5.\par
\pard\par
Andra stycket med \u8220?citat\u8221? och {\v HIDDEN-TEXT}{\deleted DELETED-TEXT}{\*\fldinst HYPERLINK "x"}{\fldrslt l\'e4nk}.\par
\trowd\cellx2000\cellx4000\pard\intbl L\'f6n\cell\pard\intbl Avtal\cell\row
\trowd\cellx2000\cellx4000\pard\intbl Ort\cell\pard\intbl Kiruna\line centrum\cell\row
\pard Efter tabellen{\footnote \pard Fotnot h\'e4r.\par}.\par
{\pict\pngblip 89504e470d0a1a0a}
}"""


def test_rtf_paragraphs_tables_and_stories():
    doc = read(RTF, "ad.rtf")
    assert doc.media_type == "application/rtf"
    assert seg_texts(doc) == [
        ("paragraph", "rtf:p[1]", "Vi söker en zorblax till Umeå."),
        ("paragraph", "rtf:p[3]", "Andra stycket med \u201ccitat\u201d och länk."),
        ("table_cell", "rtf:table[1]/r[1]/c[1]", "Lön"),
        ("table_cell", "rtf:table[1]/r[1]/c[2]", "Avtal"),
        ("table_cell", "rtf:table[1]/r[2]/c[1]", "Ort"),
        ("table_cell", "rtf:table[1]/r[2]/c[2]", "Kiruna\ncentrum"),
        ("paragraph", "rtf:p[4]", "Efter tabellen."),
        ("header", "rtf:header[1]", "Header line"),
        ("footnote", "rtf:footnote[1]", "Fotnot här."),
    ]
    for absent in ("INFO-", "HIDDEN", "DELETED", "HYPERLINK", "Calibri", "89504e"):
        assert absent not in doc.text


def test_rtf_finding_location(tmp_path):
    path = tmp_path / "ad.rtf"
    path.write_bytes(RTF)
    (f,) = scan(path, tmp_path).findings
    assert (f.location.locator, f.location.line, f.location.column) == ("rtf:p[1]", 1, 13)


def test_rtf_nested_too_deep_is_refused():
    from normcheck.errors import ReaderError

    with pytest.raises(ReaderError, match="nested deeper"):
        read(b"{\\rtf1 " + b"{" * 5000 + b"x" + b"}" * 5000 + b"}", "deep.rtf")


def test_rtf_unicode_skip_count():
    doc = read(rb"{\rtf1\ansi\uc2 Caf\u233\'e9\'e9 och \uc1 na\u239?ve\par}", "u.rtf")
    assert doc.text == "Café och naïve"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("notes.txt", b"<!doctype html><html><body><p>Hi</p></body></html>", "text/html"),
        ("page", b"\xef\xbb\xbf<html><body>x</body></html>", "text/html"),
        ("x.docx", b"%PDF-1.7\n", "application/pdf"),
        ("letter.doc", b"{\\rtf1\\ansi hello}", "application/rtf"),
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "application/x-ole-storage"),
        ("plain.txt", b"Just text.", "text/plain"),
        ("unknown.bin", b"\x00\x01\x02", None),
    ],
)
def test_sniffing_by_content(name, data, expected):
    from normcheck import api

    assert api.sniff(data, name) == expected


def test_sniffing_zip_containers(tmp_path):
    from normcheck import api

    docx_bytes = simple_docx(tmp_path / "a.docx", ["x"]).read_bytes()
    assert api.sniff(docx_bytes, "renamed.odt") == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert api.sniff(odt_bytes("<text:p>x</text:p>"), "renamed.docx") == "application/vnd.oasis.opendocument.text"
