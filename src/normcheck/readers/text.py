"""Plain text and Markdown: the document text is the file's text exactly, so offsets index it."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import TYPE_CHECKING

from normcheck.hookspecs import hookimpl
from normcheck.readers import decode_text, looks_binary, paragraph_document

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.model import Document

TEXT_EXTENSIONS = {".txt": "text/plain", ".text": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown"}
_FENCE = re.compile(r"^(```|~~~)")


@hookimpl(trylast=True)
def sniff_media_type(data: bytes, name: str) -> str | None:
    suffix = PurePath(name.split("?", 1)[0]).suffix.lower()
    if name == "-" or suffix in TEXT_EXTENSIONS:
        if not data.strip():
            return TEXT_EXTENSIONS.get(suffix, "text/plain")
        if looks_binary(data) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "application/octet-stream"
        return TEXT_EXTENSIONS.get(suffix, "text/plain")
    return None


def _markdown_kind(chunk: str) -> str:
    if chunk.startswith("#"):
        return "heading"
    if re.match(r"^\s*(?:[-*+]|\d+[.)])\s", chunk):
        return "list_item"
    return "paragraph"


@hookimpl(trylast=True)
def read_document(data: bytes, media_type: str, source: str, config: Config) -> Document | None:
    if media_type == "text/plain":
        return paragraph_document(decode_text(data, source), source, media_type, "txt")
    if media_type == "text/markdown":
        text = decode_text(data, source)
        return paragraph_document(
            text, source, media_type, "md", kind_of=_markdown_kind, skip=lambda c: bool(_FENCE.match(c))
        )
    return None
