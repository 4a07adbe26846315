"""Find an ad's sections and its requirement items, and classify each item as required or merit.

An ad is read line by line. A line is a heading when it is a known heading phrase ("Krav",
"Meriterande", "Preferred qualifications"), a sentence-form intro that ends in a colon or stands
alone ("Vi söker dig som har:", "You have"), an inline label ("Krav: B-körkort, truckkort"), or a
short unknown line ending in a colon. Under a requirement or merit heading, every bullet and every
line is an item (prose lines are split into sentences); the list ends at the next heading, or at a
blank line followed by prose. Outside such lists, single sentences that carry a requirement marker
("Vi söker dig som har …", "… är ett krav", "… is required", "… is a plus") are items too.

An item's own wording overrides its heading: "Har du gärna erfarenhet av X" under "Krav" is a
merit, "B-körkort är ett krav" under "Meriterande" is required.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from normcheck.lang import en as lang_en
from normcheck.lang import split_sentences
from normcheck.lang import sv as lang_sv

from normcheck_recruitment.data import Heading, Markers, combined

LIST_KINDS = ("required", "merit")
#: Sections in which a sentence is never read as a requirement.
NO_SENTENCE_ITEMS = ("offer", "apply", "terms", "about")

_BULLET = re.compile(r"(?:[-–—*+]\s+|[•●▪■◦○►▸✓✔➢➤·]\s*|\d{1,2}[.)]\s+|[a-z]\)\s+)")
_MD_HEADING = re.compile(r"^#{1,6}\s*")
_CONNECTORS = frozenset({"och", "samt", "&", "and", "+", "/", "-", "–", "or", "eller"})
_ABBREVIATIONS = lang_sv.ABBREVIATIONS | lang_en.ABBREVIATIONS | frozenset({"e.g.", "i.e.", "etc.", "incl."})
_WORD = re.compile(r"\w+")
_OPENING = re.compile(r"[,;]\s|\s[–—-]\s")  # the end of an item's opening clause
_TRAIL = ".,;:!?·•-–— \t"
_MAX_HEADING_WORDS = 8


@dataclass(frozen=True, slots=True)
class Item:
    """One requirement or merit, with its span in the document text."""

    text: str
    start: int
    end: int
    kind: str  # "required" | "merit"
    section: int | None  # index into Structure.sections, None for a sentence outside any section
    source: str  # "list" (bullet), "line", "inline" ("Krav: a, b"), "sentence"

    def to_dict(self, sections: Sequence[Section]) -> dict[str, object]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "section": sections[self.section].heading if self.section is not None else None,
        }


@dataclass(slots=True)
class Section:
    """A heading and the stretch of text it governs."""

    kind: str  # a data.SECTION_KINDS value, or "other" for an unknown heading
    heading: str
    start: int  # start of the heading
    heading_end: int
    end: int  # end of the last line that belongs to the section
    inline: bool = False  # "Lön: enligt överenskommelse": a label with its content on one line

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "heading": self.heading, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Structure:
    sections: list[Section] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    @property
    def required(self) -> list[Item]:
        return [i for i in self.items if i.kind == "required"]

    @property
    def merits(self) -> list[Item]:
        return [i for i in self.items if i.kind == "merit"]

    def first_section(self, *kinds: str) -> Section | None:
        """The first section of the first kind in ``kinds`` that has one (headings before labels)."""
        for kind in kinds:
            found = [s for s in self.sections if s.kind == kind]
            if found:
                return next((s for s in found if not s.inline), found[0])
        return None

    def ranges(self, kinds: Sequence[str]) -> list[tuple[int, int]]:
        """Spans covered by sections of ``kinds`` (list sections: by their items and heading)."""
        out = [(s.start, s.end) for s in self.sections if s.kind in kinds]
        if any(k in LIST_KINDS for k in kinds):
            out.extend((i.start, i.end) for i in self.items if i.kind in kinds)
        return sorted(out)


@dataclass(frozen=True, slots=True)
class _Line:
    start: int  # first non-space character
    end: int  # after the last non-space character
    cstart: int  # content start (after a bullet or markdown marker)
    bullet: bool
    hint: bool  # the reader or markdown says this is a heading
    block: int
    block_lines: int


@dataclass(frozen=True, slots=True)
class _HeadingMatch:
    kind: str | None  # None: an unknown heading
    end: int  # end of the heading text (before an inline colon)
    inline: int | None  # start of inline content after "Label:", if any


def _lines(text: str, segment_kinds: Sequence[tuple[int, int, str]]) -> list[_Line]:
    raw: list[tuple[int, int, int]] = []  # start, end, block
    block = 0
    blank = True
    seg_i = 0
    prev_seg = -1
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        a, b = pos, (nl if nl >= 0 else n)
        pos = b + 1
        s = text[a:b]
        stripped = s.strip()
        if not stripped:
            if not blank:
                block += 1
            blank = True
            continue
        a2 = a + (len(s) - len(s.lstrip()))
        b2 = a + len(s.rstrip())
        while seg_i + 1 < len(segment_kinds) and segment_kinds[seg_i + 1][0] <= a2:
            seg_i += 1
        if segment_kinds and seg_i != prev_seg and not blank and raw:
            block += 1  # a new segment (a Word paragraph, an HTML list item) is a new block
        prev_seg = seg_i
        blank = False
        raw.append((a2, b2, block))
    counts: dict[int, int] = {}
    for _, _, blk in raw:
        counts[blk] = counts.get(blk, 0) + 1
    out: list[_Line] = []
    seg_i = 0
    for a, b, blk in raw:
        while seg_i + 1 < len(segment_kinds) and segment_kinds[seg_i + 1][0] <= a:
            seg_i += 1
        kind = segment_kinds[seg_i][2] if segment_kinds and segment_kinds[seg_i][0] <= a else "paragraph"
        line = text[a:b]
        hint = kind in ("heading", "title")
        cstart = a
        bullet = kind == "list_item"
        md = _MD_HEADING.match(line)
        if md and line.startswith("#"):
            hint = True
            cstart = a + md.end()
        else:
            bm = _BULLET.match(line)
            if bm:
                bullet = True
                cstart = a + bm.end()
        out.append(_Line(a, b, cstart, bullet, hint, blk, counts[blk]))
    return out


def _norm(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").replace("*", " ").replace("_", " ").split())


class HeadingIndex:
    """Heading phrases by their first word, longest phrase first."""

    def __init__(self, headings: Sequence[Heading]) -> None:
        self.by_first: dict[str, list[Heading]] = {}
        for h in sorted(headings, key=lambda h: -len(h.words)):
            self.by_first.setdefault(h.words.split(" ", 1)[0], []).append(h)

    def match(self, core: str) -> tuple[Heading, list[str]] | None:
        first = core.split(" ", 1)[0]
        for h in self.by_first.get(first, ()):
            if core == h.words or core.startswith(h.words + " "):
                return h, core[len(h.words) :].split()
        return None


def _phrase_match(core: str, headings: HeadingIndex) -> tuple[Heading, list[str]] | None:
    return headings.match(core)


def heading_at(text: str, line: _Line, headings: HeadingIndex, filler: frozenset[str]) -> _HeadingMatch | None:
    """Whether ``line`` is a heading, and of which kind."""
    content = text[line.cstart : line.end]
    # Inline "Label: content".
    colon = content.find(":")
    if 0 < colon < len(content.rstrip()) - 1:
        label = _norm(content[:colon]).rstrip("?!. ")
        found = _phrase_match(label, headings)
        if found is not None:
            h, rest = found
            ok = not rest or all(w in filler for w in rest) or (not h.intro and rest[0] in _CONNECTORS)
            if ok and len(label.split()) <= _MAX_HEADING_WORDS:
                after = line.cstart + colon + 1
                while after < line.end and (text[after].isspace() or text[after] in "*_"):
                    after += 1
                return _HeadingMatch(h.kind, line.cstart + colon, after if after < line.end else None)
        return None
    stripped = content.rstrip(" *_")
    ends_colon = stripped.endswith(":")
    ends_period = stripped.endswith(".") and not ends_colon
    core = _norm(stripped).rstrip(":?!. ")
    words = core.split()
    if not words:
        return None
    found = _phrase_match(core, headings)
    if found is not None:
        h, rest = found
        end = line.cstart + len(stripped.rstrip(": "))
        if h.intro:
            if ends_period:
                return None
            if all(w in filler for w in rest) and (ends_colon or len(words) <= 7):
                return _HeadingMatch(h.kind, end, None)
            if ends_colon and len(rest) <= _MAX_HEADING_WORDS:
                return _HeadingMatch(h.kind, end, None)
            return None
        if not rest or all(w in filler for w in rest):
            return _HeadingMatch(h.kind, end, None) if not (ends_period and len(words) > 2) else None
        if rest[0] in _CONNECTORS and len(words) <= _MAX_HEADING_WORDS and not ends_period:
            return _HeadingMatch(h.kind, end, None)
        if (ends_colon or line.hint) and len(rest) <= 4:
            return _HeadingMatch(h.kind, end, None)
        return None
    if line.bullet:
        return None
    if (ends_colon and len(words) <= 6) or (line.hint and len(words) <= _MAX_HEADING_WORDS * 2):
        return _HeadingMatch(None, line.cstart + len(stripped.rstrip(": ")), None)
    return None


@dataclass(frozen=True, slots=True)
class _Compiled:
    """Everything parse() needs from a set of phrase lists, built once per set."""

    headings: HeadingIndex
    filler: frozenset[str]
    item_merit: re.Pattern[str]
    item_merit_opening: re.Pattern[str] | None
    item_required: re.Pattern[str]
    sentence_merit: re.Pattern[str]
    sentence_required: re.Pattern[str]


@lru_cache(maxsize=8)
def _compiled(markers: tuple[Markers, ...]) -> _Compiled:
    return _Compiled(
        headings=HeadingIndex([h for m in markers for h in m.headings]),
        filler=frozenset().union(*(m.filler for m in markers)) if markers else frozenset(),
        item_merit=combined(p for m in markers for p in m.item_merit),
        item_merit_opening=(
            combined(p for m in markers for p in m.item_merit_opening) if any(m.item_merit_opening for m in markers) else None
        ),
        item_required=combined(p for m in markers for p in m.item_required),
        sentence_merit=combined(p for m in markers for p in m.sentence_merit),
        sentence_required=combined(p for m in markers for p in m.sentence_required),
    )


def _classify(item_text: str, default: str, c: _Compiled) -> str:
    t = item_text.replace("’", "'")
    if c.item_merit.search(t):
        return "merit"
    if c.item_merit_opening is not None and c.item_merit_opening.search(_OPENING.split(t, 1)[0]):
        return "merit"
    if c.item_required.search(t):
        return "required"
    return default


def _sentence_kind(sentence: str, c: _Compiled) -> str | None:
    t = sentence.replace("’", "'")
    if c.sentence_merit.search(t):
        return "merit"
    if c.sentence_required.search(t):
        return "required"
    return None


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in "*_"):
        a += 1
    while b > a and (text[b - 1] in _TRAIL or text[b - 1] in "*_"):
        b -= 1
    return a, b


def _split_inline(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split "a, b; c" (outside parentheses) into parts."""
    parts: list[tuple[int, int]] = []
    depth = 0
    start = a
    for i in range(a, b):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch in ",;" and depth == 0 and (i + 1 >= b or text[i + 1].isspace()):
            parts.append((start, i))
            start = i + 1
    parts.append((start, b))
    return parts


