"""The Word reporter: a copy of the user's document with a comment on each flagged phrase.

For a ``.docx`` input the original file is read again and annotated in memory; the original is
never written. Each finding becomes a Word comment authored "normcheck" and anchored on exactly
the flagged words: runs are split where a finding starts or ends, each part keeping the run's
formatting (``w:rPr``). The first paragraph gets a summary comment with the verdict and counts.
Any other input (text, Markdown, HTML, PDF ...) becomes a new Word document with one paragraph
per segment, annotated the same way, so every input can come back as a Word review.

Findings are placed through ``location.locator`` (``docx:body/p[12]``,
``docx:table[1]/r[2]/c[3]``, optionally ``/p[2]`` inside a cell) and their offsets in the
segment; when the locator is unknown or does not match the text, the flagged text is searched
for nearby in the whole document. A finding that still cannot be placed is listed in the
summary comment instead of being dropped.
"""

from __future__ import annotations

import bisect
import io
import re
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normcheck.errors import ReaderError, UsageError
from normcheck.hookspecs import hookimpl
from normcheck.readers._ooxml import is_on, iter_blocks, iter_cell_blocks, iter_cells
from normcheck.readers._ooxml import w as _w
from normcheck.reporters.common import (
    DOCX_MEDIA_TYPE,
    category_label,
    label,
    module_advice,
    module_headlines,
    severity_label,
    summarize,
)

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.model import DocumentReport, Finding, Report

AUTHOR = "normcheck"
INITIALS = "nc"
MAX_ORIGINAL_BYTES = 50 * 1024 * 1024
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


W_P, W_R, W_T, W_RPR, W_TBL, W_TR, W_TC = (_w(t) for t in ("p", "r", "t", "rPr", "tbl", "tr", "tc"))
W_BODY = _w("body")
# Runs under these are not part of the paragraph's visible text (deleted, moved away) or belong
# to a nested story (a text box inside a drawing).
_SKIP_PARENTS = {_w("del"), _w("moveFrom"), _w("txbxContent")}

W_VANISH = _w("vanish")


def _child_text(e: Any) -> str:
    """The text a run child contributes, as python-docx's ``Run.text`` counts it."""
    tag = e.tag
    if tag == W_T:
        return e.text or ""
    if tag in (_w("tab"), _w("ptab")):
        return "\t"
    if tag == _w("br"):
        return "\n" if e.get(_w("type")) in (None, "textWrapping") else ""
    if tag == _w("cr"):
        return "\n"
    if tag == _w("noBreakHyphen"):
        return "-"
    return ""


def _run_text(r: Any) -> str:
    return "".join(_child_text(c) for c in r if c.tag != W_RPR)


def _runs_of(p: Any) -> list[Any]:
    """The text runs of paragraph ``p`` in document order (inside hyperlinks, insertions, fields)."""
    out = []
    for r in p.iter(W_R):
        e = r.getparent()
        ok = True
        while e is not None and e is not p:
            if e.tag in _SKIP_PARENTS or e.tag == W_P:
                ok = False
                break
            e = e.getparent()
        if ok and e is p and not _hidden(r):
            out.append(r)
    return out


def _hidden(r: Any) -> bool:
    rpr = r.find(W_RPR)
    vanish = rpr.find(W_VANISH) if rpr is not None else None
    return vanish is not None and is_on(vanish)


def _trim_run(r: Any, lo: int, hi: int | None) -> None:
    """Keep only the characters ``[lo, hi)`` of run ``r`` (its properties stay)."""
    pos = 0
    for child in list(r):
        if child.tag == W_RPR:
            continue
        text = _child_text(child)
        a, b = pos, pos + len(text)
        pos = b
        if not text:  # drawings, field characters, references: they stay with the left part
            keep = a <= hi if hi is not None else a > lo
            if not keep:
                r.remove(child)
            continue
        start, end = max(a, lo), b if hi is None else min(b, hi)
        if end <= start:
            r.remove(child)
        elif (start, end) != (a, b):  # only w:t can be cut inside (the others are one character)
            child.text = text[start - a : end - a]
            child.set(_XML_SPACE, "preserve")


def split_run(r: Any, offset: int) -> Any:
    """Split run ``r`` at character ``offset``; return the new right-hand run (inserted after ``r``).

    Both parts keep the run's formatting: the right part is a deep copy with its ``w:rPr``.
    """
    right = deepcopy(r)
    _trim_run(r, 0, offset)
    _trim_run(right, offset, None)
    r.addnext(right)
    return right


