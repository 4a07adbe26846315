"""Markdown review: a summary, a findings table and the suggestions, for pasting into tickets.

GitHub-flavoured Markdown tables; every cell is escaped (``|``, backticks, line breaks) so a
flagged phrase or a message can never break the table. Headings and labels follow the
document's language (Swedish for Swedish documents, English otherwise).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from normcheck.hookspecs import hookimpl
from normcheck.reporters.common import (
    category_label,
    label,
    module_advice,
    module_headlines,
    severity_label,
    summarize,
    ui_lang,
)

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.model import DocumentReport, Report

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def cell(text: str) -> str:
    """Escape text for one table cell: no line breaks, no pipes or markup that would break it."""
    text = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def inline(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def render_document(doc: DocumentReport, *, heading_level: int = 2) -> str:
    lang = ui_lang(doc.language)
    h = "#" * heading_level
    s = summarize(doc)
    out: list[str] = [f"{h} {label('review_of', lang)} {inline(doc.source)}", ""]
    facts = [f"**{s.counts_phrase(lang)}**"]
    if s.verdict:
        facts.append(f"{label('verdict', lang)}: **{s.verdict_phrase(lang)}**")
    facts.append(f"{label('language', lang).capitalize()}: {doc.language or '?'}, {doc.words} {label('words', lang)}")
    out.extend(f"- {fact}" for fact in facts)
    if s.by_category:
        out.append(f"- {label('by_category', lang)}: {inline(s.categories_phrase(lang))}")
    for name, headline in module_headlines(doc):
        out.append(f"- {inline(name)}: {inline(headline)}")
    out.append("")
    if doc.findings:
        cols = ["#", label("line", lang).capitalize(), label("severity", lang), label("category", lang),
                label("text", lang), label("message", lang), label("suggestions", lang)]
        out.append("| " + " | ".join(cols) + " |")
        out.append("|" + "|".join(["---:", "---:", "---", "---", "---", "---", "---"]) + "|")
        for i, f in enumerate(doc.findings, start=1):
            pos = f"{f.location.line}:{f.location.column}" if f.location else str(f.start)
            out.append(
                "| "
                + " | ".join(
                    [
                        str(i),
                        pos,
                        cell(severity_label(f.severity, lang)),
                        cell(category_label(f.category, lang)),
                        f"**{cell(f.text)}**",
                        cell(f.message),
                        cell(", ".join(f.suggestions)) if f.suggestions else "–",
                    ]
                )
                + " |"
            )
        out.append("")
        # One line per rule with suggestions: what to write instead, with the reason.
        seen: dict[str, list[str]] = {}
        notes: dict[str, str] = {}
        for f in doc.findings:
            if f.suggestions:
                seen.setdefault(f.rule, [])
                if f.text.lower() not in (t.lower() for t in seen[f.rule]):
                    seen[f.rule].append(f.text)
                notes.setdefault(f.rule, ", ".join(f.suggestions) + (f" — {f.note}" if f.note else ""))
        if seen:
            out.append(f"{h}# {label('suggestions', lang)}")
            out.append("")
            for rule, texts in seen.items():
                quoted = ", ".join(f"“{inline(t)}”" for t in texts)
                out.append(f"- {quoted} → {inline(notes[rule])} (`{rule}`)")
            out.append("")
    advice = module_advice(doc)
    if advice:
        out.append(f"{h}# {label('advice', lang)}")
        out.append("")
        out.extend(f"{i}. {inline(message)} ({inline(name)})" for i, (name, message) in enumerate(advice, start=1))
        out.append("")
    return "\n".join(out)


class MarkdownReporter:
    name = "md"
    media_type = "text/markdown"
    description = "a Markdown review (summary, findings table, suggestions) for tickets and pull requests"
    binary = False
    streaming = False
    per_document = True
    extension = ".md"

    def render_document(self, doc: DocumentReport, config: Config, options: dict[str, Any]) -> str:
        return render_document(doc, heading_level=1) + "\n"

    def render(self, report: Report, config: Config, options: dict[str, Any]) -> str:
        if len(report.documents) == 1 and not report.errors:
            return self.render_document(report.documents[0], config, options)
        lang = ui_lang(report.documents[0].language if report.documents else None)
        parts = [f"# normcheck: {len(report.documents)} {label('documents', lang)}", ""]
        parts.extend(render_document(d, heading_level=2) for d in report.documents)
        if report.errors:
            parts.append(f"## {label('errors', lang)}")
            parts.append("")
            parts.extend(f"- {inline(e.source)}: {inline(e.message)} ({e.code})" for e in report.errors)
            parts.append("")
        return "\n".join(parts) + "\n"


@hookimpl
def register_reporters() -> list[object]:
    return [MarkdownReporter()]
