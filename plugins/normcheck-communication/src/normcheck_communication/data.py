"""The module's word and name lists: YAML files in ``data/``, loaded and checked once per process.

Every list is data with its sources in the file; this module only compiles the lists into the
lookup tables the analysis needs and refuses a malformed file with an error naming it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from normcheck.errors import PluginError

DATA_DIR = Path(__file__).resolve().parent / "data"
GENDERS: tuple[str, ...] = ("woman", "man", "unknown")
CLASSES: tuple[str, ...] = ("care", "appearance", "expertise", "technology", "leadership")
#: Which association classes are the stereotyped ones for each gender.
STEREOTYPED: dict[str, frozenset[str]] = {
    "woman": frozenset({"care", "appearance"}),
    "man": frozenset({"expertise", "technology", "leadership"}),
}
LANGS: tuple[str, ...] = ("sv", "en")
# Lower-case words that may stand inside a name ("Ulla von Essen", "Ahmed al Hassan").
PARTICLES = frozenset({"von", "af", "van", "de", "der", "den", "la", "le", "di", "da", "du", "del", "al", "el", "bin", "ibn"})


class DataError(PluginError):
    """A data file of the communication module is missing or malformed."""


def _load(name: str) -> dict[str, Any]:
    import yaml

    path = DATA_DIR / name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as exc:
        raise DataError(f"cannot be read ({exc.strerror or exc})", source=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise DataError(f"is not valid YAML{where}: {problem}", source=str(path)) from None
    if not isinstance(data, dict):
        raise DataError("must hold a mapping", source=str(path))
    return data


def _words(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise DataError(f"{where} must be a list of words", source=str(DATA_DIR))
    return [str(v).strip() for v in value if str(v).strip()]


@dataclass(frozen=True)
class Names:
    """First names: lower-case name → "woman" | "man" | "unknown", and the homographs."""

    gender: dict[str, str]
    homographs: frozenset[str]
    sources: tuple[str, ...] = ()

    def lookup(self, lower: str, lang: str | None = None) -> str | None:
        """The name a token stands for: ``anna``, ``anna's``, Swedish ``annas`` → ``anna``."""
        if lower in self.gender:
            return lower
        for suffix in ("'s", "’s"):
            if lower.endswith(suffix) and lower[:-2] in self.gender:
                return lower[:-2]
        # The Swedish genitive has no apostrophe; short names are left alone ("Los" is not "Lo"'s).
        if lang == "sv" and len(lower) > 4 and lower.endswith("s") and lower[:-1] in self.gender:
            return lower[:-1]
        if "-" in lower:
            first = lower.split("-", 1)[0]
            if first in self.gender:
                return first
        return None


@lru_cache(maxsize=1)
def names() -> Names:
    data = _load("names.yml")
    gender: dict[str, str] = {}
    for key, value in (("women", "woman"), ("men", "man"), ("unisex", "unknown")):
        for name in _words(data.get(key), f"names.yml: {key}"):
            low = name.lower()
            if gender.get(low, value) != value:
                raise DataError(f"{name!r} is listed under two genders", source=str(DATA_DIR / "names.yml"))
            gender[low] = value
    homographs = frozenset(n.lower() for n in _words(data.get("homographs"), "names.yml: homographs"))
    missing = sorted(h for h in homographs if h not in gender)
    if missing:
        raise DataError(f"homographs not listed as names: {', '.join(missing)}", source=str(DATA_DIR / "names.yml"))
    sources = tuple(_words(data.get("sources"), "names.yml: sources"))
    if not sources:
        raise DataError("the name lists need their sources", source=str(DATA_DIR / "names.yml"))
    return Names(gender=gender, homographs=homographs, sources=sources)


