"""Required literals of a regex: strings at least one of which every match must contain.

A document that contains none of a pattern's required literals cannot match it, so the regex
is not run at all: one substring search in C instead of a regex scan of the whole text. The
analysis is conservative: whenever it is unsure it returns ``None`` and the regex always runs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

MIN_LITERAL = 3


def _common() -> frozenset[str]:
    from normcheck.lang import en, sv

    return sv.STOPWORDS | en.STOPWORDS


def _rank(candidate: frozenset[str]) -> tuple[int, int, int]:
    """Prefer literals that are rarely present: not function words, letters, then longer."""
    common = _common()
    return (
        int(not any(lit in common for lit in candidate)),
        int(all(any(ch.isalpha() for ch in lit) for lit in candidate)),
        min(map(len, candidate)),
    )


def _required(items: Any) -> frozenset[str] | None:
    """Literal alternatives one of which every match of this sequence contains, or None."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(candidate: frozenset[str] | None) -> None:
        nonlocal best
        if candidate and (best is None or _rank(candidate) > _rank(best)):
            best = candidate

    def flush() -> None:
        # Letter runs need some length to filter anything; a punctuation mark ("/", "+")
        # filters on its own.
        if len(run) >= MIN_LITERAL or (run and not any(ch.isalnum() for ch in run)):
            consider(frozenset(("".join(run),)))
        run.clear()

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av).lower())
            continue
        flush()
        if op is C.SUBPATTERN:
            consider(_required(av[-1]))
        elif op is C.BRANCH:
            alternatives = [_required(branch) for branch in av[1]]
            if all(alternatives):
                consider(frozenset().union(*alternatives))  # type: ignore[arg-type]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_required(av[2]))
        elif op is C.ATOMIC_GROUP:
            consider(_required(av))
    flush()
    return best


@lru_cache(maxsize=4096)
def required_literals(pattern: str) -> frozenset[str] | None:
    """For a case-insensitive ``pattern``: lower-case literals, one of which every match holds."""
    try:
        parsed = P.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError, ValueError):
        return None
    try:
        return _required(list(parsed))
    except (TypeError, IndexError, AttributeError):  # an unfamiliar node: stay conservative
        return None
