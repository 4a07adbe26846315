"""Core engine speed: words/s on the shared corpus, default vs gender-decoder profile, against a
naive pure-Python prefix matcher run in the same process as a yardstick; plus cold start.

    .venv/bin/python benchmarks/bench_core.py [--limit N]

Figures go into docs/performance.md. This is a measurement, not a test: no limits asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("NORMCHECK_DISABLE_ENTRY_POINTS", "1")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def load(lang: str, limit: int | None) -> list[str]:
    texts = []
    with (CORPUS / f"{lang}.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if limit and len(texts) >= limit:
                break
    return texts


def naive_prefix(texts: list[str], stems: list[str]) -> int:
    """The yardstick: split on whitespace, test every stem against every word."""
    hits = 0
    for text in texts:
        for word in text.lower().split():
            word = word.strip(".,;:!?()\"'")
            for stem in stems:
                if word.startswith(stem):
                    hits += 1
    return hits


def timed(fn, *args):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--cold-runs", type=int, default=7)
    args = ap.parse_args()

    from normcheck import api
    from normcheck.config import Config
    from normcheck.lang import count_words
    from normcheck.readers import paragraph_document

    rows = []
    for lang in ("en", "sv"):
        texts = load(lang, args.limit)
        words = sum(count_words(t) for t in texts)
        docs = [paragraph_document(t, f"{lang}-{i}", "text/plain", "txt") for i, t in enumerate(texts)]
        default = Config()
        gd = Config(profile="gender-decoder")
        stems = [r.match for r in api.load_rules(default) if r.category == "gender-coded" and r.lang == lang]
        flat = sorted({s for group in stems for s in group})
        # warm up caches (lexicon load, language model) outside the timing
        api.scan_document(docs[0], default)
        api.scan_document(docs[0], gd)
        _, t_default = timed(lambda: [api.scan_document(d, default) for d in docs])
        _, t_gd = timed(lambda: [api.scan_document(d, gd) for d in docs])
        _, t_naive = timed(naive_prefix, texts, flat)
        rows.append((lang, len(texts), words, words / t_default, words / t_gd, words / t_naive, len(flat)))

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    example = ROOT / "examples" / "annons-sv.txt"
    cold = []
    for _ in range(args.cold_runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "normcheck", "scan", str(example), "--fail-on", "never"],
                       capture_output=True, check=True)
        cold.append(time.perf_counter() - t0)

    print("| corpus | docs | words | default words/s | gender-decoder words/s | naive prefix yardstick words/s | stems |")
    print("|---|---|---|---|---|---|---|")
    for lang, n, w, d, g, y, s in rows:
        print(f"| {lang} | {n} | {w:,} | {d:,.0f} ({d / y:.1f}× yardstick) | {g:,.0f} ({g / y:.1f}×) | {y:,.0f} | {s} |")
    print(f"\npeak RSS of the benchmark process: {rss:.0f} MB")
    print(f"cold start `normcheck scan examples/annons-sv.txt`: median {statistics.median(cold):.3f} s "
          f"(min {min(cold):.3f} s, {len(cold)} runs)")


if __name__ == "__main__":
    main()
