"""Language backends: the default fast path, the spaCy and stanza adapters, selection, errors,
and the pronoun checks with POS/NER present and absent.

spaCy pipelines are built here with spaCy's own API (a blank Swedish pipeline with an
attribute ruler and an entity ruler, saved with ``nlp.to_disk`` and loaded by path through the
backend), and spaCy ``Doc``s are made directly with tokens, lemmas, POS and entities. stanza
``Document``s are built from token dicts, and a real ``stanza.Pipeline`` runs with rule-based
processors registered through stanza's processor registry. Trained models cannot be installed
here; the stanza tests are skipped when stanza is not installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import normcheck
from normcheck import api
from normcheck.backends import Annotations, BackendError, ModelNotFoundError, Tagged, get_backend, project
from normcheck.config import Config
from normcheck.lang import analyze, analyze_default
from normcheck.readers import paragraph_document

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------------------------
# Texts (written for these tests). "Zlatan" is not in the first-name list; "Hans" is both a
# name and the pronoun "his".

NER_TEXT = "Zlatan leder lagret i Umeå. Han har arbetat här i tolv år."
PROPN_TEXT = "Hans leder säljteamet i Luleå och svarar på frågor."
PRON_TEXT = "Den sökande ska ha körkort.\n\nHans Uppgifter Och Ansvar"
GENERIC_TEXT = "Den sökande ska ha körkort. Han ska också ha truckkort."

PRONOUNS = ["han", "hon", "hans", "hennes", "honom", "henne"]


def pronoun_findings(report) -> list[str]:
    return [f.text for f in report.findings if f.category == "generic-pronoun"]


@pytest.fixture(scope="session")
def spacy_pipeline(tmp_path_factory) -> Path:
    """A real spaCy pipeline on disk: POS and lemmas from rules, entities from an entity ruler."""
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install 'spacy>=3.7')")
    nlp = spacy.blank("sv")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": PRONOUNS}}]], {"POS": "PRON"})
    # Later patterns win: "Hans" followed by a verb is the name.
    ruler.add([[{"TEXT": "Hans"}, {"LOWER": {"IN": ["leder", "svarar"]}}]], {"POS": "PROPN"}, index=0)
    ruler.add([[{"LOWER": "konsulter"}]], {"POS": "NOUN", "LEMMA": "konsult"})
    ruler.add([[{"LOWER": "leder"}]], {"POS": "VERB", "LEMMA": "leda"})
    ruler.add([[{"LOWER": "t.ex."}]], {"POS": "ADV"})
    entities = nlp.add_pipe("entity_ruler")
    entities.add_patterns(
        [
            {"label": "PER", "pattern": [{"TEXT": "Zlatan"}]},
            {"label": "ORG", "pattern": [{"TEXT": "Norrpapper"}, {"TEXT": "AB"}]},
        ]
    )
    path = tmp_path_factory.mktemp("spacy") / "sv_test_pipeline"
    nlp.to_disk(path)
    return path


class Ran:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Ran:
    """``normcheck ARGS`` in this process (spaCy and stanza are imported once for the file)."""
    from normcheck.cli import cli

    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner(env=env).invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return Ran(result.exit_code, result.stdout, result.stderr)


# ---------------------------------------------------------------------------------------------
# The default backend


def test_default_backend_is_the_existing_analysis():
    doc = paragraph_document("Vi söker IT-konsulter.\n\nHon ska t.ex. leda teamet.", "x", "text/plain", "txt")
    via_hook = analyze(doc, Config())
    direct = analyze_default(doc, Config())
    assert via_hook.tokens == direct.tokens
    assert via_hook.sentences == direct.sentences and via_hook.words == direct.words
    assert via_hook.backend == "default" and via_hook.capabilities == frozenset({"lemmas"})
    assert via_hook.entities == []
    assert all(t.pos is None and t.ent is None and t.tagged_lemma is None for t in via_hook.tokens)
    # Lemmas still come from simplemma on demand.
    assert [t.lemma for t in via_hook.tokens if t.lower == "konsulter"] == []  # one token: it-konsulter
    assert get_backend("default").capabilities == frozenset({"lemmas"})


def test_default_scan_imports_neither_spacy_nor_stanza():
    code = (
        "import sys, normcheck; normcheck.scan_text('Den sökande ska ha körkort. Han ska vara driven.', lang='sv');"
        "print(sorted(m for m in ('spacy', 'stanza', 'torch', 'thinc') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
        env={**os.environ, "NORMCHECK_DISABLE_ENTRY_POINTS": "1"},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_unknown_backend_is_one_error(tmp_path):
    ad = tmp_path / "ad.txt"
    ad.write_text(GENERIC_TEXT, encoding="utf-8")
    result = run_cli("scan", str(ad), "--backend", "nosuch")
    assert result.returncode == 2
    assert result.stderr.strip() == "normcheck: error: backend: unknown backend 'nosuch'; choose from default, spacy, stanza"
    with pytest.raises(BackendError, match="unknown backend"):
        normcheck.scan_text(GENERIC_TEXT, lang="sv", backend="nosuch")


def test_hook_register_backends_a_plugin_replaces_a_builtin(pm):
    """A backend registered later under a built-in's name wins; its POS tags reach the checks."""
    from normcheck.backends import annotate, get_backends

    class TagEverything:
        name = "spacy"
        description = "replaces the built-in spacy backend"
        capabilities = frozenset({"lemmas", "pos"})

        def load(self, config):
            return None

        def analyze(self, document, config, *, lang=None):
            base = analyze_default(document, config, lang=lang)
            tagged = [Tagged(t.start, t.end, t.text, None, "PROPN" if t.lower == "hans" else "X") for t in base.tokens]
            return annotate(base, Annotations(tokens=tagged, capabilities={"pos"}), self.name)

        def status(self, config):
            from normcheck.backends import BackendStatus

            return BackendStatus(self.name, True)

    class Plugin:
        @normcheck.hookimpl
        def register_backends(self):
            return [TagEverything()]

    pm.register(Plugin(), name="replacing-spacy")
    assert isinstance(get_backends()["spacy"], TagEverything)
    report = normcheck.scan_text(PROPN_TEXT, lang="sv", backend="spacy")
    assert pronoun_findings(report) == []
    assert pronoun_findings(normcheck.scan_text(PROPN_TEXT, lang="sv")) == ["Hans"]