@dataclass
class _Container:
    """Paragraphs that make up one segment (a body paragraph, a table cell), with a text map."""

    key: str
    paragraphs: list[Any]
    text: str = ""
    # (start, end, run) for each run with text, in order; starts are offsets into ``text``
    runs: list[tuple[int, int, Any]] = field(default_factory=list)

    def build(self) -> None:
        parts: list[str] = []
        runs: list[tuple[int, int, Any]] = []
        pos = 0
        for i, p in enumerate(self.paragraphs):
            if i:
                parts.append("\n")
                pos += 1
            for r in _runs_of(p):
                t = _run_text(r)
                if t:
                    runs.append((pos, pos + len(t), r))
                    parts.append(t)
                    pos += len(t)
        self.text = "".join(parts)
        self.runs = runs

    def cut(self, at: int) -> bool:
        """Make ``at`` a run boundary (split the run that straddles it). True when split."""
        starts = [s for s, _, _ in self.runs]
        i = bisect.bisect_right(starts, at) - 1
        if i < 0:
            return False
        s, e, r = self.runs[i]
        if s < at < e:
            split_run(r, at - s)
            return True
        return False

    def span_runs(self, start: int, end: int) -> tuple[Any, Any] | None:
        inside = [r for s, e, r in self.runs if s >= start and e <= end and e > s]
        if not inside:
            return None
        return inside[0], inside[-1]


@dataclass
class _Placed:
    finding: Finding
    container: _Container
    start: int
    end: int


def _pattern(text: str) -> re.Pattern[str] | None:
    words = text.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)


def _nearest(pattern: re.Pattern[str], text: str, expected: int) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for m in pattern.finditer(text):
        if best is None or abs(m.start() - expected) < abs(best[0] - expected):
            best = (m.start(), m.end())
    return best


