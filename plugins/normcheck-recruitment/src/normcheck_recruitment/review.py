"""Read an analysed ad as a job ad: presence checks, address, advice and the module summary.

``review(report, analysis, config)`` returns the ``modules.recruitment`` object documented in
``docs/recruitment.md`` and in the ``normcheck/v1`` JSON Schema.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from normcheck.checks.referents import pronoun_is_generic
from normcheck.errors import ConfigError

from normcheck_recruitment.data import ADDRESS_FORMS, CHECK_NAMES, SALARY_FORMS, Markers, all_markers, markers, required_literals
from normcheck_recruitment.structure import _BULLET, LIST_KINDS, Structure, parse

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.lang import Analysis
    from normcheck.model import DocumentReport, Finding

DEFAULT_MAX_REQUIRED = 6
_EXTRA_KEY = "normcheck_recruitment"
_MAX_EXAMPLE_WORDS = 25
_MAX_FINDING_ADVICE = 6
#: The lean advice needs at least this many coded words on the leaning side (one word is no lean).
MIN_CODED = 2

# How much each kind of advice matters, highest first. Wording that shuts people out directly comes
# first, then how the reader is addressed and how the text leans, then the requirement list, then
# word choice, then missing information. Ties keep the order of the text.
IMPACT = {
    "direct": 100,
    "address-masculine": 90,
    "address-feminine": 88,
    "coded-strongly": 85,
    "coded": 80,
    "long-list": 75,
    "address-third-person": 70,
    "term": 65,
    "norm": 62,
    "separate-merits": 60,
    "superlatives": 55,
    "language": 50,
    "missing-salary": 48,
    "missing-inclusion_statement": 45,
    "missing-flexibility": 40,
    "missing-parental_leave": 38,
    "missing-working_hours": 35,
    "coded-feminine": 34,
    "missing-contact": 33,
    "missing-how_to_apply": 32,
    "missing-accommodations": 30,
    "norm-suggestion": 28,
    "missing-benefits": 25,
    "vague-salary": 20,
}
# Where the advice for a missing piece of information points: the section it belongs in.
_ANCHORS = {
    "salary": ("offer", "terms"),
    "working_hours": ("terms", "offer"),
    "flexibility": ("offer", "terms"),
    "parental_leave": ("offer",),
    "benefits": ("offer",),
    "inclusion_statement": ("apply", "about"),
    "how_to_apply": ("apply",),
    "contact": ("apply",),
    "accommodations": ("apply",),
}
_MODALS_EN = frozenset({"will", "would", "should", "must", "can", "could", "may", "might", "shall", "need", "needs"})
_VERB_EN = {"is": "are", "has": "have", "was": "were", "does": "do", "needs": "need"}


def max_required(config: Config) -> int:
    """``max-required`` from ``[tool.normcheck.recruitment]`` (default 6)."""
    table = config.plugins.get("recruitment", {}) if config is not None else {}
    value = table.get("max-required", DEFAULT_MAX_REQUIRED)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        where = f" in {config.path}" if config is not None and config.path else ""
        raise ConfigError(f"[tool.normcheck.recruitment] max-required{where} must be a whole number of at least 1, not {value!r}")
    return value


def language_of(analysis: Analysis) -> str | None:
    lang = analysis.language
    return lang if lang in ("sv", "en") else None


def ordered_markers(lang: str | None) -> tuple[Markers, ...]:
    """Every language's phrase lists, the document's language first."""
    every = all_markers()
    if lang is None:
        return every
    return tuple(sorted(every, key=lambda m: m.lang != lang))


def structure_of(analysis: Analysis) -> Structure:
    """The ad structure, computed once per analysis (the check and the summary share it)."""
    cached = analysis.extra.get(_EXTRA_KEY)
    if cached is None:
        doc = analysis.document
        kinds = [(s.start, s.end, s.kind) for s in doc.segments]
        cached = parse(doc.text, ordered_markers(language_of(analysis)), kinds)
        analysis.extra[_EXTRA_KEY] = cached
    return cached  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------
# Presence checks


def _inside(ranges: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s <= a and b <= e for s, e in ranges)


# (pattern for the lower-cased text or None, the original pattern, its required literals)
_Entry = tuple["re.Pattern[str] | None", re.Pattern[str], "frozenset[str] | None"]
_UPPER_ESCAPE = re.compile(r"\\[A-Z]|\(\?-i|\(\?[a-z]*i")


@dataclass(frozen=True, slots=True)
class _Compiled:
    """Patterns of a set of phrase lists with their required literals, built once per set."""

    checks: dict[str, tuple[_Entry, ...]]
    forms: dict[str, tuple[_Entry, ...]]
    paired: tuple[_Entry, ...]
    third_person: tuple[_Entry, ...]


def _lower_pattern(p: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern lower-cased and case-sensitive, for the lower-cased text (about twice as fast
    as case-insensitive matching); None when lower-casing would change what it means."""
    if _UPPER_ESCAPE.search(p.pattern):
        return None
    try:
        return re.compile(p.pattern.lower())
    except re.error:
        return None


