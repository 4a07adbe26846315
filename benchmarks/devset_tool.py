"""Helper for building the annotated development set (tests/devset/{sv,en}.json).

The dev set stores corpus ids and character offsets, never ad text. This tool reads the ads from
../shared/corpus/ and helps a person annotate them:

    python benchmarks/devset_tool.py select sv --n 70 --seed 3 --out /tmp/devset/sel-sv.json
    python benchmarks/devset_tool.py show /tmp/devset/sel-sv.json 12          # passage 12, with offsets
    python benchmarks/devset_tool.py build /tmp/devset/sel-sv.json ann-sv.txt tests/devset/sv.json
    python benchmarks/devset_tool.py engine /tmp/devset/sel-sv.json 12        # normcheck's findings (after annotating!)

``select`` cuts every ad into passages (a paragraph, or a few sentences of a long one, 200-900
characters) and picks half of them by trigger words (my own broad regexes per category, not the
engine's rules) and half at random. ``build`` turns an annotation file into offsets. Its format,
one passage block per ``@ <index>`` line::

    @ 12
    gc:m resultatdriven > driven -- the compound's head is the coded part
    gp han#2 -- generic: refers to "den sökande"
    origin svenska som modersmål
    ok:gc Varmt välkommen -- fixed closing phrase

A line is ``<category>[:coding] <needle>[#n] [> <part>] [-- note]``: the n-th (default first)
case-insensitive whole-word occurrence of ``needle`` in the passage, narrowed to ``part`` if given.
``ok[:category]`` lines record spans a careful reviewer would not flag. Category abbreviations:
gc (gender-coded, with :m or :f), gt (gendered-term), gp (generic-pronoun), and the full names
of the norm categories. The annotation file holds ad text and must stay outside the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

ABBREV = {"gc": "gender-coded", "gt": "gendered-term", "gp": "generic-pronoun"}
NORM = ("age", "origin", "religion", "ability", "identity", "family", "culture")
CATEGORIES = ("gender-coded", "gendered-term", "generic-pronoun", *NORM)

# Broad trigger words per stratum: deliberately wider than any lexicon, to find passages worth
# annotating, not to predict findings.
TRIGGERS = {
    "sv": {
        "pronoun": r"\b(?:han|hon|hans|hennes|honom|henne|denne|dennes)\b",
        "gendered": r"\b\w{2,}(?:man|män|mannen|männen)\b|\b(?:kvinn|tjej|kill|grabb|dam|herr)\w*|\b\w+(?:erska|inna|ös)\b",
        "origin": r"modersmål|flytande|infödd|medborgar|brytning|nationalitet|utländsk|etnisk|svenska\s+i\s+tal",
        "age": r"\b\d\d\s*år\b|\bung\w*|\byngre|\bäldre|\bjunior|nyexaminerad|nyutbildad|pensionär|\bmogen|ålder",
        "ability": r"frisk|hälsa|fysisk|\blyft|körkort|stress|tempo|funktionsneds|rullstol|\btung|kondition|psykisk",
        "family": r"familj|föräld|mamma|pappa|\bmake\b|\bmaka\b|\bfru\b|ledighet|helg|kväll|dygnet",
        "culture": r"rockstj|ninja|guru|gänget|work hard|fredagsöl|pingis|jargong|superhjält|after work",
        "belief-identity": r"krist|muslim|relig|\btro\b|kyrk|sexuell|hbtq|könsidentitet|\bkön\b",
        "coded": r"\bdriv|ansvarsfull|självständig|analy|lyhörd|engager|tävling|\bled[ae]|utman|kompetent|ambiti|"
        r"modig|samarbet|trevlig|empati|social|självgå|målmedvet|lojal|förtroende",
    },
    "en": {
        "pronoun": r"\b(?:he|she|his|him|her|hers|himself|herself)\b",
        "gendered": r"\b\w+(?:man|men)\b|\b(?:guys|gentlemen|ladies|girls?|boys?|waitress|manpower|workmanship)\b",
        "origin": r"native|fluent|citizen|accent|mother tongue|english speaker|nationality",
        "age": r"\byoung|youthful|recent grad|new grad|digital native|energetic|\bmature|years old|\bage\b|retir|college student",
        "ability": r"able-bodied|physically|\blift|stand for|healthy|disabilit|wheelchair|\bfit\b|stamina|vision|hearing|licen[cs]e",
        "family": r"family|children|\bkids\b|parent|mother|father|wife|husband|spouse|weekend|evenings|24/7|overtime",
        "culture": r"rock ?star|ninja|guru|wizard|jedi|hacker|crush|work hard|beer|ping ?pong|\bbro\b|hustle|superhero",
        "belief-identity": r"christian|church|faith|religio|muslim|jewish|sexual orientation|gender identity|transgender|lgbt",
        "coded": r"\bdriven|\blead|analy|ambitio|competit|confident|independen|assert|decisi|determin|support|"
        r"collab|understand|compassion|nurtur|empath|interpersonal|enthusias|loyal|warm|honest",
    },
}

_PARA = re.compile(r"\n\s*\n")
_SENT = re.compile(r"(?<=[.!?])\s+|\n")
_SV_STOP = set("och i att det som en på är av för med till den har de inte om ett vi du dig din ska".split())
_EN_STOP = set("the and of to a in is that for it with as on be are or from an have you we our your will".split())


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_ads(lang: str) -> dict[str, str]:
    ads: dict[str, str] = {}
    with (CORPUS / f"{lang}.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            ads[rec["id"]] = rec["text"]
    return ads


def passages(text: str, lo: int = 200, hi: int = 900) -> list[tuple[int, int]]:
    """Cut an ad into passages: paragraphs, long ones split at sentence ends, short ones merged."""
    paras: list[tuple[int, int]] = []
    pos = 0
    for m in [*_PARA.finditer(text), None]:
        end = m.start() if m else len(text)
        if text[pos:end].strip():
            paras.append((pos, end))
        pos = m.end() if m else len(text)
    pieces: list[tuple[int, int]] = []
    for a, b in paras:
        if b - a <= hi:
            pieces.append((a, b))
            continue
        start = a
        last_cut = a
        for m in _SENT.finditer(text, a, b):
            if m.start() - start > hi and last_cut > start:
                pieces.append((start, last_cut))
                start = last_cut
            last_cut = m.end()
        while b - start > hi:  # no sentence end: cut at a space
            cut = text.rfind(" ", start, start + hi) + 1 or start + hi
            pieces.append((start, cut))
            start = cut
        pieces.append((start, b))
    merged: list[tuple[int, int]] = []
    for a, b in pieces:
        if merged and (merged[-1][1] - merged[-1][0] < lo) and b - merged[-1][0] <= hi:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    out = []
    for a, b in merged:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b - a >= 80:
            out.append((a, b))
    return out


def looks_like(lang: str, text: str) -> bool:
    words = re.findall(r"\w+", text.lower())
    sv = sum(w in _SV_STOP for w in words)
    en = sum(w in _EN_STOP for w in words)
    return sv > en if lang == "sv" else en > sv


def cmd_select(args: argparse.Namespace) -> None:
    ads = load_ads(args.lang)
    rng = random.Random(args.seed)
    pool: list[tuple[str, int, int]] = []
    for ad_id, text in ads.items():
        for a, b in passages(text):
            if looks_like(args.lang, text[a:b]):
                pool.append((ad_id, a, b))
    rng.shuffle(pool)
    per_ad: dict[str, int] = {}
    chosen: list[dict[str, object]] = []
    used: set[tuple[str, int]] = set()
    max_per_ad = args.max_per_ad

    def take(item: tuple[str, int, int], stratum: str) -> bool:
        ad_id, a, b = item
        if (ad_id, a) in used or per_ad.get(ad_id, 0) >= max_per_ad:
            return False
        used.add((ad_id, a))
        per_ad[ad_id] = per_ad.get(ad_id, 0) + 1
        chosen.append({"id": ad_id, "start": a, "end": b, "stratum": stratum})
        return True

    strata = TRIGGERS[args.lang]
    n_strat = args.n // 2
    per_stratum = max(1, n_strat // len(strata))
    quotas = dict(q.split("=") for q in args.quota)
    for name, regex in strata.items():
        rx = re.compile(regex, re.IGNORECASE)
        got = 0
        for item in pool:
            if got >= int(quotas.get(name, per_stratum)):
                break
            if rx.search(ads[item[0]], item[1], item[2]) and take(item, name):
                got += 1
    # Fill the stratified half in round-robin if a stratum had too few candidates.
    names = list(strata)
    k = 0
    while len(chosen) < n_strat and k < 10 * len(pool):
        name = names[k % len(names)]
        rx = re.compile(strata[name], re.IGNORECASE)
        for item in pool[k // len(names) :]:
            if rx.search(ads[item[0]], item[1], item[2]) and take(item, name):
                break
        k += 1
    for item in pool:
        if len(chosen) >= args.n:
            break
        take(item, "random")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"lang": args.lang, "passages": chosen}, indent=1), encoding="utf-8")
    counts: dict[str, int] = {}
    for c in chosen:
        counts[str(c["stratum"])] = counts.get(str(c["stratum"]), 0) + 1
    print(f"{len(chosen)} passages from {len(per_ad)} ads: {counts}")


def cmd_add(args: argparse.Namespace) -> None:
    """Append the passage that contains ``offset`` in ad ``id`` (for targeted strata)."""
    data = json.loads(Path(args.selection).read_text(encoding="utf-8"))
    text = load_ads(data["lang"])[args.id]
    for a, b in passages(text):
        if a <= args.offset < b:
            break
    else:
        sys.exit(f"offset {args.offset} is in no passage of {args.id}")
    for i, p in enumerate(data["passages"]):
        if p["id"] == args.id and int(p["start"]) < b and int(p["end"]) > a:
            print(f"already selected as #{i}")
            return
    data["passages"].append({"id": args.id, "start": a, "end": b, "stratum": args.stratum})
    Path(args.selection).write_text(json.dumps(data, indent=1), encoding="utf-8")
    print(f"added #{len(data['passages']) - 1}: {args.id} [{a}:{b}]")


def _selection(path: str) -> tuple[str, list[dict[str, object]]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data["lang"], data["passages"]


def cmd_show(args: argparse.Namespace) -> None:
    lang, sel = _selection(args.selection)
    ads = load_ads(lang)
    for index in args.index:
        p = sel[index]
        text = ads[str(p["id"])]
        a, b = int(p["start"]), int(p["end"])
        print(f"=== #{index} {p['id']} [{a}:{b}] stratum={p['stratum']}")
        pos = a
        for line in text[a:b].split("\n"):
            print(f"{pos:6d} | {line}")
            pos += len(line) + 1
        if args.stems:
            hits = []
            for m in re.finditer(r"\w+(?:-\w+)*", text[a:b]):
                word = m.group().lower()
                found = sorted({s for s in coded_stems(lang) if s in word}, key=len)[-1:]
                if found:
                    hits.append(f"{m.group()}⊃{found[0]}")
            print("   stems in words: " + ", ".join(hits))


def coded_stems(lang: str) -> set[str]:
    """Every stem of the gender-coded lexicon (a reading aid: where a coded part could hide)."""
    import yaml

    path = ROOT / "src" / "normcheck" / "lexicons" / lang / "gender-coded.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {m.lower() for e in data["entries"] if e.get("type", data.get("type")) == "stem" for m in e["match"]}


def _find(passage: str, needle: str, nth: int) -> int:
    rx = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", re.IGNORECASE)
    hits = [m.start() for m in rx.finditer(passage)]
    if len(hits) < nth:
        raise ValueError(f"{needle!r}#{nth} not found ({len(hits)} hits)")
    return hits[nth - 1]


def parse_annotations(path: str) -> dict[int, list[str]]:
    blocks: dict[int, list[str]] = {}
    current: int | None = None
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            current = int(line[1:].split()[0])
            if current in blocks:
                raise ValueError(f"passage {current} annotated twice")
            blocks[current] = []
        elif current is None:
            raise ValueError(f"line before the first '@': {line}")
        else:
            blocks[current].append(line)
    return blocks


def resolve(passage: str, base: int, line: str) -> tuple[str, dict[str, object]]:
    """One annotation line -> ("flag" | "ok", record with offsets into the ad)."""
    body, _, note = line.partition(" -- ")
    head, _, rest = body.strip().partition(" ")
    cat, _, coding = head.partition(":")
    kind = "ok" if cat == "ok" else "flag"
    if kind == "ok":
        cat, coding = coding, ""
        cat = ABBREV.get(cat, cat)
    else:
        cat = ABBREV.get(cat, cat)
        if cat not in CATEGORIES:
            raise ValueError(f"unknown category {cat!r} in {line!r}")
    needle, _, part = rest.partition(" > ")
    needle = needle.strip()
    nth = 1
    m = re.search(r"#(\d+)$", needle)
    if m:
        nth = int(m.group(1))
        needle = needle[: m.start()]
    start = _find(passage, needle, nth)
    end = start + len(needle)
    if part.strip():
        sub = passage[start:end].lower().find(part.strip().lower())
        if sub < 0:
            raise ValueError(f"{part!r} not inside {needle!r}")
        start, end = start + sub, start + sub + len(part.strip())
    rec: dict[str, object] = {"start": base + start, "end": base + end}
    if cat:
        rec = {"category": cat, **rec}
    if kind == "flag" and cat == "gender-coded":
        rec["coding"] = {"m": "masculine", "f": "feminine"}[coding]
    if note.strip():
        rec["note"] = note.strip()
    return kind, rec


def cmd_build(args: argparse.Namespace) -> None:
    lang, sel = _selection(args.selection)
    ads = load_ads(lang)
    blocks = parse_annotations(args.annotations)
    out = []
    errors = 0
    for index in sorted(blocks):
        p = sel[index]
        text = ads[str(p["id"])]
        a, b = int(p["start"]), int(p["end"])
        passage = text[a:b]
        expected, not_flag = [], []
        for line in blocks[index]:
            try:
                kind, rec = resolve(passage, a, line)
            except ValueError as exc:
                print(f"#{index}: {exc}", file=sys.stderr)
                errors += 1
                continue
            (expected if kind == "flag" else not_flag).append(rec)
        item: dict[str, object] = {
            "id": p["id"],
            "start": a,
            "end": b,
            "sha1": sha1(passage),
            "stratum": p["stratum"],
            "expected": sorted(expected, key=lambda r: (r["start"], r["end"])),
        }
        if not_flag:
            item["not_flag"] = sorted(not_flag, key=lambda r: (r["start"], r["end"]))
        out.append(item)
    if errors:
        sys.exit(f"{errors} annotation error(s); nothing written")
    doc = {
        "lang": lang,
        "corpus": f"../shared/corpus/{lang}.jsonl",
        "description": "Annotated development set: offsets into corpus ads, no ad text. See docs/accuracy.md.",
        "passages": out,
    }
    Path(args.out).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    n = sum(len(x["expected"]) for x in out)  # type: ignore[arg-type]
    print(f"wrote {len(out)} passages, {n} expected findings -> {args.out}")


def cmd_engine(args: argparse.Namespace) -> None:
    import os

    os.environ.setdefault("NORMCHECK_DISABLE_ENTRY_POINTS", "1")
    from normcheck.api import scan_document
    from normcheck.config import Config
    from normcheck.readers import paragraph_document

    lang, sel = _selection(args.selection)
    ads = load_ads(lang)
    for index in args.index:
        p = sel[index]
        text = ads[str(p["id"])]
        a, b = int(p["start"]), int(p["end"])
        doc = scan_document(paragraph_document(text, str(p["id"]), "text/plain", "txt"), Config())
        print(f"=== #{index} {p['id']}")
        for f in doc.findings:
            if a <= f.start < b and f.category in CATEGORIES:
                print(f"  {f.category:16} {f.start:6d}-{f.end:<6d} {f.text!r:28} {f.rule} {f.severity}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("select")
    s.add_argument("lang", choices=("sv", "en"))
    s.add_argument("--n", type=int, default=70)
    s.add_argument("--seed", type=int, default=3)
    s.add_argument("--max-per-ad", type=int, default=1)
    s.add_argument("--quota", action="append", default=[], help="stratum=N, e.g. pronoun=8")
    s.add_argument("--out", required=True)
    s.set_defaults(fn=cmd_select)
    s = sub.add_parser("show")
    s.add_argument("selection")
    s.add_argument("index", type=int, nargs="+")
    s.add_argument("--stems", action="store_true", help="list words that contain a coded stem anywhere")
    s.set_defaults(fn=cmd_show)
    s = sub.add_parser("add")
    s.add_argument("selection")
    s.add_argument("id")
    s.add_argument("offset", type=int)
    s.add_argument("--stratum", default="targeted")
    s.set_defaults(fn=cmd_add)
    s = sub.add_parser("build")
    s.add_argument("selection")
    s.add_argument("annotations")
    s.add_argument("out")
    s.set_defaults(fn=cmd_build)
    s = sub.add_parser("engine")
    s.add_argument("selection")
    s.add_argument("index", type=int, nargs="+")
    s.set_defaults(fn=cmd_engine)
    args = ap.parse_args()
    args.fn(args)


if __name__ == "__main__":
    main()
