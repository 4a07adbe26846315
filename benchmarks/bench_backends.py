"""Language backends: speed on the same corpus passages, and pronoun-vs-name accuracy with and
without POS/NER.

    .venv/bin/python benchmarks/bench_backends.py [--limit N] [--spacy-model NAME|PATH ...] [--stanza-dir DIR]

Speed: words/s of the analysis alone and of a whole scan, per backend that can run here, on the
same passages from ../shared/corpus. No trained Swedish pipeline installs from the package
registry, so besides any pipeline given on the command line the script measures:

- ``spacy-rules``: a blank pipeline with an attribute ruler and an entity ruler (the spaCy
  tokenizer, the adapter and the projection: the floor any spaCy pipeline pays);
- ``spacy-cnn``: a pipeline built like sv_core_news_sm (one shared CNN tok2vec, width 96, that a
  tagger, a morphologizer and an ner listen to) initialised with random weights: its speed is
  that of the architecture, its output is meaningless;
- ``stanza-rules`` (when stanza is installed): a real stanza Pipeline with a whitespace tokenizer
  and rule-based processors (stanza's own overhead, no neural model).

Accuracy: a hand-labelled set written for this benchmark (not corpus text). Each pronoun-form
token is labelled *flag* (a generic pronoun: should be reported) or *ok* (refers to a named
person, or is a name). Names and pronouns carry the POS and entity labels a correct tagger
would give; the ``oracle`` backend feeds exactly these to the check, so "with POS/NER" is the
gain the referent logic gets from a tagger that is right. Any real backend given on the command
line is scored on the same set.

Figures go into docs/performance.md and docs/backends.md. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("NORMCHECK_DISABLE_ENTRY_POINTS", "1")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

# ---------------------------------------------------------------------------------------------
# The labelled set. Markup: {word/POS} or {word/POS/ENT} for names and pronouns, with /flag or
# /ok at the end of every pronoun-form token (the gold decision).

LABELLED_SV = [
    "{Zlatan/PROPN/PER} leder lagret i Umeå. {Han/PRON/ok} har arbetat här i tolv år.",
    "Den sökande ska ha B-körkort. {Han/PRON/flag} ska också kunna köra truck.",
    "{Hans/PROPN/PER/ok} leder säljteamet i Luleå och svarar på frågor om tjänsten.",
    "{Hans/PROPN/PER/ok} {Berg/PROPN/PER} svarar på frågor om tjänsten.",
    "Kandidaten ska visa att {hans/PRON/flag} erfarenhet är relevant.",
    "{Anna/PROPN/PER} {Lind/PROPN/PER} är vår driftchef och {hon/PRON/ok} har varit med sedan starten.",
    "Vår nya receptionist tar emot besökare. {Hon/PRON/flag} sköter också posten.",
    "{Ylva/PROPN/PER} är projektledare. {Hon/PRON/ok} planerar arbetet i teamet.",
    "{Jonna/PROPN/PER} {Ek/PROPN/PER} tar hand om introduktionen. {Hennes/PRON/ok} dörr står alltid öppen.",
    "{Leif/PROPN/PER} har ansvar för lagret och {han/PRON/ok} rapporterar till platschefen.",
    "Den vi söker är noggrann. {Han/PRON/flag} trivs med ordning och reda.",
    "Som lagerarbetare ska du vara noggrann. {Hans/PRON/flag} {Uppgifter/NOUN} {Och/CCONJ} {Ansvar/NOUN}",
    "{Tuva/PROPN/PER} är en av våra utvecklare. {Hon/PRON/ok} tipsar gärna om jobbet.",
    "Chefen ska vara tydlig, och {hon/PRON/flag} ska kunna fatta snabba beslut.",
    "{Ebbe/PROPN/PER} började som lärling och {han/PRON/ok} är nu arbetsledare.",
    "Vi söker en montör. {Han/PRON/flag} monterar och testar våra maskiner.",
    "{Hans/PROPN/PER/ok} har jobbat på verkstaden i tjugo år.",
    "Sjuksköterskan vi söker är empatisk och {hon/PRON/flag} tycker om att arbeta med människor.",
    "{Saga/PROPN/PER} {Nord/PROPN/PER} är HR-ansvarig. Kontakta {henne/PRON/ok} om du har frågor.",
    "{Mohammed/PROPN/PER} {Ali/PROPN/PER} leder vårt IT-team och {han/PRON/ok} söker nu en kollega.",
    "Den nya ekonomen rapporterar till CFO. {Hon/PRON/flag} ansvarar för bokslutet.",
    "Ring {Maria/PROPN/PER} om tjänsten. {Hon/PRON/ok} nås på telefon dagtid.",
    "{Per/PROPN/PER} {Holm/PROPN/PER} är VD. {Hans/PRON/ok} vision är ett hållbart bruk.",
    "Säljaren ska nå sina mål. {Honom/PRON/flag} ger vi stort eget ansvar.",
    "Vi söker en elektriker. {Han/PRON/flag} ska ha behörighet.",
    "{Noor/PROPN/PER} är vår designer och {hon/PRON/ok} har arbetat med flera kända varumärken.",
    "{Kim/PROPN/PER} är teamledare. {Hen/PRON} svarar på frågor.",
    "Vår kund {Norrpapper/PROPN/ORG} {AB/PROPN/ORG} växer. {Han/PRON/flag} som tar jobbet får stort ansvar.",
    "Med {Hans/PROPN/PER/ok} {Svensson/PROPN/PER} som handledare lär du dig yrket.",
    "{Wei/PROPN/PER} sköter kundtjänsten. Kunderna uppskattar {henne/PRON/ok}.",
    "Den sökande ska ha körkort. Vi ser gärna att {han/PRON/flag} har erfarenhet.",
    "{Oskar/PROPN/PER} leder projektet. Teamet är litet. {Han/PRON/ok} vill ha fler kollegor.",
    "{Erik/PROPN/PER} {Holm/PROPN/PER} är lagerchef och {han/PRON/ok} har arbetat här sedan 2015.",
    "{Karin/PROPN/PER} är vår ekonomichef. {Hon/PRON/ok} rekryterar nu en controller.",
    "Fråga {Johan/PROPN/PER} om schemat, {han/PRON/ok} lägger det varje vecka.",
    "{Sara/PROPN/PER} och {Lars/PROPN/PER} driver butiken. {Hon/PRON/ok} ansvarar för inköpen.",
    "{Magnus/PROPN/PER} har byggt upp avdelningen och {hans/PRON/ok} team är nu tio personer.",
    "{Elin/PROPN/PER} {Berg/PROPN/PER} tar emot din ansökan. Skicka den till {henne/PRON/ok} senast i maj.",
    "{Fredrik/PROPN/PER} är platschef. {Han/PRON/ok} har gått den långa vägen från lärling.",
    "Vi söker en chaufför till vår kund. {Han/PRON/flag} ska ha C-körkort.",
    "Den nya kocken ska vara stresstålig. {Hans/PRON/flag} arbetsdag börjar tidigt.",
    "Lärarassistenten stöttar eleverna. {Hon/PRON/flag} samarbetar nära med lärarna.",
]

LABELLED_EN = [
    "{Priya/PROPN/PERSON} leads our data team; {she/PRON/ok} joined us in 2019.",
    "The successful candidate will report to the CTO. {He/PRON/flag} will own the roadmap.",
    "{Tom/PROPN/PERSON} {Reed/PROPN/PERSON} runs the warehouse and {he/PRON/ok} is hiring.",
    "Each engineer manages {his/PRON/flag} own projects.",
    "{Okafor/PROPN/PERSON} chairs the board. {She/PRON/ok} sets the agenda.",
    "The nurse we are looking for is caring. {She/PRON/flag} enjoys working with patients.",
    "Ask {Mei/PROPN/PERSON} about the role: {she/PRON/ok} knows it best.",
    "Our new driver must hold a licence. {He/PRON/flag} will deliver across the region.",
    "{Diego/PROPN/PERSON} coordinates the volunteers and {he/PRON/ok} trains new staff.",
    "The manager should be decisive; {he/PRON/flag} must handle pressure.",
    "{Sam/PROPN/PERSON} {Hart/PROPN/PERSON} is our recruiter. Email {him/PRON/ok} with questions.",
    "The applicant must show that {her/PRON/flag} experience is relevant.",
    "{Emily/PROPN/PERSON} manages the lab and {she/PRON/ok} is looking for a technician.",
    "Talk to {James/PROPN/PERSON} {Cole/PROPN/PERSON}: {he/PRON/ok} leads onboarding.",
    "{David/PROPN/PERSON} built the platform. {His/PRON/ok} team now has six developers.",
    "Our ideal accountant is precise. {She/PRON/flag} keeps the books in order.",
]


_MARK = re.compile(r"\{([^{}]+)\}")


def parse(marked: str) -> tuple[str, list[tuple[int, int, str | None]], list[tuple[int, int, str]], dict[int, str]]:
    """Plain text, (start, end, POS) per marked token, entities (merged), gold by token start."""
    out, pos = [], 0
    text = ""
    tags: list[tuple[int, int, str | None]] = []
    ents: list[tuple[int, int, str]] = []
    gold: dict[int, str] = {}
    for m in _MARK.finditer(marked):
        text += marked[pos : m.start()]
        word, *rest = m.group(1).split("/")
        start = len(text)
        text += word
        end = len(text)
        upos = rest[0] if rest else None
        label = next((r for r in rest[1:] if r not in ("flag", "ok")), None)
        decision = next((r for r in rest if r in ("flag", "ok")), None)
        tags.append((start, end, upos))
        if label:
            if ents and ents[-1][2] == label and text[ents[-1][1] : start].strip() == "":
                ents[-1] = (ents[-1][0], end, label)
            else:
                ents.append((start, end, label))
        if decision:
            gold[start] = decision
        pos = m.end()
    text += marked[pos:]
    out.append(text)
    return text, tags, ents, gold


class OracleBackend:
    """The hand labels as a backend: what a tagger that is always right would give the check."""

    name = "oracle"
    description = "hand-labelled POS and entities (benchmark only)"
    capabilities = frozenset({"lemmas", "pos", "ner"})

    def __init__(self) -> None:
        self.labels: dict[str, tuple[list[Any], list[Any]]] = {}

    def load(self, config: Any) -> None:
        return None

    def analyze(self, document: Any, config: Any, *, lang: str | None = None) -> Any:
        from normcheck.backends import Annotations, Tagged, annotate
        from normcheck.lang import analyze_default

        base = analyze_default(document, config, lang=lang)
        tags, ents = self.labels[document.text]
        ann = Annotations(
            tokens=[Tagged(s, e, document.text[s:e], None, p) for s, e, p in tags],
            entities=list(ents),
            capabilities={"pos", "ner"},
        )
        return annotate(base, ann, self.name)

    def status(self, config: Any) -> Any:
        from normcheck.backends import BackendStatus

        return BackendStatus(self.name, True)


def group_of(text: str, start: int, decision: str, ents: list[tuple[int, int, str]]) -> str:
    """Which kind of decision a labelled token is, for the per-group figures."""
    from normcheck.checks.referents import first_names

    word = re.match(r"\w+", text[start:]).group()  # type: ignore[union-attr]
    if word.lower() == "hans" and word[0].isupper():
        return "'Hans' the pronoun" if decision == "flag" else "'Hans' the name"
    if decision == "flag":
        return "generic pronoun"
    people = [text[s:e].split()[0].lower() for s, e, label in ents if label in ("PER", "PERSON")]
    return "refers to a listed name" if any(p in first_names() for p in people) else "refers to an unlisted name"


def score(backend: str, options: dict[str, Any], oracle: OracleBackend) -> dict[str, Any]:
    import normcheck

    correct = total = false_flags = misses = 0
    wrong: list[str] = []
    groups: dict[str, list[int]] = {}
    for lang, items in (("sv", LABELLED_SV), ("en", LABELLED_EN)):
        for marked in items:
            text, tags, ents, gold = parse(marked)
            oracle.labels[text] = (tags, ents)
            report = normcheck.scan_text(text, lang=lang, backend=backend, **options)
            flagged = {f.start for f in report.findings if f.category == "generic-pronoun"}
            for start, decision in gold.items():
                total += 1
                predicted = "flag" if start in flagged else "ok"
                group = groups.setdefault(group_of(text, start, decision, ents), [0, 0])
                group[1] += 1
                if predicted == decision:
                    correct += 1
                    group[0] += 1
                else:
                    word = text[start : start + 8].split()[0]
                    wrong.append(f"{word!r} in {text[:50]!r}… (gold {decision})")
                    if predicted == "flag":
                        false_flags += 1
                    else:
                        misses += 1
    return {
        "correct": correct, "total": total, "accuracy": round(correct / total, 3),
        "false_flags": false_flags, "misses": misses, "groups": groups, "wrong": wrong,
    }


# ---------------------------------------------------------------------------------------------
# Speed


def passages(limit: int) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for lang in ("sv", "en"):
        texts = []
        with (CORPUS / f"{lang}.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                texts.append(json.loads(line)["text"])
                if len(texts) >= limit:
                    break
        out[lang] = texts
    return out


def build_spacy_pipelines(folder: Path) -> dict[str, list[str]]:
    """Rule pipelines and random-weight CNN pipelines for sv and en, saved to ``folder``."""
    import spacy

    made: dict[str, list[str]] = {"spacy-rules": [], "spacy-cnn": []}
    for lang in ("sv", "en"):
        nlp = spacy.blank(lang)
        ruler = nlp.add_pipe("attribute_ruler")
        ruler.add([[{"LOWER": {"IN": ["han", "hon", "hans", "hennes", "he", "she", "his", "her"]}}]], {"POS": "PRON"})
        nlp.add_pipe("entity_ruler").add_patterns([{"label": "PER", "pattern": [{"IS_TITLE": True}, {"IS_TITLE": True}]}])
        path = folder / f"{lang}-rules"
        nlp.to_disk(path)
        made["spacy-rules"].append(str(path))

        # As in the *_core_news_sm pipelines: one shared CNN tok2vec (width 96, depth 4) that the
        # tagger, morphologizer and ner listen to.
        listener = {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "*"}
        tagger_model = {"@architectures": "spacy.Tagger.v2", "tok2vec": listener}
        ner_model = {
            "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
            "hidden_width": 64, "maxout_pieces": 2, "use_upper": True, "tok2vec": listener,
        }
        cnn = spacy.blank(lang)
        cnn.add_pipe("tok2vec")
        tagger = cnn.add_pipe("tagger", config={"model": tagger_model})
        morph = cnn.add_pipe("morphologizer", config={"model": tagger_model})
        ner = cnn.add_pipe("ner", config={"model": ner_model})
        for tag in ("NOUN", "VERB", "ADJ", "ADV", "PRON", "PROPN", "ADP", "DET", "CCONJ", "PUNCT", "NUM", "AUX"):
            tagger.add_label(tag)
            morph.add_label(f"POS={tag}")
        for label in ("PER", "ORG", "LOC", "MISC"):
            ner.add_label(label)
        cnn.initialize()
        path = folder / f"{lang}-cnn"
        cnn.to_disk(path)
        made["spacy-cnn"].append(str(path))
    return made


def register_stanza_rules(folder: Path) -> Path | None:
    try:
        import stanza  # noqa: F401
    except ImportError:
        return None
    from stanza.pipeline.processor import ProcessorVariant, register_processor_variant
    from stanza.pipeline.registry import PROCESSOR_VARIANTS

    if "nc_bench" not in PROCESSOR_VARIANTS["pos"]:

        @register_processor_variant("pos", "nc_bench")
        class Pos(ProcessorVariant):
            def __init__(self, config: Any) -> None:
                pass

            def process(self, doc: Any) -> Any:
                for s in doc.sentences:
                    for w in s.words:
                        w.upos = "PRON" if w.text.lower() in ("han", "hon", "he", "she") else "X"
                return doc

    res = folder / "stanza_resources"
    res.mkdir()
    entry = {"lang_name": "x", "default_processors": {"tokenize": "rules"}, "packages": {"default": {"tokenize": "rules"}}}
    (res / "resources.json").write_text(json.dumps({"sv": entry, "en": entry}), encoding="utf-8")
    return res


def speed(backend: str, options: dict[str, Any], texts: dict[str, list[str]], repeat: int) -> dict[str, Any]:
    from normcheck import api
    from normcheck.backends import prepare
    from normcheck.lang import analyze
    from normcheck.readers import paragraph_document

    cfg = api.make_config(None, backend=backend, **options)
    t0 = time.perf_counter()
    prepare(cfg)
    load_s = time.perf_counter() - t0
    out: dict[str, Any] = {"load_s": round(load_s, 2)}
    for lang, items in texts.items():
        docs = [paragraph_document(t, f"{lang}{i}", "text/plain", "txt") for i, t in enumerate(items)]
        lcfg = cfg.with_options(lang=lang)
        analyze(docs[0], lcfg)  # warm (lexicon forms, lemma tables, first batch)
        api.scan_document(docs[0], lcfg)
        words = 0
        best_a = best_s = float("inf")
        # CPU time of this process (all its threads), not wall time: the machines these figures
        # come from are shared, and CPU seconds are far less disturbed by other work than wall time.
        for _ in range(repeat):
            t0 = time.process_time()
            words = sum(analyze(d, lcfg).words for d in docs)
            best_a = min(best_a, time.process_time() - t0)
            t0 = time.process_time()
            for d in docs:
                api.scan_document(d, lcfg)
            best_s = min(best_s, time.process_time() - t0)
        out[lang] = {"words": words, "analysis_wps": round(words / best_a), "scan_wps": round(words / best_s)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=100, help="passages per language")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--spacy-model", action="append", default=[], help="also measure this trained pipeline")
    ap.add_argument("--stanza-dir", help="also measure stanza with the models in this directory")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from normcheck.plugins import get_plugin_manager

    oracle = OracleBackend()

    class OraclePlugin:
        from normcheck.hookspecs import hookimpl

        @hookimpl
        def register_backends(self) -> list[Any]:
            return [oracle]

    get_plugin_manager().register(OraclePlugin(), name="bench-oracle")

    results: dict[str, Any] = {"accuracy": {}, "speed": {}}
    results["accuracy"]["default (no POS/NER)"] = score("default", {}, oracle)
    results["accuracy"]["oracle POS+NER"] = score("oracle", {}, oracle)

    texts = passages(args.limit)
    runs: list[tuple[str, str, dict[str, Any]]] = [("default", "default", {})]
    tmp = Path(tempfile.mkdtemp(prefix="nc-bench-backends-"))
    try:
        import spacy  # noqa: F401

        made = build_spacy_pipelines(tmp)
        runs.append(("spacy-rules", "spacy", {"spacy_model": made["spacy-rules"]}))
        runs.append(("spacy-cnn (random weights)", "spacy", {"spacy_model": made["spacy-cnn"]}))
    except ImportError:
        print("spaCy not installed: spaCy rows skipped", file=sys.stderr)
    stanza_res = register_stanza_rules(tmp)
    if stanza_res is not None:
        opts = {"processors": {"tokenize": "rules", "pos": "nc_bench"}, "tokenize_pretokenized": True}
        runs.append(("stanza-rules", "stanza", {"stanza_dir": str(stanza_res), "plugins": {"stanza": opts}}))
    if args.spacy_model:
        runs.append((f"spacy {','.join(args.spacy_model)}", "spacy", {"spacy_model": args.spacy_model}))
        results["accuracy"][f"spacy {','.join(args.spacy_model)}"] = score("spacy", {"spacy_model": args.spacy_model}, oracle)
    if args.stanza_dir:
        runs.append((f"stanza {args.stanza_dir}", "stanza", {"stanza_dir": args.stanza_dir}))
        results["accuracy"][f"stanza {args.stanza_dir}"] = score("stanza", {"stanza_dir": args.stanza_dir}, oracle)

    for label, backend, options in runs:
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        results["speed"][label] = speed(backend, options, texts, args.repeat)
        results["speed"][label]["max_rss_mb_after"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        results["speed"][label]["rss_growth_mb"] = round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024)

    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    print(f"passages: {args.limit} sv + {args.limit} en from {CORPUS}; words per CPU second, best of {args.repeat}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'backend':<30} {'load s':>7} {'sv analysis':>12} {'sv scan':>9} {'en analysis':>12} {'en scan':>9} {'peak RSS':>9}")
    for label, r in results["speed"].items():
        print(
            f"{label:<30} {r['load_s']:>7} {r['sv']['analysis_wps']:>12,} {r['sv']['scan_wps']:>9,}"
            f" {r['en']['analysis_wps']:>12,} {r['en']['scan_wps']:>9,} {r['max_rss_mb_after']:>7} MB"
        )
    print()
    for label, r in results["accuracy"].items():
        print(f"{label:<30} {r['correct']}/{r['total']} = {r['accuracy']:.3f}  false flags {r['false_flags']}, misses {r['misses']}")
        print("    " + "; ".join(f"{g}: {c}/{n}" for g, (c, n) in sorted(r["groups"].items())))
        for w in r["wrong"]:
            print(f"    {w}")


if __name__ == "__main__":
    main()