# ---------------------------------------------------------------------------------------------
# Projection: a backend's tokens onto the default tokens


def test_projection_same_span_split_word_and_wider_token():
    text = "Våra IT-konsulter reser t.ex. till Kiruna."
    doc = paragraph_document(text, "x", "text/plain", "txt")
    base = analyze_default(doc, None, lang="sv")
    at = text.index
    ann = Annotations(
        tokens=[
            Tagged(0, 4, "Våra", "vår", "DET"),
            # A tokenizer that splits the hyphen: three tokens inside one default token.
            Tagged(at("IT"), at("IT") + 2, "IT", "IT", "PROPN"),
            Tagged(at("-k"), at("-k") + 1, "-", "-", "PUNCT"),
            Tagged(at("konsulter"), at("konsulter") + 9, "konsulter", "konsult", "NOUN"),
            Tagged(at("reser"), at("reser") + 5, "reser", "resa", "VERB"),
            # One backend token covering two default tokens ("t", "ex").
            Tagged(at("t.ex."), at("t.ex.") + 5, "t.ex.", "t.ex.", "ADV"),
            Tagged(at("Kiruna"), at("Kiruna") + 6, "Kiruna", "Kiruna", "PROPN"),
        ],
        entities=[(at("Kiruna"), at("Kiruna") + 6, "LOC")],
    )
    tokens = {t.text: t for t in project(base.tokens, ann)}
    assert (tokens["Våra"].pos, tokens["Våra"].lemma) == ("DET", "vår")
    assert (tokens["IT-konsulter"].pos, tokens["IT-konsulter"].lemma) == ("NOUN", "it-konsult")
    assert tokens["t"].pos == tokens["ex"].pos == "ADV"
    assert tokens["t"].tagged_lemma is None and tokens["ex"].lemma == tokens["ex"].lower  # fallback lemma
    assert tokens["Kiruna"].ent == "LOC" and tokens["reser"].ent is None
    assert tokens["till"].pos is None  # the backend did not tag it: unchanged
    # Offsets never move: the token grid is the default one.
    assert [(t.start, t.end) for t in project(base.tokens, ann)] == [(t.start, t.end) for t in base.tokens]


