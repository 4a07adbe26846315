"""Swedish language defaults: stop words, abbreviations, lemma overrides, noun inflection."""

from __future__ import annotations

STOPWORDS = frozenset(
    """och i att det som en på är av för med till den har de inte om ett han men var jag sig
    från vi så kan man när år säger hon under också efter eller nu sin där vid mot ska skulle
    kommer ut får finns vara hade alla andra mycket än här då sedan över bara in blir upp även
    vad få två vill ha många hur mer går sitt olika vår våra ditt din dina du dig oss vårt vi
    samt genom inom hos denna detta dessa vilka vilken vilket någon några ingen inga sådan
    arbeta söker erfarenhet tjänsten ansökan kunskaper kunskap arbete arbetar tjänst krav
    meriterande goda mycket utveckling inom tillsammans ansvar ansvarar verksamhet medarbetare
    heltid deltid lön anställning tillträde enligt överenskommelse körkort behörighet
    utbildning välkommen företag bolag kunder kund också vår våra oss hos""".split()
)

ABBREVIATIONS = frozenset(
    "t.ex. bl.a. m.m. o.s.v. osv. dvs. d.v.s. fr.o.m. t.o.m. ca. kl. s.k. p.g.a. pga. mfl. m.fl. "
    "resp. jfr. inkl. exkl. tel. nr. st. mr. dr. ev. f.d. o. ink. mm. etc.".split()
)

# simplemma gets these wrong, or gives a reading we do not want for matching.
LEMMA_OVERRIDES: dict[str, str] = {
    "hon": "hon",
    "honom": "han",
    "hans": "han",
    "henne": "hon",
    "hennes": "hon",
    "ledare": "ledare",
    "ledaren": "ledare",
    "ledarna": "ledare",
    "ledarens": "ledare",
    "män": "man",
    "männen": "man",
    "mannen": "man",
    "förmän": "förman",
    "förmännen": "förman",
}


def man_forms(lemma: str) -> tuple[str, ...]:
    """Inflected forms of a Swedish noun in -man (talesman → talesmannen, talesmän, ...).

    Nouns in -man take the plural -män: brandmännen, tjänstemännens, förmän.
    """
    if not lemma.endswith("man"):
        return (lemma,)
    stem = lemma[:-3]
    forms = []
    for suffix in ("man", "mannen", "män", "männen"):
        forms.append(stem + suffix)
        forms.append(stem + suffix + "s")
    return tuple(forms)


def noun_forms(lemma: str) -> tuple[str, ...]:
    """Forms the matcher accepts for a Swedish lexicon word beyond its simplemma lemma."""
    if " " in lemma:
        return (lemma,)
    if lemma.endswith("man"):
        return man_forms(lemma)
    return (lemma, lemma + "s")
