"""Suppression: inline directives in the text and the configured allow list.

Directives (in a plain line, a Markdown/HTML comment, anywhere on their own line)::

    normcheck-disable-next-line [rule-prefix ...]
    normcheck-disable-line [rule-prefix ...]      (on the line to silence)
    normcheck-disable [rule-prefix ...]  ...  normcheck-enable

Without a rule prefix every rule is silenced. A directive line itself is never flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from normcheck.hookspecs import hookimpl

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.lang import Analysis
    from normcheck.model import Finding

_DIRECTIVE = re.compile(
    r"normcheck-(disable-next-line|disable-line|disable|enable)\b([^\n]*)", re.IGNORECASE
)
_RULE_ARG = re.compile(r"[a-z]{2}(?:\.[a-z0-9-]+){0,2}\.?|[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*")


@dataclass(frozen=True, slots=True)
class _Region:
    start: int
    end: int
    prefixes: tuple[str, ...]  # empty: every rule

    def covers(self, finding: Finding) -> bool:
        if not (self.start <= finding.start and finding.end <= self.end):
            return False
        return not self.prefixes or finding.rule.startswith(self.prefixes) or finding.category in self.prefixes


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end == -1 else end


def directive_regions(text: str) -> list[_Region]:
    regions: list[_Region] = []
    open_blocks: list[tuple[int, tuple[str, ...]]] = []
    for m in _DIRECTIVE.finditer(text):
        kind = m.group(1).lower()
        args = m.group(2).replace("-->", " ").replace("*/", " ")
        prefixes = tuple(a for a in (x.strip(",") for x in args.split()) if _RULE_ARG.fullmatch(a))
        line_start, line_end = _line_bounds(text, m.start())
        regions.append(_Region(line_start, line_end, ()))  # the directive's own line
        if kind == "disable-line":
            regions.append(_Region(line_start, line_end, prefixes))
        elif kind == "disable-next-line":
            nxt_start = line_end + 1
            # skip blank lines, so a directive above a paragraph covers its first line
            while nxt_start < len(text) and text[nxt_start] == "\n":
                nxt_start += 1
            if nxt_start < len(text):
                _, nxt_end = _line_bounds(text, nxt_start)
                regions.append(_Region(nxt_start, nxt_end, prefixes))
        elif kind == "disable":
            open_blocks.append((line_end, prefixes))
        elif kind == "enable" and open_blocks:
            start, prefixes_open = open_blocks.pop()
            regions.append(_Region(start, line_start, prefixes_open))
    for start, prefixes in open_blocks:
        regions.append(_Region(start, len(text), prefixes))
    return regions


def _regions(analysis: Analysis) -> list[_Region]:
    cached = analysis.extra.get("suppression_regions")
    if cached is None:
        text = analysis.document.text
        cached = directive_regions(text) if "normcheck-" in text.lower() else []
        analysis.extra["suppression_regions"] = cached
    return cached  # type: ignore[return-value]


def _allowed(finding: Finding, analysis: Analysis, config: Config) -> bool:
    if not config.allow:
        return False
    lo, hi = analysis.sentence_at(finding.start)
    sentence = analysis.document.text[lo:hi].lower()
    for phrase in config.allow:
        p = phrase.lower()
        pos = sentence.find(p)
        while pos != -1:
            if lo + pos <= finding.start and finding.end <= lo + pos + len(p):
                return True
            pos = sentence.find(p, pos + 1)
    return False


@hookimpl
def suppress_finding(finding: Finding, analysis: Analysis, config: Config) -> bool | None:
    if _allowed(finding, analysis, config):
        return True
    for region in _regions(analysis):
        if region.covers(finding):
            return True
    return None
