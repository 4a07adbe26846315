"""Word documents (.docx, Office Open XML): body, tables, headers, footers, notes, text boxes.

Read straight from the zip container with lxml (no python-docx at run time), so every part is
size-checked before it is inflated and no XML entity is ever resolved. What is extracted, in
reading order:

- headers (``docx:header[1]/p[1]``), once each even when several sections share them;
- body paragraphs (``docx:body/p[12]``, counted like python-docx's ``Document.paragraphs``,
  empty ones included) and table cells (``docx:table[1]/r[2]/c[3]``, nested tables extend the
  path), content controls looked into;
- text boxes anchored in a paragraph, after it (``docx:body/p[3]/textbox[1]/p[1]``);
- footnotes and endnotes (``docx:footnote[1]/p[1]``), then footers.

Tracked deletions (``w:del``, ``w:moveFrom``), comments, hidden text (``w:vanish``), field codes
and the VML fallback copy of drawings are left out; tracked insertions are read as text.
"""

from __future__ import annotations

import posixpath
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from normcheck.errors import ReaderError
from normcheck.hookspecs import hookimpl
from normcheck.readers._build import OLE2_MAGIC, OLE2_MEDIA_TYPE, DocumentBuilder, open_zip, read_xml_part, zip_names
from normcheck.readers._ooxml import W, is_on, iter_blocks, iter_cell_blocks, iter_cells
from normcheck.readers._ooxml import w as _w

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.model import Document

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_MACRO_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


P, T, TAB, BR, CR, TBL, TR, TC, SDT, SDTCONTENT = (
    _w(x) for x in ("p", "t", "tab", "br", "cr", "tbl", "tr", "tc", "sdt", "sdtContent")
)
DEL, MOVEFROM, INSTR, DELTEXT, TXBX = (_w(x) for x in ("del", "moveFrom", "instrText", "delText", "txbxContent"))
RPR, VANISH, PPR, PSTYLE, NUMPR, OUTLINE = (_w(x) for x in ("rPr", "vanish", "pPr", "pStyle", "numPr", "outlineLvl"))
NOBREAKHYPHEN, SOFTHYPHEN, SYM = _w("noBreakHyphen"), _w("softHyphen"), _w("sym")
FALLBACK = f"{{{MC}}}Fallback"
# Subtrees that never contribute visible text of the paragraph they sit in.
_SKIP = {DEL, MOVEFROM, INSTR, DELTEXT, FALLBACK, PPR, _w("commentRangeStart"), _w("commentReference")}
_HEADING_STYLES = ("heading", "rubrik", "title", "subtitle", "berschrift", "titre", "otsikko", "overskrift")


@hookimpl
def sniff_media_type(data: bytes, name: str) -> str | None:
    suffix = PurePath(name.split("?", 1)[0]).suffix.lower()
    names = zip_names(data)
    if names is not None:
        if any(n.startswith("word/") for n in names):
            return MEDIA_TYPE
        if suffix in (".docx", ".docm", ".dotx") and "mimetype" not in names:
            return MEDIA_TYPE
        return None
    if data.startswith(OLE2_MAGIC):
        return OLE2_MEDIA_TYPE
    return None


def _ole2_reason(data: bytes) -> str:
    """Why an OLE2 compound file cannot be read: encrypted OOXML, a legacy .doc, or another."""
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return "the document is password-protected (encrypted); remove the password in Word and try again"
    if "WordDocument".encode("utf-16-le") in data:
        return "this is a Word 97-2003 .doc file, not .docx; save it as .docx (or PDF) and try again"
    return "an old Office binary file (OLE2); save it as .docx, .odt or PDF and try again"


@hookimpl
def read_document(data: bytes, media_type: str, source: str, config: Config) -> Document | None:
    if media_type == OLE2_MEDIA_TYPE:
        raise ReaderError(_ole2_reason(data), source=source)
    if media_type != MEDIA_TYPE:
        return None
    return DocxReader(data, source).read()


