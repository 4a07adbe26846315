"""Representation in one document: who is named and quoted, pronouns, words for women and men,
which gender comes first in pairs, and which words stand next to whom.

Everything is counted, nothing is judged: the result is ``documents[i].modules.communication``
(see ``docs/communication.md`` for every field). The analysis works on the tokens and sentences
of normcheck's language layer and on the lists in ``data/``; one pass builds the name runs, a
second resolves people, pronouns and speakers, a third counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from normcheck_communication.data import (
    CLASSES,
    GENDERS,
    PARTICLES,
    STEREOTYPED,
    LangData,
    lang_data,
    marking_data,
    names,
)

if TYPE_CHECKING:
    from normcheck.lang import Analysis
    from normcheck.model import Finding, Token

MAX_SENTENCES = 200  # association sentences kept per document (the counts are always complete)
MAX_PAIRS = 200
MAX_EXCERPT = 300
_SUBJECT_PRONOUNS = frozenset({"han", "hon", "hen", "he", "she", "they"})
# Singular-they cues: "someone ... they", "each applicant ... their".
_SINGULAR_CUES = frozenset({"someone", "somebody", "anyone", "anybody", "whoever", "person", "applicant", "candidate", "individual"})
# English words with these endings are not surnames ("Housing", "Helpers", "Solutions").
_NOT_SURNAME_ENDINGS = ("ing", "ers", "tion", "sion", "ment", "ness", "ity", "ics", "ies", "ance", "ence", "ship", "ology", "ware")
# Capitalised words that make the next name part of a place ("Los Angeles", "San Diego", "St. Louis").
_PLACE_PREFIXES = frozenset({"los", "las", "san", "santa", "são", "st", "saint", "sankt", "fort", "port", "lake", "mount", "new", "north", "south", "east", "west", "upper", "lower", "greater"})
_QUOTE_RE = re.compile(r"[“”\"«»]([^“”\"«»\n]{1,3000}?)[“”\"«»]")
_DASH_QUOTE_RE = re.compile(r"^[–—]\s*\S")  # Swedish talstreck (en or em dash), not a hyphen bullet
_WORD_RE = re.compile(r"\w+")


def empty_counts() -> dict[str, dict[str, int]]:
    return {kind: {g: 0 for g in GENDERS} for kind in ("pronouns", "gendered_words", "named", "quoted")}


@dataclass
class Person:
    name: str
    first: str | None
    last: str | None
    gender: str
    basis: str | None
    start: int
    mentions: int = 0
    quoted: int = 0
    votes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "gender": self.gender,
            "basis": self.basis,
            "mentions": self.mentions,
            "quoted": self.quoted,
            "start": self.start,
        }


@dataclass
class _Run:
    """Consecutive tokens that name a person: [start, end] inclusive, with what they say."""

    start: int
    end: int
    first: str | None  # lower-case first name when the run starts with a known one
    gender: str | None  # from the name list or the title; None when nothing says
    basis: str | None
    homograph: bool = False
    title_only: bool = False  # "Mr Smith": a title and a surname
    has_title: bool = False  # the run's first token is a title
    person: int = -1


def _cap(tok: Token) -> bool:
    """Written like a name: "Anna", "McDonald", "O'Brien", "Anna-Karin" (not "ADaM", "IT", "A")."""
    t = tok.text
    return len(t) > 1 and t[0].isupper() and (t[1].islower() or t[1] in "'’")


def _strip_possessive(lower: str, lang: str | None) -> str:
    for suffix in ("'s", "’s"):
        if lower.endswith(suffix):
            return lower[:-2]
    return lower


class _Doc:
    """Working state for one document."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.text = analysis.document.text
        self.tokens = analysis.tokens
        self.n = len(self.tokens)
        self.names = names()
        self.data: dict[str, LangData] = {}
        ds: list[LangData | None] = []
        caps: list[bool] = []
        for tok in self.tokens:
            lang = tok.lang
            if lang and lang not in self.data:
                try:
                    self.data[lang] = lang_data(lang)
                except Exception:  # a language without lists is simply not counted
                    self.data[lang] = None  # type: ignore[assignment]
            ds.append(self.data.get(lang) if lang else None)
            t = tok.text
            caps.append(len(t) > 1 and t[0].isupper() and (t[1].islower() or t[1] in "'’"))
        self.data = {k: v for k, v in self.data.items() if v is not None}
        self.ds = ds
        self.caps = caps
        self.in_run: dict[int, int] = {}  # token index -> run index
        self.runs: list[_Run] = []
        self.persons: list[Person] = []
        self.mentions: list[tuple[int, int, int]] = []  # (first token, last token, person)
        self.verbs: list[int] = []
        self._headline: dict[int, bool] = {}

    # -- helpers ---------------------------------------------------------------------------

    def d(self, i: int) -> LangData | None:
        return self.ds[i]

    def gap(self, i: int) -> str:
        """Text between token i and token i+1."""
        return self.text[self.tokens[i].end : self.tokens[i + 1].start]

    def same_sentence(self, i: int, j: int) -> bool:
        return 0 <= i < self.n and 0 <= j < self.n and self.tokens[i].sentence == self.tokens[j].sentence

    def spaced(self, i: int) -> bool:
        """Tokens i and i+1 are separated by spaces only (no punctuation, no line break)."""
        g = self.gap(i)
        return bool(g) and g.strip(" \u00a0\t") == ""

    def name_word(self, j: int, d: LangData) -> bool:
        """Whether token j can be part of a name after a first name (a surname, a second name)."""
        tok = self.tokens[j]
        low = tok.lower
        return self.caps[j] and low not in d.stopwords and low not in d.not_names and low not in d.speech_verbs and low not in d.speech_after_only

    def headline(self, i: int) -> bool:
        """Whether token i stands in a Title Case line ("Will Bring Fresh Ideas", "Per Week")."""
        sentence = self.tokens[i].sentence
        cached = self._headline.get(sentence)
        if cached is None:
            lo, hi = self.analysis.sentences[sentence]
            words = [t for t in self.analysis.tokens_in(lo, hi)[1:] if t.text[:1].isalpha()]
            caps = sum(1 for t in words if t.text[:1].isupper())
            cached = self._headline[sentence] = len(words) >= 2 and caps >= 0.6 * len(words)
        return cached

    def before_not_name(self, end: int, d: LangData) -> bool:
        """The name is followed by a firm, brand or place word: "Lincoln Financial", "Alan AI",
        "Megan’s Law", "Addison, IL"."""
        j = end + 1
        if j >= self.n or not self.same_sentence(end, j):
            return False
        nxt = self.tokens[j]
        if self.spaced(end):
            if nxt.lower in d.not_names and (self.caps[j] or nxt.text.isupper()):
                return True
            if self.tokens[end].text.endswith(("'s", "’s")) and self.caps[j]:
                return True
        return self.gap(end) == ", " and len(nxt.text) == 2 and nxt.text.isupper() and nxt.text.isalpha()

    def in_address(self, i: int, end: int) -> bool:
        """Part of an e-mail address or a web address: "Jane.Doe@example.org"."""
        text = self.text
        a, b = self.tokens[i].start, self.tokens[end].end
        before = text[a - 1] if a > 0 else " "
        after = text[b : b + 2]
        return before in "@./_" or after[:1] == "@" or (after[:1] in "._" and after[1:2].isalnum())

    def inside_proper_noun(self, i: int, end: int) -> bool:
        """A first name that is part of a place or firm: "Los Angeles", "St. Louis", "Lockheed Martin"."""
        if i == 0 or not self.same_sentence(i - 1, i) or self.gap(i - 1).strip(" .") != "" or "\n" in self.gap(i - 1):
            return False
        prev = self.tokens[i - 1]
        if not _cap(prev) or (i - 1) in self.in_run:
            return False
        if prev.lower in _PLACE_PREFIXES:
            return True
        if not self.spaced(i - 1):
            return False
        d = self.d(i - 1)
        if d is None or prev.lower in d.titles or prev.lower in d.stopwords or prev.lower in d.speech_after_only:
            return False
        if prev.sent_start:
            # "Lockheed Martin is ..." – but "Contact Jessica Brown", "Meet Anna Berg" (a surname) are people
            return end == i
        # "Lockheed Martin Space": a capitalised word inside a sentence, then the first name;
        # a capitalised role ("Vice President Anna Berg") is not a firm.
        return not marking_data(d.lang).role(prev.lower)

    def extend_run(self, i: int, d: LangData, limit: int = 4) -> int:
        """Last token of the name that starts at token i (surnames, second names, particles)."""
        end = i
        if self.tokens[i].text.endswith(("'s", "’s")):
            return i  # "Morgan’s Commercial Bank": the genitive ends the name
        j = i + 1
        words = 1
        while j < self.n and j - i < limit and self.same_sentence(i, j) and self.spaced(j - 1):
            if j in self.in_run:
                break
            tok = self.tokens[j]
            if self.name_word(j, d):
                if tok.lang == "en" and len(tok.text) > 5 and tok.lower.endswith(_NOT_SURNAME_ENDINGS):
                    break  # "Virginia Housing", "Brooklyn Delivery Helpers"
                end = j
                j += 1
                words += 1
                if words >= 3 or tok.text.endswith(("'s", "’s")):
                    break  # "Robert Half’s Terms": a genitive ends the name
                continue
            if tok.lower in PARTICLES and tok.text.islower() and j + 1 < self.n and self.spaced(j) and self.same_sentence(j, j + 1) and self.name_word(j + 1, d):
                end = j + 1
                j += 2
                continue
            break
        return end

    # -- pass 1: speech verbs and name runs ---------------------------------------------------

    def find_verbs(self) -> None:
        ds = self.ds
        for i, tok in enumerate(self.tokens):
            d = ds[i]
            if d is None:
                continue
            low = tok.lower
            if low in d.speech_verbs:
                if tok.text == low:  # "United States", "Notes:": a capitalised verb is a heading or a name
                    self.verbs.append(i)
            elif low in d.speech_after_only and tok.text[1:] == low[1:]:
                if low == "according":  # "according to X"
                    if i + 1 < self.n and self.tokens[i + 1].lower == "to":
                        self.verbs.append(i)
                else:
                    self.verbs.append(i)

    def add_run(self, run: _Run) -> None:
        index = len(self.runs)
        self.runs.append(run)
        for k in range(run.start, run.end + 1):
            self.in_run[k] = index

    def find_runs(self) -> None:
        gender_of = self.names.gender
        i = 0
        ds, caps, tokens = self.ds, self.caps, self.tokens
        while i < self.n:
            d = ds[i]
            if d is None or i in self.in_run or not (caps[i] or tokens[i].lower in d.titles):
                i += 1
                continue
            tok = tokens[i]
            low = tok.lower
            # A title and a name: "Mr Smith", "Ms. Anna Berg", "fru Lind", "Professor Kim Lee".
            if low in d.titles and not tok.text.isupper() and i + 1 < self.n and self.same_sentence(i, i + 1):
                g = self.gap(i).strip(" \u00a0\t")
                if g in ("", ".") and "\n" not in self.gap(i) and self.name_word(i + 1, d):
                    end = self.extend_run(i + 1, d)
                    first_low = self.names.lookup(self.tokens[i + 1].lower, tok.lang) if end > i + 1 else None
                    title_gender = d.titles[low]
                    name_gender = gender_of.get(first_low) if first_low else None
                    if title_gender != "unknown":
                        gender, basis = title_gender, "title"
                    elif name_gender in ("woman", "man"):
                        gender, basis = name_gender, "name"
                    else:
                        gender, basis = None, None
                    self.add_run(_Run(i, end, first_low, gender, basis, title_only=first_low is None, has_title=True))
                    i = end + 1
                    continue
            if caps[i]:
                base = self.names.lookup(low, tok.lang)
                if base is not None:
                    end = self.extend_run(i, d)
                    g = gender_of[base]
                    if base == "hans" and tok.sent_start and end == i:
                        i += 1  # "Hans arbete ...": the pronoun, not the name
                        continue
                    homograph = base in self.names.homographs
                    if (
                        self.inside_proper_noun(i, end)
                        or self.before_not_name(end, d)
                        or (homograph and self.headline(i))
                        or self.in_address(i, end)
                    ):
                        i = end + 1  # "Los Angeles", "Lincoln Financial", "Per Hour" in a heading
                        continue
                    homograph = homograph and end == i
                    self.add_run(
                        _Run(i, end, base, g if g != "unknown" else None, "name" if g != "unknown" else None, homograph=homograph)
                    )
                    i = end + 1
                    continue
            i += 1
        # Unknown names that speak: "säger Jovana Petrović", "Jovana Petrović says".
        for v in self.verbs:
            d = self.d(v)
            if d is None:
                continue
            k = v + (2 if self.tokens[v].lower == "according" else 1)
            skipped = 0
            while k < self.n and skipped < 3 and self.same_sentence(v, k) and self.spaced(k - 1) and not _cap(self.tokens[k]):
                if self.tokens[k].lower in d.complementisers:
                    break
                k += 1
                skipped += 1
            if k < self.n and self.same_sentence(v, k) and self.spaced(k - 1):
                self._unknown_run(k, d, forward=True)
            if v > 0 and self.tokens[v].lower not in d.speech_after_only and self.spaced(v - 1):
                self._unknown_run(v - 1, d, forward=False)

    def _unknown_run(self, k: int, d: LangData, *, forward: bool) -> None:
        """A run of two or three capitalised words at k (starting there, or ending there)."""
        if not (0 <= k < self.n) or k in self.in_run or not self.name_word(k, d) or self.headline(k):
            return
        idx = [k]
        step = 1 if forward else -1
        j = k + step
        while 0 <= j < self.n and len(idx) < 3 and self.same_sentence(k, j) and j not in self.in_run and self.name_word(j, d):
            if not self.spaced(min(j, j - step)):
                break
            idx.append(j)
            j += step
        if len(idx) < 2:
            return
        lo, hi = min(idx), max(idx)
        if any(self.tokens[k].text.endswith(("'s", "’s")) for k in range(lo, hi)):
            return  # "Morgan’s Commercial Banking": a genitive inside is a firm, not a name
        self.add_run(_Run(lo, hi, None, None, None))

    # -- pass 2: people --------------------------------------------------------------------

    def run_name(self, run: _Run) -> tuple[str, str | None, str | None]:
        """Display name, lower-case first name and lower-case surname of a run (title left out)."""
        toks = self.tokens[run.start + (1 if run.has_title else 0) : run.end + 1]
        words = [t.text for t in toks]
        words[-1] = _display_strip(words[-1])
        last = _strip_possessive(toks[-1].lower, toks[-1].lang) if len(toks) > 1 or run.title_only else None
        return " ".join(words), run.first, last

    def build_people(self) -> None:
        keyed: dict[tuple[str | None, str], int] = {}
        by_last: dict[str, list[int]] = {}
        by_first: dict[str, list[int]] = {}

        def new_person(run: _Run, display: str, first: str | None, last: str | None) -> int:
            self.persons.append(
                Person(
                    name=display,
                    first=first,
                    last=_surname_key(last) if last else None,
                    gender=run.gender or "unknown",
                    basis=run.basis,
                    start=self.tokens[run.start].start,
                )
            )
            index = len(self.persons) - 1
            if last:
                by_last.setdefault(_surname_key(last), []).append(index)
            if first:
                by_first.setdefault(first, []).append(index)
            return index

        # Full names first (a first name and a surname, or an unknown two-word name). Swedish
        # genitives ("Anna Bergs") come after the plain forms so that they join them.
        def name_len(run: _Run) -> int:
            return run.end - run.start + 1 - (1 if run.has_title else 0)

        full = [r for r in self.runs if not r.title_only and name_len(r) >= 2]
        full.sort(key=lambda r: (self.tokens[r.end].lang == "sv" and self.tokens[r.end].lower.endswith("s"), r.start))
        for run in full:
            display, first, last = self.run_name(run)
            assert last is not None
            key = (first, _surname_key(last))
            if key not in keyed and self.tokens[run.end].lang == "sv" and last.endswith("s") and (first, last[:-1]) in keyed:
                key = (first, last[:-1])
            if key in keyed:
                run.person = keyed[key]
                continue
            candidates = by_last.get(key[1], []) if first is None else []
            if len(candidates) == 1:
                run.person = candidates[0]
            else:
                run.person = keyed[key] = new_person(run, display, first, last)
        # Titles with a surname ("Ms Berg") join the one person with that surname.
        for run in self.runs:
            if not run.title_only:
                continue
            display, first, last = self.run_name(run)
            candidates = by_last.get(_surname_key(last or ""), [])
            if run.gender in ("woman", "man"):  # "Ms Cole" is not "Mr Daniel Cole"
                candidates = [c for c in candidates if self.persons[c].gender in (run.gender, "unknown")]
            if len(candidates) == 1:
                run.person = candidates[0]
                p = self.persons[run.person]
                if run.gender in ("woman", "man") and run.basis == "title" and p.gender == "unknown":
                    p.gender, p.basis = run.gender, "title"
            else:
                run.person = new_person(run, display, None, last)
        # A first name alone joins the person with that first name (the latest one named before
        # it when there are several); a homograph alone counts only then.
        for run in self.runs:
            if run.person >= 0 or run.first is None:
                continue
            candidates = by_first.get(run.first, [])
            if len(candidates) == 1:
                run.person = candidates[0]
            elif candidates:
                before = [c for c in candidates if self.persons[c].start <= self.tokens[run.start].start]
                run.person = max(before, key=lambda c: self.persons[c].start) if before else candidates[0]
            elif not run.homograph:
                display, _, _ = self.run_name(run)
                run.person = new_person(run, display, run.first, None)
        # Runs that name nobody (a homograph alone: "Per timme", "Max 10") are words again.
        self.in_run = {}
        kept = [r for r in self.runs if r.person >= 0]
        self.runs = []
        for run in kept:
            self.add_run(run)
            self.mentions.append((run.start, run.end, run.person))
        # A surname alone ("Berg säger") is a mention of the one person with that surname.
        caps = self.caps
        for i, tok in enumerate(self.tokens if by_last else ()):
            if not caps[i] or i in self.in_run or self.ds[i] is None:
                continue
            key = _surname_key(_strip_possessive(tok.lower, tok.lang))
            candidates = by_last.get(key)
            if candidates is None and tok.lang == "sv" and key.endswith("s"):
                candidates = by_last.get(key[:-1])
            if candidates and len(candidates) == 1:
                self.mentions.append((i, i, candidates[0]))
                self.add_run(_Run(i, i, None, None, None, person=candidates[0]))
        self.mentions.sort()
        for s, _, p in self.mentions:
            person = self.persons[p]
            person.mentions += 1
            person.start = min(person.start, self.tokens[s].start)


