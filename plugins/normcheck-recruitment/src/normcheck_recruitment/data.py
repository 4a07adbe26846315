"""The phrase lists (``data/<lang>.yml``): loaded once, validated strictly, regexes compiled.

A broken file is a ``LexiconError`` naming the file and the key, like the core's lexicons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from normcheck.errors import LexiconError

DATA_DIR = Path(__file__).resolve().parent / "data"

#: Presence checks, in the order they are reported.
CHECK_NAMES: tuple[str, ...] = (
    "salary",
    "working_hours",
    "flexibility",
    "parental_leave",
    "benefits",
    "inclusion_statement",
    "how_to_apply",
    "contact",
    "accommodations",
)
#: Section kinds a heading can open. ``required`` and ``merit`` hold requirement items.
SECTION_KINDS: tuple[str, ...] = ("required", "merit", "duties", "offer", "about", "apply", "terms")
#: Salary forms, most specific first.
SALARY_FORMS: tuple[str, ...] = ("range", "amount", "collective-agreement", "by-agreement")
ADDRESS_FORMS: tuple[str, ...] = ("second_person", "third_person", "masculine", "feminine", "paired", "neutral")

_TOP_KEYS = {
    "lang",
    "headings",
    "filler",
    "markers",
    "checks",
    "salary_forms",
    "address",
    "requirement_references",
    "superlative_rules",
    "job_ad",
    "messages",
}
_CHECK_KEYS = {"note", "outside", "patterns", "references", "examples"}


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading phrase: the words, the section kind it opens, and whether it is a sentence intro."""

    words: str
    kind: str
    intro: bool
    lang: str


@dataclass(frozen=True, slots=True)
class CheckSpec:
    name: str
    note: str
    outside: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    references: tuple[str, ...]
    examples_present: tuple[str, ...]
    examples_absent: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Markers:
    """Everything one language contributes to reading an ad."""

    lang: str
    path: str
    headings: tuple[Heading, ...]
    filler: frozenset[str]
    item_merit: tuple[re.Pattern[str], ...]
    item_merit_opening: tuple[re.Pattern[str], ...]
    item_required: tuple[re.Pattern[str], ...]
    sentence_required: tuple[re.Pattern[str], ...]
    sentence_merit: tuple[re.Pattern[str], ...]
    checks: dict[str, CheckSpec]
    salary_forms: dict[str, tuple[re.Pattern[str], ...]]
    address_words: dict[str, frozenset[str]]
    address_paired: tuple[re.Pattern[str], ...]
    address_third_person: tuple[re.Pattern[str], ...]
    address_references: tuple[str, ...]
    requirement_references: tuple[str, ...]
    superlative_rules: tuple[str, ...]
    job_ad: tuple[re.Pattern[str], ...]
    messages: dict[str, Any]
    rewrite_phrases: tuple[tuple[re.Pattern[str], str], ...] = field(default=())

    def message(self, *keys: str) -> Any:
        node: Any = self.messages
        for key in keys:
            node = node[key]
        return node


def _fail(path: Path, where: str | None, msg: str) -> LexiconError:
    return LexiconError(str(path), where, msg)


def _strings(value: Any, path: Path, where: str, *, allow_empty: bool = True) -> tuple[str, ...]:
    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, where, "must be a list of non-empty strings")
    if not allow_empty and not value:
        raise _fail(path, where, "must not be empty")
    return tuple(value)


def _regexes(value: Any, path: Path, where: str, *, allow_empty: bool = True) -> tuple[re.Pattern[str], ...]:
    out = []
    for regex in _strings(value, path, where, allow_empty=allow_empty):
        try:
            out.append(re.compile(regex, re.IGNORECASE))
        except re.error as exc:
            raise _fail(path, where, f"regex {regex!r} does not compile: {exc}") from None
    return tuple(out)


def _mapping(value: Any, path: Path, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, where, "must be a mapping")
    return value


