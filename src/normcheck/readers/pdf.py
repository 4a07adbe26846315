"""PDF: the text layer of every page, in reading order, with page numbers (pypdf).

Each paragraph becomes a segment located ``pdf:page=N`` with ``page=N``. pypdf reports each
piece of text with its position; lines are rebuilt from those pieces, paragraphs are split at
vertical gaps, and larger type becomes a ``heading``. On a page laid out in columns (two or
three text columns side by side) the pieces are put in reading order: text above the columns,
then each column top to bottom, left to right, then text below them; other pages keep the
order of the content stream. Hyphens at line ends are joined when a lower-case word follows.

A PDF with no text layer (scanned pages) is refused with a message saying so; an encrypted PDF
is read when it opens with an empty password and refused otherwise.
"""

from __future__ import annotations

import logging
import statistics
from contextlib import contextmanager
from io import BytesIO
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from normcheck.errors import ReaderError
from normcheck.hookspecs import hookimpl
from normcheck.readers._build import DocumentBuilder

if TYPE_CHECKING:
    from collections.abc import Iterator

    from normcheck.config import Config
    from normcheck.model import Document

MEDIA_TYPE = "application/pdf"
MAX_PAGES = 5000


@hookimpl
def sniff_media_type(data: bytes, name: str) -> str | None:
    if b"%PDF-" in data[:1024]:
        return MEDIA_TYPE
    if PurePath(name.split("?", 1)[0]).suffix.lower() == ".pdf" and data[:4] != b"PK\x03\x04":
        return MEDIA_TYPE  # the reader says what is wrong with it
    return None


@hookimpl
def read_document(data: bytes, media_type: str, source: str, config: Config) -> Document | None:
    if media_type != MEDIA_TYPE:
        return None
    return read_pdf(data, source)


@contextmanager
def _quiet() -> Iterator[None]:
    """pypdf logs warnings about damaged files; normcheck reports its own one-line errors."""
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)


class _Piece:
    """A run of text on one line: where it starts, its estimated end, type size."""

    __slots__ = ("x", "y", "size", "text", "x1")

    def __init__(self, x: float, y: float, size: float) -> None:
        self.x = x
        self.y = y
        self.size = size
        self.text = ""
        self.x1 = x

    def finish(self) -> None:
        self.x1 = self.x + len(self.text.strip()) * self.size * 0.5


def _collect(page: Any) -> list[_Piece]:
    pieces: list[_Piece] = []
    cur: list[_Piece | None] = [None]

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if not text:
            return
        piece = cur[0]
        lines = text.split("\n")
        for i, chunk in enumerate(lines):
            if i > 0:  # pypdf's own line break
                if piece is not None:
                    piece.finish()
                piece = None
            if not chunk:
                continue
            if not chunk.strip():
                if piece is not None:
                    piece.text += chunk
                continue
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1.0
            eff = float(size or 10) * scale
            if eff <= 0 or eff > 500:
                eff = 10.0
            if piece is not None and piece.text.strip():
                same_line = abs(y - piece.y) < 0.35 * max(eff, piece.size)
                est_end = piece.x + len(piece.text) * piece.size * 0.5
                if not same_line or x < piece.x - 1 or x - est_end > 3 * piece.size:
                    piece.finish()
                    piece = None
            if piece is None:
                piece = _Piece(x, y, eff)
                pieces.append(piece)
            elif not piece.text.strip():
                piece.x, piece.y, piece.size = x, y, eff
            piece.text += chunk
        cur[0] = piece

    page.extract_text(visitor_text=visit)
    if cur[0] is not None:
        cur[0].finish()
    return [p for p in pieces if p.text.strip()]


def _column_starts(pieces: list[_Piece], left: float, right: float) -> list[float]:
    """x positions where a text column starts to the right of ``left`` (empty: one column)."""
    width = right - left
    if width <= 0:
        return []
    counts: dict[int, list[_Piece]] = {}
    for p in pieces:
        if p.x >= left + 0.25 * width and len(p.text.strip()) >= 8:
            counts.setdefault(round(p.x / 3), []).append(p)
    best = None
    for key, group in counts.items():
        group_all = group + counts.get(key - 1, []) + counts.get(key + 1, [])
        if len(group_all) >= 3 and (best is None or len(group_all) > len(best[1])):
            best = (key, group_all)
    if best is None:
        return []
    start = min(p.x for p in best[1])
    top = max(p.y for p in best[1])
    bottom = min(p.y for p in best[1])
    # Text in the column to the left must run close to the new column and sit beside it.
    beside = [
        p for p in pieces
        if p.x < start - 2 and bottom - p.size <= p.y <= top + p.size and len(p.text.strip()) >= 8
    ]
    if len(beside) < 3:
        return []
    fill = statistics.median(p.x1 for p in beside)
    if fill < left + 0.55 * (start - left) or fill > start + 0.25 * (right - start):
        return []  # a table or a label column, not running text
    rest = [p for p in pieces if p.x >= start - 2]
    return [start, *_column_starts(rest, start, right)]