def _display_strip(word: str) -> str:
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            return word[:-2]
    return word


def _surname_key(last: str) -> str:
    return last.lower()


# ------------------------------------------------------------------------------------------
# The whole summary


def summarize(analysis: Analysis, findings: list[Finding] | None = None) -> dict[str, Any]:
    """``modules.communication`` for one analysed document."""
    doc = _Doc(analysis)
    if not doc.data:
        return _result(doc, empty_counts(), [], {"woman_first": 0, "man_first": 0, "first": None, "pairs": []}, _empty_assoc(), {"total": 0, "attributed": 0, "unattributed": 0}, findings)
    doc.find_verbs()
    doc.find_runs()
    doc.build_people()
    counts = empty_counts()
    tokens = doc.tokens
    mention_at: dict[int, int] = {s: p for s, _, p in doc.mentions}
    mention_end: dict[int, int] = {e: p for _, e, p in doc.mentions}

    # Pronouns and gendered words, token by token.
    refs: list[tuple[int, str]] = []  # (token index, gender) of every gendered reference
    pronoun_at: dict[int, str] = {}
    word_at: dict[int, str] = {}
    last_mention_tok = -10**9
    ds, in_run = doc.ds, doc.in_run
    for i, tok in enumerate(tokens):
        if i in mention_at:
            last_mention_tok = i
        d = ds[i]
        if d is None or i in in_run:
            continue
        low = tok.lower
        g = d.pronouns.get(low)
        if g is not None:
            if g == "unknown" and tok.lang == "en" and not _singular_they(doc, i, last_mention_tok):
                continue
            pronoun_at[i] = g
            counts["pronouns"][g] += 1
            continue
        g = d.words.get(low)
        if g is None and ("'" in low or "’" in low):
            g = d.words.get(_strip_possessive(low, tok.lang))
        if g is None and d.man_noun and low == d.man_noun and _man_is_noun(doc, i, d):
            g = "man"
        if g is not None:
            word_at[i] = g
            counts["gendered_words"][g] += 1

    # A name followed by a pronoun settles an ambiguous or unknown name ("Kim Berg ... Hon ...").
    for k, (s, e, p) in enumerate(doc.mentions):
        nxt = doc.mentions[k + 1][0] if k + 1 < len(doc.mentions) else doc.n
        limit_sentence = tokens[e].sentence + 1
        for j in range(e + 1, min(nxt, doc.n)):
            if tokens[j].sentence > limit_sentence:
                break
            if j in word_at:
                break
            if j in pronoun_at:
                doc.persons[p].votes.append(pronoun_at[j])
                break
    for person in doc.persons:
        if person.gender == "unknown":
            gendered = {v for v in person.votes if v != "unknown"}
            if len(gendered) == 1:
                person.gender = gendered.pop()
                person.basis = "pronoun"

    for s, _, p in doc.mentions:
        g = doc.persons[p].gender
        if g in ("woman", "man"):
            refs.append((s, g))
    refs.extend((i, g) for i, g in pronoun_at.items() if g != "unknown")
    refs.extend((i, g) for i, g in word_at.items() if g != "unknown")
    refs.sort()

    quotes = _quotes(doc, pronoun_at, mention_end)
    order = _order(doc, pronoun_at, word_at)
    assoc = _associations(doc, refs)
    for person in doc.persons:
        counts["named"][person.gender] += 1
        if person.quoted:
            counts["quoted"][person.gender] += 1
    return _result(doc, counts, sorted(doc.persons, key=lambda p: p.start), order, assoc, quotes, findings)


