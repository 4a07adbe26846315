"""The communication module's cost: words/s of its parts and what it adds to a scan.

    .venv/bin/python benchmarks/bench_communication.py [--limit N] [--runs R]

Inputs: every ad in ../shared/corpus (sv.jsonl, en.jsonl; read, never copied) and, because job
ads name few people, a name-heavy set built from this script's own press-release passages
(repeated with varied names). Measured, one core:

- ``summarize`` (``modules.communication``) alone, on analyses made beforehand;
- the gender-marking check alone;
- a whole ``scan_document`` without and with the plugin registered, interleaved (the module's
  added cost), and the module's own time (summarize + check) relative to the scan without it;
- ``aggregate`` over all the corpus reports, and the JSON size of its result;
- peak Python memory (tracemalloc) of ``summarize`` over the corpus, and the process RSS.

Also prints what the module found in the corpus (people, quotes, pairs, marking) for a look at
its precision. Figures go into docs/performance.md ("## Communication module"). A measurement,
not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

os.environ.setdefault("NORMCHECK_DISABLE_ENTRY_POINTS", "1")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

PRESS_SV = """Pressmeddelande

{org} bygger ny fabrik i {town}

{org} investerar i en ny fabrik. Bygget börjar i höst och fabriken ska vara i drift om två år.

– Det här är den största investeringen i bolagets historia, säger {m1} {s1}, vd för {org}.

Fabriken ritas av arkitekten {m2} {s2}. ”Vi har ritat en fabrik där dagsljuset når varje arbetsplats”, säger {m2} {s2}.

Enligt produktionschefen {w1} {s3} behövs 120 nya medarbetare. {s3} berättar att rekryteringen börjar i vår. Hon har lett arbetet med miljötillståndet.

Vi söker en kvinnlig ingenjör och en manlig sjuksköterska. Män och kvinnor välkomnas att söka.
"""

PRESS_EN = """{org} opens a new lab in {town}

"This lab will bring fifty engineering jobs to the region," said Dr {w1} {s1}, the company's chief technology officer. {s1} has led the project since 2021.

{m1} {s2}, head of operations, explains that the lab will run on renewable power. "We want applications from women and men alike," he said.

