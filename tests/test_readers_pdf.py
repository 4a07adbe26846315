"""The PDF reader: pages, paragraphs, reading order of columns, scans, encryption, damage."""

from __future__ import annotations

import pytest
from readers_support import encrypted_pdf, image_only_pdf, pages_pdf, read, scan, seg_texts, two_column_pdf

LEFT = (
    "The left column opens the story. Our depot in the north needs a planner who enjoys "
    "puzzles and people alike. You will plan routes, talk to drivers and keep the week calm "
    "when the snow comes early."
)
RIGHT = (
    "The right column continues it. We offer a permanent post, flexible hours and a zorblax "
    "allowance for travel. Parental leave is topped up to ninety per cent of salary for "
    "everyone who works with us."
)


def test_pages_paragraphs_and_locators(tmp_path):
    path = pages_pdf(
        tmp_path / "ad.pdf",
        [
            ["We are hiring a site manager for our mill in Ostrand.", "You lead a zorblax crew of forty."],
            ["Send your application before the first of June."],
        ],
        heading="Site manager",
    )
    doc = read(path)
    assert doc.media_type == "application/pdf"
    assert [(s.kind, s.source.locator, s.source.page) for s in doc.segments] == [
        ("heading", "pdf:page=1", 1),
        ("paragraph", "pdf:page=1", 1),
        ("paragraph", "pdf:page=1", 1),
        ("paragraph", "pdf:page=2", 2),
    ]
    assert [t for _, _, t in seg_texts(doc)] == [
        "Site manager",
        "We are hiring a site manager for our mill in Ostrand.",
        "You lead a zorblax crew of forty.",
        "Send your application before the first of June.",
    ]
    assert doc.meta["pages"] == 2


def test_finding_location_has_page(tmp_path):
    path = pages_pdf(tmp_path / "ad.pdf", [["Nothing to see on page one."], ["A zorblax on page two."]])
    (f,) = scan(path, tmp_path).findings
    assert (f.location.locator, f.location.page, f.location.line, f.location.column) == ("pdf:page=2", 2, 3, 3)


def test_wrapped_lines_join_into_one_paragraph(tmp_path):
    long = "Every line of this paragraph wraps because it is long enough to fill the width of the page " * 3
    doc = read(pages_pdf(tmp_path / "wrap.pdf", [[long.strip()]]))
    assert doc.text == long.strip()


def test_two_columns_are_read_column_by_column(tmp_path):
    path = two_column_pdf(tmp_path / "two.pdf", "Planner wanted", LEFT, RIGHT, footer="Page 1 of 1")
    doc = read(path)
    texts = [t for _, _, t in seg_texts(doc)]
    assert texts == ["Planner wanted", LEFT, RIGHT, "Page 1 of 1"]
    assert doc.meta["column_pages"] == {1: 2}
    assert doc.segments[0].kind == "heading"


def test_pypdf_alone_would_read_the_right_column_first(tmp_path):
    """The fixture really is drawn right column first: the order fix is doing the work."""
    import pypdf

    path = two_column_pdf(tmp_path / "two.pdf", "Planner wanted", LEFT, RIGHT)
    raw = pypdf.PdfReader(str(path)).pages[0].extract_text()
    assert raw.index("right column") < raw.index("left column")


def test_a_table_is_not_mistaken_for_columns(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    rows = [("Hours", "Days, 38 a week"), ("Salary", "By agreement"), ("Start", "August"), ("Place", "Harbour Road")]
    for label, value in rows:
        pdf.set_x(20)
        pdf.cell(60, 8, label)
        pdf.cell(100, 8, value, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "table.pdf"))
    doc = read(tmp_path / "table.pdf")
    assert "column_pages" not in doc.meta
    assert doc.text.index("Hours") < doc.text.index("Days") < doc.text.index("Salary")


def test_image_only_pdf_says_it_is_a_scan(tmp_path):
    from normcheck.errors import ReaderError

    with pytest.raises(ReaderError, match=r"no text layer, only images \(a scan\?\).*OCR"):
        read(image_only_pdf(tmp_path / "scan.pdf"))


def test_password_protected_pdf_is_refused(tmp_path):
    from normcheck.errors import ReaderError

    plain = pages_pdf(tmp_path / "plain.pdf", [["Confidential salary bands."]])
    locked = encrypted_pdf(tmp_path / "locked.pdf", plain, user_password="s3cret")
    with pytest.raises(ReaderError, match="password-protected"):
        read(locked)


def test_pdf_encrypted_only_against_editing_is_read(tmp_path):
    plain = pages_pdf(tmp_path / "plain.pdf", [["Open to read, closed to edit."]])
    doc = read(encrypted_pdf(tmp_path / "owner.pdf", plain, user_password=""))
    assert doc.text == "Open to read, closed to edit."
    assert doc.meta["encrypted"] is True


@pytest.mark.parametrize("keep", [0.3, 0.6])
def test_truncated_pdf_is_a_clear_error_or_partial_text(tmp_path, keep):
    from normcheck.errors import ReaderError

    full = pages_pdf(tmp_path / "full.pdf", [["First page text."], ["Second page text."]]).read_bytes()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(full[: int(len(full) * keep)])
    try:
        doc = read(broken)
    except ReaderError as exc:
        assert exc.source == str(broken)
        assert "\n" not in exc.message
    else:  # pypdf recovered some pages: what it returns must be real text of the file
        assert set(doc.text.split("\n\n")) <= {"First page text.", "Second page text."}


def test_garbage_named_pdf(tmp_path):
    from normcheck.errors import ReaderError

    path = tmp_path / "fake.pdf"
    path.write_bytes(b"this is not a pdf at all\n" * 10)
    with pytest.raises(ReaderError, match="not a readable PDF"):
        read(path)


def test_pdf_is_sniffed_by_content(tmp_path):
    path = pages_pdf(tmp_path / "x.pdf", [["Sniffed, not named."]])
    renamed = tmp_path / "brochure.txt"
    renamed.write_bytes(path.read_bytes())
    assert read(renamed).media_type == "application/pdf"


def test_content_stream_bomb_stays_bounded():
    """A page whose content stream inflates to 100 MB: pypdf caps inflation, we give one error."""
    import io
    import zlib

    from normcheck.errors import ReaderError

    comp = zlib.compressobj(1)
    payload = comp.compress(b"%" + b" " * (100 * 1024 * 1024) + b"\n") + comp.flush()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(payload) + payload + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for i, obj in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(ReaderError, match="no text|not a readable PDF"):
        read(out.getvalue(), "bomb.pdf")
