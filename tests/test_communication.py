"""The communication tool module on passages written for these tests (Swedish and English).

Each passage is small enough that every count can be checked by hand: who is named, with which
gender and why, who is quoted and how often, pronouns, words for women and men, the order of
pairs, gender-marking findings and which words stand next to whom.
"""

from __future__ import annotations

import pytest

import normcheck_communication
from normcheck import api

SV_PRESS = """Pressmeddelande 12 mars 2025

Nordpapper bygger ny kartongfabrik i Härnösand

Nordpapper investerar 900 miljoner kronor i en ny fabrik för kartong. Bygget börjar i höst och fabriken ska vara i drift 2027.

– Det här är den största investeringen i bolagets historia, säger Johan Lindqvist, vd för Nordpapper.

Fabriken ritas av arkitekten Magnus Ek. ”Vi har ritat en fabrik där dagsljuset når varje arbetsplats”, säger Magnus Ek.

Enligt produktionschefen Anders Berg behövs 120 nya medarbetare. Berg berättar att rekryteringen börjar redan i vår.

Sofia Holm, hållbarhetschef, säger att fabriken ska drivas med förnybar energi. Hon har lett arbetet med miljötillståndet och är expert på energisystem.

Vi söker bland annat en kvinnlig ingenjör och en manlig sjuksköterska till företagshälsovården. Män och kvinnor välkomnas att söka.
"""

SV_ABOUT = """Om oss

Kim Berg grundade byrån 2015. Hon leder i dag ett team på tolv personer.

Robin Ek ansvarar för teknik och programmering. Han har arbetat med digitala system i tjugo år.

Alex Lind sköter ekonomin och bokföringen.

Vi tror på kvinnor och män, tjejer och killar, i alla roller. Kim säger att mångfald gör byrån bättre. Den som söker hos oss, hon eller han, ska känna sig välkommen.
"""

EN_NEWS = """Northwind opens software lab in Leeds

Northwind Ltd today opened a software lab in Leeds. "This lab will bring fifty engineering jobs to the region," said Dr Priya Shah, the company's chief technology officer. Shah has led the project since 2021.

Mark Evans, head of operations, explains that the lab will run on renewable power. According to Evans, recruitment starts in the spring. "We want applications from women and men alike," he said.

The opening was attended by the mayor, Mr Daniel Cole, and by Jordan Lee, a local teacher. Jordan said they were proud to be there. Ms Cole, the mayor's wife, looked elegant in a blue dress and smiled for the cameras.

The lab has hired a female engineer and a male nurse. Every applicant should describe his or her experience. Men and women, ladies and gentlemen: welcome!
"""


@pytest.fixture
def comm(pm):
    """The communication plugin registered as the entry point would register it."""
    pm.register(normcheck_communication, name="communication")
    return normcheck_communication


def scan(text: str, lang: str | None = None):
    report = api.scan_text(text, lang=lang, source="test.txt")
    return report.documents[0]


def module(doc) -> dict:
    return doc.modules["communication"]


def people(summary: dict) -> dict[str, tuple[str, str | None, int, int]]:
    return {p["name"]: (p["gender"], p["basis"], p["mentions"], p["quoted"]) for p in summary["persons"]}


def marking(doc) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.text, f.suggestions) for f in doc.findings if f.rule.endswith(".communication.gender-marking")]


# ---------------------------------------------------------------------------------------------
# A Swedish press release quoting three men and one woman


def test_press_release_people_and_quotes(comm):
    doc = scan(SV_PRESS)
    c = module(doc)
    assert people(c) == {
        "Johan Lindqvist": ("man", "name", 1, 1),  # a dash quote with "säger Johan Lindqvist"
        "Magnus Ek": ("man", "name", 2, 1),  # quote marks and "säger": one speech act
        "Anders Berg": ("man", "name", 2, 2),  # "Enligt ... Anders Berg" and "Berg berättar"
        "Sofia Holm": ("woman", "name", 1, 1),
    }
    assert c["counts"]["named"] == {"woman": 1, "man": 3, "unknown": 0}
    assert c["counts"]["quoted"] == {"woman": 1, "man": 3, "unknown": 0}
    assert c["shares"]["quoted"] == {"woman": 0.25, "man": 0.75, "unknown": 0.0}
    assert c["quotes"] == {"total": 5, "attributed": 5, "unattributed": 0}
    # persons are listed in the order they first appear, with the offset of that mention
    assert [p["name"] for p in c["persons"]] == ["Johan Lindqvist", "Magnus Ek", "Anders Berg", "Sofia Holm"]
    first = c["persons"][0]
    assert SV_PRESS[first["start"] : first["start"] + len("Johan Lindqvist")] == "Johan Lindqvist"
    assert c["headline"].startswith("named: women 1, men 3 (25% women); quoted: women 1, men 3 (25% women)")