The opening was attended by the mayor, Mr {m2} {s3}. The lab has hired a female engineer and a male nurse. Men and women, ladies and gentlemen: welcome!
"""

WOMEN = ["Anna", "Sara", "Maria", "Elin", "Karin", "Sofia", "Fatima", "Emma", "Lena", "Ida"]
MEN = ["Johan", "Erik", "Lars", "Anders", "Magnus", "Ali", "Peter", "Oskar", "Karl", "Nils"]
SURNAMES = ["Berg", "Lind", "Holm", "Nyberg", "Ek", "Strand", "Ahmadi", "Lindqvist", "Sjöberg", "Dahl"]
TOWNS = ["Sundsvall", "Umeå", "Leeds", "Örebro", "York", "Växjö"]


def press_texts(n: int) -> list[str]:
    out = []
    for i in range(n):
        template = PRESS_SV if i % 2 == 0 else PRESS_EN
        out.append(
            template.format(
                org=f"Bolag{i}",
                town=TOWNS[i % len(TOWNS)],
                w1=WOMEN[i % 10],
                m1=MEN[i % 10],
                m2=MEN[(i + 3) % 10],
                s1=SURNAMES[i % 10],
                s2=SURNAMES[(i + 1) % 10],
                s3=SURNAMES[(i + 2) % 10],
            )
        )
    return out


def corpus_texts(limit: int | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for lang in ("sv", "en"):
        path = CORPUS / f"{lang}.jsonl"
        if not path.exists():
            sys.exit(f"bench_communication: {path} not found")
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if rec.get("text"):
                    out.append((str(rec.get("id")), rec["text"]))
    return out[:limit] if limit else out


def timed(fn, runs: int) -> float:
    """The fastest of ``runs`` runs: on a shared machine the minimum is the least disturbed one."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="Only the first N corpus ads.")
    parser.add_argument("--runs", type=int, default=3, help="Runs per measurement (the fastest is reported).")
    parser.add_argument("--press", type=int, default=400, help="Name-heavy press releases to build.")
    args = parser.parse_args()

    from normcheck import api
    from normcheck.lang import analyze
    from normcheck.plugins import get_plugin_manager
    from normcheck.readers import paragraph_document

    import normcheck_communication
    from normcheck_communication import aggregate, summarize
    from normcheck_communication.data import lang_data, marking_data, names
    from normcheck_communication.marking import GenderMarkingCheck

    t0 = time.perf_counter()
    names(), lang_data("sv"), lang_data("en"), marking_data("sv"), marking_data("en")
    load_ms = (time.perf_counter() - t0) * 1000

    config = api.make_config(None)
    sets = {
        "corpus (job ads)": [paragraph_document(text, doc_id, "text/plain", "txt") for doc_id, text in corpus_texts(args.limit)],
        "press releases (own, name-heavy)": [
            paragraph_document(text, f"press-{i}", "text/plain", "txt") for i, text in enumerate(press_texts(args.press))
        ],
    }
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; data lists loaded in {load_ms:.0f} ms\n")
    rows = []
    corpus_reports = []
    for label, docs in sets.items():
        analyses = [analyze(d, config) for d in docs]
        words = sum(a.words for a in analyses)
        t_sum = timed(lambda: [summarize(a) for a in analyses], args.runs)
        check = GenderMarkingCheck()
        t_mark = timed(lambda: [list(check.run(a, (), config)) for a in analyses], args.runs)
        pm = get_plugin_manager()
        # Without and with the plugin, interleaved so that both see the same machine load.
        t_without = t_with = float("inf")
        for _ in range(args.runs):
            t_without = min(t_without, timed(lambda: [api.scan_document(d, config) for d in docs], 1))
            pm.register(normcheck_communication, name="communication")
            try:
                t_with = min(t_with, timed(lambda: [api.scan_document(d, config) for d in docs], 1))
            finally:
                pm.unregister(normcheck_communication)
        pm.register(normcheck_communication, name="communication")
        try:
            reports = [api.scan_document(d, config) for d in docs]
        finally:
            pm.unregister(normcheck_communication)
        if label.startswith("corpus"):
            corpus_reports = reports
        rows.append((label, len(docs), words, t_sum, t_mark, t_without, t_with))

    print("| input | documents | words | summarize | marking check | scan without module | scan with module | added (measured) | added (module's own time) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, n, words, t_sum, t_mark, t_without, t_with in rows:
        added = (t_with - t_without) / t_without * 100
        own = (t_sum + t_mark) / t_without * 100
        print(
            f"| {label} | {n:,} | {words:,} | {words / t_sum:,.0f} words/s | {words / t_mark:,.0f} words/s | "
            f"{words / t_without:,.0f} words/s | {words / t_with:,.0f} words/s | {added:+.0f} % | +{own:.0f} % |"
        )

    t_agg = timed(lambda: aggregate(corpus_reports), args.runs)
    site = aggregate(corpus_reports)
    size = len(json.dumps(site, ensure_ascii=False))
    print(f"\naggregate over {len(corpus_reports):,} corpus reports: {t_agg * 1000:.0f} ms, JSON {size / 1024:.0f} KiB")

    analyses = [analyze(d, config) for d in sets["corpus (job ads)"]]
    tracemalloc.start()
    for a in analyses:
        summarize(a)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"summarize over the corpus: tracemalloc peak {peak / 1024:.0f} KiB (per document, freed after); process max RSS {rss:.0f} MB")

    found = Counter()
    people = Counter()
    for r in corpus_reports:
        c = r.modules["communication"]
        for kind, by in c["counts"].items():
            for g, v in by.items():
                found[f"{kind}.{g}"] += v
        found["quotes"] += c["quotes"]["total"]
        found["quotes.attributed"] += c["quotes"]["attributed"]
        found["pairs"] += c["order"]["woman_first"] + c["order"]["man_first"]
        found["marking"] += c["marking"]["woman"] + c["marking"]["man"]
        for p in c["persons"]:
            people[(p["name"], p["gender"], p["basis"])] += 1
    print("\nfound in the corpus:", dict(sorted(found.items())))
    print(f"site headline: {site['headline']}")
    print("most frequent people (check by eye):")
    for (name, gender, basis), n in people.most_common(25):
        print(f"  {n:>4}  {name} ({gender}, {basis})")


if __name__ == "__main__":
    main()