def _singular_they(doc: _Doc, i: int, last_mention_tok: int) -> bool:
    """Whether they/them/their at i refers to one person (a heuristic; see the docs)."""
    tok = doc.tokens[i]
    if tok.lower == "themself":
        return True
    lo = i - 12
    for j in range(i - 1, max(lo, -1), -1):
        t = doc.tokens[j]
        if t.sentence < tok.sentence - 1:
            break
        if t.lower in _SINGULAR_CUES:
            return True
    if last_mention_tok >= 0 and doc.tokens[last_mention_tok].sentence >= tok.sentence - 1:
        run = doc.in_run.get(last_mention_tok)
        if run is not None:
            p = doc.runs[run].person
            if p >= 0 and doc.persons[p].gender == "unknown":
                return True
    return False


def _man_is_noun(doc: _Doc, i: int, d: LangData) -> bool:
    """Swedish "man": a man ("en ung man") rather than the generic pronoun ("man kan")."""
    tokens = doc.tokens
    if i > 0 and doc.same_sentence(i - 1, i):
        prev = tokens[i - 1].lower
        if prev in d.man_noun_after or prev.endswith("årig"):
            return True
        if prev in d.connectors and i > 1 and d.words.get(tokens[i - 2].lower) == "woman":
            return True
    if i + 2 < doc.n and doc.same_sentence(i, i + 2) and tokens[i + 1].lower in d.connectors:
        if d.words.get(tokens[i + 2].lower) == "woman":
            return True
    return False


