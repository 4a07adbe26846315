"""Builders for the reader tests: real .docx, .odt, .pdf and .rtf files made at run time.

Nothing here is copied from the shared corpus; every sentence is written for these tests.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# A made-up word flagged by a lexicon the tests install, so findings never depend on the
# built-in lexicons (which other work changes).
LEXICON = """\
lang: en
category: readertest
level: warning
message: "'{match}' is the reader test word; write {suggestions}."
references: ["normcheck reader tests"]
entries:
  - id: zorblax
    match: [zorblax]
    suggest: [colleague]
    note: A word that exists only in the reader tests.
    examples:
      flag: ["Our zorblax team is growing."]
      ok: ["Our colleague team is growing."]
"""


def lexicon_dir(tmp_path: Path) -> Path:
    root = tmp_path / "lexicons"
    (root / "en").mkdir(parents=True, exist_ok=True)
    (root / "en" / "readertest.yml").write_text(LEXICON, encoding="utf-8")
    return root


def scan(sources, tmp_path: Path, **options):  # type: ignore[no-untyped-def]
    """Scan with only the test lexicon's rules enabled, English forced."""
    import normcheck

    return normcheck.scan(
        [str(s) for s in sources] if isinstance(sources, (list, tuple)) else str(sources),
        lexicon_dirs=[str(lexicon_dir(tmp_path))],
        enable=["en.readertest."],
        lang="en",
        **options,
    )


def read(path_or_bytes, name: str = "input"):  # type: ignore[no-untyped-def]
    """Sniff and read one input with the registered readers; return the Document."""
    from normcheck import api

    cfg = api.make_config()
    if isinstance(path_or_bytes, Path):
        return api.document_from_bytes(path_or_bytes.read_bytes(), str(path_or_bytes), cfg)
    return api.document_from_bytes(path_or_bytes, name, cfg)


def seg_texts(doc) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(s.kind, s.source.locator, doc.text[s.start : s.end]) for s in doc.segments]


# ---------------------------------------------------------------------------------------------
# Word