def test_press_release_words_order_and_marking(comm):
    doc = scan(SV_PRESS)
    c = module(doc)
    assert c["counts"]["pronouns"] == {"woman": 1, "man": 0, "unknown": 0}  # "Hon har lett"
    # kvinnlig, kvinnor / manlig, Män
    assert c["counts"]["gendered_words"] == {"woman": 2, "man": 2, "unknown": 0}
    assert c["order"]["man_first"] == 1 and c["order"]["woman_first"] == 0 and c["order"]["first"] == "man"
    pair = c["order"]["pairs"][0]
    assert pair["text"] == "Män och kvinnor" and SV_PRESS[pair["start"] : pair["end"]] == "Män och kvinnor"
    assert marking(doc) == [("kvinnlig ingenjör", ("ingenjör",)), ("manlig sjuksköterska", ("sjuksköterska",))]
    assert c["marking"] == {"woman": 1, "man": 1}
    for f in doc.findings:
        if f.rule.endswith("gender-marking"):
            assert f.category == "representation" and f.severity == "suggestion" and f.references
            assert doc.document.text[f.start : f.end] == f.text
            assert "ingenjör" in f.message or "sjuksköterska" in f.message
    # the built-in lexicon's coarser report of the same words is not shown a second time
    marked = [(f.start, f.end) for f in doc.findings if f.rule.endswith("gender-marking")]
    for f in doc.findings:
        if f.category == "gendered-term":
            assert not any(f.start < e and s < f.end for s, e in marked), f.rule


def test_press_release_associations(comm):
    c = module(scan(SV_PRESS))
    a = c["associations"]
    # men: "vd" next to Johan Lindqvist, "produktionschefen" next to Anders Berg
    assert a["man"]["leadership"] == 2
    assert a["stereotyped"]["man"] == 2
    # women: "hållbarhetschef" next to Sofia Holm; "lett" and "expert" next to "Hon";
    # "ingenjör" next to "kvinnlig"
    assert a["woman"] == {"care": 0, "appearance": 0, "expertise": 1, "technology": 1, "leadership": 2}
    assert a["counter_stereotyped"]["woman"] == 3
    assert a["stereotyped"]["woman"] == 0
    # "företagshälsovården" stands nearer "manlig" than "kvinnlig": a man next to a care word
    assert a["man"]["care"] == 1 and a["counter_stereotyped"]["man"] == 1
    sentences = {(s["gender"], s["text"]) for s in a["sentences"]}
    assert ("woman", "Hon har lett arbetet med miljötillståndet och är expert på energisystem.") in sentences
    for s in a["sentences"]:
        assert SV_PRESS[s["start"] : s["end"]] == s["text"]
        assert s["stereotyped"] == (s["gender"] == "man" and "leadership" in s["classes"])


# ---------------------------------------------------------------------------------------------
# A Swedish about-us page: pronouns settle ambiguous names


def test_pronoun_settles_ambiguous_name(comm):
    c = module(scan(SV_ABOUT))
    assert people(c) == {
        "Kim Berg": ("woman", "pronoun", 2, 1),  # Kim is unisex; "Hon leder" settles it
        "Robin Ek": ("man", "pronoun", 1, 0),  # "Han har arbetat"
        "Alex Lind": ("unknown", None, 1, 0),  # no pronoun follows: unknown stays unknown
    }
    assert c["counts"]["named"] == {"woman": 1, "man": 1, "unknown": 1}
    assert c["counts"]["quoted"] == {"woman": 1, "man": 0, "unknown": 0}
    assert c["counts"]["pronouns"] == {"woman": 2, "man": 2, "unknown": 0}
    assert c["counts"]["gendered_words"] == {"woman": 2, "man": 2, "unknown": 0}
    assert [p["text"] for p in c["order"]["pairs"]] == ["kvinnor och män", "tjejer och killar", "hon eller han"]
    assert c["order"]["woman_first"] == 3 and c["order"]["first"] == "woman"
    assert c["shares"]["named"] == {"woman": 0.333, "man": 0.333, "unknown": 0.333}


def test_conflicting_pronouns_leave_a_name_unknown(comm):
    text = "Kim Berg började hos oss i fjol. Hon trivs. Kim Berg tackade kunderna och han log."
    c = module(scan(text, "sv"))
    assert people(c)["Kim Berg"][:2] == ("unknown", None)


# ---------------------------------------------------------------------------------------------
# An English news item


