"""The terminal report: a summary block per document, then its findings grouped by line."""

from __future__ import annotations

import os
from collections import Counter
from typing import TYPE_CHECKING, Any

from normcheck.hookspecs import hookimpl

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.model import DocumentReport, Report

_COLOURS = {"error": "31", "warning": "33", "suggestion": "36", "dim": "2", "bold": "1"}


class TextReporter:
    name = "text"
    media_type = "text/plain"
    description = "readable terminal output (colour on a terminal, NO_COLOR respected)"
    binary = False
    streaming = True

    def _c(self, options: dict[str, Any], what: str, text: str) -> str:
        if not options.get("color"):
            return text
        return f"\x1b[{_COLOURS[what]}m{text}\x1b[0m"

    def render_document(self, doc: DocumentReport, config: Config, options: dict[str, Any]) -> str:
        c = self._c
        lines: list[str] = []
        gc = doc.scores.get("gender_coding", {})
        lang = doc.language or "unknown language"
        lines.append(c(options, "bold", f"{doc.source}") + c(options, "dim", f"  ({lang}, {doc.words} words)"))
        if gc:
            lines.append(
                f"  gender coding: {gc.get('verdict')} "
                f"(masculine {gc.get('masculine', 0)}, feminine {gc.get('feminine', 0)})"
            )
        by_cat = Counter(f.category for f in doc.findings)
        by_sev = Counter(f.severity for f in doc.findings)
        if doc.findings:
            cats = ", ".join(f"{k} {v}" for k, v in sorted(by_cat.items()))
            sevs = ", ".join(f"{by_sev[s]} {s}{'s' if by_sev[s] != 1 else ''}" for s in ("error", "warning", "suggestion") if by_sev[s])
            lines.append(f"  {len(doc.findings)} finding{'s' if len(doc.findings) != 1 else ''}: {sevs}  [{cats}]")
        else:
            lines.append("  no findings")
        lines.append("")
        current_line = None
        for f in doc.findings:
            loc = f.location
            line_no = loc.line if loc else 0
            if line_no != current_line:
                current_line = line_no
            pos = f"{loc.line}:{loc.column}" if loc else f"@{f.start}"
            sev = c(options, f.severity, f"{f.severity:<10}")
            lines.append(f"  {pos:>7}  {sev} {f.message}  " + c(options, "dim", f.rule))
            if f.suggestions:
                lines.append(f"  {'':>7}  {'':<10} → " + ", ".join(f.suggestions))
        if doc.modules:
            for name, summary in doc.modules.items():
                headline = summary.get("headline") if isinstance(summary, dict) else None
                if headline:
                    lines.append(f"  {name}: {headline}")
        lines.append("")
        return "\n".join(lines)

    def render(self, report: Report, config: Config, options: dict[str, Any]) -> str:
        parts = [self.render_document(d, config, options) for d in report.documents]
        if len(report.documents) > 1:
            total = sum(len(d.findings) for d in report.documents)
            parts.append(f"{len(report.documents)} documents, {total} findings\n")
        return "\n".join(parts)


def use_colour(stream: Any) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


@hookimpl
def register_reporters() -> list[object]:
    return [TextReporter()]