def test_long_segments_are_cut_at_sentence_ends():
    from normcheck.backends import pieces

    sentence = "Zlatan leder lagret i Umeå och planerar dagens leveranser. "
    text = sentence * 40 + "\n\n" + "ord " * 400
    doc = paragraph_document(text, "x", "text/plain", "txt")
    base = analyze_default(doc, None, lang="sv")
    spans = pieces(base, ["sv"], limit=500)["sv"]
    seg0, seg1 = doc.segments
    first = [sp for sp in spans if sp[1] <= seg0.end]
    assert first[0][0] == seg0.start and first[-1][1] == seg0.end
    assert all(b - a <= 500 for a, b in spans)
    assert all(a == b for (_, a), (b, _) in zip(first, first[1:]))  # contiguous
    assert all(text[a:].startswith("Zlatan") for a, _ in first)  # cut where a sentence starts
    second = [sp for sp in spans if sp[0] >= seg1.start]
    assert second[0][0] == seg1.start and second[-1][1] == seg1.end and len(second) > 1
    assert pieces(base, ["en"]) == {}


def test_spacy_backend_annotates_a_segment_longer_than_max_length(spacy_pipeline):
    from normcheck.backends.spacy_backend import load_pipeline

    nlp = load_pipeline(str(spacy_pipeline))
    old = nlp.max_length
    nlp.max_length = 1_000
    try:
        text = "Vi planerar dagens leveranser tillsammans. " * 60 + "Zlatan leder lagret."
        cfg = api.make_config(None, backend="spacy", spacy_model=[str(spacy_pipeline)], lang="sv")
        analysis = analyze(paragraph_document(text, "x", "text/plain", "txt"), cfg)
    finally:
        nlp.max_length = old
    start = text.index("Zlatan")
    assert analysis.entities == [(start, start + 6, "PER")]


# ---------------------------------------------------------------------------------------------
# spaCy: the adapter on Doc objects made with spaCy's API


def test_spacy_adapter_offsets_lemmas_pos_entities():
    pytest.importorskip("spacy", reason="spaCy is not installed")
    import spacy
    from spacy.tokens import Doc

    from normcheck.backends.spacy_backend import from_spacy

    vocab = spacy.blank("sv").vocab
    words = ["Anna", "Holm", "leder", "Norrpapper", "AB", "."]
    doc = Doc(
        vocab,
        words=words,
        spaces=[True, True, True, True, False, False],
        pos=["PROPN", "PROPN", "VERB", "PROPN", "PROPN", "PUNCT"],
        lemmas=["Anna", "Holm", "leda", "Norrpapper", "AB", "."],
        ents=["B-PERSON", "I-PERSON", "O", "B-ORG", "I-ORG", "O"],
    )
    base = 40  # the segment starts at offset 40 of the document
    ann = from_spacy(doc, base)
    assert [(t.start, t.end, t.text) for t in ann.tokens] == [
        (40, 44, "Anna"), (45, 49, "Holm"), (50, 55, "leder"), (56, 66, "Norrpapper"), (67, 69, "AB"), (69, 70, "."),
    ]
    assert [t.lemma for t in ann.tokens][:3] == ["Anna", "Holm", "leda"]
    assert [t.pos for t in ann.tokens][:3] == ["PROPN", "PROPN", "VERB"]
    assert ann.entities == [(40, 49, "PERSON"), (56, 69, "ORG")]
    assert ann.capabilities == {"pos", "lemmas", "ner"}

    # Into a real document: the segment text placed after a heading.
    text = "Ledning\n\n" + doc.text
    document = paragraph_document(text, "x", "text/plain", "txt")
    seg = document.segments[1]
    analysis = analyze_default(document, None, lang="sv")
    tokens = project(analysis.tokens, from_spacy(doc, seg.start))
    anna = next(t for t in tokens if t.text == "Anna")
    assert text[anna.start : anna.end] == "Anna" and anna.ent == "PERSON" and anna.pos == "PROPN"
    assert next(t for t in tokens if t.text == "leder").lemma == "leda"


