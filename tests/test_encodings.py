"""Text files in the encodings Swedish users actually have."""

from __future__ import annotations

import pytest

import normcheck

TEXT = "Vi söker en talesman till vår förening i Västerås.\n\nDu är öppen och ärlig.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_encodings_decode_to_the_same_text(tmp_path, encoding):
    path = tmp_path / f"ad-{encoding}.txt"
    path.write_bytes(TEXT.encode(encoding))
    report = normcheck.scan(path)
    doc = report.documents[0]
    assert doc.document.text.replace("\ufeff", "") == TEXT
    assert doc.language == "sv"
    assert any(f.text == "talesman" for f in doc.findings)


def test_cp1252_specific_characters(tmp_path):
    text = "Lön enligt överenskommelse – “varmt välkommen” med din ansökan!\n"
    path = tmp_path / "ad.txt"
    path.write_bytes(text.encode("cp1252"))
    assert normcheck.scan(path).documents[0].document.text == text


def test_offsets_index_the_original_utf8_text(tmp_path):
    path = tmp_path / "ad.md"
    raw = "# Säljare\n\nÅsa och Örjan söker en talesman.\n"
    path.write_text(raw, encoding="utf-8")
    doc = normcheck.scan(path).documents[0]
    f = next(f for f in doc.findings if f.category == "gendered-term")
    assert raw[f.start : f.end] == "talesman"
    assert doc.media_type == "text/markdown"
    assert doc.document.segments[0].kind == "heading"