@dataclass(frozen=True)
class LangData:
    """The lookup tables for one language."""

    lang: str
    sources: tuple[str, ...]
    pronouns: dict[str, str]
    words: dict[str, str]
    man_noun: str | None
    man_noun_after: frozenset[str]
    titles: dict[str, str]
    speech_verbs: frozenset[str]
    speech_after_only: frozenset[str]
    complementisers: frozenset[str]
    connectors: frozenset[str]
    assoc_exact: dict[str, str]
    assoc_cased: dict[str, str]
    assoc_prefix: dict[str, list[tuple[str, str]]]
    assoc_phrases: dict[tuple[str, str], str]
    not_names: frozenset[str]
    stopwords: frozenset[str] = field(default_factory=frozenset)
    #: Swedish compound heads: "hållbarhetschef" ends in "chef", "miljöforskare" in "forskare".
    assoc_heads: dict[str, str] = field(default_factory=dict)
    assoc_head_lengths: tuple[int, ...] = ()

    def assoc_class(self, text: str, lower: str) -> str | None:
        """The association class of one word, or None."""
        cls = self.assoc_cased.get(text)
        if cls is not None:
            return cls
        cls = self.assoc_exact.get(lower)
        if cls is not None:
            return cls
        parts = lower.split("-") if "-" in lower else (lower,)
        for part in parts:
            cls = self.assoc_exact.get(part)
            if cls is not None:
                return cls
            for prefix, pcls in self.assoc_prefix.get(part[:3], ()):
                if part.startswith(prefix):
                    return pcls
        n = len(lower)
        for k in self.assoc_head_lengths:  # longest head first, one dict lookup per length
            if n >= k + 3:
                hcls = self.assoc_heads.get(lower[-k:])
                if hcls is not None:
                    return hcls
        return None


def _genitives(forms: list[str], lang: str) -> list[str]:
    out = list(forms)
    if lang == "sv":
        out.extend(f + "s" for f in forms if not f.endswith(("s", "x", "z")))
    return out


@lru_cache(maxsize=4)
def lang_data(lang: str) -> LangData:
    if lang not in LANGS:
        raise DataError(f"no word lists for language {lang!r}", source=str(DATA_DIR))
    data = _load(f"{lang}.yml")
    where = f"{lang}.yml"

    def by_gender(key: str, genitive: bool) -> dict[str, str]:
        table: dict[str, str] = {}
        section = data.get(key) or {}
        if not isinstance(section, dict):
            raise DataError(f"{key} must map genders to words", source=str(DATA_DIR / where))
        for gender in GENDERS:
            forms = [w.lower() for w in _words(section.get(gender), f"{where}: {key}.{gender}")]
            for form in _genitives(forms, lang) if genitive else forms:
                if table.get(form, gender) != gender:
                    raise DataError(f"{form!r} is under two genders in {key}", source=str(DATA_DIR / where))
                table[form] = gender
        return table

    speech = data.get("speech") or {}
    man_noun = data.get("man_noun") or {}
    exact: dict[str, str] = {}
    cased: dict[str, str] = {}
    prefix: dict[str, list[tuple[str, str]]] = {}
    phrases: dict[tuple[str, str], str] = {}
    assoc = data.get("associations") or {}
    for cls in CLASSES:
        for word in _words(assoc.get(cls), f"{where}: associations.{cls}"):
            if " " in word:
                a, b = word.lower().split(None, 1)
                phrases[(a, b)] = cls
            elif word.endswith("*"):
                stem = word[:-1].lower()
                if len(stem) < 3:
                    raise DataError(f"prefix {word!r} is shorter than three letters", source=str(DATA_DIR / where))
                prefix.setdefault(stem[:3], []).append((stem, cls))
            elif word != word.lower():
                cased[word] = cls
            else:
                exact[word] = cls
    heads = {w: c for w, c in exact.items() if len(w) >= 4} if lang == "sv" else {}
    from normcheck.lang import LANGS as CORE_LANGS

    core = CORE_LANGS.get(lang)
    stopwords = frozenset(getattr(core, "STOPWORDS", ())) if core else frozenset()
    return LangData(
        lang=lang,
        sources=tuple(_words(data.get("sources"), f"{where}: sources")),
        pronouns=by_gender("pronouns", genitive=False),
        words=by_gender("gendered_words", genitive=True),
        man_noun=str(man_noun["word"]).lower() if man_noun.get("word") else None,
        man_noun_after=frozenset(w.lower() for w in _words(man_noun.get("after"), f"{where}: man_noun.after")),
        titles=by_gender("titles", genitive=False),
        speech_verbs=frozenset(w.lower() for w in _words(speech.get("verbs"), f"{where}: speech.verbs")),
        speech_after_only=frozenset(w.lower() for w in _words(speech.get("after_only"), f"{where}: speech.after_only")),
        complementisers=frozenset(w.lower() for w in _words(speech.get("complementisers"), f"{where}: speech.complementisers")),
        connectors=frozenset(w.lower() for w in _words(data.get("pair_connectors"), f"{where}: pair_connectors")),
        assoc_exact=exact,
        assoc_cased=cased,
        assoc_prefix=prefix,
        assoc_phrases=phrases,
        not_names=frozenset(w.lower() for w in _words(data.get("not_names"), f"{where}: not_names")),
        stopwords=stopwords,
        assoc_heads=heads,
        assoc_head_lengths=tuple(sorted({len(h) for h in heads}, reverse=True)),
    )