def _entries(patterns: Iterable[re.Pattern[str]]) -> tuple[_Entry, ...]:
    return tuple((_lower_pattern(p), p, required_literals(p.pattern)) for p in patterns)


@lru_cache(maxsize=8)
def _compiled(ms: tuple[Markers, ...]) -> _Compiled:
    return _Compiled(
        checks={n: _entries(p for m in ms for p in m.checks[n].patterns) for n in CHECK_NAMES},
        forms={f: _entries(p for m in ms for p in m.salary_forms[f]) for f in SALARY_FORMS},
        paired=_entries(p for m in ms for p in m.address_paired),
        third_person=_entries(p for m in ms for p in m.address_third_person),
    )


class _Lowered(str):
    """The lower-cased text, remembering which literals it contains."""

    __slots__ = ("seen",)

    def has(self, literals: frozenset[str]) -> bool:
        try:
            seen = self.seen
        except AttributeError:
            seen = self.seen = {}
        found = seen.get(literals)
        if found is None:
            found = seen[literals] = any(x in self for x in literals)
        return found


def _runnable(entries: Iterable[_Entry], norm: str, lowered: _Lowered | None) -> list[tuple[re.Pattern[str], str]]:
    """``(pattern, text to run it on)`` for the patterns whose required literal is in the text."""
    if lowered is None:
        return [(p, norm) for _, p, _ in entries]
    return [
        (low, lowered) if low is not None else (p, norm)
        for low, p, lits in entries
        if lits is None or lowered.has(lits)
    ]


def _first(
    entries: Iterable[_Entry], text: str, skip: list[tuple[int, int]], lowered: _Lowered | None = None
) -> re.Match[str] | None:
    """The leftmost match of any of the patterns that is not inside a skipped range.

    ``lowered`` is the text lower-cased (same length) or None; patterns whose required literal is
    not in it are not run at all.
    """
    best: re.Match[str] | None = None
    for pattern, subject in _runnable(entries, text, lowered):
        for m in pattern.finditer(subject):
            if best is not None and m.start() >= best.start():
                break
            if m.end() > m.start() and not (skip and _inside(skip, m.start(), m.end())):
                best = m
                break
    return best


def _lowered(norm: str) -> _Lowered | None:
    lowered = norm.lower()
    return _Lowered(lowered) if len(lowered) == len(norm) else None  # a letter whose lower case is longer


def presence(text: str, structure: Structure, ms: Sequence[Markers]) -> dict[str, dict[str, Any]]:
    """Each check: ``{present, start, end, text}`` (the earliest match), salary also ``form``."""
    compiled = _compiled(tuple(ms))
    norm = text.replace("’", "'")
    lowered = _lowered(norm)
    out: dict[str, dict[str, Any]] = {}
    skip_cache: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for name in CHECK_NAMES:
        outside = ms[0].checks[name].outside
        skip = skip_cache.get(outside)
        if skip is None:
            skip = structure.ranges(outside)
            skip_cache[outside] = skip
        m = _first(compiled.checks[name], norm, skip, lowered)
        if m is None:
            out[name] = {"present": False, "start": None, "end": None, "text": None}
        else:
            out[name] = {"present": True, "start": m.start(), "end": m.end(), "text": text[m.start() : m.end()]}
    salary = out["salary"]
    form = None
    skip = skip_cache[ms[0].checks["salary"].outside]
    for candidate in SALARY_FORMS:
        if _first(compiled.forms[candidate], norm, skip, lowered) is not None:
            form = candidate
            break
    if form is not None and not salary["present"]:
        m = _first(compiled.forms[form], norm, skip, lowered)
        assert m is not None
        salary.update(present=True, start=m.start(), end=m.end(), text=text[m.start() : m.end()])
    salary["form"] = (form or "unspecified") if salary["present"] else None
    return out


