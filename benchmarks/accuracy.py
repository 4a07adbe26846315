"""Precision and recall of normcheck on the annotated development set (tests/devset/{sv,en}.json).

    .venv/bin/python benchmarks/accuracy.py                     # table + false positives and misses
    .venv/bin/python benchmarks/accuracy.py --markdown docs/accuracy-table.md   # the table for docs/accuracy.md
    .venv/bin/python benchmarks/accuracy.py --lang sv --category ability --show 20
    .venv/bin/python benchmarks/accuracy.py --census     # precision over every judged finding in the corpus

The dev set holds corpus ids and character offsets, never ad text: each passage is a stretch of
one ad in ../shared/corpus/<lang>.jsonl, with a sha1 of its text so that a changed corpus is
noticed. Each ad is scanned whole, as a user would scan it (default configuration, language
detected per paragraph, built-in plugins only), and only findings inside an annotated passage
are scored. A prediction matches an expectation when the category is the same (and, for
gender-coded, the coding) and the spans overlap; each side is used at most once. A further
finding inside an expectation that is already matched (one annotated phrase found as two words)
is counted apart, not as a false positive.

The numbers are reported, not asserted: see docs/accuracy.md for how the set was built and what
it can and cannot tell.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("NORMCHECK_DISABLE_ENTRY_POINTS", "1")

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "devset"
CORPUS = ROOT.parent / "shared" / "corpus"

NORM = ("age", "origin", "religion", "ability", "identity", "family", "culture")
CATEGORIES = ("gender-coded", "gendered-term", "generic-pronoun", *NORM)
TARGETS = {"precision": 0.95, "recall": 0.90, "gender-coded recall": 0.95}


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    not_flag_hits: int = 0
    not_flag_total: int = 0
    compound_expected: int = 0
    compound_found: int = 0
    split: int = 0  # extra findings inside an already matched expected span (not counted as FP)
    fps: list[tuple[str, int, int, str]] = field(default_factory=list)
    misses: list[tuple[str, int, int, str]] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.not_flag_hits += other.not_flag_hits
        self.not_flag_total += other.not_flag_total
        self.compound_expected += other.compound_expected
        self.compound_found += other.compound_found
        self.split += other.split


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_devset(lang: str, path: Path | None = None) -> dict:
    path = path or DEVSET / f"{lang}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def load_ads(lang: str, ids: set[str], corpus: Path = CORPUS) -> dict[str, str]:
    ads: dict[str, str] = {}
    with (corpus / f"{lang}.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in ids:
                ads[rec["id"]] = rec["text"]
    return ads


def check_devset(data: dict, ads: dict[str, str] | None) -> list[str]:
    """Integrity problems of one dev-set file (empty list: none). ``ads`` None skips the corpus checks."""
    problems: list[str] = []
    seen: set[tuple[str, int, int]] = set()
    for i, p in enumerate(data.get("passages", [])):
        where = f"passage {i} ({p.get('id')})"
        start, end = p.get("start"), p.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end:
            problems.append(f"{where}: bad passage offsets")
            continue
        key = (p["id"], start, end)
        if key in seen:
            problems.append(f"{where}: listed twice")
        seen.add(key)
        if ads is not None:
            text = ads.get(p["id"])
            if text is None:
                problems.append(f"{where}: id not in the corpus")
                continue
            if end > len(text):
                problems.append(f"{where}: passage ends after the ad")
                continue
            if sha1(text[start:end]) != p.get("sha1"):
                problems.append(f"{where}: sha1 differs (the corpus changed)")
        spans: set[tuple[object, object]] = set()
        for kind in ("expected", "not_flag"):
            for e in p.get(kind, []):
                s, t = e.get("start"), e.get("end")
                if (s, t) in spans:
                    problems.append(f"{where}: span {s}-{t} annotated twice")
                spans.add((s, t))
                if not isinstance(s, int) or not isinstance(t, int) or not start <= s < t <= end:
                    problems.append(f"{where}: {kind} span {s}-{t} outside the passage")
                cat = e.get("category")
                if kind == "expected" and cat not in CATEGORIES:
                    problems.append(f"{where}: unknown category {cat!r}")
                if kind == "not_flag" and cat is not None and cat not in CATEGORIES:
                    problems.append(f"{where}: unknown not_flag category {cat!r}")
                if kind == "expected" and (cat == "gender-coded") != (e.get("coding") in ("masculine", "feminine")):
                    problems.append(f"{where}: coding must be given exactly for gender-coded")
    return problems


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _is_compound_part(text: str, start: int, end: int) -> bool:
    """The span is a strict part of a word (resultat|driven, ledarskap|serfarenhet)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or after.isalnum()


