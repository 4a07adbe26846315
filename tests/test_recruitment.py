"""The recruitment tool module: phrase lists, lexicon, structure, advice order, schema, surfaces.

The example ads with their exact readings are in test_recruitment_ads.py. The plugin is
registered on the ``pm`` fixture here (entry points are off in the test suite), except in the
test that proves the installed entry point works.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import normcheck
import normcheck_recruitment
from normcheck.errors import LexiconError
from normcheck_recruitment import data as rdata
from normcheck_recruitment.review import ordered_markers, presence
from normcheck_recruitment.structure import Structure, parse

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "annons-recruitment-sv.txt"
FRAGMENT = json.loads(normcheck_recruitment.SCHEMA_PATH.read_text(encoding="utf-8"))
MAIN_SCHEMA = json.loads((Path(normcheck.__file__).parent / "schema" / "normcheck-v1.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def recruitment(pm):
    pm.register(normcheck_recruitment, name="recruitment")
    return pm


def module(text: str, **options) -> dict:
    return normcheck.scan_text(text, **options).documents[0].modules["recruitment"]


def items(text: str) -> list[tuple[str, str]]:
    return [(i["kind"], i["text"]) for i in module(text)["requirements"]]


# ---------------------------------------------------------------------------------------------
# Phrase lists and lexicon


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_phrase_lists_load(lang):
    m = rdata.markers(lang)
    assert m.lang == lang
    assert set(m.checks) == set(rdata.CHECK_NAMES)
    kinds = {h.kind for h in m.headings}
    assert kinds == set(rdata.SECTION_KINDS)
    assert all(spec.references for spec in m.checks.values())
    assert m.requirement_references and m.address_references


CHECK_EXAMPLES = [
    (lang, name, kind, example)
    for lang in ("sv", "en")
    for name, spec in rdata.markers(lang).checks.items()
    for kind, examples in (("present", spec.examples_present), ("absent", spec.examples_absent))
    for example in examples
]


@pytest.mark.parametrize("lang,name,kind,example", CHECK_EXAMPLES, ids=lambda v: str(v)[:40])
def test_presence_check_examples(lang, name, kind, example):
    """Every presence check ships examples that must and must not be found (all languages' lists)."""
    found = presence(example, Structure(), ordered_markers(lang))[name]
    assert found["present"] is (kind == "present"), f"{lang}.{name} on {example!r}"
    if found["present"]:
        assert example[found["start"] : found["end"]] == found["text"]


def _own_rules():
    from normcheck.lexicon import load_dirs

    return load_dirs([normcheck_recruitment.LEXICON_DIR])


@pytest.mark.parametrize("rule", _own_rules(), ids=lambda r: r.id)
def test_lexicon_examples(recruitment, rule):
    assert rule.category == "recruitment" and rule.references
    for example in rule.examples_flag:
        rules = [f.rule for f in normcheck.scan_text(example, lang=rule.lang).findings]
        assert rule.id in rules, f"{rule.id} should flag {example!r}"
    for example in rule.examples_ok:
        rules = [f.rule for f in normcheck.scan_text(example, lang=rule.lang).findings]
        assert rule.id not in rules, f"{rule.id} should not flag {example!r}"


def test_lexicon_loads_beside_the_builtin_lexicons(recruitment):
    """The plugin's lexicon registers through register_lexicon_dirs and loads with the built-ins."""
    from normcheck import api

    rules = api.load_rules(api.make_config())
    ids = {r.id for r in rules}
    assert "sv.recruitment.superlative-world-class" in ids and "en.recruitment.language-fluent" in ids


def _broken_copy(tmp_path: Path, lang: str, old: str, new: str) -> Path:
    text = (rdata.DATA_DIR / f"{lang}.yml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{lang}.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "old,new,message",
    [
        ("  salary:\n    note:", "  salery:\n    note:", "must have exactly the checks"),
        ("'\\blön(?:en)?\\b'", "'\\blön(?:en\\b'", "does not compile"),
        ("lang: sv", "lang: en", "must equal the file name"),
        ("filler: [", "fillers: [", "unknown key(s): fillers"),
        ("    outside: [duties, required, merit]\n    patterns:\n      - '\\b(?:månads", "    outside: [benefits]\n    patterns:\n      - '\\b(?:månads", "must name section kinds"),
    ],
)
def test_broken_phrase_list_is_rejected_with_file_and_key(tmp_path, old, new, message):
    path = _broken_copy(tmp_path, "sv", old, new)
    with pytest.raises(LexiconError) as err:
        rdata.load_file(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_phrase_list_that_is_not_yaml(tmp_path):
    path = tmp_path / "sv.yml"
    path.write_text("headings: [unclosed\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="not valid YAML at line"):
        rdata.load_file(path)


# ---------------------------------------------------------------------------------------------
# Structure


def test_heading_words_inside_items_are_items(recruitment):
    text = "Krav\n- Erfarenhet av lagerarbete\n- Utbildning inom logistik\n- Kompetens i Excel\n"
    assert items(text) == [
        ("required", "Erfarenhet av lagerarbete"),
        ("required", "Utbildning inom logistik"),
        ("required", "Kompetens i Excel"),
    ]


def test_joined_heading_and_subheading_keep_the_list(recruitment):
    text = (
        "Kvalifikationer och erfarenhet\n- Civilingenjör\nTekniska kunskaper:\n- Python\n- Linux\n\n"
        "Vi erbjuder\nEn trevlig arbetsplats.\n"
    )
    mod = module(text)
    assert [(i["kind"], i["text"], i["section"]) for i in mod["requirements"]] == [
        ("required", "Civilingenjör", "Kvalifikationer och erfarenhet"),
        ("required", "Python", "Kvalifikationer och erfarenhet"),
        ("required", "Linux", "Kvalifikationer och erfarenhet"),
    ]


def test_inline_prose_is_not_split_at_commas(recruitment):
    text = (
        "Requirements: Requires a Master's degree, or foreign equivalent, in Computer Science, Computer "
        "Engineering, or related field and 3 years of experience as a Senior Software Engineer. Must know Java.\n"
    )
    assert items(text) == [
        (
            "required",
            "Requires a Master's degree, or foreign equivalent, in Computer Science, Computer Engineering, "
            "or related field and 3 years of experience as a Senior Software Engineer",
        ),
        ("required", "Must know Java"),
    ]


def test_inline_list_splits_outside_parentheses(recruitment):
    text = "Krav: B-körkort, kunskaper i Office (Word, Excel); truckkort.\nVi erbjuder bra villkor.\n"
    assert items(text) == [
        ("required", "B-körkort"),
        ("required", "kunskaper i Office (Word, Excel)"),
        ("required", "truckkort"),
    ]


def test_list_ends_at_blank_line_before_prose(recruitment):
    text = (
        "You have:\n- A degree in chemistry\n- Lab experience\n\n"
        "Our lab in Lund has 40 people working on battery materials. We publish our work openly.\n"
    )
    assert items(text) == [("required", "A degree in chemistry"), ("required", "Lab experience")]


def test_hard_wrapped_lines_join_their_item(recruitment):
    text = (
        "Requirements\n- Experience with SQL Server,\n  Oracle and Postgres\n- Strong communication skills and\n"
        "  attention to detail\nAbility to\nwork in a team\n\n"
        "Krav\nkörkort\ntruckkort\nErfarenhet av lager-\n  arbete\n"
    )
    assert items(text) == [
        ("required", "Experience with SQL Server,\n  Oracle and Postgres"),
        ("required", "Strong communication skills and\n  attention to detail"),
        ("required", "Ability to\nwork in a team"),
        ("required", "körkort"),
        ("required", "truckkort"),
        ("required", "Erfarenhet av lager-\n  arbete"),
    ]


def test_item_wording_overrides_its_heading(recruitment):
    text = (
        "Krav\n- Högskoleexamen\n- Du har gärna erfarenhet av Java\n- Det är ett plus om du kan Go\n\n"
        "Meriterande\n- B-körkort är ett krav\n- Erfarenhet av Kotlin\n"
    )
    assert items(text) == [
        ("required", "Högskoleexamen"),
        ("merit", "Du har gärna erfarenhet av Java"),
        ("merit", "Det är ett plus om du kan Go"),
        ("required", "B-körkort är ett krav"),
        ("merit", "Erfarenhet av Kotlin"),
    ]


def test_weak_preference_words_count_only_in_the_opening_clause(recruitment):
    text = (
        "Krav\n- Du har minst gymnasieutbildning, gärna inom anläggningsteknik\n- Du har gärna erfarenhet av VA\n"
        "- Kunskaper i Excel, Word och PowerPoint är meriterande\n\n"
        "Requirements\n- Ideally, you know Go\n- A degree in CS, preferably with a focus on ML\n\n"
        "We are hiring. A driving licence is required, preferably a heavy one. Ideally you speak Finnish.\n"
    )
    assert items(text) == [
        ("required", "Du har minst gymnasieutbildning, gärna inom anläggningsteknik"),
        ("merit", "Du har gärna erfarenhet av VA"),
        ("merit", "Kunskaper i Excel, Word och PowerPoint är meriterande"),
        ("merit", "Ideally, you know Go"),
        ("required", "A degree in CS, preferably with a focus on ML"),
        ("required", "A driving licence is required, preferably a heavy one"),
        ("merit", "Ideally you speak Finnish"),
    ]


def test_duties_and_offer_sentences_are_not_requirements(recruitment):
    text = (
        "Om tjänsten\nDu ska ha kontakt med kunder och leverantörer. Vi söker dig som har B-körkort.\n\n"
        "Vi erbjuder\nDu måste ha roligt på jobbet, det är ett krav!\n"
    )
    assert items(text) == [("required", "Vi söker dig som har B-körkort")]


def test_word_and_html_headings_and_lists(recruitment, tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("Lagerarbetare till Hamnlagret", 1)
    d.add_paragraph("Vi söker en lagerarbetare till vårt team i Gävle.")
    d.add_heading("Krav", 2)
    for line in ("Truckkort", "B-körkort"):
        d.add_paragraph(line, style="List Bullet")
    d.add_paragraph("Meriterande:")
    d.add_paragraph("Erfarenhet av WMS", style="List Bullet")
    d.add_heading("Vi erbjuder", 2)
    d.add_paragraph("Heltid, dagtid. Lön enligt kollektivavtal.")
    path = tmp_path / "annons.docx"
    d.save(path)
    report = normcheck.scan([path])
    doc = report.documents[0]
    mod = doc.modules["recruitment"]
    assert [(i["kind"], i["text"]) for i in mod["requirements"]] == [
        ("required", "Truckkort"),
        ("required", "B-körkort"),
        ("merit", "Erfarenhet av WMS"),
    ]
    for i in mod["requirements"]:
        assert doc.document.text[i["start"] : i["end"]] == i["text"]
    assert mod["checks"]["salary"]["form"] == "collective-agreement"

    html = (
        "<html><body><main><h1>Data analyst</h1><p>We are hiring a data analyst.</p>"
        "<h2>Requirements</h2><ul><li>SQL</li><li>Python</li></ul>"
        "<h2>Nice to have</h2><ul><li>dbt</li></ul><h2>Benefits</h2><p>Pension and paid parental leave.</p>"
        "</main></body></html>"
    )
    page = tmp_path / "ad.html"
    page.write_text(html, encoding="utf-8")
    mod = normcheck.scan([page]).documents[0].modules["recruitment"]
    assert [(i["kind"], i["text"]) for i in mod["requirements"]] == [
        ("required", "SQL"),
        ("required", "Python"),
        ("merit", "dbt"),
    ]
    assert mod["checks"]["parental_leave"]["present"] is True


def test_parse_without_segments_is_the_same_for_plain_text():
    text = "Krav\n- A\n- Truckkort\n\nMeriterande\n- Traverskort\n"
    structure = parse(text, ordered_markers("sv"))
    assert [(i.kind, i.text) for i in structure.items] == [("required", "Truckkort"), ("merit", "Traverskort")]


# ---------------------------------------------------------------------------------------------
# Address and advice


def test_pronoun_about_a_named_person_is_not_address(recruitment):
    text = (
        "Vi söker en säljare.\n\nDu har erfarenhet av B2B. "
        "Kontakta Johan Berg om du har frågor, han svarar gärna.\n"
    )
    address = module(text)["address"]
    assert address["masculine"] == 0
    assert address["second_person"] == 2


def test_paired_pronouns_are_counted_as_paired(recruitment):
    address = module("We are hiring. He or she will report to the CFO, and his/her work is audited.")["address"]
    assert address["paired"] == 2 and address["masculine"] == 0 and address["feminine"] == 0


@pytest.mark.parametrize(
    "text,before,after",
    [
        ("Vi söker en tekniker. Han ska ha B-körkort.", "Han ska ha B-körkort", "Du har B-körkort"),
        ("Vi söker en tekniker. Hans arbete är självständigt.", "Hans arbete är självständigt", "Din arbete är självständigt"),
        ("We are hiring an engineer. He manages the test lab.", "He manages the test lab", "You manage the test lab"),
        ("We are hiring an engineer. He has a degree in physics.", "He has a degree in physics", "You have a degree in physics"),
        ("We are hiring a nurse. She carries the on-call phone.", "She carries the on-call phone", "You carry the on-call phone"),
    ],
)
def test_rewrite_example_in_address_advice(recruitment, text, before, after):
    advice = [a for a in module(text)["advice"] if a["id"].startswith("address-")]
    assert advice and f"'{before}' → '{after}'" in advice[0]["message"]


def _test_lexicon(tmp_path: Path) -> Path:
    """A lexicon of made-up words, so that the order of finding-based advice is independent of
    what the built-in lexicons hold."""
    base = tmp_path / "lexicons"
    (base / "en").mkdir(parents=True)
    (base / "en" / "testwords.yml").write_text(
        """\
lang: en
category: testwords
type: pattern
message: "'{match}': {note}"
references: ["test lexicon"]
entries:
  - id: zorbling
    level: error
    match: ['\\bzorbling\\b']
    note: A word that shuts people out.
    examples: {flag: ["zorbling"], ok: ["zorb"]}
  - id: flimsker
    level: warning
    match: ['\\bflimsker\\b']
    suggest: [glimmer, shimmer]
    note: A word with better options.
    examples: {flag: ["flimsker"], ok: ["flim"]}
  - id: quibbet
    level: suggestion
    match: ['\\bquibbet\\b']
    note: A word worth a thought.
    examples: {flag: ["quibbet"], ok: ["quib"]}
""",
        encoding="utf-8",
    )
    return base


def test_advice_order_with_findings_of_other_lexicons(recruitment, tmp_path):
    text = (
        "Technician\n\nWe are hiring a technician who is quibbet and flimsker. He must be zorbling. "
        "The candidate should have a degree.\n\nRequirements\n- A\n- Degree in engineering\n- Forklift licence\n"
        "- Welding certificate\n- First aid course\n\nSalary: $50,000 - $60,000 a year. Full-time. Apply now at "
        "jobs@example.com.\n"
    )
    mod = module(text, lexicon_dirs=[_test_lexicon(tmp_path)])
    ids = [a["id"] for a in mod["advice"]]
    assert ids == [
        "direct:en.testwords.zorbling",
        "address-masculine",
        "address-third-person",
        "norm:en.testwords.flimsker",
        "separate-merits",
        "missing-inclusion_statement",
        "missing-flexibility",
        "missing-parental_leave",
        "missing-accommodations",
        "norm-suggestion:en.testwords.quibbet",
        "missing-benefits",
    ]
    by_id = {a["id"]: a for a in mod["advice"]}
    assert by_id["direct:en.testwords.zorbling"]["message"] == "Rewrite 'zorbling': 'zorbling': A word that shuts people out."
    assert by_id["norm:en.testwords.flimsker"]["message"] == "Replace 'flimsker' with 'glimmer' or 'shimmer'."
    assert [s["text"] for s in by_id["direct:en.testwords.zorbling"]["spans"]] == ["zorbling"]
    assert by_id["missing-inclusion_statement"]["spans"] == []


def test_requirement_count_finding_and_configured_limit(recruitment, tmp_path):
    ad = tmp_path / "ad.txt"
    ad.write_text("Vi söker en målare.\n\nKrav\n- Yrkesbevis\n- B-körkort\n- Erfarenhet av fasadmålning\n", encoding="utf-8")
    doc = normcheck.scan([ad]).documents[0]
    assert not [f for f in doc.findings if f.rule == "sv.recruitment.requirement-count"]
    (tmp_path / ".normcheck.toml").write_text("[recruitment]\nmax-required = 2\n", encoding="utf-8")
    doc = normcheck.scan([ad]).documents[0]
    found = [f for f in doc.findings if f.rule == "sv.recruitment.requirement-count"]
    assert len(found) == 1
    assert found[0].text == "Krav" and found[0].category == "recruitment" and found[0].severity == "suggestion"
    assert doc.modules["recruitment"]["max_required"] == 2
    assert [a["id"] for a in doc.modules["recruitment"]["advice"]][0] == "long-list"


def test_bad_configuration_is_one_line_and_exit_2(recruitment, tmp_path):
    from normcheck.cli import cli

    ad = tmp_path / "ad.txt"
    ad.write_text("Vi söker en målare.\n\nKrav\n- Yrkesbevis\n", encoding="utf-8")
    (tmp_path / ".normcheck.toml").write_text('[recruitment]\nmax-required = "many"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(ad)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "max-required" in lines[0] and ".normcheck.toml" in lines[0] and "'many'" in lines[0]
    assert "Traceback" not in result.output


def test_not_an_ad_and_not_a_known_language(recruitment):
    mod = module("Der Vorstand hat heute die Jahreszahlen vorgestellt. Der Umsatz stieg um vier Prozent.")
    assert mod["language"] is None and mod["job_ad"] is False and mod["advice"] == []
    jsonschema.Draft202012Validator(FRAGMENT).validate(mod)


def test_hostile_input_finishes(recruitment):
    """Long runs of digits, spaces, colons, commas, bullets and at-signs: every part of the module
    stays linear (no regex may backtrack badly), and thousands of items are all found."""
    text = (
        "Krav: " + ", ".join(["truckkort 1 000"] * 3000) + "\n\n"
        + "Krav\n" + "- truckkort\n" * 3000 + "\n"
        + "Meriterande\n" + "- traverskort\n" * 2000 + "\n"
        + "a" * 20000 + "@\n"
        + "9 " * 20000 + "kr\n"
        + ("Lön: " + "x " * 1000 + "\n") * 20
        + ":" * 20000 + "\n"
    )
    mod = module(text, lang="sv")
    # The long inline "Krav: ..." does not read as a list (one item); the bullets do.
    assert (mod["required_count"], mod["merit_count"]) == (3001, 2000)
    assert mod["checks"]["salary"]["present"] is True


# ---------------------------------------------------------------------------------------------
# Schema and surfaces


def test_fragment_and_main_schema_define_the_same_module():
    def rewrite(node):
        if isinstance(node, dict):
            return {k: (v.replace("#/$defs/recruitment_", "#/$defs/") if k == "$ref" else rewrite(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [rewrite(x) for x in node]
        return node

    main = MAIN_SCHEMA["$defs"]
    assert MAIN_SCHEMA["$defs"]["document"]["properties"]["modules"]["properties"]["recruitment"] == {"$ref": "#/$defs/recruitment"}
    body = {k: v for k, v in rewrite(main["recruitment"]).items() if k != "description"}
    assert body == {k: v for k, v in FRAGMENT.items() if k not in ("$schema", "$id", "title", "description", "$defs")}
    for name, definition in FRAGMENT["$defs"].items():
        assert rewrite(main[f"recruitment_{name}"]) == definition


def test_full_report_validates_and_broken_module_is_rejected(recruitment):
    report = normcheck.scan([EXAMPLE]).to_dict()
    jsonschema.Draft202012Validator(MAIN_SCHEMA).validate(report)
    mod = report["documents"][0]["modules"]["recruitment"]
    jsonschema.Draft202012Validator(FRAGMENT).validate(mod)
    for breakage in (
        lambda m: m["requirements"][0].update(kind="nice"),
        lambda m: m["checks"].pop("salary"),
        lambda m: m["checks"]["salary"].update(form="lots"),
        lambda m: m["address"].pop("dominant"),
        lambda m: m["advice"][0].update(priority=0),
        lambda m: m.update(surprise=True),
    ):
        broken = json.loads(json.dumps(report))
        breakage(broken["documents"][0]["modules"]["recruitment"])
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.Draft202012Validator(MAIN_SCHEMA).validate(broken)


def test_cli_json_and_text(recruitment):
    from normcheck.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["scan", str(EXAMPLE), "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    out = json.loads(result.output)
    jsonschema.Draft202012Validator(MAIN_SCHEMA).validate(out)
    mod = out["documents"][0]["modules"]["recruitment"]
    assert mod == normcheck.scan([EXAMPLE]).documents[0].modules["recruitment"]
    assert (mod["required_count"], mod["merit_count"]) == (7, 2)
    assert mod["advice"][0]["id"] == "address-masculine"
    assert [f["rule"] for f in out["documents"][0]["findings"]].count("sv.recruitment.requirement-count") == 1

    result = runner.invoke(cli, ["scan", str(EXAMPLE)])
    lines = result.output.splitlines()
    headline = next(i for i, line in enumerate(lines) if line.strip().startswith("recruitment:"))
    assert lines[headline].split("recruitment:", 1)[1].strip() == mod["headline"]
    for offset, advice in enumerate(mod["advice"], start=1):
        assert lines[headline + offset].strip() == f"{advice['priority']}. {advice['message']}"


def test_word_example_shows_the_advice_in_text_output(recruitment):
    """`normcheck scan examples/annons-sv.docx`: the recruitment headline, then every suggestion."""
    from normcheck.cli import cli

    example = ROOT / "examples" / "annons-sv.docx"
    mod = normcheck.scan([example]).documents[0].modules["recruitment"]
    assert mod["language"] == "sv" and mod["job_ad"] and mod["advice"]
    assert {"address-masculine", "address-third-person"} <= {a["id"] for a in mod["advice"]}
    lines = CliRunner().invoke(cli, ["scan", str(example)]).output.splitlines()
    headline = next(i for i, line in enumerate(lines) if line.strip().startswith("recruitment:"))
    assert lines[headline].split("recruitment:", 1)[1].strip() == mod["headline"]
    shown = [line.strip() for line in lines[headline + 1 : headline + 1 + len(mod["advice"])]]
    assert shown == [f"{a['priority']}. {a['message']}" for a in mod["advice"]]


def test_installed_entry_point(tmp_path):
    """`normcheck` finds the module through the `normcheck` entry-point group, as users get it."""
    env = {k: v for k, v in os.environ.items() if k != "NORMCHECK_DISABLE_ENTRY_POINTS"}
    env["NORMCHECK_LOAD_PLUGINS"] = "recruitment"
    result = subprocess.run(
        [sys.executable, "-m", "normcheck", "scan", str(EXAMPLE), "-f", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr
    mod = json.loads(result.stdout)["documents"][0]["modules"]["recruitment"]
    assert mod["required_count"] == 7 and mod["headline"].startswith("7 krav, 2 meriterande")


def test_corpus_ads_keep_their_invariants(recruitment, corpus_path):
    """Read real ads (not copied into the project): spans index the text, output fits the schema."""
    validator = jsonschema.Draft202012Validator(FRAGMENT)
    for lang in ("sv", "en"):
        with corpus_path(lang).open(encoding="utf-8") as fh:
            records = [json.loads(line) for _, line in zip(range(25), fh)]
        for record in records:
            doc = normcheck.scan_text(record["text"], source=record["id"]).documents[0]
            mod = doc.modules["recruitment"]
            validator.validate(mod)
            text = doc.document.text
            for item in mod["requirements"]:
                assert text[item["start"] : item["end"]] == item["text"], record["id"]
            for check in mod["checks"].values():
                if check["present"]:
                    assert text[check["start"] : check["end"]] == check["text"], record["id"]
            assert [a["priority"] for a in mod["advice"]] == list(range(1, len(mod["advice"]) + 1))


_ = (io, re)
