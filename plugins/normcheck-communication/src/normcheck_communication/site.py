"""Site level: one summary for all the pages of a site (or the files of a folder), plus per page.

``summarize_document`` sees one document at a time, so the site figures are built afterwards from
the per-document summaries. ``aggregate`` takes what a scan produced in any of its forms — a
``Report``, ``DocumentReport`` objects, the ``documents[i]`` objects of the JSON output or of the
HTTP service, or bare ``modules.communication`` objects — so the CLI, Python callers and the web
platform all get the same numbers.

Rules: pronouns, words, quotes, pairs, associations and marking are summed over pages. People are
merged by name (case-insensitive; a first name alone joins the one full name with that first
name), so ``named`` and ``quoted`` count distinct people across the site. A person whose pages
disagree about their gender is ``unknown``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from normcheck_communication.data import CLASSES, GENDERS
from normcheck_communication.summary import MAX_PAIRS, MAX_SENTENCES, empty_counts, figures, shares

MODULE = "communication"


def _pages(items: Any) -> list[tuple[str, int | None, dict[str, Any]]]:
    """(source, words, communication summary) for every document in ``items``."""
    from normcheck.model import DocumentReport, Report

    if isinstance(items, Report):
        items = items.documents
    if isinstance(items, dict) and "documents" in items:
        items = items["documents"]
    out: list[tuple[str, int | None, dict[str, Any]]] = []
    for n, item in enumerate(items):
        if isinstance(item, DocumentReport):
            summary = item.modules.get(MODULE)
            source, words = item.source, item.words
        elif isinstance(item, dict) and "counts" in item and "persons" in item:
            summary, source, words = item, f"document {n + 1}", None
        elif isinstance(item, dict):
            summary = (item.get("modules") or {}).get(MODULE)
            source, words = str(item.get("source", f"document {n + 1}")), item.get("words")
        else:
            raise TypeError(f"cannot aggregate {type(item).__name__}: give reports, documents or summaries")
        if summary:
            out.append((source, words, summary))
    return out


def aggregate(items: Any) -> dict[str, Any]:
    """The communication summary of a whole site or folder, with a row per page."""
    pages = _pages(items)
    counts = empty_counts()
    quotes = {"total": 0, "attributed": 0, "unattributed": 0}
    order: dict[str, Any] = {"woman_first": 0, "man_first": 0, "first": None, "pairs": []}
    assoc: dict[str, Any] = {
        "woman": {c: 0 for c in CLASSES},
        "man": {c: 0 for c in CLASSES},
        "stereotyped": {"woman": 0, "man": 0},
        "counter_stereotyped": {"woman": 0, "man": 0},
        "sentences": [],
    }
    marking = {"woman": 0, "man": 0}
    people: dict[str, dict[str, Any]] = {}
    rows: list[dict[str, Any]] = []
    total_words = 0
    for source, words, s in pages:
        total_words += words or 0
        for kind in ("pronouns", "gendered_words"):
            for g in GENDERS:
                counts[kind][g] += int(s["counts"][kind].get(g, 0))
        for key in quotes:
            quotes[key] += int((s.get("quotes") or {}).get(key, 0))
        o = s.get("order") or {}
        order["woman_first"] += int(o.get("woman_first", 0))
        order["man_first"] += int(o.get("man_first", 0))
        for pair in o.get("pairs", []):
            if len(order["pairs"]) < MAX_PAIRS:
                order["pairs"].append({**pair, "source": source})
        a = s.get("associations") or {}
        for g in ("woman", "man"):
            for c in CLASSES:
                assoc[g][c] += int((a.get(g) or {}).get(c, 0))
            for key in ("stereotyped", "counter_stereotyped"):
                assoc[key][g] += int((a.get(key) or {}).get(g, 0))
        for sentence in a.get("sentences", []):
            if len(assoc["sentences"]) < MAX_SENTENCES:
                assoc["sentences"].append({**sentence, "source": source})
        for g in marking:
            marking[g] += int((s.get("marking") or {}).get(g, 0))
        for p in s.get("persons", []):
            key = " ".join(str(p["name"]).lower().split())
            entry = people.get(key)
            if entry is None:
                entry = people[key] = {"name": p["name"], "genders": set(), "basis": None, "mentions": 0, "quoted": 0, "pages": set()}
            if p.get("gender") in ("woman", "man"):
                entry["genders"].add(p["gender"])
                entry["basis"] = entry["basis"] or p.get("basis")
            entry["mentions"] += int(p.get("mentions", 0))
            entry["quoted"] += int(p.get("quoted", 0))
            entry["pages"].add(source)
        rows.append(
            {
                "source": source,
                "words": words,
                "counts": s["counts"],
                "shares": s.get("shares") or shares(s["counts"]),
                "order": {k: o.get(k) for k in ("woman_first", "man_first", "first")},
                "stereotyped": (a.get("stereotyped") or {"woman": 0, "man": 0}),
                "marking": s.get("marking") or {"woman": 0, "man": 0},
                "headline": s.get("headline", ""),
            }
        )
    # A first name alone joins the one full name on the site that starts with it.
    by_first: dict[str, list[str]] = {}
    for key in people:
        if " " in key:
            by_first.setdefault(key.split(" ", 1)[0], []).append(key)
    for key in [k for k in people if " " not in k]:
        full = by_first.get(key, [])
        if len(full) == 1:
            target, alone = people[full[0]], people.pop(key)
            target["genders"] |= alone["genders"]
            target["basis"] = target["basis"] or alone["basis"]
            target["mentions"] += alone["mentions"]
            target["quoted"] += alone["quoted"]
            target["pages"] |= alone["pages"]
    persons = []
    for entry in people.values():
        gender = next(iter(entry["genders"])) if len(entry["genders"]) == 1 else "unknown"
        persons.append(
            {
                "name": entry["name"],
                "gender": gender,
                "basis": entry["basis"] if gender != "unknown" else None,
                "mentions": entry["mentions"],
                "quoted": entry["quoted"],
                "pages": len(entry["pages"]),
            }
        )
        counts["named"][gender] += 1
        if entry["quoted"]:
            counts["quoted"][gender] += 1
    persons.sort(key=lambda p: (-p["mentions"], p["name"]))
    if order["woman_first"] or order["man_first"]:
        wf, mf = order["woman_first"], order["man_first"]
        order["first"] = "woman" if wf > mf else "man" if mf > wf else "equal"
    return {
        "schema": "normcheck/v1",
        "module": MODULE,
        "documents": len(pages),
        "words": total_words,
        "persons": persons,
        **figures(counts, order, assoc, quotes, marking),
        "pages": rows,
    }