def evaluate(lang: str, data: dict, ads: dict[str, str], config=None) -> tuple[dict[str, Tally], dict]:  # type: ignore[no-untyped-def]
    from normcheck.api import scan_document
    from normcheck.config import Config
    from normcheck.readers import paragraph_document

    config = config or Config()
    by_ad: dict[str, list[dict]] = defaultdict(list)
    for p in data["passages"]:
        by_ad[p["id"]].append(p)
    tallies: dict[str, Tally] = {c: Tally() for c in CATEGORIES}
    words = 0
    skipped = 0
    t0 = time.perf_counter()
    for ad_id, plist in by_ad.items():
        text = ads.get(ad_id)
        if text is None:
            skipped += len(plist)
            continue
        report = scan_document(paragraph_document(text, ad_id, "text/plain", "txt"), config)
        words += report.words
        for p in plist:
            a, b = p["start"], p["end"]
            if sha1(text[a:b]) != p["sha1"]:
                skipped += 1
                continue
            preds = [f for f in report.findings if f.category in CATEGORIES and _overlap(f.start, f.end, a, b)]
            for cat in CATEGORIES:
                tally = tallies[cat]
                exp = [e for e in p["expected"] if e["category"] == cat]
                got = [f for f in preds if f.category == cat]
                used: set[int] = set()
                for e in exp:
                    compound = cat == "gender-coded" and _is_compound_part(text, e["start"], e["end"])
                    tally.compound_expected += compound
                    hit = None
                    for j, f in enumerate(got):
                        if j in used or not _overlap(f.start, f.end, e["start"], e["end"]):
                            continue
                        if cat == "gender-coded" and f.coding != e.get("coding"):
                            continue
                        hit = j
                        break
                    if hit is None:
                        tally.fn += 1
                        tally.misses.append((ad_id, e["start"], e["end"], e.get("note", "")))
                    else:
                        used.add(hit)
                        tally.tp += 1
                        tally.compound_found += compound
                for j, f in enumerate(got):
                    if j in used:
                        continue
                    if any(_overlap(f.start, f.end, e["start"], e["end"]) for e in exp):
                        # A second finding inside one annotated span ("biljardrunda eller
                        # LAN-kväll" found as two words) is not wrong, just finer-grained.
                        tally.split += 1
                        continue
                    tally.fp += 1
                    tally.fps.append((ad_id, f.start, f.end, f.rule))
                for nf in p.get("not_flag", []):
                    if nf.get("category") not in (None, cat):
                        continue
                    if nf.get("category") == cat:
                        tally.not_flag_total += 1
                    if any(_overlap(f.start, f.end, nf["start"], nf["end"]) for f in got):
                        tally.not_flag_hits += 1
    elapsed = time.perf_counter() - t0
    meta = {"passages": len(data["passages"]), "ads": len(by_ad), "skipped": skipped, "words": words, "seconds": elapsed}
    return tallies, meta


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _status(cat: str, t: Tally) -> str:
    n = t.tp + t.fn
    if cat == "gender-coded":
        ok = t.recall is not None and t.recall >= TARGETS["gender-coded recall"]
        return "meets" if ok else "below"
    if n == 0 and t.fp == 0:
        return "no cases"
    p_ok = t.precision is None or t.precision >= TARGETS["precision"]
    r_ok = t.recall is None or t.recall >= TARGETS["recall"]
    small = " (n<10)" if n < 10 else ""
    return ("meets" if p_ok and r_ok else "below") + small


def rows_for(lang: str, tallies: dict[str, Tally]) -> list[list[str]]:
    rows = []
    norm = Tally()
    for cat in CATEGORIES:
        t = tallies[cat]
        if cat in NORM:
            norm.add(t)
        rows.append(_row(lang, cat, t))
    rows.append(_row(lang, "norm (all seven)", norm))
    return rows


def _row(lang: str, cat: str, t: Tally) -> list[str]:
    nf = f"{t.not_flag_hits}/{t.not_flag_total}" if t.not_flag_total else "–"
    comp = f"{t.compound_found}/{t.compound_expected}" if cat == "gender-coded" else ""
    return [
        lang,
        cat,
        str(t.tp + t.fn),
        str(t.tp),
        str(t.fp),
        str(t.fn),
        _fmt(t.precision),
        _fmt(t.recall),
        comp,
        nf,
        _status(cat if cat in CATEGORIES else "norm", t),
    ]


HEADER = ["lang", "category", "expected", "TP", "FP", "FN", "precision", "recall", "compound parts found", "flagged 'do not flag' spans", "target"]


def markdown_table(rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out) + "\n"


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADER)]
    line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths))  # noqa: E731
    return "\n".join([line(HEADER), line(["-" * w for w in widths]), *(line(r) for r in rows)]) + "\n"


