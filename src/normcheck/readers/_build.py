"""Helpers shared by the structured readers (docx, html, pdf, odt, rtf).

- ``DocumentBuilder`` joins segments with a blank line and records where each came from.
- ``open_zip``/``read_member`` read OOXML and ODF containers with a decompressed-size budget
  checked before and while inflating (zip bombs).
- ``parse_xml`` parses a container part with lxml without DTDs, entities or network access
  (XXE, billion laughs): a part that declares a DOCTYPE is refused outright, as Word and
  LibreOffice never write one.

Nothing here imports lxml at module import time; the readers call these helpers lazily.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from io import BytesIO
from typing import Any

from normcheck.errors import ReaderError
from normcheck.model import Document, Segment, SourceRef

# Decompressed-size budget for one part and for all parts read from one container.
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_ZIP_ENTRIES = 20_000
# Characters of extracted text per document (about 2 million words).
MAX_TEXT_CHARS = 16 * 1024 * 1024

_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_NEWLINES = re.compile(r"\s*\n\s*")


def clean_text(text: str) -> str:
    """Collapse spaces, drop invisible characters, keep single line breaks, strip the ends.

    The result never holds a blank line, so ``"\\n\\n"`` only ever separates segments.
    """
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SPACES.sub(" ", text)
    return _NEWLINES.sub("\n", text).strip()


class DocumentBuilder:
    """Collects segments in reading order and builds a ``Document`` (segments joined by a blank line)."""

    def __init__(self, source: str, media_type: str) -> None:
        self.source = source
        self.media_type = media_type
        self._parts: list[str] = []
        self._segments: list[Segment] = []
        self._pos = 0
        self.meta: dict[str, Any] = {}

    def add(self, text: str, kind: str, locator: str, page: int | None = None, *, clean: bool = True) -> bool:
        """Add one segment; empty text is skipped. Returns whether a segment was added."""
        if clean:
            text = clean_text(text)
        if not text:
            return False
        if self._parts:
            self._pos += 2
        if self._pos + len(text) > MAX_TEXT_CHARS:
            raise ReaderError(
                f"more than {MAX_TEXT_CHARS // (1024 * 1024)} million characters of text; split the document",
                source=self.source,
            )
        start = self._pos
        self._parts.append(text)
        self._pos += len(text)
        self._segments.append(Segment(start, self._pos, kind, SourceRef(self.source, locator, page)))
        return True

    def __len__(self) -> int:
        return len(self._segments)

    @property
    def kinds(self) -> list[str]:
        return [s.kind for s in self._segments]

    def build(self, meta: Mapping[str, Any] | None = None) -> Document:
        merged = {**self.meta, **(meta or {})}
        return Document(
            source=self.source,
            text="\n\n".join(self._parts),
            segments=tuple(self._segments),
            media_type=self.media_type,
            meta=merged,
        )


# ---------------------------------------------------------------------------------------------
# Containers


class ZipBudget:
    """Counts decompressed bytes across the parts read from one container."""

    def __init__(self, source: str, total: int | None = None, per_part: int | None = None) -> None:
        self.source = source
        self.total = MAX_TOTAL_BYTES if total is None else total
        self.per_part = MAX_PART_BYTES if per_part is None else per_part
        self.used = 0


def open_zip(data: bytes, source: str, what: str) -> tuple[zipfile.ZipFile, ZipBudget]:
    """Open a zip container or raise a one-line ``ReaderError`` (corrupt, truncated, too many entries)."""
    try:
        zf = zipfile.ZipFile(BytesIO(data))
        infos = zf.infolist()
    except zipfile.BadZipFile:
        raise ReaderError(f"not a valid {what} file (corrupt or truncated zip container)", source=source) from None
    except (OSError, ValueError, EOFError) as exc:
        raise ReaderError(f"not a valid {what} file ({exc.__class__.__name__})", source=source) from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ReaderError(f"the {what} container has {len(infos)} entries (limit {MAX_ZIP_ENTRIES})", source=source)
    return zf, ZipBudget(source)


def read_member(zf: zipfile.ZipFile, name: str, budget: ZipBudget, *, required: bool = False) -> bytes | None:
    """Read one part, refusing it before inflating when its declared size is over budget and
    while inflating when the actual size is (the declared size of a crafted zip may lie)."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        if required:
            raise ReaderError(f"the container has no {name} part (not a complete document)", source=budget.source) from None
        return None
    limit = min(budget.per_part, budget.total - budget.used)
    if info.file_size > limit:
        raise ReaderError(
            f"{name} would inflate to {info.file_size:,} bytes (limit {limit:,}): refusing a possible zip bomb",
            source=budget.source,
        )
    if info.flag_bits & 0x1:
        raise ReaderError("the file is encrypted (password-protected); remove the password and try again", source=budget.source)
    out = bytearray()
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(1 << 16)
                if not chunk:
                    break
                out += chunk
                if len(out) > limit:
                    raise ReaderError(
                        f"{name} inflates past {limit:,} bytes: refusing a possible zip bomb", source=budget.source
                    )
    except ReaderError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        detail = str(exc).split("\n")[0] or exc.__class__.__name__
        raise ReaderError(f"{name} cannot be unpacked ({detail})", source=budget.source) from None
    budget.used += len(out)
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# XML

_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def parse_xml(data: bytes, source: str, part: str) -> Any:
    """Parse one XML part safely and return its root element (an lxml element)."""
    from lxml import etree

    if _DTD.search(data[:65536]) or (len(data) > 65536 and _DTD.search(data)):
        raise ReaderError(
            f"{part} declares a DOCTYPE or entities, which normcheck never resolves (possible XXE or entity-expansion attack)",
            source=source,
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ReaderError(f"{part} is not well-formed XML ({str(exc).splitlines()[0][:120]})", source=source) from None
    if root is None:
        raise ReaderError(f"{part} is empty", source=source)
    return root


def read_xml_part(zf: zipfile.ZipFile, name: str, budget: ZipBudget, *, required: bool = False) -> Any:
    """One XML part of a zip container, size-checked (``read_member``) and parsed safely
    (``parse_xml``); ``None`` when the part is missing and not ``required``."""
    raw = read_member(zf, name, budget, required=required)
    return None if raw is None else parse_xml(raw, budget.source, name)


# ---------------------------------------------------------------------------------------------
# Sniffing helpers

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE2_MEDIA_TYPE = "application/x-ole-storage"


def zip_names(data: bytes) -> set[str] | None:
    """Names in a zip container judged from its first bytes only (local file headers)."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    names: set[str] = set()
    for m in re.finditer(rb"PK\x03\x04.{22}(..)(..)", data, re.S):
        n = int.from_bytes(m.group(1), "little")
        start = m.end()
        names.add(data[start : start + n].decode("utf-8", "replace"))
    return names