class _Layout:
    """The containers of a Word document and how locators and segments find them.

    Locators follow the docx reader (``normcheck.readers.docx``; both number through
    ``normcheck.readers._ooxml``): body paragraphs
    ``docx:body/p[N]`` counted over the body's paragraphs in order (content controls and tracked
    insertions looked into), tables ``docx:table[i]/r[j]/c[k]`` with nested tables extending the
    path (``.../c[k]/table[1]/r[1]/c[1]``); a cell's paragraphs form one segment.
    """

    def __init__(self) -> None:
        self.ordered: list[_Container] = []
        self.by_key: dict[Any, _Container] = {}
        self.by_segment: dict[int, _Container] = {}

    def add(self, c: _Container) -> _Container:
        c.build()
        self.ordered.append(c)
        self.by_key.setdefault(c.key, c)
        return c

    @classmethod
    def of_document(cls, word: Any) -> _Layout:
        layout = cls()
        layout._blocks(word.element.body, "docx:body", "docx:")
        return layout

    def _blocks(self, container: Any, para_prefix: str, table_prefix: str) -> None:
        for loc, child in iter_blocks(container, para_prefix, table_prefix):
            if child.tag == W_P:
                self.add(_Container(loc, [child]))
            else:
                self._table(child, loc)

    def _table(self, tbl: Any, prefix: str) -> None:
        for loc, cell in iter_cells(tbl, prefix):
            paragraphs: list[Any] = []
            for sub, child in iter_cell_blocks(cell, loc):
                if child.tag == W_P:
                    paragraphs.append(child)
                else:
                    self._table(child, sub)
            self.add(_Container(loc, paragraphs))

    def candidates(self, finding: Finding) -> list[_Container]:
        loc = finding.location
        if loc is None:
            return []
        if loc.segment in self.by_segment:
            return [self.by_segment[loc.segment]]
        c = self.by_key.get(loc.locator)
        return [c] if c is not None else []

    def place(self, finding: Finding, doc: DocumentReport) -> _Placed | None:
        pattern = _pattern(finding.text)
        if pattern is None:
            return None
        document = doc.document
        seg_start = 0
        seg_text = ""
        if finding.location is not None and 0 <= finding.location.segment < len(document.segments):
            seg = document.segments[finding.location.segment]
            seg_start = seg.start
            seg_text = document.text[seg.start : seg.end]
        rel = finding.start - seg_start
        for c in self.candidates(finding):
            head = seg_text[:24]
            shift = c.text.find(head) if head else 0
            expected = rel + (shift if shift > 0 else 0)
            hit = _nearest(pattern, c.text, expected)
            if hit is not None and (c.text == seg_text or abs(hit[0] - expected) <= max(40, len(c.text) // 4)):
                return _Placed(finding, c, *hit)
        locator = finding.location.locator if finding.location else ""
        if self.by_segment or not locator.startswith(("docx:body/", "docx:table[")):
            # Headers, footers, notes and text boxes cannot carry comments here; a generated
            # document has exactly one paragraph per segment. Nothing to search.
            return None
        # Not where the locator says (a document edited since, another numbering): look in the
        # whole body near the same relative place.
        total = sum(len(c.text) + 1 for c in self.ordered) or 1
        expected_global = finding.start * total / max(len(document.text), 1)
        best: tuple[float, _Container, int, int] | None = None
        pos = 0
        for c in self.ordered:
            for m in pattern.finditer(c.text):
                distance = abs(pos + m.start() - expected_global)
                if best is None or distance < best[0]:
                    best = (distance, c, m.start(), m.end())
            pos += len(c.text) + 1
        if best is None:
            return None
        return _Placed(finding, best[1], best[2], best[3])


def _finding_comment(f: Finding, lang: str | None) -> list[str]:
    lines = [f"[{category_label(f.category, lang)} · {severity_label(f.severity, lang)}] {f.message}"]
    if f.suggestions:
        lines.append(f"{label('suggestions', lang)}: {', '.join(f.suggestions)}")
    if f.note and f.note not in f.message:
        lines.append(f"{label('why', lang)}: {f.note}")
    lines.append(f"{label('rule', lang)}: {f.rule}")
    return lines


def _summary_comment(doc: DocumentReport, unplaced: list[Finding], lang: str | None) -> list[str]:
    s = summarize(doc)
    lines = [f"normcheck: {s.counts_phrase(lang)}."]
    if s.verdict:
        lines.append(f"{label('verdict', lang)}: {s.verdict_phrase(lang)}.")
    if s.by_category:
        lines.append(f"{label('by_category', lang)}: {s.categories_phrase(lang)}.")
    for name, headline in module_headlines(doc):
        lines.append(f"{name}: {headline}")
    advice = module_advice(doc)
    if advice:
        lines.append(f"{label('advice', lang)}:")
        lines.extend(f"{i}. {message}" for i, (_, message) in enumerate(advice[:5], start=1))
    if unplaced:
        items = "; ".join(f"'{f.text}' ({f.location.locator if f.location else '?'}, {f.rule})" for f in unplaced)
        lines.append(f"{label('unplaced', lang)}: {items}")
    return lines


class _Commenter:
    """Writes Word comments straight into the comments part (python-docx's ``add_comment`` looks
    up the next id and the styles for every comment, which is quadratic on long documents)."""

    def __init__(self, word: Any) -> None:
        import datetime as dt

        self.root = word.comments._comments_elm  # creates the part and its relationship if needed
        used = [int(x) for x in self.root.xpath("./w:comment/@w:id") if str(x).isdigit()]
        self.next_id = max(used, default=-1) + 1
        self.date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _el(self, tag: str, parent: Any = None, **attrs: str) -> Any:
        el = self.root.makeelement(_w(tag), {_w(k): v for k, v in attrs.items()})
        if parent is not None:
            parent.append(el)
        return el

    def add(self, first: Any, last: Any, lines: list[str]) -> int:
        cid = str(self.next_id)
        self.next_id += 1
        el = self._el
        comment = el("comment", self.root, id=cid, author=AUTHOR, initials=INITIALS, date=self.date)
        for i, line in enumerate(lines):
            p = el("p", comment)
            el("pStyle", el("pPr", p), val="CommentText")
            if i == 0:
                r = el("r", p)
                el("rStyle", el("rPr", r), val="CommentReference")
                el("annotationRef", r)
            t = el("t", el("r", p))
            t.text = line
            t.set(_XML_SPACE, "preserve")
        first.addprevious(el("commentRangeStart", id=cid))
        ref = el("r")
        el("rStyle", el("rPr", ref), val="CommentReference")
        el("commentReference", ref, id=cid)
        last.addnext(ref)
        last.addnext(el("commentRangeEnd", id=cid))
        return int(cid)


def _original_bytes(doc: DocumentReport, *, from_disk: bool = True) -> bytes | None:
    """The original Word file, or ``None`` when the input was not a Word document.

    The bytes come from ``document.meta["original_bytes"]`` when a caller put them there (the
    HTTP service does, for uploads), else from the input path, read again (never written).
    """
    if doc.media_type != DOCX_MEDIA_TYPE:
        return None
    data = doc.document.meta.get("original_bytes") if hasattr(doc.document.meta, "get") else None
    if isinstance(data, (bytes, bytearray)):
        return bytes(data)
    if not from_disk:
        raise ReaderError("the original Word file was not passed along to annotate", source=doc.source)
    path = Path(doc.source)
    try:
        if not path.is_file():
            raise ReaderError("the original Word file is not available to annotate (read from a file path)", source=doc.source)
        if path.stat().st_size > MAX_ORIGINAL_BYTES:
            raise ReaderError("the Word file is too large to annotate", source=doc.source)
        data = path.read_bytes()
    except OSError as exc:
        raise ReaderError(f"the original Word file cannot be read again ({exc.strerror or exc})", source=doc.source) from None
    if not data.startswith(b"PK"):
        raise ReaderError("the original file is no longer a Word document", source=doc.source)
    return data


def _new_document(doc: DocumentReport) -> tuple[Any, _Layout]:
    """A fresh Word document with one paragraph per segment of a non-Word input."""
    from docx import Document as new_docx

    word = new_docx()
    word.core_properties.title = doc.source
    word.core_properties.author = AUTHOR
    layout = _Layout()
    text = doc.document.text
    for i, seg in enumerate(doc.document.segments):
        chunk = text[seg.start : seg.end]
        if seg.kind in ("title", "heading"):
            p = word.add_heading(level=1 if seg.kind == "title" else 2)
        elif seg.kind == "list_item":
            p = word.add_paragraph(style="List Bullet")
        else:
            p = word.add_paragraph()
        p.add_run(chunk)
        if doc.language in ("sv", "en"):
            _set_lang(p._p, "sv-SE" if doc.language == "sv" else "en-GB")
        c = layout.add(_Container(f"segment[{i}]", [p._p]))
        layout.by_segment[i] = c
    return word, layout


def _set_lang(p: Any, tag: str) -> None:
    from docx.oxml import OxmlElement

    for r in p.iter(W_R):
        rpr = r.find(W_RPR)
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            r.insert(0, rpr)
        el = OxmlElement("w:lang")
        el.set(_w("val"), tag)
        rpr.append(el)


def annotate(doc: DocumentReport, options: dict[str, Any] | None = None) -> bytes:
    """The annotated Word file for one document report, as bytes.

    With ``options["service"]`` set, the original is never looked for on the local disk (an
    upload's name is not a path on the server).
    """
    try:
        from docx import Document as open_docx
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise UsageError("the docx format needs python-docx: pip install python-docx") from None

    lang = doc.language
    original = _original_bytes(doc, from_disk=not (options or {}).get("service"))
    if original is not None:
        try:
            word = open_docx(io.BytesIO(original))
        except Exception as exc:  # a corrupt package: name the file, no traceback
            raise ReaderError(f"the Word file cannot be opened to annotate it ({exc.__class__.__name__})", source=doc.source) from None
        layout = _Layout.of_document(word)
    else:
        word, layout = _new_document(doc)

    placed: list[_Placed] = []
    unplaced: list[Finding] = []
    for f in doc.findings:
        hit = layout.place(f, doc)
        (placed.append(hit) if hit is not None else unplaced.append(f))

    # Split runs at every start and end first, then anchor: overlapping findings share cuts.
    touched: dict[int, _Container] = {}
    for pl in placed:
        touched[id(pl.container)] = pl.container
    for c in touched.values():
        c.build()  # another container may share these runs and have split them already
        for at in sorted({x for pl in placed if pl.container is c for x in (pl.start, pl.end)}, reverse=True):
            c.cut(at)
    # A cell container and its per-paragraph containers share runs: rebuild every map.
    for c in layout.ordered:
        c.build()

    commenter = _Commenter(word)
    first = next((c for c in layout.ordered if c.runs), None)
    if first is not None:
        commenter.add(first.runs[0][2], first.runs[-1][2], _summary_comment(doc, unplaced, lang))
    for pl in placed:
        ends = pl.container.span_runs(pl.start, pl.end)
        if ends is None:
            unplaced.append(pl.finding)
            continue
        commenter.add(ends[0], ends[1], _finding_comment(pl.finding, lang))

    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


class DocxReporter:
    name = "docx"
    media_type = DOCX_MEDIA_TYPE
    description = "a copy of the Word document with a comment on each finding (needs -o or --output-dir)"
    binary = True
    streaming = False
    per_document = True
    extension = ".docx"

    def render_document(self, doc: DocumentReport, config: Config, options: dict[str, Any]) -> bytes:
        return annotate(doc, options)

    def render(self, report: Report, config: Config, options: dict[str, Any]) -> bytes:
        if len(report.documents) != 1:
            raise UsageError(
                f"the docx format writes one Word file per input and {len(report.documents)} documents were "
                "scanned: use --output-dir"
            )
        return annotate(report.documents[0], options)


@hookimpl
def register_reporters() -> list[object]:
    return [DocxReporter()]
