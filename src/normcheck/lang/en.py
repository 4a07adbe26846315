"""English language defaults: stop words, abbreviations, lemma overrides, noun inflection."""

from __future__ import annotations

STOPWORDS = frozenset(
    """the and of to a in is that for it with as was on be at by this are or from an have
    not but which you they we their will has been would can our if your all who more about
    one there were when what so up out also into than other its them these some should may
    such only any each must able work team experience join please apply us while skills
    knowledge years including strong working requirements preferred degree using ability
    required responsibilities develop development support business customer customers
    management years' year new within across ensure provide qualifications benefits salary
    position role company job time full part through based related equivalent environment""".split()
)

ABBREVIATIONS = frozenset("e.g. i.e. etc. dr. mr. mrs. ms. inc. ltd. co. vs. no. approx. st. jr. sr. u.s.".split())

LEMMA_OVERRIDES: dict[str, str] = {
    "his": "he",
    "him": "he",
    "himself": "he",
    "her": "she",
    "hers": "she",
    "herself": "she",
    "men": "man",
    "women": "woman",
    "guys": "guy",
}


def noun_forms(lemma: str) -> tuple[str, ...]:
    """Forms the matcher accepts for an English lexicon word beyond its lemma."""
    if " " in lemma:
        return (lemma,)
    if lemma.endswith("man"):
        return (lemma, lemma[:-3] + "men", lemma + "'s", lemma[:-3] + "men's")
    if lemma.endswith("woman"):
        return (lemma, lemma[:-5] + "women")
    if lemma.endswith(("s", "x", "ch", "sh")):
        return (lemma, lemma + "es")
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        return (lemma, lemma[:-1] + "ies")
    return (lemma, lemma + "s")