_CONJUNCTIONS = frozenset("and or och eller samt but men".split())
_MAX_INLINE_LIST_WORDS = 30


def _inline_items(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Items of "Label: content": a list split at commas when it reads as a list (short, no
    part that starts with a conjunction), otherwise one item per sentence."""
    parts = _split_inline(text, a, b)
    if len(parts) > 1 and len(_WORD.findall(text[a:b])) <= _MAX_INLINE_LIST_WORDS:
        firsts = [text[s:e].split(None, 1)[0].lower() if text[s:e].split() else "" for s, e in parts]
        if not any(w in _CONJUNCTIONS for w in firsts):
            return parts
    return _sentences(text, a, b)


def _sentences(text: str, a: int, b: int) -> list[tuple[int, int]]:
    return split_sentences(text, a, b, _ABBREVIATIONS) or [(a, b)]


_CONTINUE_AFTER = frozenset(
    "and or of to with in for the a an as at by on from och eller av till med i för på som att från".split()
)


def _continues(text: str, prev: Item, line: _Line) -> bool:
    """Whether ``line`` is a hard-wrapped continuation of the item ``prev``.

    It is when the line has no bullet, follows directly (one line break), the previous line does
    not end a sentence, and either the previous line ends in a hyphen, comma or conjunction, or
    this line starts in lower case while the item started in upper case (a list written all in
    lower case is not glued together).
    """
    if line.bullet:
        return False
    gap = text[prev.end : line.cstart]
    if gap.count("\n") != 1:
        return False
    trailing = gap.split("\n", 1)[0].strip()
    if any(c in ".!?;:" for c in trailing):
        return False
    if trailing and trailing[-1] in ",(&/-–":
        return True
    words = prev.text.split()
    if words and words[-1].lower() in _CONTINUE_AFTER:
        return True
    first = text[line.cstart : line.cstart + 1]
    return first.islower() and prev.text[:1].isupper()


def _has_letters(s: str) -> bool:
    return sum(1 for ch in s if ch.isalpha()) >= 2


def parse(
    text: str,
    markers: Sequence[Markers],
    segment_kinds: Sequence[tuple[int, int, str]] = (),
) -> Structure:
    """Sections and requirement items of an ad.

    :param text: The document text.
    :param markers: Phrase lists of every supported language (the document's language first).
    :param segment_kinds: ``(start, end, kind)`` of the document's segments, so that a reader's
        headings and list items count as such.
    """
    compiled = _compiled(tuple(markers))
    headings = compiled.headings
    filler = compiled.filler
    out = Structure()
    cur: int | None = None  # index of the open section
    cur_kind: str | None = None
    in_list = False
    list_items = 0
    list_linelike = True  # every item so far came from a bullet or a one-line block
    inline_only = False  # the list was opened by "Krav: a, b": only bullets may follow
    list_bullets = False  # the list has bullets: after a blank line only bullets continue it
    prev_block = -1

    def add(a: int, b: int, default: str, source: str, section: int | None) -> None:
        a, b = _trim(text, a, b)
        if b <= a or not _has_letters(text[a:b]):
            return
        if source in ("list", "line") and out.items:
            prev = out.items[-1]
            if prev.section == section and prev.source in ("list", "line") and _continues(text, prev, current):
                merged_end = b
                kind = _classify(text[prev.start : merged_end], default, compiled)
                out.items[-1] = Item(text[prev.start : merged_end], prev.start, merged_end, kind, section, prev.source)
                return
        kind = _classify(text[a:b], default, compiled) if source != "sentence" else default
        out.items.append(Item(text[a:b], a, b, kind, section, source))

    current: _Line
    for line in _lines(text, segment_kinds):
        current = line
        new_block = line.block != prev_block
        prev_block = line.block
        hm = heading_at(text, line, headings, filler)
        if hm is not None:
            if hm.kind is None and in_list:
                # A sub-heading inside a requirement list ("Tekniska kunskaper:") keeps the list open.
                out.sections[cur].end = line.end  # type: ignore[index]
                continue
            kind = hm.kind or "other"
            heading = text[line.cstart : hm.end].strip(" *_:")
            out.sections.append(Section(kind, heading, line.cstart, hm.end, line.end, hm.inline is not None))
            cur = len(out.sections) - 1
            cur_kind = kind
            in_list = kind in LIST_KINDS
            list_items = 0
            list_linelike = True
            list_bullets = False
            inline_only = hm.inline is not None
            if hm.inline is not None:
                if in_list:
                    for a, b in _inline_items(text, hm.inline, line.end):
                        add(a, b, kind, "inline", cur)
                        list_items += 1
                else:
                    # "Lön: enligt överenskommelse" governs its own line only.
                    cur = None
                    cur_kind = None
            continue
        if in_list:
            if inline_only and list_items > 0 and not line.bullet:
                in_list = False
                cur = None
                cur_kind = None
            elif new_block and list_items > 0:
                one_liner = line.block_lines == 1 and len(_WORD.findall(text[line.cstart : line.end])) <= 15
                paragraph_item = one_liner and list_linelike and not list_bullets
                if not (line.bullet or (paragraph_item and len(_sentences(text, line.cstart, line.end)) == 1)):
                    in_list = False
                    cur = None
                    cur_kind = None
            if in_list:
                assert cur is not None and cur_kind is not None
                sents = _sentences(text, line.cstart, line.end)
                if line.bullet or len(sents) == 1:
                    list_bullets = list_bullets or line.bullet
                    add(line.cstart, line.end, cur_kind, "list" if line.bullet else "line", cur)
                    list_items += 1
                    if not line.bullet and line.block_lines > 1 and len(sents) > 1:
                        list_linelike = False
                else:
                    list_linelike = False
                    for a, b in sents:
                        add(a, b, cur_kind, "line", cur)
                        list_items += 1
                out.sections[cur].end = line.end
                continue
        if cur is not None:
            out.sections[cur].end = line.end
        if cur_kind in NO_SENTENCE_ITEMS:
            continue
        for a, b in _sentences(text, line.cstart, line.end):
            kind = _sentence_kind(text[a:b], compiled)
            if kind is not None:
                add(a, b, kind, "sentence", cur)
    return out