def test_spacy_doc_without_annotations_adds_nothing():
    pytest.importorskip("spacy", reason="spaCy is not installed")
    import spacy

    from normcheck.backends.spacy_backend import from_spacy

    ann = from_spacy(spacy.blank("sv")("Hon leder teamet."), 0)
    assert ann.capabilities == set() and ann.entities == []
    assert all(t.pos is None and t.lemma is None for t in ann.tokens)


# ---------------------------------------------------------------------------------------------
# spaCy: a saved pipeline loaded by path through the backend


def test_spacy_backend_loads_a_pipeline_by_path(spacy_pipeline):
    text = "Zlatan leder våra konsulter på Norrpapper AB.\n\nHan svarar på frågor."
    doc = paragraph_document(text, "x", "text/plain", "txt")
    cfg = api.make_config(None, backend="spacy", spacy_model=[str(spacy_pipeline)])
    analysis = analyze(doc, cfg)
    assert analysis.backend == "spacy"
    assert analysis.capabilities == frozenset({"lemmas", "pos", "ner"})
    assert analysis.entities == [(0, 6, "PER"), (text.index("Norrpapper"), text.index("AB") + 2, "ORG")]
    by_text = {t.text: t for t in analysis.tokens}
    assert by_text["Zlatan"].ent == "PER"
    assert (by_text["konsulter"].pos, by_text["konsulter"].lemma) == ("NOUN", "konsult")
    assert by_text["Han"].pos == "PRON" and by_text["Han"].ent is None
    # Same tokens, sentences and word count as the default analysis.
    default = analyze_default(doc, cfg)
    assert [(t.start, t.end) for t in analysis.tokens] == [(t.start, t.end) for t in default.tokens]
    assert analysis.sentences == default.sentences and analysis.words == default.words


def test_spacy_pipeline_for_another_language_leaves_tokens_untagged(spacy_pipeline):
    cfg = api.make_config(None, backend="spacy", spacy_model=[str(spacy_pipeline)])
    doc = paragraph_document("She leads the team in London.", "x", "text/plain", "txt")
    analysis = analyze(doc, cfg)
    assert analysis.language == "en"
    assert all(t.pos is None for t in analysis.tokens)
    assert analysis.capabilities == frozenset({"lemmas"})


@pytest.mark.parametrize(
    ("text", "without_backend", "with_backend"),
    [
        # NER: a person the first-name list does not know.
        (NER_TEXT, ["Han"], []),
        # POS PROPN: "Hans" opening a sentence is the name.
        (PROPN_TEXT, ["Hans"], []),
        # POS PRON: "Hans" in a title-case heading is the pronoun, not "Hans Uppgifter".
        (PRON_TEXT, [], ["Hans"]),
        # Nothing to tell apart: flagged either way.
        (GENERIC_TEXT, ["Han"], ["Han"]),
    ],
)
def test_pronoun_referents_with_and_without_pos_ner(spacy_pipeline, text, without_backend, with_backend):
    plain = normcheck.scan_text(text, lang="sv")
    tagged = normcheck.scan_text(text, lang="sv", backend="spacy", spacy_model=[str(spacy_pipeline)])
    assert pronoun_findings(plain) == without_backend
    assert pronoun_findings(tagged) == with_backend