def load_file(path: Path) -> Markers:
    """Load and validate one phrase-list file."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader
    except OSError as exc:
        raise _fail(path, None, f"cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise _fail(path, None, f"not valid YAML{where}") from None
    data = _mapping(raw, path, "file")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise _fail(path, None, f"unknown key(s): {', '.join(sorted(unknown))}")
    missing = _TOP_KEYS - set(data)
    if missing:
        raise _fail(path, None, f"missing key(s): {', '.join(sorted(missing))}")
    lang = data["lang"]
    if not isinstance(lang, str) or lang != path.stem:
        raise _fail(path, "lang", "must equal the file name (sv.yml holds lang: sv)")

    headings: list[Heading] = []
    raw_headings = _mapping(data["headings"], path, "headings")
    if set(raw_headings) != set(SECTION_KINDS):
        raise _fail(path, "headings", f"must have exactly the section kinds {', '.join(SECTION_KINDS)}")
    seen: dict[str, str] = {}
    for kind in SECTION_KINDS:
        group = _mapping(raw_headings[kind], path, f"headings.{kind}")
        if set(group) - {"titles", "intros"}:
            raise _fail(path, f"headings.{kind}", "only 'titles' and 'intros' are allowed")
        for key in ("titles", "intros"):
            for words in _strings(group.get(key), path, f"headings.{kind}.{key}"):
                norm = " ".join(words.lower().split())
                if norm in seen:
                    raise _fail(path, f"headings.{kind}.{key}", f"'{norm}' is also a heading of kind {seen[norm]}")
                seen[norm] = kind
                headings.append(Heading(norm, kind, key == "intros", lang))
    # Longest phrase first, so that "preferred qualifications" wins over "qualifications".
    headings.sort(key=lambda h: -len(h.words))

    markers = _mapping(data["markers"], path, "markers")
    item = _mapping(markers.get("item"), path, "markers.item")
    if set(item) - {"merit", "merit_opening", "required"}:
        raise _fail(path, "markers.item", "only 'merit', 'merit_opening' and 'required' are allowed")
    sentence = _mapping(markers.get("sentence"), path, "markers.sentence")

    checks: dict[str, CheckSpec] = {}
    raw_checks = _mapping(data["checks"], path, "checks")
    if set(raw_checks) != set(CHECK_NAMES):
        raise _fail(path, "checks", f"must have exactly the checks {', '.join(CHECK_NAMES)}")
    for name in CHECK_NAMES:
        spec = _mapping(raw_checks[name], path, f"checks.{name}")
        unknown = set(spec) - _CHECK_KEYS
        if unknown:
            raise _fail(path, f"checks.{name}", f"unknown key(s): {', '.join(sorted(unknown))}")
        outside = _strings(spec.get("outside"), path, f"checks.{name}.outside")
        if set(outside) - set(SECTION_KINDS):
            raise _fail(path, f"checks.{name}.outside", f"must name section kinds ({', '.join(SECTION_KINDS)})")
        examples = _mapping(spec.get("examples"), path, f"checks.{name}.examples")
        note = spec.get("note")
        if not isinstance(note, str) or not note.strip():
            raise _fail(path, f"checks.{name}.note", "is required")
        checks[name] = CheckSpec(
            name=name,
            note=note.strip(),
            outside=outside,
            patterns=_regexes(spec.get("patterns"), path, f"checks.{name}.patterns", allow_empty=False),
            references=_strings(spec.get("references"), path, f"checks.{name}.references", allow_empty=False),
            examples_present=_strings(examples.get("present"), path, f"checks.{name}.examples.present", allow_empty=False),
            examples_absent=_strings(examples.get("absent"), path, f"checks.{name}.examples.absent", allow_empty=False),
        )

    raw_forms = _mapping(data["salary_forms"], path, "salary_forms")
    if set(raw_forms) != set(SALARY_FORMS):
        raise _fail(path, "salary_forms", f"must have exactly {', '.join(SALARY_FORMS)}")
    salary_forms = {form: _regexes(raw_forms[form], path, f"salary_forms.{form}") for form in SALARY_FORMS}

    address = _mapping(data["address"], path, "address")
    words = {
        form: frozenset(w.lower() for w in _strings(address.get(form), path, f"address.{form}"))
        for form in ("second_person", "masculine", "feminine", "neutral")
    }
    messages = _mapping(data["messages"], path, "messages")
    rewrite = _mapping(messages.get("rewrite", {}), path, "messages.rewrite")
    phrases = []
    for i, pair in enumerate(rewrite.get("phrases") or []):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            raise _fail(path, f"messages.rewrite.phrases[{i}]", "must be [regex, replacement]")
        phrases.append((_regexes([pair[0]], path, f"messages.rewrite.phrases[{i}]")[0], pair[1]))
    for key in ("headline", "address_names", "check_labels", "advice"):
        if key not in messages:
            raise _fail(path, f"messages.{key}", "is required")
    return Markers(
        lang=lang,
        path=str(path),
        headings=tuple(headings),
        filler=frozenset(w.lower() for w in _strings(data["filler"], path, "filler")),
        item_merit=_regexes(item.get("merit"), path, "markers.item.merit", allow_empty=False),
        item_merit_opening=_regexes(item.get("merit_opening"), path, "markers.item.merit_opening"),
        item_required=_regexes(item.get("required"), path, "markers.item.required", allow_empty=False),
        sentence_required=_regexes(sentence.get("required"), path, "markers.sentence.required", allow_empty=False),
        sentence_merit=_regexes(sentence.get("merit"), path, "markers.sentence.merit", allow_empty=False),
        checks=checks,
        salary_forms=salary_forms,
        address_words=words,
        address_paired=_regexes(address.get("paired"), path, "address.paired"),
        address_third_person=_regexes(address.get("third_person"), path, "address.third_person"),
        address_references=_strings(address.get("references"), path, "address.references", allow_empty=False),
        requirement_references=_strings(data["requirement_references"], path, "requirement_references", allow_empty=False),
        superlative_rules=_strings(data["superlative_rules"], path, "superlative_rules"),
        job_ad=_regexes(data["job_ad"], path, "job_ad", allow_empty=False),
        messages=messages,
        rewrite_phrases=tuple(phrases),
    )


try:  # Python 3.11+
    from re import _constants as _sre_constants
    from re import _parser as _sre_parser
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parser  # type: ignore[no-redef]


def _branch_literals(items: Any) -> set[str] | None:
    """Literal strings that start every alternative of a BRANCH, or None if one has none."""
    out: set[str] = set()
    for alternative in items:
        run = ""
        for op, av in alternative:
            if op is _sre_constants.LITERAL:
                run += chr(av)
            else:
                break
        if not run:
            return None
        out.add(run)
    return out


@lru_cache(maxsize=4096)
def required_literals(pattern: str) -> frozenset[str] | None:
    """Lower-cased strings of which every match of ``pattern`` contains at least one.

    A substring test on the lower-cased text then tells whether the regex can match at all, so
    most patterns never run on most ads. The best candidate among the pattern's top-level parts
    is used: a run of literal characters ("heltid"), an alternation whose every branch starts
    with literal characters ("(?:send|submit)"), or a class of plain characters ("[$£€]").
    ``None`` when there is no useful candidate.
    """
    try:
        parsed = _sre_parser.parse(pattern, re.IGNORECASE)
    except Exception:  # noqa: BLE001 - a pattern the parser cannot take is simply not pre-checked
        return None
    candidates: list[set[str]] = []
    run = ""
    for op, av in list(parsed) + [(None, None)]:
        if op is _sre_constants.LITERAL:
            run += chr(av)
            continue
        if run:
            candidates.append({run})
            run = ""
        if op is _sre_constants.SUBPATTERN:
            body = list(av[-1])
            if len(body) == 1 and body[0][0] is _sre_constants.BRANCH:
                found = _branch_literals(body[0][1][1])
                if found:
                    candidates.append(found)
        elif op is _sre_constants.IN and av and all(o is _sre_constants.LITERAL for o, _ in av):
            candidates.append({chr(c) for _, c in av})
        elif op is _sre_constants.BRANCH:
            found = _branch_literals(av[1])
            if found:
                candidates.append(found)

    def useful(c: set[str]) -> bool:
        shortest = min(len(x) for x in c)
        return shortest >= 2 or all(not x.isalnum() for x in c)

    usable = [c for c in candidates if useful(c)]
    if not usable:
        return None
    best = max(usable, key=lambda c: (min(len(x) for x in c), -len(c)))
    return frozenset(x.lower() for x in best)


def possible(patterns: Iterable[re.Pattern[str]], lowered: str) -> list[re.Pattern[str]]:
    """The patterns that can match ``lowered`` (lower-cased text) by their required literals."""
    out = []
    for p in patterns:
        literals = required_literals(p.pattern)
        if literals is None or any(x in lowered for x in literals):
            out.append(p)
    return out


@lru_cache(maxsize=256)
def _combined(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def combined(patterns: Iterable[re.Pattern[str]]) -> re.Pattern[str]:
    """One alternation of ``patterns``: a single pass finds the leftmost match of any of them."""
    return _combined(tuple(p.pattern for p in patterns))


@lru_cache(maxsize=None)
def markers(lang: str) -> Markers:
    """The phrase lists for ``lang`` ("sv" or "en")."""
    path = DATA_DIR / f"{lang}.yml"
    if not path.is_file():
        raise LexiconError(str(path), None, f"no recruitment phrase lists for language {lang!r}")
    return load_file(path)


def languages() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in DATA_DIR.glob("*.yml")))


@lru_cache(maxsize=1)
def all_markers() -> tuple[Markers, ...]:
    return tuple(markers(lang) for lang in languages())