class DocxReader:
    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        self.zf, self.budget = open_zip(data, source, "Word (.docx)")
        names = set(self.zf.namelist())
        if "EncryptedPackage" in names or "EncryptionInfo" in names:
            raise ReaderError("the document is password-protected (encrypted); remove the password and try again", source=source)
        self.out = DocumentBuilder(source, MEDIA_TYPE)

    # -- parts -------------------------------------------------------------------------------

    def _part(self, name: str, *, required: bool = False) -> Any:
        return read_xml_part(self.zf, name, self.budget, required=required)

    def _main_part(self) -> str:
        rels = self._part("_rels/.rels")
        if rels is not None:
            for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    return rel.get("Target", "word/document.xml").lstrip("/")
        if "word/document.xml" in self.zf.namelist():
            return "word/document.xml"
        raise ReaderError("not a Word document (no main document part)", source=self.source)

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(part)
        rels = self._part(posixpath.join(folder, "_rels", name + ".rels"))
        found: dict[str, tuple[str, str]] = {}
        if rels is None:
            return found
        for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
        return found

    # -- reading -----------------------------------------------------------------------------

    def read(self) -> Document:
        main = self._main_part()
        root = self._part(main, required=True)
        body = root.find(_w("body"))
        if body is None:
            raise ReaderError("not a Word document (the main part has no body)", source=self.source)
        rels = self._relationships(main)
        headers: list[str] = []
        footers: list[str] = []
        for ref in body.iter(_w("headerReference"), _w("footerReference")):
            kind_path = rels.get(ref.get(f"{{{R}}}id", ""))
            if kind_path is None:
                continue
            bucket = headers if ref.tag == _w("headerReference") else footers
            if kind_path[1] not in bucket:
                bucket.append(kind_path[1])
        for i, part in enumerate(headers, start=1):
            self._story(part, f"docx:header[{i}]", "header")
        self._blocks(body, "docx:body", "docx:", top=True)
        notes = {t: p for t, p in rels.values() if t in ("footnotes", "endnotes")}
        for kind in ("footnotes", "endnotes"):
            if kind in notes:
                self._notes(notes[kind], kind[:-1])
        for i, part in enumerate(footers, start=1):
            self._story(part, f"docx:footer[{i}]", "footer")
        meta: dict[str, Any] = {}
        core = self._part("docProps/core.xml")
        if core is not None:
            title = core.find("{http://purl.org/dc/elements/1.1/}title")
            if title is not None and (title.text or "").strip():
                meta["title"] = title.text.strip()
        return self.out.build(meta)

    def _story(self, part: str, prefix: str, kind: str) -> None:
        root = self._part(part)
        if root is not None:
            self._blocks(root, prefix, prefix + "/", kind=kind)

    def _notes(self, part: str, kind: str) -> None:
        root = self._part(part)
        if root is None:
            return
        n = 0
        for note in root.findall(_w(kind)):
            if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            n += 1
            prefix = f"docx:{kind}[{n}]"
            self._blocks(note, prefix, prefix + "/", kind=kind)

    def _blocks(self, container: Any, para_prefix: str, table_prefix: str, *, top: bool = False, kind: str | None = None) -> None:
        """Paragraphs and tables of a story (body, header, note, cell) in order."""
        for loc, child in iter_blocks(container, para_prefix, table_prefix):
            if child.tag == P:
                self._paragraph(child, loc, kind or _paragraph_kind(child))
            else:
                self._table(child, loc)

    def _table(self, tbl: Any, prefix: str) -> None:
        for loc, cell in iter_cells(tbl, prefix):
            parts: list[str] = []
            boxes: list[Any] = []
            for sub, child in iter_cell_blocks(cell, loc):
                if child.tag == P:
                    parts.append(self._paragraph_text(child, boxes))
                else:
                    if parts:
                        self.out.add("\n".join(parts), "table_cell", loc)
                        parts = []
                    self._table(child, sub)
            self.out.add("\n".join(parts), "table_cell", loc)
            self._text_boxes(boxes, loc)

    def _paragraph(self, p: Any, loc: str, kind: str) -> None:
        boxes: list[Any] = []
        text = self._paragraph_text(p, boxes)
        self.out.add(text, kind, loc)
        self._text_boxes(boxes, loc)

    def _text_boxes(self, boxes: list[Any], loc: str) -> None:
        for i, box in enumerate(boxes, start=1):
            self._blocks(box, f"{loc}/textbox[{i}]", f"{loc}/textbox[{i}]/", kind="text_box")

    def _paragraph_text(self, p: Any, boxes: list[Any]) -> str:
        """The visible text of one paragraph; text boxes met on the way go into ``boxes``."""
        out: list[str] = []
        stack = [iter(p)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                continue
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == TXBX:
                boxes.append(child)
                continue
            if tag == _w("r"):
                rpr = child.find(RPR)
                if rpr is not None and rpr.find(VANISH) is not None and is_on(rpr.find(VANISH)):
                    continue
            if tag == T:
                out.append(child.text or "")
            elif tag == TAB:
                out.append("\t")
            elif tag in (BR, CR):
                out.append("\n")
            elif tag == NOBREAKHYPHEN:
                out.append("-")
            elif tag == P and out:
                out.append("\n")  # a paragraph nested in a content control or a math object
                stack.append(iter(child))
            else:
                stack.append(iter(child))
        return "".join(out)


def _paragraph_kind(p: Any) -> str:
    ppr = p.find(PPR)
    if ppr is None:
        return "paragraph"
    style = ppr.find(PSTYLE)
    name = (style.get(_w("val"), "") if style is not None else "").lower()
    if name.startswith(_HEADING_STYLES) or ppr.find(OUTLINE) is not None:
        return "heading"
    if ppr.find(NUMPR) is not None or name.startswith(("list", "liststycke")):
        return "list_item"
    return "paragraph"