# ------------------------------------------------------------------------------------------
# Quotes


def _resolve_pronoun(doc: _Doc, i: int, gender: str) -> int | None:
    """The person a pronoun at token i refers to: the latest one named before it, compatible."""
    sentence = doc.tokens[i].sentence
    for s, _, p in reversed(doc.mentions):
        if s >= i:
            continue
        if doc.tokens[s].sentence < sentence - 3:
            return None
        pg = doc.persons[p].gender
        if gender == "unknown" or pg == gender or pg == "unknown":
            return p
    return None


def _speaker(doc: _Doc, v: int, pronoun_at: dict[int, str], mention_end: dict[int, int]) -> tuple[str, int | None] | None:
    """Who speaks at verb v: ("person", index), ("pronoun", index or None), or None."""
    d = doc.d(v)
    if d is None:
        return None
    tokens = doc.tokens
    start_at = {s: p for s, _, p in doc.mentions}
    after_only = tokens[v].lower in d.speech_after_only
    k = v + (2 if tokens[v].lower == "according" else 1)
    # After the verb: "säger Anna Berg", "said she", "enligt henne", "says CEO Anna Berg".
    if k < doc.n and doc.same_sentence(v, k) and tokens[k].lower not in d.complementisers:
        skipped = 0
        j = k
        while j < doc.n and skipped <= 3 and doc.same_sentence(v, j):
            if not (doc.spaced(j - 1) or _role_colon(doc, j - 1)):
                break  # 'säger: ”Johan är bäst”' – punctuation between: Johan is quoted about, not speaking
            if j in start_at:
                return ("person", start_at[j])
            if j in pronoun_at and (tokens[j].lower in _SUBJECT_PRONOUNS or after_only):
                return ("pronoun", _resolve_pronoun(doc, j, pronoun_at[j]))
            low = tokens[j].lower
            if low in d.complementisers or _cap(tokens[j]) or (low in d.stopwords and low != "the"):
                break  # "berättar om Johan": Johan is what is told about, not who tells
            j += 1
            skipped += 1
    if after_only:
        return None
    # Before the verb: "Anna Berg säger att", "Anna Berg, vd på Lindab, säger", "She said".
    lo = v - 12
    for j in range(v - 1, max(lo, -1), -1):
        if not doc.same_sentence(j, v):
            break
        if j in doc.verbs:
            break
        if j in mention_end:
            return ("person", mention_end[j])
        if j in pronoun_at and tokens[j].lower in _SUBJECT_PRONOUNS:
            return ("pronoun", _resolve_pronoun(doc, j, pronoun_at[j]))
    return None