def rewrite_zip(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """A copy of a zip with some members replaced, added (bytes) or removed (None)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in changes:
                continue
            dst.writestr(info, src.read(info.filename))
        for name, content in changes.items():
            if content is not None:
                dst.writestr(name, content)
    return out.getvalue()


def full_docx(path: Path) -> Path:
    """A job ad in Word with everything the reader must handle, built with python-docx plus XML."""
    docx = pytest.importorskip("docx", reason="python-docx builds the Word fixtures")
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Northwind Logistics - careers"
    d.sections[0].footer.paragraphs[0].text = "Northwind Logistics, Harbour Road 1"
    d.add_heading("Warehouse team lead", 1)  # p[1]
    d.add_paragraph("You will lead a zorblax crew of twelve.")  # p[2]
    d.add_paragraph("")  # p[3], empty: counted, not a segment
    d.add_paragraph("A forklift licence", style="List Bullet")  # p[4]
    table = d.add_table(rows=2, cols=3)  # table[1]
    table.cell(0, 0).text = "Hours"
    table.cell(0, 1).text = "Salary"
    table.cell(1, 2).text = "Ask the zorblax desk"
    inner = table.cell(1, 0).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Nested note"
    p = d.add_paragraph("Reviewed by the hiring manager.")  # p[5]
    d.add_comment(p.runs[0], text="SECRET COMMENT zorblax", author="Reviewer")
    d.add_paragraph("MARKER-DELETION")  # p[6]: replaced below by a tracked change
    d.add_paragraph("MARKER-FOOTNOTE")  # p[7]
    d.add_paragraph("MARKER-TEXTBOX")  # p[8]
    d.add_paragraph("MARKER-HIDDEN")  # p[9]
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()

    zf = zipfile.ZipFile(io.BytesIO(data))
    doc_xml = zf.read("word/document.xml").decode("utf-8")
    rels = zf.read("word/_rels/document.xml.rels").decode("utf-8")
    types = zf.read("[Content_Types].xml").decode("utf-8")
    ns = (
        f'xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )

    def para(marker: str, inner_xml: str) -> None:
        nonlocal doc_xml
        pattern = re.compile(r"<w:p>(?:(?!<w:p>).)*?" + marker + r".*?</w:p>", re.S)
        doc_xml, n = pattern.subn(lambda _m: f"<w:p>{inner_xml}</w:p>", doc_xml, count=1)
        assert n == 1, marker

    para(
        "MARKER-DELETION",
        '<w:r><w:t xml:space="preserve">The role is </w:t></w:r>'
        '<w:del w:id="91" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>DELETED-WORDS </w:delText></w:r></w:del>'
        '<w:ins w:id="92" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:t xml:space="preserve">open to everyone </w:t></w:r></w:ins>'
        "<w:r><w:t>today.</w:t></w:r>",
    )
    para(
        "MARKER-FOOTNOTE",
        '<w:r><w:t>Apply by Friday.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>',
    )
    para(
        "MARKER-TEXTBOX",
        "<w:r><w:t>Benefits below.</w:t></w:r><w:r><mc:AlternateContent>"
        "<mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>"
        "<w:p><w:r><w:t>Gym card and a zorblax bonus</w:t></w:r></w:p>"
        "</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>FALLBACK-COPY</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>",
    )
    para(
        "MARKER-HIDDEN",
        '<w:r><w:t xml:space="preserve">Visible words. </w:t></w:r>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN-WORDS</w:t></w:r>",
    )
    # Namespaces used by the text box must be declared on the root.
    doc_xml = re.sub(r"<w:document ([^>]*)>", lambda m: _add_ns(m.group(0), ns), doc_xml, count=1)
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>Interviews are held in Malmo.</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdFoot1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" '
        'Target="footnotes.xml"/></Relationships>',
    )
    types = types.replace(
        "</Types>",
        '<Override PartName="/word/footnotes.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    out = rewrite_zip(
        data,
        {
            "word/document.xml": doc_xml.encode("utf-8"),
            "word/_rels/document.xml.rels": rels.encode("utf-8"),
            "[Content_Types].xml": types.encode("utf-8"),
            "word/footnotes.xml": footnotes.encode("utf-8"),
        },
    )
    path.write_bytes(out)
    return path


def _add_ns(tag: str, ns: str) -> str:
    for decl in ns.split():
        prefix = decl.split("=")[0]
        if prefix + "=" not in tag:
            tag = tag[:-1] + " " + decl + ">"
    return tag


def simple_docx(path: Path, paragraphs: list[str]) -> Path:
    docx = pytest.importorskip("docx", reason="python-docx builds the Word fixtures")
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    d.save(str(path))
    return path


def ole2(path: Path, stream_names: list[str]) -> Path:
    """An OLE2 compound-file lookalike: the magic number and directory entry names in UTF-16."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    entries = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64 for name in stream_names)
    path.write_bytes(header + entries + b"\x00" * 1024)
    return path


# ---------------------------------------------------------------------------------------------
# OpenDocument

ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def odt_bytes(body_xml: str, *, styles_xml: str | None = None, manifest_extra: str = "",
              content_override: bytes | None = None) -> bytes:
    """An .odt as LibreOffice lays it out: ``mimetype`` first and stored, then the XML parts."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS} office:version="1.3">'
        f"<office:body><office:text>{body_xml}</office:text></office:body></office:document-content>"
    ).encode("utf-8")
    styles = (
        styles_xml
        or f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODT_NS}><office:master-styles>'
        '<style:master-page style:name="Standard"><style:header><text:p>Sunrise Media AB</text:p></style:header>'
        "<style:footer><text:p>Page footer line</text:p></style:footer></style:master-page>"
        "</office:master-styles></office:document-styles>"
    ).encode("utf-8")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        f'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{manifest_extra}</manifest:file-entry>'
        "</manifest:manifest>"
    ).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content_override if content_override is not None else content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("styles.xml", styles, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# PDF


def fpdf_module():  # type: ignore[no-untyped-def]
    return pytest.importorskip("fpdf", reason="fpdf2 builds the PDF fixtures")


def pages_pdf(path: Path, pages: list[list[str]], *, heading: str | None = None) -> Path:
    """One paragraph per item, pages as given; an optional large heading on page 1."""
    fpdf = fpdf_module()
    pdf = fpdf.FPDF()
    pdf.set_auto_page_break(False)
    for number, paragraphs in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_xy(20, 20)
        if heading and number == 1:
            pdf.set_font("helvetica", "B", size=22)
            pdf.multi_cell(170, 10, heading)
            pdf.ln(6)
        pdf.set_font("helvetica", size=11)
        for text in paragraphs:
            pdf.set_x(20)
            pdf.multi_cell(170, 6, text)
            pdf.ln(6)
    pdf.output(str(path))
    return path


def two_column_pdf(path: Path, title: str, left: str, right: str, footer: str | None = None) -> Path:
    """A page with a title across the top and two text columns; the right column is drawn first."""
    fpdf = fpdf_module()
    pdf = fpdf.FPDF()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.set_xy(110, 40)
    pdf.multi_cell(85, 5, right, align="J")
    pdf.set_xy(15, 40)
    pdf.multi_cell(85, 5, left, align="J")
    pdf.set_font("helvetica", "B", size=18)
    pdf.set_xy(15, 20)
    pdf.cell(180, 10, title)
    if footer:
        pdf.set_font("helvetica", size=10)
        pdf.set_xy(15, 270)
        pdf.cell(180, 5, footer, align="C")
    pdf.output(str(path))
    return path


def image_only_pdf(path: Path, pages: int = 2) -> Path:
    """A 'scanned' PDF: each page is a picture of text, with no text layer."""
    fpdf = fpdf_module()
    from PIL import Image, ImageDraw

    pdf = fpdf.FPDF()
    for i in range(pages):
        img = Image.new("RGB", (600, 200), "white")
        ImageDraw.Draw(img).text((20, 80), f"Scanned job ad page {i + 1}", fill="black")
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        pdf.add_page()
        pdf.image(buf, x=10, y=10, w=180)
    pdf.output(str(path))
    return path


def encrypted_pdf(path: Path, source_pdf: Path, user_password: str) -> Path:
    import pypdf

    reader = pypdf.PdfReader(str(source_pdf))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def bomb_docx(path: Path, inflated_mb: int) -> Path:
    """A .docx whose body inflates to ``inflated_mb`` MB of spaces, written in chunks (the test
    process never holds the inflated text)."""
    plain = simple_docx(path.with_name(path.stem + "-seed.docx"), ["Hello."])
    src = zipfile.ZipFile(plain)
    body = src.read("word/document.xml")
    head, tail = body.split(b"<w:body>", 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info.filename))
        with dst.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head + b"<w:body>")
            chunk = b" " * (1024 * 1024)
            for _ in range(inflated_mb):
                fh.write(chunk)
            fh.write(tail)
    return path