def test_scan_cli_with_spacy_backend_and_config(spacy_pipeline, tmp_path):
    ad = tmp_path / "ad.txt"
    ad.write_text(NER_TEXT + "\n", encoding="utf-8")
    plain = run_cli("scan", str(ad), "-f", "json", "--fail-on", "never")
    tagged = run_cli("scan", str(ad), "-f", "json", "--fail-on", "never", "--backend", "spacy", "--spacy-model", str(spacy_pipeline))
    assert plain.returncode == 0 and tagged.returncode == 0, tagged.stderr
    assert [f["text"] for f in json.loads(plain.stdout)["documents"][0]["findings"] if f["category"] == "generic-pronoun"] == ["Han"]
    assert [f["text"] for f in json.loads(tagged.stdout)["documents"][0]["findings"] if f["category"] == "generic-pronoun"] == []
    # The same selection from a configuration file, the model path relative to the file.
    project_dir = tmp_path / "proj"
    project_dir.mkdir()
    (project_dir / "pipelines").symlink_to(spacy_pipeline.parent)
    (project_dir / ".normcheck.toml").write_text(
        f'backend = "spacy"\nspacy-model = "pipelines/{spacy_pipeline.name}"\nfail-on = "never"\n', encoding="utf-8"
    )
    (project_dir / "ad.txt").write_text(NER_TEXT + "\n", encoding="utf-8")
    configured = run_cli("scan", "ad.txt", "-f", "json", cwd=project_dir)
    assert configured.returncode == 0, configured.stderr
    assert [f["text"] for f in json.loads(configured.stdout)["documents"][0]["findings"] if f["category"] == "generic-pronoun"] == []


def test_spacy_missing_model_is_one_clear_error(tmp_path):
    ad = tmp_path / "ad.txt"
    ad.write_text(GENERIC_TEXT, encoding="utf-8")
    by_name = run_cli("scan", str(ad), "--backend", "spacy", "--spacy-model", "sv_core_news_sm")
    assert by_name.returncode == 2
    lines = by_name.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in by_name.stderr
    if "needs spaCy" not in lines[0]:
        assert "'sv_core_news_sm' is not installed" in lines[0]
        assert "-m spacy download sv_core_news_sm" in lines[0]
    by_path = run_cli("scan", str(ad), "--backend", "spacy", "--spacy-model", str(tmp_path / "nothing-here"))
    assert by_path.returncode == 2 and len(by_path.stderr.strip().splitlines()) == 1
    assert str(tmp_path / "nothing-here") in by_path.stderr
    none_given = run_cli("scan", str(ad), "--backend", "spacy")
    assert none_given.returncode == 2 and "give --spacy-model" in none_given.stderr


def test_spacy_backend_skips_the_parser_and_senter(tmp_path):
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed")
    from normcheck.backends.spacy_backend import load_pipeline

    nlp = spacy.blank("sv")
    nlp.add_pipe("senter")
    ruler = nlp.add_pipe("attribute_ruler")
    nlp.initialize()  # (clears the ruler: patterns go in afterwards)
    ruler.add([[{"LOWER": "hon"}]], {"POS": "PRON"})
    nlp.to_disk(tmp_path / "with-senter")
    loaded = load_pipeline(str(tmp_path / "with-senter"))
    assert loaded.pipe_names == ["attribute_ruler"]
    assert [t.pos_ for t in loaded("hon")] == ["PRON"]


def test_spacy_broken_pipeline_directory_is_one_error(tmp_path):
    pytest.importorskip("spacy", reason="spaCy is not installed")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.cfg").write_text("[nlp]\nlang = \"sv\"\npipeline = [\"nosuchfactory\"]\n", encoding="utf-8")
    with pytest.raises(BackendError, match="could not be loaded") as err:
        normcheck.scan_text(GENERIC_TEXT, lang="sv", backend="spacy", spacy_model=[str(broken)])
    assert "\n" not in str(err.value)


# ---------------------------------------------------------------------------------------------
# stanza: resources directory checks (no stanza needed), the adapter, a real pipeline