def _role_colon(doc: _Doc, i: int) -> bool:
    """ "vd:n" is one word split at the colon by the tokenizer."""
    return doc.gap(i) == ":" and doc.tokens[i + 1].text.islower() and len(doc.tokens[i + 1].text) <= 3


def _quotes(doc: _Doc, pronoun_at: dict[int, str], mention_end: dict[int, int]) -> dict[str, int]:
    """Count quote events and attribute them to people; returns totals."""
    import bisect

    text = doc.text
    tokens = doc.tokens
    starts = [t.start for t in tokens]
    speakers: dict[int, tuple[str, int | None] | None] = {v: _speaker(doc, v, pronoun_at, mention_end) for v in doc.verbs}
    used_verbs: set[int] = set()
    attributed = unattributed = 0

    def credit(who: tuple[str, int | None] | None) -> None:
        nonlocal attributed, unattributed
        if who is not None and who[1] is not None:
            doc.persons[who[1]].quoted += 1
            attributed += 1
        else:
            unattributed += 1

    verb_set = set(doc.verbs)
    previous_speaker: tuple[int, tuple[str, int | None] | None] | None = None  # (segment, speaker)
    for si, seg in enumerate(doc.analysis.document.segments):
        seg_text = text[seg.start : seg.end]
        spans: list[tuple[int, int, bool]] = []
        if seg.kind != "list_item" and _DASH_QUOTE_RE.match(seg_text):
            spans.append((seg.start, seg.end, True))
        else:
            for m in _QUOTE_RE.finditer(seg_text):
                if len(_WORD_RE.findall(m.group(1))) >= 3:
                    spans.append((seg.start + m.start(), seg.start + m.end(), False))
        for qs, qe, dash in spans:
            lo = bisect.bisect_left(starts, qs)
            hi = bisect.bisect_left(starts, qe)
            seg_hi = bisect.bisect_left(starts, seg.end)
            seg_lo = bisect.bisect_left(starts, seg.start)
            linked: int | None = None
            if dash:
                linked = next((v for v in range(lo, hi) if v in verb_set and speakers.get(v)), None)
            if linked is None:  # ", säger Anna." / "said Anna Berg." right after the quote
                linked = next((v for v in range(hi, min(hi + 4, seg_hi)) if v in verb_set), None)
            if linked is None:  # 'Anna Berg säger: "..."' right before it
                linked = next((v for v in range(lo - 1, max(lo - 7, seg_lo - 1), -1) if v in verb_set), None)
            who: tuple[str, int | None] | None = None
            if linked is not None:
                who = speakers.get(linked)
                if linked in used_verbs:
                    continue  # one speech act quoted in several pieces
                used_verbs.add(linked)
            if who is None and lo > 0 and text[tokens[lo - 1].end : qs].strip() == ":" and (lo - 1) in mention_end:
                who = ("person", mention_end[lo - 1])  # 'Anna Berg: "..."'
            if who is None and dash and previous_speaker is not None and previous_speaker[0] == si - 1:
                who = previous_speaker[1]  # a second dash paragraph goes on with the same voice
            if who is None and dash:
                continue  # a dash paragraph nobody speaks in is a dash, not a quote
            credit(who)
            previous_speaker = (si, who) if who is not None else None
    # Speech verbs with a speaker but no quotation marks ("Anna Berg berättar att ...").
    for v in doc.verbs:
        if v in used_verbs:
            continue
        who = speakers.get(v)
        if who is not None:
            credit(who)
    return {"total": attributed + unattributed, "attributed": attributed, "unattributed": unattributed}


