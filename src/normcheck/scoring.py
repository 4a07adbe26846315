"""Gender-coding balance and verdicts.

The default profile weighs the difference between masculine- and feminine-coded words by the
length of the text: ``lean = (masculine - feminine) * 100 / max(words, 100)``. A lean under 0.5
is ``neutral``, from 0.5 a text is ``masculine-coded`` (or feminine), from 1.5 ``strongly``
so. A 400-word ad with two more masculine- than feminine-coded words is masculine-coded; with
six more, strongly. Short texts count as 100 words, so one word in a heading cannot swing a
verdict. The ``gender-decoder`` profile uses that tool's own raw-difference thresholds instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from normcheck.model import Finding

NEUTRAL_BELOW = 0.5
STRONG_FROM = 1.5
MIN_WORDS = 100


def lean(masculine: int, feminine: int, words: int) -> float:
    return (masculine - feminine) * 100 / max(words, MIN_WORDS)


def default_verdict(masculine: int, feminine: int, words: int) -> str:
    value = lean(masculine, feminine, words)
    side = "masculine" if value > 0 else "feminine"
    size = abs(value)
    if size < NEUTRAL_BELOW:
        return "neutral"
    if size < STRONG_FROM:
        return f"{side}-coded"
    return f"strongly-{side}-coded"


def gender_coding(findings: Sequence[Finding], words: int, profile: str = "default") -> dict[str, Any]:
    masculine = sum(1 for f in findings if f.category == "gender-coded" and f.coding == "masculine")
    feminine = sum(1 for f in findings if f.category == "gender-coded" and f.coding == "feminine")
    if profile == "gender-decoder":
        from normcheck.profiles.gender_decoder import verdict as gd_verdict

        verdict = gd_verdict(masculine, feminine)
    else:
        verdict = default_verdict(masculine, feminine, words)
    per = 100 / words if words else 0.0
    return {
        "masculine": masculine,
        "feminine": feminine,
        "masculine_per_100": round(masculine * per, 2),
        "feminine_per_100": round(feminine * per, 2),
        "verdict": verdict,
    }
