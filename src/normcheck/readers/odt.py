"""OpenDocument text (.odt, LibreOffice/OpenOffice): body, lists, tables, frames, notes, headers.

Read from the zip container with lxml: size-checked before inflating, no entity resolved.
Segments, in reading order: page headers (``odt:header[1]/p[1]``), body paragraphs and
headings (``odt:body/p[4]``, headings and paragraphs counted together), list items
(``odt:body/list[2]/item[3]``), table cells (``odt:table[1]/r[2]/c[3]``), text frames after the
paragraph they are anchored in (``odt:body/p[3]/frame[1]/p[1]``), footnotes and endnotes after
their paragraph (``odt:footnote[1]``), then page footers. Tracked deletions, comments
(``office:annotation``) and note citation numbers are left out.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from normcheck.errors import ReaderError
from normcheck.hookspecs import hookimpl
from normcheck.readers._build import DocumentBuilder, open_zip, read_xml_part, zip_names

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.model import Document

MEDIA_TYPE = "application/vnd.oasis.opendocument.text"
_TEMPLATE = "application/vnd.oasis.opendocument.text-template"

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"


def _t(tag: str) -> str:
    return f"{{{TEXT}}}{tag}"


P, H, LIST, ITEM, HEADER_ITEM, SECTION, S, TAB, LB, NOTE, NOTE_BODY = (
    _t(x) for x in ("p", "h", "list", "list-item", "list-header", "section", "s", "tab", "line-break", "note", "note-body")
)
TBL, ROW, CELL, COVERED = (f"{{{TABLE}}}{x}" for x in ("table", "table-row", "table-cell", "covered-table-cell"))
ROW_GROUPS = {f"{{{TABLE}}}{x}" for x in ("table-header-rows", "table-rows", "table-row-group")}
FRAME, TEXTBOX = f"{{{DRAW}}}frame", f"{{{DRAW}}}text-box"
ANNOTATION = f"{{{OFFICE}}}annotation"
_SKIP = {
    ANNOTATION, f"{{{OFFICE}}}annotation-end", _t("tracked-changes"), _t("note-citation"),
    _t("sequence-decls"), _t("variable-decls"), _t("user-field-decls"), _t("bookmark-ref"),
}


@hookimpl
def sniff_media_type(data: bytes, name: str) -> str | None:
    names = zip_names(data)
    if names is None:
        return None
    head = data[:200]
    if b"mimetypeapplication/vnd.oasis.opendocument.text" in head:
        return MEDIA_TYPE
    if b"mimetypeapplication/vnd.oasis.opendocument" in head:
        return None  # a spreadsheet or a presentation
    if PurePath(name.split("?", 1)[0]).suffix.lower() in (".odt", ".ott") and not any(n.startswith("word/") for n in names):
        return MEDIA_TYPE
    return None


@hookimpl
def read_document(data: bytes, media_type: str, source: str, config: Config) -> Document | None:
    if media_type not in (MEDIA_TYPE, _TEMPLATE):
        return None
    return OdtReader(data, source).read()


class OdtReader:
    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        self.zf, self.budget = open_zip(data, source, "OpenDocument (.odt)")
        self.out = DocumentBuilder(source, MEDIA_TYPE)
        self.tables = 0
        self.notes = {"footnote": 0, "endnote": 0}

    def _part(self, name: str, *, required: bool = False) -> Any:
        return read_xml_part(self.zf, name, self.budget, required=required)

    def read(self) -> Document:
        manifest = self._part("META-INF/manifest.xml")
        if manifest is not None and manifest.find(f".//{{{MANIFEST}}}encryption-data") is not None:
            raise ReaderError("the document is password-protected (encrypted); save it without a password and try again", source=self.source)
        content = self._part("content.xml", required=True)
        body = content.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
        if body is None:
            raise ReaderError("not an OpenDocument text (no office:text body)", source=self.source)
        styles = self._part("styles.xml")
        headers, footers = [], []
        if styles is not None:
            for page in styles.iter(f"{{{STYLE}}}master-page"):
                for child in page:
                    name = child.tag.rsplit("}", 1)[-1]
                    if name.startswith("header"):
                        headers.append(child)
                    elif name.startswith("footer"):
                        footers.append(child)
        for i, el in enumerate(headers, start=1):
            self._blocks(el, f"odt:header[{i}]", kind="header")
        self._blocks(body, "odt:body")
        for i, el in enumerate(footers, start=1):
            self._blocks(el, f"odt:footer[{i}]", kind="footer")
        return self.out.build()

    def _blocks(self, container: Any, prefix: str, *, kind: str | None = None) -> None:
        counts = {"p": 0, "list": 0}

        def walk(parent: Any) -> None:
            for child in parent:
                tag = child.tag
                if tag in (P, H):
                    counts["p"] += 1
                    loc = f"{prefix}/p[{counts['p']}]"
                    self._paragraph(child, loc, kind or ("heading" if tag == H else "paragraph"))
                elif tag == LIST:
                    counts["list"] += 1
                    self._list(child, f"{prefix}/list[{counts['list']}]", kind)
                elif tag == TBL:
                    self.tables += 1
                    self._table(child, f"odt:table[{self.tables}]")
                elif tag == SECTION:
                    walk(child)

        walk(container)

    def _list(self, lst: Any, prefix: str, kind: str | None) -> None:
        n = 0
        for item in lst:
            if item.tag not in (ITEM, HEADER_ITEM):
                continue
            n += 1
            loc = f"{prefix}/item[{n}]"
            sub = 0
            para = 0
            for child in item:
                if child.tag in (P, H):
                    para += 1
                    self._paragraph(child, loc if para == 1 else f"{loc}/p[{para}]", kind or "list_item")
                elif child.tag == LIST:
                    sub += 1
                    self._list(child, f"{loc}/list[{sub}]", kind)

    def _table(self, tbl: Any, prefix: str) -> None:
        r = 0
        for row in _rows(tbl):
            r += 1
            c = 0
            for cell in row:
                if cell.tag not in (CELL, COVERED):
                    continue
                repeat = min(int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1") or 1), 1024)
                c += 1
                loc = f"{prefix}/r[{r}]/c[{c}]"
                parts: list[str] = []
                notes: list[Any] = []
                frames: list[Any] = []
                for child in cell:
                    if child.tag in (P, H):
                        parts.append(self._text(child, notes, frames))
                    elif child.tag == LIST:
                        parts.extend(self._text(p, notes, frames) for p in child.iter(P, H))
                    elif child.tag == TBL:
                        self.tables += 1
                        self._table(child, f"odt:table[{self.tables}]")
                self.out.add("\n".join(parts), "table_cell", loc)
                self._after(loc, notes, frames)
                c += repeat - 1

    def _paragraph(self, p: Any, loc: str, kind: str) -> None:
        notes: list[Any] = []
        frames: list[Any] = []
        self.out.add(self._text(p, notes, frames), kind, loc)
        self._after(loc, notes, frames)

    def _after(self, loc: str, notes: list[Any], frames: list[Any]) -> None:
        for i, box in enumerate(frames, start=1):
            self._blocks(box, f"{loc}/frame[{i}]", kind="text_box")
        for note in notes:
            cls = note.get(_t("note-class"), "footnote")
            cls = cls if cls in self.notes else "footnote"
            self.notes[cls] += 1
            body = note.find(NOTE_BODY)
            if body is not None:
                self._blocks(body, f"odt:{cls}[{self.notes[cls]}]", kind=cls)

    def _text(self, p: Any, notes: list[Any], frames: list[Any]) -> str:
        out: list[str] = []

        def walk(el: Any) -> None:
            if el.text:
                out.append(el.text)
            for child in el:
                tag = child.tag
                if tag in _SKIP or not isinstance(tag, str):
                    pass
                elif tag == NOTE:
                    notes.append(child)
                elif tag == FRAME:
                    frames.extend(child.iter(TEXTBOX))
                elif tag == S:
                    out.append(" " * min(int(child.get(_t("c"), "1") or 1), 100))
                elif tag == TAB:
                    out.append("\t")
                elif tag == LB:
                    out.append("\n")
                else:
                    walk(child)
                if child.tail:
                    out.append(child.tail)

        walk(p)
        return "".join(out)


def _rows(tbl: Any) -> list[Any]:
    rows = []
    for child in tbl:
        if child.tag == ROW:
            rows.append(child)
        elif child.tag in ROW_GROUPS:
            rows.extend(_rows(child))
    return rows