# ---------------------------------------------------------------------------------------------
# Address


@dataclass(slots=True)
class Address:
    counts: dict[str, int]
    forms: Counter[str]
    spans: dict[str, list[tuple[int, int]]]

    @property
    def dominant(self) -> str:
        best = max(ADDRESS_FORMS, key=lambda f: (self.counts[f], f == "second_person"))
        return best if self.counts[best] else "none"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.counts)
        out["dominant"] = self.dominant
        out["forms"] = dict(sorted(self.forms.items(), key=lambda kv: (-kv[1], kv[0])))
        return out


def _regex_spans(entries: Iterable[_Entry], text: str, lowered: _Lowered | None) -> list[tuple[int, int]]:
    found = sorted(
        ((m.start(), m.end()) for p, subject in _runnable(entries, text, lowered) for m in p.finditer(subject) if m.end() > m.start()),
        key=lambda s: (s[0], -(s[1] - s[0])),
    )  # separate passes, so that the longest of overlapping forms wins
    kept: list[tuple[int, int]] = []
    for a, b in found:
        if kept and a < kept[-1][1]:
            continue
        kept.append((a, b))
    return kept


def address(analysis: Analysis, ms: Sequence[Markers]) -> Address:
    """How the ad addresses the reader: counts per form, surface forms, spans (once per analysis)."""
    cached = analysis.extra.get(_EXTRA_KEY + ".address")
    if cached is None:
        cached = _address(analysis, ms)
        analysis.extra[_EXTRA_KEY + ".address"] = cached
    return cached  # type: ignore[return-value]


def _address(analysis: Analysis, ms: Sequence[Markers]) -> Address:
    text = analysis.document.text
    norm = text.replace("’", "'")
    by_lang = {m.lang: m for m in ms}
    counts = {f: 0 for f in ADDRESS_FORMS}
    forms: Counter[str] = Counter()
    spans: dict[str, list[tuple[int, int]]] = {f: [] for f in ADDRESS_FORMS}
    compiled = _compiled(tuple(ms))
    lowered = _lowered(norm)
    for form, entries in (("paired", compiled.paired), ("third_person", compiled.third_person)):
        for a, b in _regex_spans(entries, norm, lowered):
            counts[form] += 1
            spans[form].append((a, b))
            forms[" ".join(norm[a:b].lower().split())] += 1
    paired = spans["paired"]
    paired_starts = [a for a, _ in paired]
    default = language_of(analysis)
    words = {m.lang: {w: f for f in ("neutral", "feminine", "masculine", "second_person") for w in m.address_words[f]} for m in ms}
    for index, tok in enumerate(analysis.tokens):
        table = words.get(tok.lang or default or "")
        if table is None:
            continue
        low = tok.lower
        form = table.get(low)
        if form is None:
            if "’" not in low:
                continue
            low = low.replace("’", "'")
            form = table.get(low)
            if form is None:
                continue
        if form in ("masculine", "feminine"):
            i = bisect.bisect_right(paired_starts, tok.start) - 1
            if i >= 0 and paired[i][0] <= tok.start < paired[i][1]:
                continue
            if not pronoun_is_generic(analysis, index):
                continue
        counts[form] += 1
        spans[form].append((tok.start, tok.end))
        forms[low] += 1
    return Address(counts, forms, spans)


# ---------------------------------------------------------------------------------------------
# Advice


def _span(text: str, a: int, b: int) -> dict[str, Any]:
    return {"start": a, "end": b, "text": text[a:b]}


def _quote_list(texts: Sequence[str], m: Markers, limit: int = 3, last: str = "list_last") -> str:
    uniq: list[str] = []
    seen: set[str] = set()
    for t in texts:
        key = t.lower()
        if key not in seen:
            seen.add(key)
            uniq.append(t)
    uniq = uniq[:limit]
    quoted = [m.message("quote").format(text=t) for t in uniq]
    if len(quoted) <= 1:
        return "".join(quoted)
    return m.message("list_separator").join(quoted[:-1]) + m.message(last) + quoted[-1]


def _times(m: Markers, count: int) -> str:
    forms = m.message("times")
    return forms["one"] if count == 1 else forms["many"].format(count=count)


