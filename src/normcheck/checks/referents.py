"""Who a pronoun refers to: a named person nearby, or nobody in particular (a generic use).

A pronoun about a named person ("Anna leder teamet och hon ...", "Maria ... she loves working
here") is not a finding; a pronoun about "the applicant" or "the role" is. ``Hans`` written
with a capital inside a sentence, or followed by a surname, is a name, not the pronoun.
With a backend that tags (``--backend spacy|stanza``), a person entity is a name even when the
first-name list lacks it, and the POS tag tells ``Hans`` the name (PROPN) from the pronoun (PRON).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from normcheck.lang import Analysis
    from normcheck.model import Token

_DATA = Path(__file__).resolve().parent.parent / "data" / "names.yml"
_MALE = {"han", "honom", "hans", "he", "him", "his", "himself"}
_FEMALE = {"hon", "henne", "hennes", "she", "her", "hers", "herself"}
#: Entity labels for persons: spaCy's "PERSON", CoNLL-style "PER", SUC-style "PRS".
PERSON_LABELS = frozenset({"PERSON", "PER", "PRS"})


@lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """Lower-case first name -> "woman" | "man" | "unknown"."""
    import yaml

    data = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for key, gender in (("women", "woman"), ("men", "man"), ("unisex", "unknown")):
        for name in data.get(key, []):
            names[str(name).lower()] = gender
    return names


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() and not tok.text.isupper()


def is_name(analysis: Analysis, index: int) -> bool:
    """Whether tokens[index] is a person's name (a known first name, capitalised)."""
    tokens = analysis.tokens
    tok = tokens[index]
    if tok.ent in PERSON_LABELS:
        return True  # the backend's NER marks it as (part of) a person's name
    if tok.pos == "PRON":
        return False  # the backend's tagger: a pronoun, whatever its case
    if not _capitalised(tok) or tok.lower not in first_names():
        return False
    if tok.pos == "PROPN":
        return True
    nxt = tokens[index + 1] if index + 1 < len(tokens) else None
    followed_by_surname = nxt is not None and nxt.sentence == tok.sentence and _capitalised(nxt)
    if tok.lower in _MALE | _FEMALE:
        # "Hans" the pronoun opens sentences; "Hans" the name is mid-sentence or has a surname.
        return not tok.sent_start or followed_by_surname
    return True


# A sentence told in the past is about someone in particular ("The founder ... was drowning in
# paperwork. She decided ..."); a job ad's generic "he" goes with the present, "will" or "must".
_PAST = {
    "en": frozenset(
        "was were had did founded established started decided served joined built created launched "
        "grew became led worked spent met studied graduated moved began wrote won took came".split()
    ),
    "sv": frozenset(
        "var hade blev grundade startade började bestämde arbetade tog gick kom fick gjorde flyttade "
        "studerade träffade byggde skapade ledde växte".split()
    ),
}
_MODAL = frozenset("will shall must should ska skall måste bör kommer".split())


def _past_narrative(analysis: Analysis, index: int) -> bool:
    """Whether the pronoun's sentence narrates the past (and sets no duty or future)."""
    tokens = analysis.tokens
    tok = tokens[index]
    past = _PAST.get(tok.lang or "", frozenset())
    if not past:
        return False
    found = False
    j = index
    while j > 0 and tokens[j - 1].sentence == tok.sentence:
        j -= 1
    nxt = tokens[index + 1] if index + 1 < len(tokens) and tokens[index + 1].sentence == tok.sentence else None
    if nxt is not None and tok.lower in ("he", "she", "han", "hon") and nxt.lower.endswith(("ed", "ade")):
        found = True  # "she decided", "han startade"
    while j < len(tokens) and tokens[j].sentence == tok.sentence:
        low = tokens[j].lower
        if low in _MODAL:
            return False
        if low in past:
            found = True
        j += 1
    return found


def _slash_form(analysis: Analysis, index: int) -> bool:
    """Whether the token is one half of a slash pair ("he/she", "his/ her", "she/her")."""
    text = analysis.document.text
    tok = analysis.tokens[index]
    before = text[max(0, tok.start - 2) : tok.start].rstrip()
    after = text[tok.end : tok.end + 2].lstrip()
    return before.endswith("/") or after.startswith("/")


def _acronym(analysis: Analysis, index: int) -> bool:
    """HIM, HER in capitals inside ordinary text are acronyms, not pronouns."""
    tokens = analysis.tokens
    tok = tokens[index]
    if len(tok.text) < 2 or not tok.text.isupper():
        return False
    lo = hi = index
    while lo > 0 and tokens[lo - 1].sentence == tok.sentence:
        lo -= 1
    while hi + 1 < len(tokens) and tokens[hi + 1].sentence == tok.sentence:
        hi += 1
    words = [t.text for t in tokens[lo : hi + 1] if t.text[:1].isalpha()]
    return sum(w.isupper() for w in words) * 2 < len(words)  # not an all-capitals heading


def pronoun_is_generic(analysis: Analysis, index: int) -> bool:
    """True when the pronoun at tokens[index] refers to no named person nearby."""
    tokens = analysis.tokens
    tok = tokens[index]
    if is_name(analysis, index) or _acronym(analysis, index):
        return False  # not a pronoun at all
    if _slash_form(analysis, index):
        return False  # "he/she", "she/her": the slash-form rule speaks for the pair
    if _past_narrative(analysis, index):
        return False  # a story about a particular person, named or not
    wanted = "man" if tok.lower in _MALE else "woman" if tok.lower in _FEMALE else None
    names = first_names()
    lo_sentence = tok.sentence - 1
    j = index - 1
    while j >= 0 and tokens[j].sentence >= lo_sentence:
        if is_name(analysis, j):
            gender = names.get(tokens[j].lower, "unknown")
            if wanted is None or gender in (wanted, "unknown"):
                return False
        j -= 1
    # A name later in the same sentence ("Han heter Johan", "his colleague Anna") also counts.
    j = index + 1
    while j < len(tokens) and tokens[j].sentence == tok.sentence:
        if is_name(analysis, j):
            gender = names.get(tokens[j].lower, "unknown")
            if wanted is None or gender in (wanted, "unknown"):
                return False
        j += 1
    return True