def test_news_people_titles_and_quotes(comm):
    doc = scan(EN_NEWS)
    c = module(doc)
    assert people(c) == {
        "Priya Shah": ("woman", "name", 2, 1),  # "said Dr Priya Shah"; "Shah has led"
        "Mark Evans": ("man", "name", 2, 3),  # "explains that", "According to Evans", '"...," he said'
        "Daniel Cole": ("man", "title", 1, 0),  # "Mr Daniel Cole"
        "Jordan Lee": ("unknown", None, 2, 1),  # "Jordan said they ...": singular they settles nothing
        "Cole": ("woman", "title", 1, 0),  # "Ms Cole" is not Mr Daniel Cole
    }
    assert c["counts"]["named"] == {"woman": 2, "man": 2, "unknown": 1}
    assert c["counts"]["quoted"] == {"woman": 1, "man": 1, "unknown": 1}
    # he (said), his / her, they (Jordan)
    assert c["counts"]["pronouns"] == {"woman": 1, "man": 2, "unknown": 1}
    # women, wife, female, women, ladies / men, male, Men, gentlemen
    assert c["counts"]["gendered_words"] == {"woman": 5, "man": 4, "unknown": 0}
    assert [(p["text"], p["first"]) for p in c["order"]["pairs"]] == [
        ("women and men", "woman"),
        ("his or her", "man"),
        ("Men and women", "man"),
        ("ladies and gentlemen", "woman"),
    ]
    assert c["order"]["first"] == "equal"
    assert marking(doc) == [("female engineer", ("engineer",)), ("male nurse", ("nurse",))]


def test_news_associations(comm):
    a = module(scan(EN_NEWS))["associations"]
    assert a["woman"]["appearance"] == 1  # elegant, dress, smiled — next to "Ms Cole" and "wife"
    assert a["stereotyped"]["woman"] == 1
    # engineering/technology/chief next to Priya Shah, led next to Shah, engineer next to female
    assert a["woman"]["technology"] == 2 and a["woman"]["leadership"] == 2
    assert a["counter_stereotyped"]["woman"] == 3
    appearance = [s for s in a["sentences"] if "appearance" in s["classes"]]
    assert appearance[0]["words"] == ["elegant", "dress", "smiled"]
    assert appearance[0]["stereotyped"] is True


def test_singular_they_only_for_one_person(comm):
    c = module(scan("The engineers met the customers. They discussed the plans. Someone left their bag.", "en"))
    assert c["counts"]["pronouns"] == {"woman": 0, "man": 0, "unknown": 1}  # "their" of someone


# ---------------------------------------------------------------------------------------------
# Unnecessary gender marking


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Hon blev vald till kvinnlig chef för avdelningen.", "sv", [("kvinnlig chef", ("chef",))]),
        ("Vi har tre kvinnliga chefer och en manlig barnmorska.", "sv", [("kvinnliga chefer", ("chefer",)), ("manlig barnmorska", ("barnmorska",))]),
        ("Den manlige sjuksköterskan tog emot oss.", "sv", [("manlige sjuksköterskan", ("sjuksköterskan",))]),
        ("Två kvinnliga IT-konsulter och en kvinnlig avdelningschef talade.", "sv", [("kvinnliga IT-konsulter", ("IT-konsulter",)), ("kvinnlig avdelningschef", ("avdelningschef",))]),
        ("She is a lady doctor in Leeds.", "en", [("lady doctor", ("doctor",))]),
        ("Two women engineers and a female CEO's plan.", "en", [("women engineers", ("engineers",)), ("female CEO", ("CEO",))]),
        ("We met a male secretary and two female bosses.", "en", [("male secretary", ("secretary",)), ("female bosses", ("bosses",))]),
    ],
)
def test_marking_flagged_with_the_unmarked_role(comm, text, lang, expected):
    assert marking(scan(text, lang)) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Andelen kvinnliga chefer ökade till 40 procent.", "sv"),
        ("Hon blev Sveriges första kvinnliga biskop.", "sv"),
        ("Vi har lika många kvinnliga och manliga chefer.", "sv"),
        ("Fler kvinnliga ingenjörer behövs i branschen.", "sv"),
        ("The share of female engineers rose.", "en"),
        ("She was the first female pilot of the airline.", "en"),
        ("Both male and female nurses applied.", "en"),
        ("The female patients were treated by a nurse.", "en"),
    ],
)
def test_marking_not_flagged_where_gender_is_the_point(comm, text, lang):
    assert marking(scan(text, lang)) == []


def test_marking_needs_a_role_noun(comm):
    # "kvinnlig vän" names no role; "manlig kollegas" is a role noun in the genitive
    assert marking(scan("Hon har en kvinnlig vän och lånade en manlig kollegas bil.", "sv")) == [("manlig kollegas", ("kollegas",))]


