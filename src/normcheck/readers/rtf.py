"""Rich Text Format (.rtf): paragraphs, table cells, headers, footers and footnotes.

A small RTF tokenizer of our own (no dependency): control words, groups, ``\\'hh`` bytes in the
document's code page (``\\ansicpg``, Windows-1252 by default) and ``\\uN`` Unicode escapes.
Segments: body paragraphs ``rtf:p[N]`` (every ``\\par`` counts), table cells
``rtf:table[1]/r[2]/c[3]``, then headers, footers and footnotes (``rtf:footnote[1]``).
Font, colour and style tables, pictures, objects, field instructions, hidden text (``\\v``)
and tracked deletions (``\\deleted``) are left out.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import TYPE_CHECKING

from normcheck.errors import ReaderError
from normcheck.hookspecs import hookimpl
from normcheck.readers._build import DocumentBuilder

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.model import Document

MEDIA_TYPE = "application/rtf"
MAX_DEPTH = 512

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|[\r\n]+|([^\\{}\r\n]+)"
)
_SKIP_DEST = frozenset(
    b"fonttbl colortbl stylesheet info pict object objdata themedata colorschememapping datastore latentstyles "
    b"listtable listoverridetable rsidtbl generator xmlnstbl mmathPr fldinst filetbl revtbl pgdsctbl "
    b"listtext pntext pntxta pntxtb bkmkstart bkmkend annotation atnid atnauthor atndate atnref "
    b"shpinst nonshppict sp sn sv userprops docvar template operator author title subject keywords".split()
)
_STORIES = {b"header": "header", b"headerl": "header", b"headerr": "header", b"headerf": "header",
            b"footer": "footer", b"footerl": "footer", b"footerr": "footer", b"footerf": "footer",
            b"footnote": "footnote"}
_SYMBOLS = {
    b"emdash": "\u2014", b"endash": "\u2013", b"lquote": "\u2018", b"rquote": "\u2019",
    b"ldblquote": "\u201c", b"rdblquote": "\u201d", b"bullet": "\u2022", b"emspace": " ", b"enspace": " ",
    b"qmspace": " ", b"tab": "\t", b"line": "\n",
}


@hookimpl
def sniff_media_type(data: bytes, name: str) -> str | None:
    if data.lstrip()[:5] == b"{\\rtf":
        return MEDIA_TYPE
    return None


@hookimpl
def read_document(data: bytes, media_type: str, source: str, config: Config) -> Document | None:
    if media_type not in (MEDIA_TYPE, "text/rtf"):
        return None
    return read_rtf(data, source)


class _State:
    __slots__ = ("skip", "uc", "hidden", "story")

    def __init__(self, skip: bool = False, uc: int = 1, hidden: bool = False, story: str = "body") -> None:
        self.skip = skip
        self.uc = uc
        self.hidden = hidden
        self.story = story

    def copy(self) -> _State:
        return _State(self.skip, self.uc, self.hidden, self.story)


def read_rtf(data: bytes, source: str) -> Document:
    if data.lstrip()[:5] != b"{\\rtf":
        raise ReaderError("not an RTF file (it does not start with {\\rtf)", source=source)
    out = DocumentBuilder(source, MEDIA_TYPE)
    codepage = "cp1252"
    stack: list[_State] = []
    state = _State()
    buf: list[str] = []
    pending = bytearray()  # \'hh bytes waiting to be decoded together (multi-byte code pages)
    skip_chars = 0
    stories: dict[str, list[tuple[str, str, str]]] = {"header": [], "footer": [], "footnote": []}
    story_buf: list[str] = []
    story_count = {"header": 0, "footer": 0, "footnote": 0}
    para = 0
    table, row, cell = 0, 0, 0
    in_table = False
    last_was_row = False

    def flush_bytes() -> None:
        if pending:
            target = story_buf if state.story != "body" else buf
            target.append(bytes(pending).decode(codepage, "replace"))
            pending.clear()

    def emit(text: str) -> None:
        flush_bytes()
        (story_buf if state.story != "body" else buf).append(text)

    def end_paragraph() -> None:
        nonlocal para, last_was_row
        flush_bytes()
        if state.story != "body":
            story_buf.append("\n")
            return
        if in_table:
            buf.append("\n")  # a paragraph inside a cell: the cell ends at \cell
            return
        text = "".join(buf)
        buf.clear()
        last_was_row = False
        para += 1
        out.add(text, "paragraph", f"rtf:p[{para}]")

    pos = 0
    n = len(data)
    start = data.find(b"{")
    pos = start
    depth = 0
    while pos < n:
        m = _TOKEN.match(data, pos)
        if m is None:
            pos += 1
            continue
        pos = m.end()
        word, arg, hexbyte, symbol, brace, text = m.groups()
        if brace == b"{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ReaderError(f"groups nested deeper than {MAX_DEPTH}: not a sensible RTF file", source=source)
            flush_bytes()
            stack.append(state)
            state = state.copy()
            continue
        if brace == b"}":
            flush_bytes()
            depth -= 1
            if state.story != "body" and (not stack or stack[-1].story != state.story):
                kind = state.story
                story_count[kind] += 1
                stories[kind].append(("".join(story_buf), kind, f"rtf:{kind}[{story_count[kind]}]"))
                story_buf.clear()
            state = stack.pop() if stack else _State()
            if depth <= 0:
                break
            continue
        if skip_chars and (text or hexbyte or symbol):
            # characters after \uN stand in for readers without Unicode: skip them
            if text:
                cut = min(skip_chars, len(text))
                skip_chars -= cut
                text = text[cut:]
                if not text:
                    continue
            else:
                skip_chars -= 1
                continue
        if word is not None:
            skip_chars = 0
            if word == b"bin" and arg:
                pos += max(0, int(arg))
                continue
            if state.skip:
                continue
            if word in _SKIP_DEST:
                state.skip = True
            elif word in _STORIES:
                state.story = _STORIES[word]
                story_buf.clear()
            elif word == b"ansicpg" and arg:
                codepage = f"cp{int(arg)}"
                try:
                    "".encode(codepage)
                except LookupError:
                    codepage = "cp1252"
            elif word == b"uc" and arg:
                state.uc = max(0, int(arg))
            elif word == b"u" and arg:
                if not state.hidden:
                    v = int(arg)
                    emit(chr(v + 65536 if v < 0 else v) if -65536 < v < 0x110000 else "")
                skip_chars = state.uc
            elif word in (b"v", b"deleted"):
                state.hidden = arg != b"0"
            elif word == b"plain":
                state.hidden = False
            elif word in (b"par", b"sect", b"page"):
                if not state.hidden or word != b"par":
                    end_paragraph()
            elif word == b"intbl":
                in_table = True
            elif word == b"trowd":
                if not last_was_row:
                    table += 1
                    row = 0
            elif word in (b"cell", b"nestcell"):
                flush_bytes()
                table = max(table, 1)
                if cell == 0:
                    row += 1
                cell += 1
                out.add("".join(buf), "table_cell", f"rtf:table[{table}]/r[{row}]/c[{cell}]")
                buf.clear()
            elif word in (b"row", b"nestrow"):
                cell = 0
                in_table = False
                last_was_row = True
            elif word == b"pard":
                in_table = False
            elif word in _SYMBOLS and not state.hidden:
                emit(_SYMBOLS[word])
            continue
        if state.skip or state.hidden:
            continue
        if hexbyte is not None:
            pending.append(int(hexbyte, 16))
        elif symbol is not None:
            if symbol == b"*":
                state.skip = True
            elif symbol in (b"\\", b"{", b"}"):
                emit(symbol.decode())
            elif symbol == b"~":
                emit("\u00a0")
            elif symbol == b"_":
                emit("-")
            elif symbol in (b"\n", b"\r"):
                end_paragraph()
        elif text is not None:
            emit(text.decode(codepage, "replace"))
    flush_bytes()
    if "".join(buf).strip():
        para += 1
        out.add("".join(buf), "paragraph", f"rtf:p[{para}]")
    for kind in ("header", "footer", "footnote"):
        for text, k, loc in stories[kind]:
            out.add(text, k, loc)
    return out.build()