def _keep_case(original: str, replacement: str) -> str:
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _sentence_of(analysis: Analysis, offset: int) -> tuple[int, int] | None:
    starts = [s for s, _ in analysis.sentences]
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0:
        return None
    a, b = analysis.sentences[i]
    return (a, b) if a <= offset < b else None


def rewrite_example(
    analysis: Analysis, spans: Sequence[tuple[int, int]], mapping: dict[str, str], m: Markers
) -> tuple[str, str] | None:
    """The sentence of the first span, before and after replacing every span in it with "du"/"you"."""
    if not spans:
        return None
    text = analysis.document.text
    sent = _sentence_of(analysis, spans[0][0])
    if sent is None:
        return None
    a, b = sent
    bullet = _BULLET.match(text, a, b)
    if bullet:
        a = bullet.end()
    before = text[a:b]
    if len(before.split()) > _MAX_EXAMPLE_WORDS:
        return None
    pieces: list[str] = []
    pos = a
    for s, e in spans:
        if s < a or e > b or s < pos:
            continue
        original = text[s:e]
        replacement = mapping.get(" ".join(original.lower().split()))
        if replacement is None:
            return None
        pieces.append(text[pos:s])
        pieces.append(_keep_case(original, replacement))
        pos = e
        if m.lang == "en" and original.lower() in ("he", "she"):
            nxt = re.match(r"(\s+)([A-Za-z]+)", text[e:b])
            if nxt:
                verb = nxt.group(2)
                low = verb.lower()
                fixed = _VERB_EN.get(low)
                if fixed is None and low not in _MODALS_EN and len(low) > 3 and low.endswith("s") and not low.endswith("ss"):
                    if low.endswith("ies"):
                        fixed = low[:-3] + "y"
                    elif low.endswith(("sses", "shes", "ches", "xes", "zes")):
                        fixed = low[:-2]
                    else:
                        fixed = low[:-1]
                if fixed is not None:
                    pieces.append(nxt.group(1) + fixed)
                    pos = e + nxt.end()
    pieces.append(text[pos:b])
    after = "".join(pieces)
    for regex, repl in m.rewrite_phrases:
        after = regex.sub(repl, after)
    after = after[:1].upper() + after[1:]
    before, after = before.rstrip(" .!?;:"), after.rstrip(" .!?;:")
    return (before, after) if after != before else None


def _clause(analysis: Analysis, a: int, b: int, max_words: int = 12) -> tuple[int, int]:
    """The sentence around text[a:b], or the clause (between commas) when the sentence is long."""
    text = analysis.document.text
    sent = _sentence_of(analysis, a) or (a, b)
    s, e = sent
    if len(text[s:e].split()) > max_words:
        left = max(text.rfind(",", s, a), text.rfind(";", s, a))
        s = left + 1 if left >= 0 else s
        right = [i for i in (text.find(",", b, e), text.find(";", b, e)) if i >= 0]
        e = min(right) if right else e
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1] in " .;,!":
        e -= 1
    return s, e


def superlative_rule_ids() -> frozenset[str]:
    return frozenset(r for m in all_markers() for r in m.superlative_rules)


def is_superlative(f: Finding, other_ids: frozenset[str]) -> bool:
    return (f.category == "recruitment" and ".recruitment.superlative-" in f.rule) or f.rule in other_ids


def is_language(f: Finding) -> bool:
    return f.category == "recruitment" and ".recruitment.language-" in f.rule


@dataclass(slots=True)
class _Advice:
    id: str
    impact: int
    message: str
    spans: list[tuple[int, int]]
    references: tuple[str, ...] = ()


def _finding_groups(findings: Sequence[Finding]) -> list[list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.rule, []).append(f)
    return list(groups.values())


