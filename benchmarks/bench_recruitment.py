"""Recruitment module: speed and what it reads in the shared corpus.

    .venv/bin/python benchmarks/bench_recruitment.py [--limit N] [--repeat R] [--lang sv|en]

For Swedish and English ads from ../shared/corpus it reports

- words/s of a full scan with the module registered, of the same scan without it, and of the
  module's own work alone (structure, presence checks, address, advice) on already analysed ads;
- the distribution of required and merit items per ad, how many ads separate merits at all, the
  share of ads in which each presence check finds something, and the dominant form of address.

Figures go into docs/performance.md ("Recruitment module"). A measurement, not a test: no limits
are asserted, and no corpus text is printed or stored.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("NORMCHECK_DISABLE_ENTRY_POINTS", "1")

import normcheck_recruitment  # noqa: E402
from normcheck import api  # noqa: E402
from normcheck.lang import analyze  # noqa: E402
from normcheck.model import DocumentReport  # noqa: E402
from normcheck.plugins import get_plugin_manager  # noqa: E402
from normcheck.readers import paragraph_document  # noqa: E402
from normcheck_recruitment.data import CHECK_NAMES  # noqa: E402
from normcheck_recruitment.review import review  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def load(lang: str, limit: int | None) -> list[tuple[str, str]]:
    out = []
    with (CORPUS / f"{lang}.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            out.append((record["id"], record["text"]))
            if limit and len(out) >= limit:
                break
    return out


def scan_all(docs, cfg) -> tuple[float, list[DocumentReport]]:
    t0 = time.perf_counter()
    reports = [api.scan_document(d, cfg) for d in docs]
    return time.perf_counter() - t0, reports


def percentile(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="ads per language (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs; the best is reported")
    parser.add_argument("--lang", choices=["sv", "en"], action="append", help="only this language (repeatable)")
    args = parser.parse_args()

    pm = get_plugin_manager()
    cfg = api.make_config()
    results = {}
    for lang in args.lang or ("sv", "en"):
        records = load(lang, args.limit)
        docs = [paragraph_document(text, rid, "text/plain", "txt") for rid, text in records]
        # Warm up (lexicon loading, lemma caches) outside the timings.
        api.scan_document(docs[0], cfg)

        without = min(scan_all(docs, cfg)[0] for _ in range(args.repeat))
        pm.register(normcheck_recruitment, name="recruitment")
        api.clear_caches()
        api.scan_document(docs[0], cfg)
        timings = []
        reports: list[DocumentReport] = []
        for _ in range(args.repeat):
            seconds, reports = scan_all(docs, cfg)
            timings.append(seconds)
        with_module = min(timings)

        # The module's own work on already analysed ads (findings from the full scan).
        analyses = [analyze(d, cfg) for d in docs]
        own = []
        for _ in range(args.repeat):
            for a in analyses:
                a.extra.clear()
            t0 = time.perf_counter()
            for report, a in zip(reports, analyses):
                review(report, a, cfg)
            own.append(time.perf_counter() - t0)
        module_only = min(own)
        pm.unregister(normcheck_recruitment)
        api.clear_caches()

        words = sum(r.words for r in reports)
        mods = [r.modules["recruitment"] for r in reports]
        ads = [m for m in mods if m["job_ad"]]
        required = [m["required_count"] for m in ads]
        merits = [m["merit_count"] for m in ads]
        buckets = Counter(
            "0" if n == 0 else "1-3" if n <= 3 else "4-6" if n <= 6 else "7-10" if n <= 10 else "11+" for n in required
        )
        results[lang] = {
            "ads": len(records),
            "words": words,
            "read_as_job_ads": len(ads),
            "words_per_s_without_module": round(words / without),
            "words_per_s_with_module": round(words / with_module),
            "module_words_per_s": round(words / module_only),
            "module_ms_per_ad": round(1000 * module_only / len(records), 2),
            "required_mean": round(statistics.mean(required), 2) if required else 0,
            "required_median": statistics.median(required) if required else 0,
            "required_p90": percentile(required, 0.9) if required else 0,
            "required_max": max(required) if required else 0,
            "required_buckets": {k: buckets.get(k, 0) for k in ("0", "1-3", "4-6", "7-10", "11+")},
            "ads_with_merits": sum(1 for n in merits if n),
            "merit_mean": round(statistics.mean(merits), 2) if merits else 0,
            "over_limit": sum(1 for m in ads if m["required_count"] > m["max_required"]),
            "present_share": {n: round(sum(1 for m in ads if m["checks"][n]["present"]) / max(1, len(ads)), 2) for n in CHECK_NAMES},
            "dominant_address": dict(Counter(m["address"]["dominant"] for m in ads).most_common()),
            "advice_mean": round(statistics.mean(len(m["advice"]) for m in ads), 1) if ads else 0,
        }
    results["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
