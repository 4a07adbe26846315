"""Web pages (.html, .htm, XHTML): the text a visitor sees, mapped back to element paths.

Extracted, in document order: the ``<title>`` (kind ``title``) and the meta description
(``meta``), then every block of visible body text (``paragraph``, ``heading``, ``list_item``,
``table_cell``, ``link`` when a block is nothing but one link) and each image's ``alt`` text
(``alt_text``) as its own segment. Locators are element paths as lxml writes them:
``html:/html/body/main/p[3]``.

Left out: ``script``, ``style``, ``noscript``, ``template``, ``svg``, form controls, and
elements hidden with ``hidden``, ``aria-hidden="true"``, ``type="hidden"`` or an inline
``display:none``/``visibility:hidden``. When the page has a ``<main>`` (or ``role="main"``, or
exactly one ``<article>``) only that part of the body is read; otherwise navigation,
``aside``, the site header and footer and cookie or consent banners are dropped. The count of
dropped boilerplate blocks is kept in ``Document.meta["boilerplate_blocks"]``.

Inline suppression comments (``<!-- normcheck-disable-next-line rule -->``) become segments of
kind ``directive`` placed where the comment is, so they act on the block that follows.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from normcheck.errors import ReaderError
from normcheck.hookspecs import hookimpl
from normcheck.readers._build import DocumentBuilder

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.model import Document

MEDIA_TYPE = "text/html"
_XHTML = "application/xhtml+xml"
HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")

_SNIFF = re.compile(
    rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta[\s>]|title[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_DIRECTIVE = re.compile(r"\bnormcheck-(?:disable-next-line|disable-line|disable|enable)\b", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_PARTS = re.compile(r"[^a-z0-9]+")

DROP = frozenset(
    "script style noscript template svg math iframe object embed canvas select option optgroup datalist "
    "textarea input audio video map head button".split()
)
BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table tbody "
    "thead tfoot tr td th ul legend menu".split()
)
KIND = {
    **{f"h{i}": "heading" for i in range(1, 7)},
    "li": "list_item",
    "td": "table_cell",
    "th": "table_cell",
    "caption": "caption",
    "figcaption": "caption",
    "blockquote": "quote",
}
_NAV_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog", "alertdialog"}
_BOILER_TOKENS = {
    "cookie", "cookies", "consent", "gdpr", "onetrust", "cookiebot", "cmp", "breadcrumb", "breadcrumbs",
    "navbar", "nav", "navigation", "menu", "sidebar", "skip", "skiplink", "share", "social", "newsletter",
}
_SITE_TOKENS = {"footer", "header", "masthead", "topbar", "site-footer", "site-header"}


@hookimpl
def sniff_media_type(data: bytes, name: str) -> str | None:
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = data[:4096].decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return None
    if _SNIFF.match(head):
        return MEDIA_TYPE
    suffix = PurePath(name.split("?", 1)[0]).suffix.lower()
    if suffix in HTML_EXTENSIONS and b"<" in head and b"\x00" not in head:
        return MEDIA_TYPE
    return None


@hookimpl
def read_document(data: bytes, media_type: str, source: str, config: Config) -> Document | None:
    if media_type not in (MEDIA_TYPE, _XHTML):
        return None
    return read_html(data, source)


def decode_html(data: bytes) -> str:
    """Decode a page: byte-order mark, then ``<meta charset>``, then UTF-8, then Windows-1252.

    The URL reader puts a UTF-8 byte-order mark in front of a page it has already decoded with
    the charset from the HTTP header, so the header wins over the page's own declaration.
    """
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, "replace")
    m = _META_CHARSET.search(data[:8192])
    if m:
        enc = m.group(1).decode("ascii", "replace").lower()
        if enc in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
            enc = "cp1252"  # as browsers do
        try:
            return data.decode(enc, "replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def parse_html(data: bytes, source: str | None = None) -> Any:
    """The page's root element, or None. With ``source``, a page nested deeper than libxml2's
    limit (2,048 elements; the rest of such a page would be lost silently) is a ``ReaderError``."""
    import lxml.html
    from lxml import etree

    text = _XML_DECL.sub("", decode_html(data), count=1).replace("\x00", "")
    # huge_tree lifts the element depth limit from 256 to 2,048; the HTML parser never expands
    # entity declarations, and the input size is already bounded by the caller.
    parser = lxml.html.HTMLParser(
        remove_comments=False, remove_pis=True, no_network=True, huge_tree=True, default_doctype=False
    )
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        root = None
    if source is not None and any("Excessive depth" in e.message for e in parser.error_log):
        raise ReaderError("elements are nested more than 2,048 deep; the page cannot be read whole", source=source)
    return root


def _tokens(el: Any) -> set[str]:
    """The first and last word of each class name and of the id (``main-nav`` → main, nav).

    State classes (``has-sidebar``, ``with-menu``, ``no-cookies``) say nothing about the
    element itself and are ignored, so a page wrapper is never taken for a menu.
    """
    found: set[str] = set()
    for name in (el.get("id", "") + " " + el.get("class", "")).lower().split():
        parts = [p for p in _PARTS.split(name) if p]
        if not parts or parts[0] in ("has", "with", "no", "is", "show", "hide", "js"):
            continue
        found.update((parts[0], parts[-1]))
        if len(parts) > 1:
            found.add(f"{parts[-2]}-{parts[-1]}")
    return found


def _hidden(el: Any) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden", "").lower() == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _boilerplate(el: Any, in_content: bool) -> bool:
    tag = el.tag
    if tag in ("nav", "aside"):
        return True
    role = el.get("role", "").lower()
    if role in _NAV_ROLES and not (in_content and role in ("banner", "contentinfo")):
        return True
    if tag in ("header", "footer") and not in_content:
        return True
    toks = _tokens(el)
    if not toks:
        return False
    if toks & _BOILER_TOKENS or any(t.startswith(("cookie", "consent", "gdpr")) for t in toks):
        return True
    return bool(not in_content and toks & _SITE_TOKENS)


def _main_root(body: Any) -> Any:
    for el in body.iter("main"):
        if not _hidden(el):
            return el
    for el in body.iter():
        if isinstance(el.tag, str) and el.get("role", "").lower() == "main" and not _hidden(el):
            return el
    articles = [a for a in body.iter("article") if not _hidden(a)]
    if len(articles) == 1:
        return articles[0]
    return None


class _Block:
    __slots__ = ("el", "parts", "link", "link_chars", "chars", "alts")

    def __init__(self, el: Any) -> None:
        self.el = el
        self.parts: list[str] = []
        self.link: Any = None
        self.link_chars = 0
        self.chars = 0
        self.alts: list[tuple[str, Any]] = []


class _Extractor:
    def __init__(self, root: Any, source: str) -> None:
        self.root = root
        self.tree = root.getroottree()
        self.out = DocumentBuilder(source, MEDIA_TYPE)
        self.boilerplate = 0
        self.scripts = 0
        self.keep_boilerplate = False

    def path(self, el: Any) -> str:
        return "html:" + self.tree.getpath(el)

    def head(self) -> None:
        title = self.root.find(".//title")
        if title is not None:
            self.out.add(title.text_content(), "title", self.path(title))
        for meta in self.root.iter("meta"):
            name = (meta.get("name") or meta.get("property") or "").lower()
            if name in ("description", "og:description") and meta.get("content"):
                if name == "og:description" and "description" in self.out.meta:
                    continue
                if self.out.add(meta.get("content", ""), "meta", self.path(meta)):
                    self.out.meta.setdefault("description", meta.get("content", "").strip())

    def flush(self, block: _Block) -> None:
        text = "".join(block.parts)
        if text.strip():
            if block.link is not None and block.link_chars >= block.chars:
                self.out.add(text, "link", self.path(block.link))
            else:
                self.out.add(text, KIND.get(block.el.tag, "paragraph"), self.path(block.el))
        block.parts = []
        block.link = None
        block.link_chars = block.chars = 0
        for alt, img in block.alts:
            self.out.add(alt, "alt_text", self.path(img))
        block.alts = []

    def body(self, start: Any, content_root: bool) -> None:
        from lxml import etree

        stack: list[_Block] = [_Block(start)]
        skipped: set[Any] = set()
        links: list[Any] = []
        content_depth = 1 if content_root else 0
        pre = 0
        walker = etree.iterwalk(start, events=("start", "end", "comment"))
        for event, el in walker:
            block = stack[-1]
            if event == "comment":
                text = el.text or ""
                if _DIRECTIVE.search(text):
                    self.flush(block)
                    self.out.add(" ".join(text.split()), "directive", self.path(el.getparent()) + "/comment()")
                self._text(block, el.tail, pre, links)
                continue
            tag = el.tag
            if not isinstance(tag, str):  # processing instruction or entity
                if event == "end":
                    self._text(block, el.tail, pre, links)
                continue
            if event == "start":
                if el is not start and (tag in DROP or _hidden(el) or (el.get("type", "").lower() == "hidden")):
                    if tag == "script":
                        self.scripts += 1
                    skipped.add(el)
                    walker.skip_subtree()
                    continue
                if el is not start and not self.keep_boilerplate and _boilerplate(el, content_depth > 0):
                    self.boilerplate += 1
                    skipped.add(el)
                    walker.skip_subtree()
                    continue
                if tag in ("main", "article", "section") or el.get("role", "").lower() == "main":
                    content_depth += 1
                if tag == "pre":
                    pre += 1
                if tag in BLOCK and el is not start:
                    self.flush(block)
                    stack.append(_Block(el))
                    block = stack[-1]
                elif tag == "br":
                    block.parts.append("\n")
                elif tag == "img":
                    alt = (el.get("alt") or "").strip()
                    if alt and el.get("role", "").lower() != "presentation":
                        block.alts.append((alt, el))
                elif tag == "a" and el.get("href") is not None:
                    links.append(el)
                    if block.link is None and not "".join(block.parts).strip():
                        block.link = el
                self._text(block, el.text, pre, links)
            else:  # end
                if el in skipped:
                    skipped.discard(el)
                    self._text(block, el.tail, pre, links)
                    continue
                if tag in ("main", "article", "section") or el.get("role", "").lower() == "main":
                    content_depth -= 1
                if tag == "pre":
                    pre -= 1
                if tag == "a" and el in links:
                    links.remove(el)
                if tag in BLOCK and el is not start and len(stack) > 1:
                    self.flush(stack.pop())
                    block = stack[-1]
                elif el is start:
                    continue
                self._text(block, el.tail, pre, links)
        while stack:
            self.flush(stack.pop())

    @staticmethod
    def _text(block: _Block, text: str | None, pre: int, links: list[Any]) -> None:
        if not text:
            return
        if not pre:
            text = text.replace("\r", " ").replace("\n", " ")
        block.parts.append(text)
        n = len(text.strip())
        block.chars += n
        if links and block.link is not None:
            block.link_chars += n


def read_html(data: bytes, source: str) -> Document:
    root = parse_html(data, source)
    if root is None:
        raise ReaderError("not a readable HTML page", source=source)
    ex = _Extractor(root, source)
    ex.head()
    before = len(ex.out)
    body = root.find("body")
    if body is None:
        body = root
    main = _main_root(body)
    if main is not None:
        ex.body(main, True)
        if len(ex.out) == before:  # an empty <main> (filled by a script): read the whole body
            ex.body(body, False)
    else:
        ex.body(body, False)
    if not [k for k in ex.out.kinds[before:] if k != "directive"] and ex.boilerplate:
        # Everything looked like navigation: better to read it all than to report nothing.
        ex.keep_boilerplate = True
        ex.body(body, False)
    content = [k for k in ex.out.kinds[before:] if k != "directive"]
    if not content:
        scripts = ex.scripts + sum(1 for _ in root.iter("script"))
        if scripts:
            raise ReaderError(
                "the page has no visible text: its content is made by JavaScript, which normcheck does not run "
                "(scan the published text or a saved copy of the rendered page)",
                source=source,
            )
        raise ReaderError("the page has no visible text", source=source)
    return ex.out.build({"boilerplate_blocks": ex.boilerplate, "main_content": main is not None})


def page_links(data: bytes, base_url: str) -> list[str]:
    """Absolute URLs of the page's links (``rel=nofollow`` and non-HTTP schemes left out), in order."""
    from urllib.parse import urljoin, urldefrag

    root = parse_html(data)
    if root is None:
        return []
    base = base_url
    base_el = root.find(".//base[@href]")
    if base_el is not None:
        base = urljoin(base_url, base_el.get("href", "").strip())
    seen: set[str] = set()
    out: list[str] = []
    for a in root.iter("a", "area"):
        href = (a.get("href") or "").strip()
        if not href or "nofollow" in (a.get("rel") or "").lower():
            continue
        url = urldefrag(urljoin(base, href))[0]
        if url.startswith(("http://", "https://")) and url not in seen:
            seen.add(url)
            out.append(url)
    return out