def write_resources(directory: Path, lang: str = "sv", processors: dict[str, str] | None = None) -> None:
    procs = processors or {"tokenize": "talbanken", "pos": "talbanken", "lemma": "talbanken"}
    entry: dict[str, object] = {"lang_name": "Swedish", "default_processors": procs, "packages": {"default": dict(procs)}}
    for proc, package in procs.items():
        entry[proc] = {package: {"md5": "0" * 32}}
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "resources.json").write_text(json.dumps({lang: entry}), encoding="utf-8")


def test_stanza_resources_directory_checks(tmp_path, monkeypatch):
    from normcheck.backends.stanza_backend import StanzaBackend, resources_dir

    backend = StanzaBackend()
    monkeypatch.delenv("STANZA_RESOURCES_DIR", raising=False)
    cfg = api.make_config(None, stanza_dir=str(tmp_path / "none"))
    with pytest.raises(ModelNotFoundError, match=r"no stanza resources \(resources.json\)") as err:
        backend.available_langs(cfg)
    assert str(tmp_path / "none") in str(err.value) and "stanza.download('sv'" in str(err.value)
    # The environment variable is used when no directory is configured.
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "env"))
    assert resources_dir(Config()) == tmp_path / "env"
    # A resources.json without the forced language.
    write_resources(tmp_path / "en-only", lang="en")
    cfg = api.make_config(None, stanza_dir=str(tmp_path / "en-only"), lang="sv")
    with pytest.raises(ModelNotFoundError, match="no stanza models for sv"):
        backend.available_langs(cfg)
    # A listed language whose model files are absent: named, never downloaded.
    write_resources(tmp_path / "sv-empty")
    cfg = api.make_config(None, stanza_dir=str(tmp_path / "sv-empty"))
    directory, resources, langs = backend.available_langs(cfg)
    assert langs == ["sv"]
    from normcheck.backends.stanza_backend import default_processors, missing_files

    missing = missing_files(directory, "sv", default_processors(resources, "sv"))
    assert missing[0] == tmp_path / "sv-empty" / "sv" / "tokenize" / "talbanken.pt"


def test_stanza_not_installed_is_one_error_with_the_install_command(monkeypatch, tmp_path):
    from normcheck.backends import stanza_backend

    monkeypatch.setattr(stanza_backend, "installed", lambda: False)
    write_resources(tmp_path / "res")
    with pytest.raises(BackendError) as err:
        normcheck.scan_text(GENERIC_TEXT, lang="sv", backend="stanza", stanza_dir=str(tmp_path / "res"))
    message = str(err.value)
    assert "pip install torch==2.13.0" in message and "pip install stanza" in message
    status = stanza_backend.BACKEND.status(api.make_config(None, stanza_dir=str(tmp_path / "res")))
    assert status.installed is False and status.install[0].endswith("-m pip install torch==2.13.0")


@pytest.fixture
def stanza_mod():
    return pytest.importorskip("stanza", reason="stanza is not installed (pip install torch==2.13.0, then pip install stanza)")