def test_disabling_the_rule_keeps_the_lexicon_finding(comm):
    text = "Vi söker en kvinnlig ingenjör."
    report = api.scan_text(text, lang="sv", disable=["sv.communication"])
    rules = {f.rule for f in report.documents[0].findings}
    assert not any(r.endswith("gender-marking") for r in rules)


# ---------------------------------------------------------------------------------------------
# Words, names and quotes at the edges


def test_swedish_man_pronoun_is_not_a_man(comm):
    c = module(scan("Här kan man växa. En ung man och en kvinna började i går. Kvinna och man får samma lön.", "sv"))
    # "man kan" is the generic pronoun; "en ung man" and "kvinna och man" are men
    assert c["counts"]["gendered_words"] == {"woman": 2, "man": 2, "unknown": 0}
    assert c["order"]["pairs"][0]["text"] == "Kvinna och man"


def test_words_that_look_like_names(comm):
    text = (
        "Inga krav på körkort. Lönen är 200 kronor Per timme. Max 10 personer per grupp. "
        "Hans arbete gick bra. Vi har kontor i Los Angeles och samarbetar med Lockheed Martin."
    )
    c = module(scan(text, "sv"))
    assert c["persons"] == []
    assert c["counts"]["pronouns"]["man"] == 1  # "Hans arbete": the pronoun


def test_homograph_with_surname_is_a_name(comm):
    c = module(scan("Per Holm leder kontoret. Per säger att han trivs.", "sv"))
    assert people(c) == {"Per Holm": ("man", "name", 2, 1)}


def test_quote_attribution_forms(comm):
    text = (
        "Lina Ahmadi: ”Vi vill att fler söker till oss.”\n\n"
        "– Det var ett bra år, säger Omar Nilsson.\n\n"
        "– Nästa år blir ännu bättre.\n\n"
        "”Ett citat som ingen har sagt högt.”\n\n"
        "Enligt Lina Ahmadi växer bolaget."
    )
    c = module(scan(text, "sv"))
    assert people(c) == {"Lina Ahmadi": ("woman", "name", 2, 2), "Omar Nilsson": ("man", "name", 1, 2)}
    assert c["quotes"] == {"total": 5, "attributed": 4, "unattributed": 1}


def test_person_inside_a_quote_is_not_the_speaker(comm):
    c = module(scan("Anna Berg säger: ”Johan Ek är den bästa chef vi har haft.”", "sv"))
    assert people(c) == {"Anna Berg": ("woman", "name", 1, 1), "Johan Ek": ("man", "name", 1, 0)}


def test_unknown_name_that_speaks(comm):
    c = module(scan("Det här är en milstolpe, säger Jovana Petrović. Hon har lett projektet.", "sv"))
    assert people(c) == {"Jovana Petrović": ("woman", "pronoun", 1, 1)}


def test_text_without_people(comm):
    c = module(scan("Vi erbjuder kollektivavtal och friskvårdsbidrag.", "sv"))
    assert c["persons"] == [] and c["headline"] == "no people or words for women and men found"
    assert all(v == 0 for kind in c["counts"].values() for v in kind.values())
    assert c["shares"]["named"] is None


def test_module_is_absent_without_the_plugin():
    doc = scan(SV_PRESS)
    assert "communication" not in doc.modules
    assert not any(f.rule.endswith("gender-marking") for f in doc.findings)


def test_every_output_format_carries_the_module(comm):
    from normcheck.reporters import get_reporters

    report = api.scan_text(SV_ABOUT, source="om-oss.txt")
    reporters = get_reporters()
    text = reporters["text"].render(report, api.make_config(None), {"color": False})
    assert module(report.documents[0])["headline"] in text
    import json

    data = json.loads(reporters["json"].render(report, api.make_config(None), {}))
    assert data["documents"][0]["modules"]["communication"]["counts"]["named"] == {"woman": 1, "man": 1, "unknown": 1}


def test_broken_data_file_is_one_clear_error(comm, tmp_path, monkeypatch):
    from normcheck_communication import data

    for name in ("sv.yml", "en.yml", "marking.yml"):
        (tmp_path / name).write_text((data.DATA_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "names.yml").write_text("women: [Anna\nmen: [", encoding="utf-8")
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    data.names.cache_clear()
    try:
        with pytest.raises(data.DataError) as info:
            data.names()
        message = str(info.value)
        assert message.startswith(str(tmp_path / "names.yml") + ": is not valid YAML (line ")
        assert "\n" not in message
        # a scan with the plugin fails the same way, naming the data file
        with pytest.raises(data.DataError, match="names.yml"):
            api.scan_text("Anna Berg säger att hon trivs.", lang="sv")
    finally:
        monkeypatch.undo()
        data.names.cache_clear()
    assert data.names().gender["anna"] == "woman"
