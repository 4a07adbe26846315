"""The terminal report: a summary block per document, then its findings grouped by line.

::

    annons.txt  (sv, 212 words)
      gender coding: masculine-coded (masculine-coded words 4, feminine-coded words 1)
      findings:      5 findings (2 warnings, 3 suggestions)
      by category:   gender-coded word 3, gendered term 2

      line 3  Vi söker en driven talesman med ...
              ^^^^^^ ^^^^^^^^
         3:13  suggestion  'driven' can read as masculine-coded.  sv.gender-coded.driven
         3:20  warning     'talesman' is gendered ...            sv.gendered-term.talesman
                           → talesperson, företrädare

Colour on a terminal only (``NO_COLOR`` and ``FORCE_COLOR`` respected). Interface words are
English; messages and suggestions come from the lexicons, in the text's language.
"""

from __future__ import annotations

import os
from itertools import groupby
from typing import TYPE_CHECKING, Any

from normcheck.hookspecs import hookimpl
from normcheck.reporters.common import module_headlines, summarize

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.model import DocumentReport, Finding, Report

_COLOURS = {"error": "31", "warning": "33", "suggestion": "36", "dim": "2", "bold": "1", "mark": "1;4"}
EXCERPT_WIDTH = 100


class TextReporter:
    name = "text"
    media_type = "text/plain"
    description = "readable terminal output (colour on a terminal, NO_COLOR respected)"
    binary = False
    streaming = True

    def _c(self, options: dict[str, Any], what: str, text: str) -> str:
        if not options.get("color") or not text:
            return text
        return f"\x1b[{_COLOURS[what]}m{text}\x1b[0m"

    def _excerpt(self, options: dict[str, Any], line_text: str, marks: list[tuple[int, int]]) -> tuple[str, str]:
        """The line (cut to a window around the findings) and a caret line under the findings."""
        line_text = line_text.replace("\t", " ")
        lo = min(a for a, _ in marks)
        start = 0 if len(line_text) <= EXCERPT_WIDTH or lo < EXCERPT_WIDTH // 3 else lo - EXCERPT_WIDTH // 3
        end = min(len(line_text), start + EXCERPT_WIDTH)
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(line_text) else ""
        window = line_text[start:end]
        carets = [" "] * len(window)
        for a, b in marks:
            for i in range(max(a, start), min(b, end)):
                carets[i - start] = "^"
        if options.get("color"):
            # Colour the flagged words instead of drawing carets.
            pieces = []
            pos = 0
            for a, b in sorted((max(a, start) - start, min(b, end) - start) for a, b in marks if b > start and a < end):
                if a < pos:
                    a = pos
                if b <= a:
                    continue
                pieces.append(window[pos:a])
                pieces.append(self._c(options, "mark", window[a:b]))
                pos = b
            pieces.append(window[pos:])
            return prefix + "".join(pieces) + suffix, ""
        return prefix + window + suffix, (" " * len(prefix) + "".join(carets)).rstrip()

    def render_document(self, doc: DocumentReport, config: Config, options: dict[str, Any]) -> str:
        c = self._c
        s = summarize(doc)
        lines: list[str] = []
        lang = doc.language or "unknown language"
        lines.append(c(options, "bold", doc.source) + c(options, "dim", f"  ({lang}, {doc.words} words)"))
        if s.verdict:
            lines.append(f"  {'gender coding:':<15}{s.verdict_phrase(None)}")
        lines.append(f"  {'findings:':<15}{s.counts_phrase(None)}")
        if s.by_category:
            lines.append(f"  {'by category:':<15}{s.categories_phrase(None)}")
        for name, headline in module_headlines(doc):
            lines.append(f"  {name + ':':<15}{headline}")
            # A tool module's prioritised advice (modules.<name>.advice), most impact first.
            for advice in doc.modules[name].get("advice") or []:
                if isinstance(advice, dict) and advice.get("message"):
                    lines.append(f"  {'':<15}{advice.get('priority', '-')}. {advice['message']}")
        text = doc.document.text
        starts = [0]
        if doc.findings:
            starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

        def line_of(f: Finding) -> int:
            return f.location.line if f.location else text.count("\n", 0, f.start) + 1

        for line_no, group_iter in groupby(doc.findings, key=line_of):
            group = list(group_iter)
            lines.append("")
            line_start = starts[line_no - 1] if 0 < line_no <= len(starts) else 0
            line_end = text.find("\n", line_start)
            line_text = text[line_start : line_end if line_end >= 0 else len(text)]
            head = f"  line {line_no}"
            # Findings far apart on a long line get one excerpt each (a window of the line).
            windows: list[list[Finding]] = []
            for f in group:
                if windows and f.end - line_start <= windows[-1][0].start - line_start + EXCERPT_WIDTH * 2 // 3:
                    windows[-1].append(f)
                else:
                    windows.append([f])
            for w, members in enumerate(windows):
                marks = [(max(0, f.start - line_start), min(len(line_text), f.end - line_start)) for f in members]
                excerpt, carets = self._excerpt(options, line_text, marks)
                lead = c(options, "bold", head) if w == 0 else " " * len(head)
                lines.append(lead + "  " + excerpt)
                if carets:
                    lines.append(" " * (len(head) + 2) + carets)
                for f in members:
                    pos = f"{f.location.line}:{f.location.column}" if f.location else f"@{f.start}"
                    sev = c(options, f.severity, f"{f.severity:<10}")
                    lines.append(f"    {pos:>7}  {sev}  {f.message}  " + c(options, "dim", f.rule))
                    if f.suggestions:
                        lines.append(f"    {'':>7}  {'':<10}  → " + ", ".join(f.suggestions))
        lines.append("")
        return "\n".join(lines) + "\n"

    def render(self, report: Report, config: Config, options: dict[str, Any]) -> str:
        parts = [self.render_document(d, config, options) for d in report.documents]
        if len(report.documents) > 1:
            total = sum(len(d.findings) for d in report.documents)
            parts.append(f"{len(report.documents)} documents, {total} findings\n")
        return "".join(parts)


def use_colour(stream: Any) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


@hookimpl
def register_reporters() -> list[object]:
    return [TextReporter()]