def test_stanza_adapter_on_documents_built_with_its_api(stanza_mod):
    from stanza.models.common.doc import Document

    from normcheck.backends.stanza_backend import from_stanza

    text = "Zlatan Ek leder teamet. Hans kollega heter Sara."
    at = text.index

    def tok(i, word, lemma, upos, ner):
        return {"id": i, "text": word, "lemma": lemma, "upos": upos, "start_char": at(word), "end_char": at(word) + len(word), "ner": ner}

    sentences = [
        [tok(1, "Zlatan", "Zlatan", "PROPN", "B-PER"), tok(2, "Ek", "Ek", "PROPN", "E-PER"), tok(3, "leder", "leda", "VERB", "O"),
         tok(4, "teamet", "team", "NOUN", "O"), {**tok(5, ".", ".", "PUNCT", "O"), "start_char": 22, "end_char": 23}],
        [tok(1, "Hans", "han", "PRON", "O"), tok(2, "kollega", "kollega", "NOUN", "O"), tok(3, "heter", "heta", "VERB", "O"),
         tok(4, "Sara", "Sara", "PROPN", "S-PER")],
    ]
    doc = Document(sentences, text=text)
    base = 9  # after a heading "Personal\n\n" of 9 + ... characters
    full = "Personal\n" + text
    assert full[base:] == text[: len(full) - base] or True
    ann = from_stanza(doc, base)
    assert [(t.start - base, t.end - base, t.text) for t in ann.tokens][:3] == [(0, 6, "Zlatan"), (7, 9, "Ek"), (10, 15, "leder")]
    assert [(t.lemma, t.pos) for t in ann.tokens][2:4] == [("leda", "VERB"), ("team", "NOUN")]
    assert ann.entities == [(base + 0, base + 9, "PER"), (base + at("Sara"), base + at("Sara") + 4, "PER")]
    assert ann.capabilities == {"pos", "lemmas", "ner"}

    # Projected onto the default analysis of the same text placed after a heading.
    document = paragraph_document("Personal\n\n" + text, "x", "text/plain", "txt")
    seg = document.segments[1]
    tokens = project(analyze_default(document, None, lang="sv").tokens, from_stanza(doc, seg.start))
    got = {t.text: t for t in tokens}
    assert document.text[got["Ek"].start : got["Ek"].end] == "Ek" and got["Ek"].ent == "PER"
    assert (got["Hans"].pos, got["Hans"].lemma, got["Hans"].ent) == ("PRON", "han", None)
    assert got["teamet"].lemma == "team" and got["Personal"].pos is None


@pytest.fixture
def stanza_rules(stanza_mod, tmp_path):
    """A real stanza Pipeline: whitespace tokenizer, rule-based POS/lemmas and a person tagger
    registered through stanza's processor registry, and a resources directory for it."""
    from stanza.pipeline.processor import Processor, ProcessorVariant, register_processor, register_processor_variant
    from stanza.pipeline.registry import NAME_TO_PROCESSOR_CLASS, PROCESSOR_VARIANTS

    tags = {"han": ("PRON", "han"), "hans": ("PRON", "han"), "leder": ("VERB", "leda"), "zlatan": ("PROPN", "Zlatan")}

    if "nc_rules" not in PROCESSOR_VARIANTS["pos"]:

        @register_processor_variant("pos", "nc_rules")
        class RulePos(ProcessorVariant):
            def __init__(self, config):
                pass

            def process(self, doc):
                for s in doc.sentences:
                    for w in s.words:
                        w.upos = tags.get(w.text.lower().strip(".,"), ("X",))[0]
                return doc

        @register_processor_variant("lemma", "nc_rules")
        class RuleLemma(ProcessorVariant):
            def __init__(self, config):
                pass

            def process(self, doc):
                for s in doc.sentences:
                    for w in s.words:
                        w.lemma = tags.get(w.text.lower(), (None, w.text.lower()))[1]
                return doc

    if "nc_person" not in NAME_TO_PROCESSOR_CLASS:

        @register_processor("nc_person")
        class RulePerson(Processor):
            PROVIDES_DEFAULT = {"nc_person"}
            REQUIRES_DEFAULT = {"tokenize"}

            def process(self, doc):
                for s in doc.sentences:
                    for t in s.tokens:
                        t.ner = "S-PER" if t.text == "Zlatan" else "O"
                doc.build_ents()
                return doc

    resources = tmp_path / "stanza_resources"
    write_resources(resources, processors={"tokenize": "talbanken"})
    config_file = tmp_path / ".normcheck.toml"
    config_file.write_text(
        'backend = "stanza"\nstanza-dir = "stanza_resources"\n\n[stanza]\ntokenize_pretokenized = true\n'
        '[stanza.processors]\ntokenize = "talbanken"\npos = "nc_rules"\nlemma = "nc_rules"\nnc_person = "rules"\n',
        encoding="utf-8",
    )
    return config_file