# ------------------------------------------------------------------------------------------
# Order of pairs


def _order(doc: _Doc, pronoun_at: dict[int, str], word_at: dict[int, str]) -> dict[str, Any]:
    tokens = doc.tokens
    gendered = {**word_at, **{i: g for i, g in pronoun_at.items()}}
    pairs: list[dict[str, Any]] = []
    woman_first = man_first = 0
    skip_to = -1
    for i in sorted(gendered):
        ga = gendered[i]
        if i < skip_to or ga not in ("woman", "man") or i >= doc.n - 1:
            continue
        d = doc.d(i)
        j = None
        if doc.same_sentence(i, i + 1) and doc.gap(i).strip() in ("/", "&", "+"):
            j = i + 1
        elif d is not None and i + 2 < doc.n and doc.same_sentence(i, i + 2) and tokens[i + 1].lower in d.connectors and doc.spaced(i) and doc.spaced(i + 1):
            j = i + 2
        gb = gendered.get(j) if j is not None else None
        if j is None or gb not in ("woman", "man") or gb == ga:
            continue
        if ga == "woman":
            woman_first += 1
        else:
            man_first += 1
        if len(pairs) < MAX_PAIRS:
            start, end = tokens[i].start, tokens[j].end
            pairs.append({"text": doc.text[start:end], "first": ga, "start": start, "end": end})
        skip_to = j + 1
    first = None
    if woman_first or man_first:
        first = "woman" if woman_first > man_first else "man" if man_first > woman_first else "equal"
    return {"woman_first": woman_first, "man_first": man_first, "first": first, "pairs": pairs}


