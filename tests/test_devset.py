"""The annotated development set (tests/devset) and the accuracy script that scores it.

These tests check the set's integrity and that benchmarks/accuracy.py runs; they do not assert
the precision and recall figures, which are reported in docs/accuracy.md.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "devset"
SCRIPT = ROOT / "benchmarks" / "accuracy.py"


def _accuracy_module():
    spec = importlib.util.spec_from_file_location("nc_accuracy", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules["nc_accuracy"] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def accuracy():
    return _accuracy_module()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_devset_structure(lang, accuracy):
    data = json.loads((DEVSET / f"{lang}.json").read_text(encoding="utf-8"))
    assert data["lang"] == lang
    passages = data["passages"]
    assert len(passages) >= 60
    assert accuracy.check_devset(data, None) == []
    for p in passages:
        assert set(p) <= {"id", "start", "end", "sha1", "stratum", "expected", "not_flag"}
        assert re.fullmatch(r"[0-9a-f]{40}", p["sha1"])
        for e in p["expected"]:
            assert set(e) <= {"category", "coding", "start", "end", "note"}
        for e in p.get("not_flag", []):
            assert set(e) <= {"category", "start", "end", "note"}
    # About half the passages were chosen by trigger words, half at random (plus targeted ones).
    random_share = sum(p["stratum"] == "random" for p in passages) / len(passages)
    assert 0.3 <= random_share <= 0.7


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_devset_matches_the_corpus(lang, accuracy, corpus_path):
    corpus_path(lang)  # skips when the shared corpus is absent
    data = json.loads((DEVSET / f"{lang}.json").read_text(encoding="utf-8"))
    ads = accuracy.load_ads(lang, {p["id"] for p in data["passages"]})
    assert accuracy.check_devset(data, ads) == []


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_heldout_set_matches_the_corpus(lang, accuracy, corpus_path):
    """The held-out set is annotated like the dev set and shares no ad with it."""
    data = json.loads((DEVSET / "heldout" / f"{lang}.json").read_text(encoding="utf-8"))
    dev = json.loads((DEVSET / f"{lang}.json").read_text(encoding="utf-8"))
    assert len(data["passages"]) >= 40
    assert not {p["id"] for p in data["passages"]} & {p["id"] for p in dev["passages"]}
    assert accuracy.check_devset(data, None) == []
    corpus_path(lang)
    ads = accuracy.load_ads(lang, {p["id"] for p in data["passages"]})
    assert accuracy.check_devset(data, ads) == []


def test_census_verdicts_are_well_formed():
    data = json.loads((DEVSET / "census.json").read_text(encoding="utf-8"))
    seen = set()
    for v in data["findings"]:
        assert set(v) == {"lang", "id", "start", "end", "category", "rule", "correct"}
        assert v["lang"] in ("sv", "en") and isinstance(v["correct"], bool)
        assert v["rule"].startswith(f"{v['lang']}.{v['category']}.")
        assert 0 <= v["start"] < v["end"]
        key = (v["id"], v["start"], v["end"], v["rule"])
        assert key not in seen
        seen.add(key)
    assert len(seen) > 200


def test_devset_stores_no_ad_text():
    for path in (*DEVSET.glob("*.json"), *(DEVSET / "heldout").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for p in data.get("passages", []):
            assert set(p) <= {"id", "start", "end", "sha1", "stratum", "expected", "not_flag"}
            for e in p["expected"] + p.get("not_flag", []):
                # Notes are the annotator's words: short, and never a long quotation.
                assert len(e.get("note", "")) <= 160


def test_integrity_check_finds_broken_entries(accuracy):
    good = {"id": "x", "start": 0, "end": 10, "sha1": "0" * 40, "stratum": "random", "expected": []}
    ads = {"x": "abcdefghij"}
    assert accuracy.check_devset({"passages": [dict(good, sha1=accuracy.sha1("abcdefghij"))]}, ads) == []
    bad = [
        dict(good, end=20),
        dict(good, expected=[{"category": "gender-coded", "start": 2, "end": 4}]),
        dict(good, expected=[{"category": "sexism", "start": 2, "end": 4}]),
        dict(good, expected=[{"category": "age", "start": 8, "end": 12}]),
        dict(good, id="missing"),
    ]
    for entry in bad:
        assert accuracy.check_devset({"passages": [entry]}, ads), entry
    assert any("sha1" in p for p in accuracy.check_devset({"passages": [good]}, ads))


def test_matching_counts_overlaps_once(accuracy, tmp_path):
    """Score a tiny hand-made set against a hand-made corpus: one hit, one miss, one extra."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "Vi söker en talesman. Han ska vara driven och resultatdriven.\n\nVarmt välkommen!"
    (corpus / "sv.jsonl").write_text(json.dumps({"id": "ad1", "text": text}) + "\n", encoding="utf-8")
    start = text.index("talesman")
    passage = {
        "id": "ad1",
        "start": 0,
        "end": len(text),
        "sha1": accuracy.sha1(text),
        "stratum": "random",
        "expected": [
            {"category": "gendered-term", "start": start, "end": start + 8},
            {"category": "age", "start": 0, "end": 2},  # a deliberate miss
        ],
        "not_flag": [{"category": "gender-coded", "start": text.index("Varmt"), "end": text.index("Varmt") + 5}],
    }
    ads = accuracy.load_ads("sv", {"ad1"}, corpus)
    tallies, meta = accuracy.evaluate("sv", {"passages": [passage]}, ads)
    assert meta["skipped"] == 0
    assert tallies["gendered-term"].tp == 1 and tallies["gendered-term"].fn == 0
    assert tallies["age"].fn == 1
    assert tallies["gender-coded"].fp >= 1  # "driven" was not annotated here, so it counts as extra
    assert tallies["gender-coded"].not_flag_hits == 0 and tallies["gender-coded"].not_flag_total == 1


def test_accuracy_script_runs_and_writes_markdown(tmp_path, corpus_path):
    corpus_path("sv")
    out = tmp_path / "table.md"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--show", "2", "--markdown", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "precision" in proc.stdout and "norm (all seven)" in proc.stdout
    table = out.read_text(encoding="utf-8")
    assert table.startswith("| lang | category |")
    rows = [line for line in table.splitlines() if line.startswith(("| sv ", "| en "))]
    assert len(rows) == 2 * 11
    assert "passages skipped" in proc.stdout