def test_stanza_backend_runs_a_real_pipeline(stanza_rules):
    cfg = api.make_config(stanza_rules)
    text = "Om oss\n\nZlatan leder lagret i Umeå. Han har arbetat här i tolv år."
    doc = paragraph_document(text, "x", "text/plain", "txt")
    analysis = analyze(doc, cfg)
    assert analysis.backend == "stanza"
    assert analysis.capabilities == frozenset({"lemmas", "pos", "ner"})
    start = text.index("Zlatan")
    assert analysis.entities == [(start, start + 6, "PER")]
    got = {t.text: t for t in analysis.tokens}
    assert (got["Zlatan"].ent, got["Zlatan"].pos) == ("PER", "PROPN")
    assert (got["leder"].pos, got["leder"].lemma) == ("VERB", "leda")
    assert got["Han"].pos == "PRON"
    # "Umeå." is one whitespace token in this pipeline: its POS reaches "Umeå", no lemma.
    assert got["Umeå"].pos == "X" and got["Umeå"].tagged_lemma is None
    report = normcheck.scan_text(NER_TEXT, lang="sv", config=cfg)
    assert pronoun_findings(report) == []
    assert pronoun_findings(normcheck.scan_text(NER_TEXT, lang="sv")) == ["Han"]


def test_stanza_missing_model_file_is_one_error_and_no_download(stanza_mod, tmp_path):
    res = tmp_path / "res"
    write_resources(res)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    ad = tmp_path / "ad.txt"
    ad.write_text(GENERIC_TEXT, encoding="utf-8")
    result = run_cli("scan", str(ad), "--backend", "stanza", "--stanza-dir", str(res))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(res / "sv" / "tokenize" / "talbanken.pt") in lines[0] and "stanza.download('sv'" in lines[0]
    # stanza's own loader, when the processors are named in the configuration: still one error.
    cfg_file = tmp_path / "explicit.toml"
    cfg_file.write_text(f'backend = "stanza"\nstanza-dir = "{res}"\n[stanza]\nprocessors = "tokenize,pos"\n', encoding="utf-8")
    result = run_cli("scan", str(ad), "--config", str(cfg_file))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "talbanken.pt" in lines[0] and "is missing" in lines[0]
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.name not in ("ad.txt", "explicit.toml"))
    assert after == before  # nothing was downloaded into the resources directory


def test_stanza_env_directory_is_used(stanza_mod, tmp_path):
    ad = tmp_path / "ad.txt"
    ad.write_text(GENERIC_TEXT, encoding="utf-8")
    result = run_cli("scan", str(ad), "--backend", "stanza", env={"STANZA_RESOURCES_DIR": str(tmp_path / "from-env")})
    assert result.returncode == 2
    assert str(tmp_path / "from-env") in result.stderr and "resources.json" in result.stderr


# ---------------------------------------------------------------------------------------------
# normcheck models


def test_models_command_lists_backends_and_install_commands(spacy_pipeline, tmp_path):
    from normcheck import cli as cli_mod

    cli_mod._register_plugin_commands()
    write_resources(tmp_path / "res")
    result = CliRunner().invoke(
        cli_mod.cli,
        ["models", "--json", "--spacy-model", str(spacy_pipeline), "--stanza-dir", str(tmp_path / "res")],
    )
    assert result.exit_code == 0, result.output
    found = {s["name"]: s for s in json.loads(result.output)}
    assert list(found)[0] == "default" and found["default"]["installed"] is True
    spacy_models = {m["name"]: m for m in found["spacy"]["models"]}
    configured = spacy_models[str(spacy_pipeline)]
    assert configured["found"] and configured["lang"] == "sv" and set(configured["capabilities"]) == {"pos", "ner"}
    # No English pipeline here: the exact command to get one.
    assert any(cmd.endswith("-m spacy download en_core_web_sm") for cmd in found["spacy"]["install"])
    stanza = found["stanza"]
    sv = next(m for m in stanza["models"] if m["lang"] == "sv")
    assert sv["found"] is False and "sv/tokenize/talbanken.pt" in sv["detail"]
    assert any(f"model_dir='{tmp_path / 'res'}'" in cmd for cmd in stanza["install"])
    text = CliRunner().invoke(cli_mod.cli, ["models", "--stanza-dir", str(tmp_path / "res")])
    assert text.exit_code == 0
    assert "install:" in text.output and text.output.startswith("default")
