"""The Word reader: order, locators, what is left out, findings' locations, bad files."""

from __future__ import annotations

import zipfile

import pytest
from readers_support import full_docx, ole2, read, rewrite_zip, scan, seg_texts, simple_docx

MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def ad(tmp_path_factory):
    return full_docx(tmp_path_factory.mktemp("docx") / "ad.docx")


def test_text_order_kinds_and_locators(ad):
    doc = read(ad)
    assert doc.media_type == MEDIA
    assert seg_texts(doc) == [
        ("header", "docx:header[1]/p[1]", "Northwind Logistics - careers"),
        ("heading", "docx:body/p[1]", "Warehouse team lead"),
        ("paragraph", "docx:body/p[2]", "You will lead a zorblax crew of twelve."),
        ("list_item", "docx:body/p[4]", "A forklift licence"),
        ("table_cell", "docx:table[1]/r[1]/c[1]", "Hours"),
        ("table_cell", "docx:table[1]/r[1]/c[2]", "Salary"),
        ("table_cell", "docx:table[1]/r[2]/c[1]/table[1]/r[1]/c[1]", "Nested note"),
        ("table_cell", "docx:table[1]/r[2]/c[3]", "Ask the zorblax desk"),
        ("paragraph", "docx:body/p[5]", "Reviewed by the hiring manager."),
        ("paragraph", "docx:body/p[6]", "The role is open to everyone today."),
        ("paragraph", "docx:body/p[7]", "Apply by Friday."),
        ("paragraph", "docx:body/p[8]", "Benefits below."),
        ("text_box", "docx:body/p[8]/textbox[1]/p[1]", "Gym card and a zorblax bonus"),
        ("paragraph", "docx:body/p[9]", "Visible words."),
        ("footnote", "docx:footnote[1]/p[1]", "Interviews are held in Malmo."),
        ("footer", "docx:footer[1]/p[1]", "Northwind Logistics, Harbour Road 1"),
    ]
    # Document.text is the segments joined by a blank line, and offsets index it.
    assert doc.text == "\n\n".join(t for _, _, t in seg_texts(doc))


def test_comments_deletions_hidden_text_and_fallbacks_are_left_out(ad):
    text = read(ad).text
    for absent in ("SECRET COMMENT", "DELETED-WORDS", "HIDDEN-WORDS", "FALLBACK-COPY", "MARKER-"):
        assert absent not in text


def test_findings_carry_locator_line_and_column(ad, tmp_path):
    report = scan(ad, tmp_path)
    assert not report.errors
    found = [(f.text, f.location.locator, f.location.kind, f.location.line, f.location.column, f.location.page)
             for f in report.findings]
    doc = report.documents[0].document
    lines = doc.text.split("\n")
    assert found == [
        ("zorblax", "docx:body/p[2]", "paragraph", 5, 17, None),
        ("zorblax", "docx:table[1]/r[2]/c[3]", "table_cell", 15, 9, None),
        ("zorblax", "docx:body/p[8]/textbox[1]/p[1]", "text_box", 25, 16, None),
    ]
    for f in report.findings:
        assert doc.text[f.start : f.end] == "zorblax"
        assert lines[f.location.line - 1][f.location.column - 1 :].startswith("zorblax")


def test_docx_is_sniffed_by_content_not_name(ad, tmp_path):
    renamed = tmp_path / "annons.bin"
    renamed.write_bytes(ad.read_bytes())
    assert read(renamed).media_type == MEDIA


def test_legacy_doc_renamed_docx_says_what_it_is(tmp_path):
    from normcheck.errors import ReaderError

    fake = ole2(tmp_path / "old.docx", ["Root Entry", "WordDocument", "1Table"])
    with pytest.raises(ReaderError, match=r"Word 97-2003 \.doc file"):
        read(fake)


def test_password_protected_docx_is_refused(tmp_path):
    from normcheck.errors import ReaderError

    locked = ole2(tmp_path / "locked.docx", ["Root Entry", "EncryptionInfo", "EncryptedPackage"])
    with pytest.raises(ReaderError, match="password-protected"):
        read(locked)


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_truncated_docx_is_a_clear_error(ad, tmp_path, cut):
    from normcheck.errors import ReaderError

    data = ad.read_bytes()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(ReaderError, match=r"corrupt or truncated"):
        read(broken)