def census(path: Path, corpus: Path, langs: list[str]) -> tuple[list[list[str]], list[tuple[str, str, int, int, str]]]:
    """Scan the whole corpus and score the findings against the census verdicts (tests/devset/census.json).

    Returns the table rows (per language and category: judged findings still produced, correct,
    precision) and the findings no verdict covers (to be judged and added).
    """
    from normcheck.api import scan_document
    from normcheck.config import Config
    from normcheck.readers import paragraph_document

    data = json.loads(path.read_text(encoding="utf-8"))
    verdicts = {(v["id"], v["start"], v["end"], v["rule"]): v["correct"] for v in data["findings"]}
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    unjudged: list[tuple[str, str, int, int, str]] = []
    config = Config()
    for lang in langs:
        with (corpus / f"{lang}.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                report = scan_document(paragraph_document(rec["text"], rec["id"], "text/plain", "txt"), config)
                for f in report.findings:
                    if f.category not in CATEGORIES or f.category == "gender-coded":
                        continue
                    verdict = verdicts.get((rec["id"], f.start, f.end, f.rule))
                    if verdict is None:
                        unjudged.append((lang, rec["id"], f.start, f.end, f.rule))
                        continue
                    group = "norm (all seven)" if f.category in NORM else f.category
                    for key in {(lang, f.category), (lang, group)}:
                        counts[key][0 if verdict else 1] += 1
    rows = []
    for (lang, cat), (ok, bad) in sorted(counts.items()):
        rows.append([lang, cat, str(ok + bad), str(ok), str(bad), _fmt(ok / (ok + bad))])
    return rows, unjudged


CENSUS_HEADER = ["lang", "category", "judged findings", "correct", "wrong", "precision"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=("sv", "en"), action="append", help="default: both")
    ap.add_argument("--category", action="append", help="list false positives and misses only for these")
    ap.add_argument("--show", type=int, default=15, help="false positives and misses listed per category (0: none)")
    ap.add_argument("--markdown", metavar="PATH", help="write the table (no ad text) as Markdown")
    ap.add_argument("--devset", type=Path, default=DEVSET, help="directory with sv.json and en.json")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--census", nargs="?", const=DEVSET / "census.json", type=Path, metavar="PATH",
                    help="score every finding in the corpus against the judged census instead")
    args = ap.parse_args(argv)
    langs = args.lang or ["sv", "en"]
    if args.census:
        rows, unjudged = census(args.census, args.corpus, langs)
        table = ["| " + " | ".join(CENSUS_HEADER) + " |", "|" + "---|" * len(CENSUS_HEADER)]
        table += ["| " + " | ".join(r) + " |" for r in rows]
        print("\n".join(table))
        print(f"\n{len(unjudged)} findings without a verdict (new since the census):")
        for item in unjudged[: args.show or len(unjudged)]:
            print("  ", *item)
        if args.markdown:
            Path(args.markdown).write_text("\n".join(table) + "\n", encoding="utf-8")
        return 0
    all_rows: list[list[str]] = []
    metas = {}
    for lang in langs:
        data = load_devset(lang, args.devset / f"{lang}.json")
        corpus_file = args.corpus / f"{lang}.jsonl"
        if not corpus_file.exists():
            print(f"{lang}: corpus not found at {corpus_file}; cannot score", file=sys.stderr)
            return 2
        ads = load_ads(lang, {p["id"] for p in data["passages"]}, args.corpus)
        problems = check_devset(data, ads)
        for prob in problems:
            print(f"{lang}: {prob}", file=sys.stderr)
        tallies, meta = evaluate(lang, data, ads)
        metas[lang] = meta
        all_rows += rows_for(lang, tallies)
        if args.show:
            for cat in CATEGORIES:
                if args.category and cat not in args.category:
                    continue
                t = tallies[cat]
                for title, items in (("false positives", t.fps), ("misses", t.misses)):
                    if not items:
                        continue
                    print(f"\n{lang} {cat} {title} ({len(items)}):")
                    for ad_id, s, e, info in items[: args.show]:
                        text = ads[ad_id]
                        ctx = text[max(0, s - 40) : s] + "[" + text[s:e] + "]" + text[e : e + 40]
                        print(f"  {ad_id} {s}-{e} {info}: {ctx!r}")
    print()
    print(text_table(all_rows))
    for lang, meta in metas.items():
        print(
            f"{lang}: {meta['passages']} passages from {meta['ads']} ads, {meta['words']:,} words scanned "
            f"in {meta['seconds']:.1f} s; {meta['skipped']} passages skipped (corpus drift)"
        )
    if args.markdown:
        Path(args.markdown).write_text(markdown_table(all_rows), encoding="utf-8")
        print(f"table written to {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
