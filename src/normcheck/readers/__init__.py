"""Readers turn bytes into Documents. Shared helpers for the built-in reader plugins."""

from __future__ import annotations

import re

from normcheck.errors import ReaderError
from normcheck.model import Document, Segment, SourceRef

_PARA_SPLIT = re.compile(r"\n[ \t]*\n+")


def decode_text(data: bytes, source: str) -> str:
    """Decode text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252/Latin-1.

    Legacy Swedish files are Windows-1252 (a superset of Latin-1 for å, ä, ö); bytes that
    are neither valid UTF-8 nor plausible text are refused as binary.
    """
    if not data.strip():
        raise ReaderError("the file is empty", source=source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReaderError("not valid UTF-16 text", source=source) from None
    if looks_binary(data):
        raise ReaderError("binary data, not text", source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > max(2, len(head) // 100)


def paragraph_document(
    text: str, source: str, media_type: str, prefix: str, *, kind_of=None, skip=None
) -> Document:
    """A Document whose text is ``text`` unchanged, one segment per blank-line paragraph."""
    segments: list[Segment] = []
    pos = 0
    line = 1
    for m in [*_PARA_SPLIT.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        stripped_start = pos + (len(chunk) - len(chunk.lstrip()))
        stripped_end = pos + len(chunk.rstrip())
        start_line = line + text.count("\n", pos, stripped_start)
        if stripped_end > stripped_start and not (skip and skip(text[stripped_start:stripped_end])):
            kind = kind_of(text[stripped_start:stripped_end]) if kind_of else "paragraph"
            segments.append(Segment(stripped_start, stripped_end, kind, SourceRef(source, f"{prefix}:line={start_line}")))
        if m is None:
            break
        line += text.count("\n", pos, m.end())
        pos = m.end()
    return Document(source=source, text=text, segments=tuple(segments), media_type=media_type)