@dataclass(frozen=True)
class MarkingData:
    """Gender markers and role nouns for one language."""

    lang: str
    rule: str
    markers: dict[str, str]
    roles: frozenset[str]
    compound_roles: tuple[str, ...]
    context_before: frozenset[str]
    connectors: frozenset[str]
    message: str
    note: str
    references: tuple[str, ...]

    def role(self, lower: str) -> bool:
        """Whether a lower-case word is a role noun (inflected, possessive or a compound)."""
        for suffix in ("'s", "’s"):
            if lower.endswith(suffix):
                lower = lower[:-2]
        if lower in self.roles:
            return True
        if "-" in lower and lower.rsplit("-", 1)[1] in self.roles:
            return True
        if self.compound_roles:
            return any(lower.endswith(form) and len(lower) > len(form) + 2 for form in self.compound_roles)
        return False


def _sv_forms(lemma: str) -> set[str]:
    """Inflected forms of a Swedish role noun (enough for matching, not a grammar)."""
    if lemma.endswith("man"):
        stem = lemma[:-3]
        forms = {stem + s for s in ("man", "mannen", "män", "männen")}
    elif lemma.endswith("a"):
        stem = lemma[:-1]
        forms = {stem + s for s in ("a", "an", "or", "orna")}
    elif lemma.endswith("are") or lemma.endswith("ande") or lemma.endswith("ende"):
        stem = lemma[:-1]
        forms = {lemma, stem + "en", stem + "na", lemma + "n"}
    elif lemma.endswith("e"):
        forms = {lemma, lemma + "n", lemma + "t", lemma + "r", lemma + "rna", lemma[:-1] + "ar", lemma[:-1] + "arna"}
    elif lemma.endswith("d"):  # anställd
        forms = {lemma, lemma + "a", lemma + "e", lemma + "en", lemma + "a"}
    else:
        forms = {lemma, lemma + "en", lemma + "n", lemma + "er", lemma + "erna", lemma + "ar", lemma + "arna"}
        if lemma.endswith(("el", "er")):  # kapten, officer → officeren; mekaniker → mekanikern
            forms |= {lemma[:-2] + lemma[-1] + "er"}
        if lemma.endswith("or"):  # professor → professorer, professorn
            forms |= {lemma + "n"}
    return forms | {f + "s" for f in forms if not f.endswith("s")}


def _en_forms(word: str) -> set[str]:
    if word.endswith("man"):
        return {word, word[:-3] + "men"}
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return {word, word[:-1] + "ies"}
    if word.endswith(("s", "sh", "ch", "x")):
        return {word, word + "es"}
    if word.endswith("f"):
        return {word, word + "s", word[:-1] + "ves"}
    return {word, word + "s"}


@lru_cache(maxsize=4)
def marking_data(lang: str) -> MarkingData:
    data = _load("marking.yml")
    section = data.get(lang)
    where = str(DATA_DIR / "marking.yml")
    if not isinstance(section, dict):
        raise DataError(f"no section for language {lang!r}", source=where)
    markers: dict[str, str] = {}
    for gender in ("woman", "man"):
        for w in _words((section.get("markers") or {}).get(gender), f"marking.yml: {lang}.markers.{gender}"):
            markers[w.lower()] = gender
    roles: set[str] = set()
    for lemma in _words(section.get("roles"), f"marking.yml: {lang}.roles"):
        lemma = lemma.lower()
        roles |= _sv_forms(lemma) if lang == "sv" else _en_forms(lemma)
    compound = tuple(sorted((r for r in roles if len(r) >= 4), key=len, reverse=True)) if lang == "sv" else ()
    references = tuple(_words(section.get("references"), f"marking.yml: {lang}.references"))
    if not references or not data.get("sources"):
        raise DataError(f"{lang}: findings need references and the file its sources", source=where)
    return MarkingData(
        lang=lang,
        rule=str(section.get("rule") or f"{lang}.communication.gender-marking"),
        markers=markers,
        roles=frozenset(roles),
        compound_roles=compound,
        context_before=frozenset(w.lower() for w in _words(section.get("context_before"), "marking.yml: context_before")),
        connectors=frozenset(w.lower() for w in _words(section.get("connectors"), "marking.yml: connectors")),
        message=str(section.get("message") or "{match}: {noun}"),
        note=" ".join(str(section.get("note") or "").split()),
        references=references,
    )