def advise(
    analysis: Analysis,
    report: DocumentReport,
    structure: Structure,
    checks: dict[str, dict[str, Any]],
    addr: Address,
    m: Markers,
    limit: int,
) -> list[dict[str, Any]]:
    """Concrete rewrite suggestions for this ad, most impact first."""
    text = analysis.document.text
    adv = m.message("advice")
    out: list[_Advice] = []
    findings = list(report.findings)

    # How the reader is addressed.
    for side in ("masculine", "feminine"):
        spans = addr.spans[side]
        if not spans:
            continue
        msg = adv["address_pronoun"].format(
            texts=_quote_list([text[a:b].lower() for a, b in spans], m), times=_times(m, addr.counts[side])
        )
        example = rewrite_example(analysis, spans, m.message("rewrite", "pronouns"), m)
        if example:
            msg += " " + adv["example"].format(before=example[0], after=example[1])
        out.append(_Advice(f"address-{side}", IMPACT[f"address-{side}"], msg, spans, m.address_references))
    if addr.spans["third_person"]:
        texts = [text[a:b] for a, b in addr.spans["third_person"]]
        msg = adv["address_third_person"].format(texts=_quote_list(texts, m), times=_times(m, addr.counts["third_person"]))
        example = rewrite_example(analysis, addr.spans["third_person"], m.message("rewrite", "third_person"), m)
        if example:
            msg += " " + adv["example"].format(before=example[0], after=example[1])
        out.append(_Advice("address-third-person", IMPACT["address-third-person"], msg, addr.spans["third_person"], m.address_references))

    # How the text leans (the core's gender-coding score and coded-word findings).
    gc = report.scores.get("gender_coding") or {}
    verdict = gc.get("verdict")
    for side, verdicts in (("masculine", ("masculine-coded", "strongly-masculine-coded")), ("feminine", ("feminine-coded", "strongly-feminine-coded"))):
        if verdict not in verdicts:
            continue
        coded = [f for f in findings if f.category == "gender-coded" and f.coding == side]
        if len(coded) < MIN_CODED:
            continue
        by_count = Counter(f.text.lower() for f in coded)
        ordered = sorted(coded, key=lambda f: (-by_count[f.text.lower()], f.start))
        key = f"coded_{side}"
        msg = adv[key].format(
            masculine=gc.get("masculine", 0), feminine=gc.get("feminine", 0), texts=_quote_list([f.text for f in ordered], m, 4)
        )
        impact = IMPACT["coded-feminine"] if side == "feminine" else IMPACT["coded-strongly" if verdict.startswith("strongly") else "coded"]
        refs = tuple(dict.fromkeys(r for f in coded for r in f.references))[:2]
        out.append(_Advice(f"coded-{side}", impact, msg, [(f.start, f.end) for f in coded], refs))

    # The requirement list.
    required = structure.required
    merits = structure.merits
    if len(required) > limit:
        move = len(required) - limit
        candidates = required[-move:]
        target = adv["long_list_target_existing" if merits else "long_list_target_new"]
        msg = adv["long_list"].format(
            required=len(required), move=move, target=target, texts=_quote_list([i.text for i in candidates], m)
        )
        out.append(_Advice("long-list", IMPACT["long-list"], msg, [(i.start, i.end) for i in candidates], m.requirement_references))
    elif not merits and len(required) >= 4:
        heads = [s for s in structure.sections if s.kind == "required"]
        spans = [(s.start, s.heading_end) for s in heads] or [(required[0].start, required[0].end)]
        msg = adv["separate_merits"].format(required=len(required))
        out.append(_Advice("separate-merits", IMPACT["separate-merits"], msg, spans, m.requirement_references))

    # Word-level findings of this module and of the lexicons.
    superlative_ids = superlative_rule_ids()
    for key, test in (("superlatives", lambda f: is_superlative(f, superlative_ids)), ("language", is_language)):
        group = [f for f in findings if test(f)]
        if group:
            msg = adv[key].format(texts=_quote_list([f.text for f in group], m))
            refs = tuple(dict.fromkeys(r for f in group for r in f.references))[:3]
            out.append(_Advice(key, IMPACT[key], msg, [(f.start, f.end) for f in group], refs))
    pronoun_spans = addr.spans["masculine"] + addr.spans["feminine"]
    others = [
        f
        for f in findings
        if f.category not in ("recruitment", "gender-coded")
        and f.rule not in superlative_ids
        and not (f.category == "generic-pronoun" and any(a < f.end and f.start < b for a, b in pronoun_spans))
    ]
    from_findings: list[_Advice] = []
    for group in _finding_groups(others):
        first = group[0]
        texts = _quote_list([f.text for f in group], m)
        if first.severity == "error":
            kind, msg = "direct", adv["direct"].format(texts=texts, message=first.message)
        elif first.suggestions:
            kind = "term" if first.category == "gendered-term" else ("norm" if first.severity == "warning" else "norm-suggestion")
            suggestions = _quote_list(list(first.suggestions), m, last="list_or")
            msg = adv["term"].format(texts=texts, suggestions=suggestions)
        else:
            kind = "norm" if first.severity == "warning" else "norm-suggestion"
            msg = adv["finding"].format(texts=texts, message=first.message)
            if len(group) > 1:
                msg += f" ({_times(m, len(group))})"
        from_findings.append(_Advice(f"{kind}:{first.rule}", IMPACT[kind], msg, [(f.start, f.end) for f in group], first.references[:2]))
    from_findings.sort(key=lambda x: (-x.impact, x.spans[0][0]))
    out.extend(from_findings[:_MAX_FINDING_ADVICE])

    # Missing information.
    for name in CHECK_NAMES:
        result = checks[name]
        spec = m.checks[name]
        if not result["present"]:
            anchor = structure.first_section(*_ANCHORS[name])
            spans = [(anchor.start, anchor.heading_end)] if anchor else []
            out.append(_Advice(f"missing-{name}", IMPACT[f"missing-{name}"], adv[f"missing_{name}"], spans, spec.references))
        elif name == "salary" and result.get("form") in ("unspecified", "by-agreement"):
            a, b = _clause(analysis, result["start"], result["end"])
            msg = adv["vague_salary"].format(texts=_quote_list([text[a:b]], m))
            out.append(_Advice("vague-salary", IMPACT["vague-salary"], msg, [(a, b)], spec.references))

    out.sort(key=lambda x: (-x.impact, x.spans[0][0] if x.spans else len(text), x.id))
    return [
        {
            "priority": i,
            "id": a.id,
            "message": a.message,
            "spans": [_span(text, s, e) for s, e in a.spans],
            "references": list(a.references),
        }
        for i, a in enumerate(out, start=1)
    ]