# ------------------------------------------------------------------------------------------
# Associations


def _empty_assoc() -> dict[str, Any]:
    return {
        "woman": {c: 0 for c in CLASSES},
        "man": {c: 0 for c in CLASSES},
        "stereotyped": {"woman": 0, "man": 0},
        "counter_stereotyped": {"woman": 0, "man": 0},
        "sentences": [],
    }


def _associations(doc: _Doc, refs: list[tuple[int, str]]) -> dict[str, Any]:
    """Per sentence: which gender's references stand nearest to which kind of word."""
    out = _empty_assoc()
    if not refs:
        return out
    tokens = doc.tokens
    ref_tokens = {i for i, _ in refs}
    by_sentence: dict[int, list[tuple[int, str]]] = {}
    for i, g in refs:
        by_sentence.setdefault(tokens[i].sentence, []).append((i, g))
    import bisect

    starts = doc.analysis._token_starts()
    for sentence, srefs in sorted(by_sentence.items()):
        s_start, s_end = doc.analysis.sentences[sentence]
        lo = bisect.bisect_left(starts, s_start)
        hi = bisect.bisect_left(starts, s_end)
        hits: dict[str, dict[str, list[str]]] = {}
        for k in range(lo, hi):
            if k in ref_tokens or k in doc.in_run:
                continue
            d = doc.d(k)
            if d is None:
                continue
            tok = tokens[k]
            cls = None
            word = tok.text
            if k + 1 < hi and d.assoc_phrases:
                cls = d.assoc_phrases.get((tok.lower, tokens[k + 1].lower))
                if cls is not None:
                    word = doc.text[tok.start : tokens[k + 1].end]
            if cls is None:
                cls = d.assoc_class(tok.text, tok.lower)
            if cls is None:
                continue
            best = min(abs(k - i) for i, _ in srefs)
            nearest = {g for i, g in srefs if abs(k - i) == best}
            if len(nearest) != 1:
                continue  # as near to a woman as to a man: no association
            g = nearest.pop()
            hits.setdefault(g, {}).setdefault(cls, []).append(word)
        for g, classes in hits.items():
            for cls in classes:
                out[g][cls] += 1
            stereo = bool(set(classes) & STEREOTYPED[g])
            counter = bool(set(classes) - STEREOTYPED[g])
            if stereo:
                out["stereotyped"][g] += 1
            if counter:
                out["counter_stereotyped"][g] += 1
            if len(out["sentences"]) < MAX_SENTENCES:
                excerpt = doc.text[s_start:s_end]
                if len(excerpt) > MAX_EXCERPT:
                    excerpt = excerpt[: MAX_EXCERPT - 1] + "…"
                out["sentences"].append(
                    {
                        "start": s_start,
                        "end": s_end,
                        "text": excerpt,
                        "gender": g,
                        "classes": sorted(classes, key=CLASSES.index),
                        "words": [w for cls in sorted(classes, key=CLASSES.index) for w in classes[cls]],
                        "stereotyped": stereo,
                    }
                )
    return out


