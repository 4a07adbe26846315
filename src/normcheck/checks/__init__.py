"""Checks turn an analysed document into findings. Built-in checks are plugins like any other."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from normcheck.model import Finding

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.lang import Analysis
    from normcheck.lexicon import Rule


@runtime_checkable
class Check(Protocol):
    """A check: ``run`` yields findings for one analysed document.

    ``profiles`` names the scan profiles the check takes part in (``("default",)`` for most).
    A check may also set ``needs_tokens = False`` when it reads only ``analysis.document.text``.
    """

    name: str
    profiles: tuple[str, ...]

    def run(self, analysis: Analysis, rules: Sequence[Rule], config: Config) -> Iterable[Finding]: ...


_PART_OF = {"sv": " (del av '{whole}')", "en": " (part of '{whole}')"}


def finding_from_rule(
    rule: Rule, analysis: Analysis, start: int, end: int, *, matched: str | None = None, whole: str | None = None
) -> Finding:
    """A finding for ``rule`` on ``text[start:end]``, its message rendered from the lexicon.

    ``whole`` is the compound when only a part of a word matched; the message names it.
    """
    text = analysis.document.text[start:end]
    shown = matched or text
    if whole and whole.lower() != text.lower():
        shown += _PART_OF.get(rule.lang, _PART_OF["en"]).format(whole=whole)
    return Finding(
        rule=rule.id,
        category=rule.category,
        severity=rule.level,
        language=rule.lang,
        start=start,
        end=end,
        text=text,
        message=rule.render_message(shown),
        suggestions=rule.suggest,
        coding=rule.coding,
        references=rule.references,
        note=rule.note,
    )