def test_docx_without_main_part(tmp_path):
    from normcheck.errors import ReaderError

    path = simple_docx(tmp_path / "a.docx", ["Hello there."])
    data = rewrite_zip(path.read_bytes(), {"word/document.xml": None})
    with pytest.raises(ReaderError, match="no word/document.xml part"):
        read(data, "gutted.docx")


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    from normcheck.errors import ReaderError

    path = simple_docx(tmp_path / "a.docx", ["Hello there."])
    zf = zipfile.ZipFile(path)
    body = zf.read("word/document.xml")
    # 80 MB of spaces inside the body compresses to well under 100 KB.
    bomb_xml = body.replace(b"<w:body>", b"<w:body>" + b" " * (80 * 1024 * 1024), 1)
    bomb = rewrite_zip(path.read_bytes(), {"word/document.xml": bomb_xml})
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ReaderError, match="zip bomb"):
        read(bomb, "bomb.docx")


def test_zip_budget_is_checked_against_the_declared_size(tmp_path, monkeypatch):
    from normcheck.errors import ReaderError
    from normcheck.readers import _build

    path = simple_docx(tmp_path / "a.docx", ["Hello there. " * 2000])
    monkeypatch.setattr(_build, "MAX_PART_BYTES", 10_000)
    with pytest.raises(ReaderError, match="would inflate to .* possible zip bomb"):
        read(path)


def test_a_zip_whose_declared_size_lies_is_not_inflated_past_it(tmp_path):
    from normcheck.errors import ReaderError

    path = simple_docx(tmp_path / "a.docx", ["Hello there. " * 20000])
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    # Forge the uncompressed size to 100 bytes in the local header and the central directory.
    for sig, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        pos = data.find(sig)
        while pos != -1:
            if data[pos + name_at : pos + name_at + len(name)] == name:
                data[pos + size_at : pos + size_at + 4] = (100).to_bytes(4, "little")
            pos = data.find(sig, pos + 4)
    with pytest.raises(ReaderError, match="cannot be unpacked|not well-formed"):
        read(bytes(data), "liar.docx")


def test_external_entities_are_never_resolved(tmp_path):
    from normcheck.errors import ReaderError

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    path = simple_docx(tmp_path / "a.docx", ["Hello there."])
    body = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    xxe = body.replace(
        '<?xml version=\'1.0\' encoding=\'UTF-8\' standalone=\'yes\'?>',
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>',
    ).replace("Hello there.", "&xxe;")
    assert "<!DOCTYPE" in xxe
    data = rewrite_zip(path.read_bytes(), {"word/document.xml": xxe.encode("utf-8")})
    with pytest.raises(ReaderError, match="DOCTYPE or entities") as err:
        read(data, "xxe.docx")
    assert "TOP-SECRET" not in str(err.value)


def test_entity_expansion_is_refused(tmp_path):
    from normcheck.errors import ReaderError

    path = simple_docx(tmp_path / "a.docx", ["Hello there."])
    body = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    laughs = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10}">' for i in range(1, 10))
    bomb = body.replace(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>",
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "lol">{laughs}]>',
    ).replace("Hello there.", "&l9;")
    data = rewrite_zip(path.read_bytes(), {"word/document.xml": bomb.encode("utf-8")})
    with pytest.raises(ReaderError, match="entity-expansion"):
        read(data, "laughs.docx")


def test_malformed_xml_part(tmp_path):
    from normcheck.errors import ReaderError

    path = simple_docx(tmp_path / "a.docx", ["Hello there."])
    data = rewrite_zip(path.read_bytes(), {"word/document.xml": b"<w:document><w:body><w:p>"})
    with pytest.raises(ReaderError, match="not well-formed XML"):
        read(data, "bad.docx")


def test_empty_document_has_no_text(tmp_path):
    from normcheck.errors import ReaderError

    path = simple_docx(tmp_path / "empty.docx", [])
    with pytest.raises(ReaderError, match="no text found"):
        read(path)