# ------------------------------------------------------------------------------------------
# Result


def shares(counts: dict[str, dict[str, int]]) -> dict[str, dict[str, float] | None]:
    """Each kind's genders as fractions of its total (None when nothing was counted)."""
    out: dict[str, dict[str, float] | None] = {}
    for kind, by_gender in counts.items():
        total = sum(by_gender.values())
        out[kind] = {g: round(by_gender[g] / total, 3) for g in GENDERS} if total else None
    return out


def marking_counts(findings: list[Finding] | None) -> dict[str, int]:
    """Gender-marking findings by the gender marked ("kvinnlig chef" marks a woman)."""
    out = {"woman": 0, "man": 0}
    for f in findings or ():
        if not f.rule.endswith(".communication.gender-marking") or not f.language:
            continue
        try:
            markers = marking_data(f.language).markers
        except Exception:
            continue
        first = f.text.split(None, 1)[0].lower() if f.text.strip() else ""
        g = markers.get(first)
        if g in out:
            out[g] += 1
    return out


def headline(counts: dict[str, dict[str, int]], order: dict[str, Any], marking: dict[str, int] | None = None) -> str:
    """One line for a person: who is named and quoted, pronouns, and who comes first."""
    parts: list[str] = []
    for kind in ("named", "quoted"):
        c = counts[kind]
        if not sum(c.values()):
            continue
        text = f"{kind}: women {c['woman']}, men {c['man']}"
        if c["unknown"]:
            text += f", unknown {c['unknown']}"
        known = c["woman"] + c["man"]
        if known:
            text += f" ({round(100 * c['woman'] / known)}% women)"
        parts.append(text)
    p = counts["pronouns"]
    if sum(p.values()):
        text = f"pronouns: she/hon {p['woman']}, he/han {p['man']}"
        if p["unknown"]:
            text += f", they/hen {p['unknown']}"
        parts.append(text)
    w = counts["gendered_words"]
    if w["woman"] or w["man"]:
        parts.append(f"words for women {w['woman']}, for men {w['man']}")
    total_pairs = order["woman_first"] + order["man_first"]
    if total_pairs:
        parts.append(f"pairs: men first {order['man_first']} of {total_pairs}")
    if marking and (marking["woman"] or marking["man"]):
        parts.append(f"gender marking: women {marking['woman']}, men {marking['man']}")
    return "; ".join(parts) if parts else "no people or words for women and men found"


def figures(
    counts: dict[str, dict[str, int]],
    order: dict[str, Any],
    assoc: dict[str, Any],
    quotes: dict[str, int],
    marking: dict[str, int],
) -> dict[str, Any]:
    """The figures a document's and a site's summary share, in their report order:
    ``counts``, ``shares``, ``quotes``, ``order``, ``associations``, ``marking``, ``headline``."""
    return {
        "counts": counts,
        "shares": shares(counts),
        "quotes": quotes,
        "order": order,
        "associations": assoc,
        "marking": marking,
        "headline": headline(counts, order, marking),
    }


def _result(
    doc: _Doc,
    counts: dict[str, dict[str, int]],
    persons: list[Person],
    order: dict[str, Any],
    assoc: dict[str, Any],
    quotes: dict[str, int],
    findings: list[Finding] | None,
) -> dict[str, Any]:
    return {
        "persons": [p.to_dict() for p in persons],
        **figures(counts, order, assoc, quotes, marking_counts(findings)),
    }