# ---------------------------------------------------------------------------------------------
# The summary


def is_job_ad(text: str, structure: Structure, checks: dict[str, dict[str, Any]], ms: Sequence[Markers]) -> bool:
    """An ad has requirement items or an ad section, says how to apply, or says it is hiring."""
    if structure.items:
        return True
    if any(s.kind in ("required", "merit", "duties", "apply", "offer") for s in structure.sections):
        return True
    if checks["how_to_apply"]["present"]:
        return True
    norm = text.replace("’", "'")
    return any(p.search(norm) for m in ms for p in m.job_ad)


def headline(m: Markers, job_ad: bool, structure: Structure, checks: dict[str, dict[str, Any]], addr: Address, advice: list[Any]) -> str:
    if not job_ad:
        return str(m.message("headline_not_ad"))
    labels = m.message("check_labels")
    missing = [labels[n] for n in CHECK_NAMES if not checks[n]["present"]]
    n = len(advice)
    advice_text = m.message("headline_advice_one") if n == 1 else m.message("headline_advice").format(count=n)
    return str(
        m.message("headline").format(
            required=len(structure.required),
            merit=len(structure.merits),
            missing=", ".join(missing) if missing else m.message("headline_missing_none"),
            address=m.message("address_names")[addr.dominant],
            advice=advice_text,
        )
    )


def review(report: DocumentReport, analysis: Analysis, config: Config) -> dict[str, Any]:
    """The ``modules.recruitment`` object for one document."""
    lang = language_of(analysis)
    m = markers(lang or "en")
    ms = ordered_markers(lang)
    limit = max_required(config)
    structure = structure_of(analysis)
    text = analysis.document.text
    checks = presence(text, structure, ms)
    addr = address(analysis, ms)
    job_ad = is_job_ad(text, structure, checks, ms)
    advice = advise(analysis, report, structure, checks, addr, m, limit) if job_ad else []
    superlative_ids = superlative_rule_ids()
    return {
        "language": lang,
        "job_ad": job_ad,
        "headline": headline(m, job_ad, structure, checks, addr, advice),
        "requirements": [i.to_dict(structure.sections) for i in structure.items],
        "required_count": len(structure.required),
        "merit_count": len(structure.merits),
        "max_required": limit,
        "sections": [s.to_dict() for s in structure.sections],
        "checks": checks,
        "address": addr.to_dict(),
        "superlatives": [
            {"text": f.text, "start": f.start, "end": f.end, "rule": f.rule}
            for f in report.findings
            if is_superlative(f, superlative_ids)
        ],
        "language_requirements": [
            {"text": f.text, "start": f.start, "end": f.end, "rule": f.rule} for f in report.findings if is_language(f)
        ],
        "advice": advice,
    }


__all__ = ["LIST_KINDS", "review", "structure_of", "presence", "address", "advise", "max_required"]
