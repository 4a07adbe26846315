"""WordprocessingML walking shared by the docx reader and the docx reporter.

Both must number paragraphs, tables, rows and cells the same way, or the reporter cannot find
the place a finding's ``location.locator`` names. The numbering lives here, once:

- a story's paragraphs ``<para_prefix>/p[N]`` and tables ``<table_prefix>table[N]``, counted in
  order with content controls (``w:sdt``) and tracked insertions / custom XML / smart tags looked
  into (``iter_blocks``);
- a table's cells ``<prefix>/r[j]/c[k]``, rows and cells looked for through content controls,
  insertions and custom XML (``iter_cells``);
- inside a cell, its paragraphs (located at the cell) and nested tables ``<cell>/table[n]``
  (``iter_cell_blocks``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML element or attribute: ``{ns}tag``."""
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, SDT, SDTCONTENT = (w(x) for x in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
# Wrappers whose block content belongs to the story they sit in.
LOOK_INTO = frozenset(w(x) for x in ("ins", "moveTo", "customXml", "smartTag"))
# Wrappers looked through when rows and cells are collected.
_ROW_CELL_WRAPPERS = frozenset(w(x) for x in ("ins", "customXml"))


def is_on(el: Any) -> bool:
    """A WordprocessingML on/off property (``w:vanish`` ...): on unless ``w:val`` says otherwise."""
    return el.get(w("val"), "true") not in ("0", "false", "off")


def iter_blocks(container: Any, para_prefix: str, table_prefix: str) -> Iterator[tuple[str, Any]]:
    """``(locator, element)`` for the paragraphs and tables of a story (body, header, note, text box), in order."""
    counts = {"p": 0, "table": 0}

    def walk(parent: Any) -> Iterator[tuple[str, Any]]:
        for child in parent:
            tag = child.tag
            if tag == P:
                counts["p"] += 1
                yield f"{para_prefix}/p[{counts['p']}]", child
            elif tag == TBL:
                counts["table"] += 1
                yield f"{table_prefix}table[{counts['table']}]", child
            elif tag == SDT:
                content = child.find(SDTCONTENT)
                if content is not None:
                    yield from walk(content)
            elif tag in LOOK_INTO:
                yield from walk(child)

    return walk(container)


def iter_cells(tbl: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    """``(locator, cell)`` for every cell of table ``tbl`` located at ``prefix``."""
    for j, row in enumerate(children(tbl, TR), start=1):
        for k, cell in enumerate(children(row, TC), start=1):
            yield f"{prefix}/r[{j}]/c[{k}]", cell


def iter_cell_blocks(cell: Any, loc: str) -> Iterator[tuple[str, Any]]:
    """``(locator, element)`` for a cell's paragraphs (at ``loc``) and nested tables (``loc/table[n]``)."""
    nested = 0
    for child in flatten_sdt(cell):
        if child.tag == P:
            yield loc, child
        elif child.tag == TBL:
            nested += 1
            yield f"{loc}/table[{nested}]", child


def children(el: Any, tag: str) -> list[Any]:
    """Direct children with ``tag``, looking through content controls and tracked insertions."""
    found = []
    for child in el:
        if child.tag == tag:
            found.append(child)
        elif child.tag == SDT:
            content = child.find(SDTCONTENT)
            if content is not None:
                found.extend(children(content, tag))
        elif child.tag in _ROW_CELL_WRAPPERS:
            found.extend(children(child, tag))
    return found


def flatten_sdt(el: Any) -> list[Any]:
    """The children of ``el`` with content controls replaced by their content."""
    found = []
    for child in el:
        if child.tag == SDT:
            content = child.find(SDTCONTENT)
            if content is not None:
                found.extend(flatten_sdt(content))
        else:
            found.append(child)
    return found