def _reading_order(pieces: list[_Piece]) -> tuple[list[_Piece], list[int], int]:
    """Pieces in reading order, the group (band or column) of each, and the number of columns."""
    if len(pieces) < 6:
        return pieces, [0] * len(pieces), 1
    left = min(p.x for p in pieces)
    right = max(p.x1 for p in pieces)
    starts = _column_starts(pieces, left, right)
    if not starts:
        return pieces, [0] * len(pieces), 1
    bounds = [s - 2 for s in starts]

    def column(p: _Piece) -> int:
        return sum(1 for b in bounds if p.x >= b)

    width = right - left
    middle = (left + right) / 2
    in_cols = [p for p in pieces if column(p) > 0]
    top = max(p.y + p.size for p in in_cols)
    bottom = min(p.y - p.size for p in in_cols)
    keyed = []
    for p in pieces:
        col = column(p)
        if col == 0 and p.y > top:
            group = 0
        elif col == 0 and p.y < bottom and (p.x1 > bounds[0] + 0.05 * width or (p.x > left + 10 and abs((p.x + p.x1) / 2 - middle) < 0.1 * width)):
            group = len(starts) + 2  # full-width or centred text below the columns
        else:
            group = col + 1
        keyed.append((group, -p.y, p.x, p))
    keyed.sort(key=lambda k: (k[0], k[1], k[2]))
    return [k[3] for k in keyed], [k[0] for k in keyed], len(starts) + 1


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        line = line.strip()
        if not out:
            out = line
        elif out.endswith("-") and len(out) > 1 and out[-2].islower() and line[:1].islower():
            out = out[:-1] + line
        else:
            out += " " + line
    return out


def _paragraphs(pieces: list[_Piece], groups: list[int]) -> list[tuple[str, bool]]:
    """(text, is_heading) paragraphs from ordered pieces."""
    if not pieces:
        return []
    body_size = statistics.median(p.size for p in pieces)
    steps = [
        a.y - b.y for a, b, ga, gb in zip(pieces, pieces[1:], groups, groups[1:]) if ga == gb and 0.2 * a.size < a.y - b.y < 3 * a.size
    ]
    # Line pitch: a low percentile of the vertical steps (paragraph gaps are the larger ones).
    # When every step is large (one-line paragraphs only), assume ordinary 1.2 line spacing.
    steps = sorted(d for d in steps if d >= 0.8 * body_size)
    leading = steps[len(steps) // 10] if steps else 1.2 * body_size
    if leading > 2.2 * body_size:
        leading = 1.2 * body_size
    paras: list[tuple[str, bool]] = []
    lines: list[str] = []
    heading = False
    prev: _Piece | None = None
    prev_group = None
    for p, g in zip(pieces, groups):
        is_heading = p.size > 1.15 * body_size
        if prev is not None:
            dy = prev.y - p.y
            same_line = abs(dy) < 0.35 * max(p.size, prev.size)
            if same_line and g == prev_group:
                lines[-1] = lines[-1].rstrip() + " " + p.text.strip()
                prev = p
                continue
            new_para = g != prev_group or dy < 0 or dy > leading + 0.45 * body_size or is_heading != heading
            if new_para and lines:
                paras.append((_join(lines), heading))
                lines = []
        lines.append(p.text)
        heading = is_heading
        prev, prev_group = p, g
    if lines:
        paras.append((_join(lines), heading))
    return paras


def _has_images(page: Any) -> bool:
    try:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                return True
            if obj.get("/Subtype") == "/Form" and _has_images(obj):
                return True
    except Exception:  # noqa: BLE001 - a damaged resource dictionary is not worth an error here
        return False
    return False


def read_pdf(data: bytes, source: str) -> Document:
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PdfStreamError

    out = DocumentBuilder(source, MEDIA_TYPE)
    with _quiet():
        try:
            reader = pypdf.PdfReader(BytesIO(data), strict=False)
            encrypted = reader.is_encrypted
            if encrypted:
                try:
                    opened = reader.decrypt("")
                except DependencyError:
                    raise ReaderError(
                        "the PDF is encrypted with AES, which needs the 'cryptography' package (pip install cryptography)",
                        source=source,
                    ) from None
                if not opened:
                    raise ReaderError("the PDF is password-protected; save an unprotected copy and try again", source=source)
            n_pages = len(reader.pages)
        except ReaderError:
            raise
        except (PdfReadError, PdfStreamError, FileNotDecryptedError, ValueError, KeyError, TypeError, AttributeError,
                IndexError, OSError, RecursionError, AssertionError) as exc:
            detail = str(exc).split("\n")[0][:100] or exc.__class__.__name__
            raise ReaderError(f"not a readable PDF (corrupt or truncated: {detail})", source=source) from None
        if n_pages == 0:
            raise ReaderError("the PDF has no pages", source=source)
        if n_pages > MAX_PAGES:
            raise ReaderError(f"the PDF has {n_pages} pages (limit {MAX_PAGES})", source=source)
        images = 0
        failed: list[int] = []
        columns: dict[int, int] = {}
        for number in range(1, n_pages + 1):
            try:
                page = reader.pages[number - 1]
                pieces = _collect(page)
            except Exception:  # noqa: BLE001 - one damaged page must not lose the others
                failed.append(number)
                continue
            if not pieces:
                images += _has_images(page)
                continue
            ordered, groups, ncols = _reading_order(pieces)
            if ncols > 1:
                columns[number] = ncols
            for text, heading in _paragraphs(ordered, groups):
                out.add(text, "heading" if heading else "paragraph", f"pdf:page={number}", number)
    if not len(out):
        if failed and len(failed) == n_pages:
            raise ReaderError("not a readable PDF (no page could be decoded)", source=source)
        if images:
            raise ReaderError(
                "the PDF has no text layer, only images (a scan?); run text recognition (OCR) on it first",
                source=source,
            )
        raise ReaderError("the PDF has no text", source=source)
    meta: dict[str, Any] = {"pages": n_pages}
    if failed:
        meta["unreadable_pages"] = failed
    if columns:
        meta["column_pages"] = columns
    if encrypted:
        meta["encrypted"] = True
    return out.build(meta)
