"""The gender-decoder profile must give exactly the results of lovedaybrooke/gender-decoder.

Three kinds of evidence:

* the reference's own test cases (peer fixture ``test_cases.json``) and word lists;
* small reference implementations written here the slow, literal way (the list-mutating hyphen
  loop, nested ``startswith`` loops), compared with the fast module on hand-made edge cases and
  on ads read from the shared corpus;
* offsets: every word maps back to the characters it came from.

The shared corpus is only read here, never copied.
"""

from __future__ import annotations

import json
import os
import re
from itertools import islice
from pathlib import Path
from types import SimpleNamespace

import pytest

from normcheck.model import VERDICTS, Finding
from normcheck.profiles import gender_decoder as gd

SHARED = Path(os.environ.get("NORMCHECK_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
FIXTURES = SHARED / "research" / "peer-fixtures" / "gender-decoder"
CORPUS = SHARED / "corpus"

requires_fixtures = pytest.mark.skipif(
    not (FIXTURES / "test_cases.json").is_file(), reason="gender-decoder peer fixtures not available"
)
requires_corpus = pytest.mark.skipif(not (CORPUS / "en.jsonl").is_file(), reason="shared corpus not available")

CORPUS_ADS = 300


def _json(name: str):
    with (FIXTURES / name).open(encoding="utf-8") as fh:
        return json.load(fh)


def _fixture_cases() -> list[dict]:
    if not (FIXTURES / "test_cases.json").is_file():
        return []
    return _json("test_cases.json")["cases"]


def _corpus_texts(lang: str, limit: int | None) -> list[str]:
    with (CORPUS / f"{lang}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in islice(fh, limit)]


# --------------------------------------------------------------------------------------------
# Slow, literal reference implementations


_REFERENCE_PUNCTUATION = re.compile("[\\.\\t\\,“”‘’<>\\*\\?\\!\\\"\\[\\]\\@\\':;\\(\\)\\./&]")


def reference_clean_up(text: str, lang: str = "en") -> list[str]:
    """gender-decoder's cleanup step by step, including its loop that edits the list it walks."""
    lists = gd.load_wordlists(lang)
    spaced = "".join(ch if ord(ch) < lists.max_codepoint else " " for ch in text)
    spaced = re.sub("[\\s]", " ", spaced)
    spaced = _REFERENCE_PUNCTUATION.sub(" ", spaced)
    walked = [w.lower() for w in spaced.split(" ") if w != ""]
    current = walked  # the first removal below edits ``walked`` itself, later ones copies
    for word in walked:
        if not word.find("-"):  # a leading hyphen: find() is 0, which the reference treats as no
            continue
        if any(word.startswith(stem) for stem in lists.hyphenated):
            continue
        at = current.index(word)
        current.remove(word)
        current = current[:at] + word.split("-") + current[at:]
    return current


def naive_hits(words: list[str], lang: str = "en") -> list[tuple[int, str, str]]:
    """Every word against every stem, in word order, masculine list first."""
    lists = gd.load_wordlists(lang)
    hits = []
    for index, word in enumerate(words):
        for coding, stems in (("masculine", lists.masculine), ("feminine", lists.feminine)):
            for stem in stems:
                if word.startswith(stem) and word not in lists.exceptions:
                    hits.append((index, stem, coding))
    return hits


def reference_coded_words(words: list[str], stems, exceptions) -> list[str]:
    """gender-decoder's per-coding list: all words for one list, then the next list."""
    return [w for w in words for s in stems if w.startswith(s) and w not in exceptions]


# --------------------------------------------------------------------------------------------
# The reference's own test cases


def _evaluate_case(case: dict) -> None:
    text, lang, expected = case["input"], case["lang"], case["expected"]
    result = gd.decode(text, lang)
    attribute = case["check"].split(".", 1)[1]

    if attribute == "clean_up_word_list()":
        assert gd.clean_up_word_list(text, lang) == expected
    elif attribute in ("masculine_coded_words", "feminine_coded_words"):
        assert ",".join(getattr(result, attribute)) == expected
    elif attribute in ("masculine_word_count", "feminine_word_count"):
        value = getattr(result, attribute)
        if expected == "assertFalse":
            assert value == 0
        elif isinstance(expected, dict):
            other = expected["expr"].split(".", 1)[1]
            assert value == getattr(result, other)
        else:
            assert value == expected
    elif attribute == "coding":
        assert result.coding == expected
    elif attribute == "ad_text":
        assert result.text == expected
    elif (m := re.fullmatch(r"coding == '(.+)'", attribute)) is not None:
        assert expected == "assertTrue"
        assert result.coding == m.group(1)
    else:
        pytest.fail(f"unhandled fixture check {case['check']!r}")


@requires_fixtures
@pytest.mark.parametrize(
    "case", _fixture_cases(), ids=lambda c: f"{c['test']}:{c['check']}:{c['input'][:30]}"
)
def test_reference_case(case: dict) -> None:
    _evaluate_case(case)


@requires_fixtures
def test_reference_cases_cover_all_tests() -> None:
    cases = _fixture_cases()
    assert len(cases) == 62
    assert {c["test"] for c in cases} == {
        "test_clean_up_word_list",
        "test_extract_coded_words",
        "test_assess_coding_neutral_and_empty",
        "test_assess_coding_masculine",
        "test_assess_coding_feminine",
        "test_analyse",
    }
    codings = {gd.decode(c["input"]).coding for c in cases}
    assert codings == set(gd.RESULTS)  # the cases reach every result, "empty" included


@requires_fixtures
def test_reference_inputs_match_literal_cleanup() -> None:
    for case in _fixture_cases():
        assert gd.clean_up_word_list(case["input"]) == reference_clean_up(case["input"])


# --------------------------------------------------------------------------------------------
# Word lists


@requires_fixtures
def test_english_lists_equal_master() -> None:
    master = _json("wordlists_master.json")
    lists = gd.load_wordlists("en")
    assert list(lists.masculine) == master["masculine_coded_words"]
    assert list(lists.feminine) == master["feminine_coded_words"]
    assert list(lists.hyphenated) == master["hyphenated_coded_words"]
    assert sorted(lists.exceptions) == master["non_coded_exceptions"]
    assert lists.max_codepoint == 128
    assert lists.source["commit"] == master["commit"]
    assert lists.source["repo"] == master["repo"]
    assert lists.source["licence"] == "MIT"
    assert len(lists.masculine) == 52 and len(lists.feminine) == 50


@requires_fixtures
def test_swedish_lists_equal_pull_request_8() -> None:
    pr8 = _json("pr8_multilingual_wordlists.json")
    swedish = pr8["lists"]["sv"]
    lists = gd.load_wordlists("sv")
    assert list(lists.masculine) == swedish["masculine_coded_words"]
    assert list(lists.feminine) == swedish["feminine_coded_words"]
    assert lists.hyphenated == ()
    assert lists.exceptions == frozenset()
    assert lists.max_codepoint == 256
    assert lists.source["commit"] == pr8["commit"]


def test_data_file_records_licence_and_copyright() -> None:
    raw = gd.DATA_FILE.read_text(encoding="utf-8")
    assert "Copyright (c) 2016 lovedaybrooke" in raw
    assert "MIT" in raw
    for lang in gd.LANGUAGES:
        refs = " ".join(gd.load_wordlists(lang).references)
        assert "Gaucher" in refs and "gender-decoder" in refs


def test_unknown_language_is_rejected() -> None:
    with pytest.raises(ValueError):
        gd.clean_up_word_list("text", "de")


# --------------------------------------------------------------------------------------------
# Cleanup and offsets


EDGE_TEXTS = [
    "",
    "   \t\n ",
    "Senior full-stack engineer, team-player wanted",
    "full-stack team-player",
    "hi x-y x-y",
    "hi x-y x-y x-y",
    "x-y x-y z-w z-w",
    "-leading-hyphen word -x",
    "--double--hyphen a--b c- -d",
    "co-operative co-operation self-confident self-confidence inter-personal",
    "head-strong and strong-headed, self-reliant; selfreliant",
    "Lead\u00a0Developer\u2028who\u200bleads\x1cteams\x85now",
    "C++/C# & .NET, e-mail: jobs@example.com (apply!) [now] <b>bold</b> \"quoted\" 'single'",
    "Ambition:competition\u2013decisiveness, empathy&kindness",
    "naïve café façade Straße ÅÄÖ åäö",
    "SHAREPOINT SharePoint sharepoints share-point",
    "dominant dominating dominance",
    "Leader-leader leader-Leader LEADER-leader",
    "Vi söker en självständig, ödmjuk och driven ledare som är varmt välkommen!",
    "Tillsammans-med-oss: ansvarsfull, kompetent och intelligent (intelligens).",
    "a - b -- c --- d",
]


@pytest.mark.parametrize("lang", gd.LANGUAGES)
@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_cleanup_equals_literal_reference(text: str, lang: str) -> None:
    assert gd.clean_up_word_list(text, lang) == reference_clean_up(text, lang)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The first splittable word hides the word right after it from the splitting loop.
        ("full-stack team-player", ["full", "stack", "team-player"]),
        ("Senior full-stack engineer", ["senior", "full-stack", "engineer"]),
        # Each visit splits the first whole occurrence, so the hidden word's last copy survives.
        ("hi x-y x-y", ["hi", "x", "y", "x-y"]),
        ("hi x-y x-y x-y", ["hi", "x", "y", "x", "y", "x-y"]),
        # Leading hyphens are never split, and words after them are not hidden.
        ("-a-b c-d e-f", ["-a-b", "c", "d", "e-f"]),
        # Empty parts are kept.
        ("ok a--b c-", ["ok", "a--b", "c", ""]),
        ("ok x a--b c-", ["ok", "x", "a", "", "b", "c", ""]),
        # Words starting with a hyphenated stem stay whole; head-strong is not such a stem.
        ("go co-operative head-strong", ["go", "co-operative", "head", "strong"]),
    ],
)
def test_hyphen_step_behaves_like_the_reference(text: str, expected: list[str]) -> None:
    assert gd.clean_up_word_list(text) == expected
    assert reference_clean_up(text) == expected


def test_non_ascii_becomes_space_in_english_but_not_swedish() -> None:
    text = "Självständig ödmjuk"
    assert gd.clean_up_word_list(text, "en") == ["sj", "lvst", "ndig", "dmjuk"]
    assert gd.clean_up_word_list(text, "sv") == ["självständig", "ödmjuk"]
    # Code points at or above 256 are dropped in Swedish too (curly quotes, en dash, emoji).
    assert gd.clean_up_word_list("“ansvar”–tillit🙂stöd", "sv") == ["ansvar", "tillit", "stöd"]


def test_lowercasing_never_changes_length_of_kept_characters() -> None:
    # Offsets rely on it for every character either cleanup keeps.
    assert all(len(chr(c).lower()) == 1 for c in range(256))


def _assert_offsets(text: str, lang: str) -> list[tuple[str, int, int]]:
    spans = gd.words_with_offsets(text, lang)
    assert [w for w, _, _ in spans] == gd.clean_up_word_list(text, lang)
    previous_end = 0
    for word, start, end in spans:
        assert 0 <= start <= end <= len(text)
        assert start >= previous_end
        previous_end = end
        assert text[start:end].lower() == word
        assert end - start == len(word)
        if word and "-" not in word:
            # The original span cleans up to exactly this word.
            assert gd.clean_up_word_list(text[start:end], lang) == [word]
    return spans


@pytest.mark.parametrize("lang", gd.LANGUAGES)
@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_offsets_map_back_on_edge_texts(text: str, lang: str) -> None:
    _assert_offsets(text, lang)


@requires_fixtures
def test_offsets_map_back_on_reference_inputs() -> None:
    for case in _fixture_cases():
        _assert_offsets(case["input"], case["lang"])


def test_offsets_of_split_words() -> None:
    text = "We value servant-leader (x) and a--b!"
    spans = gd.words_with_offsets(text)
    assert spans[2:4] == [("servant", 9, 16), ("leader", 17, 23)]
    assert spans[-3:] == [("a", 32, 33), ("", 34, 34), ("b", 35, 36)]
    # "value" is the word the reference's loop never visits; as a plain word it is unaffected.
    assert spans[1] == ("value", 3, 8)


# --------------------------------------------------------------------------------------------
# Matching


def test_word_matching_two_stems_counts_twice() -> None:
    assert gd.coded_hits(["dominant"]) == [(0, "domina", "masculine"), (0, "dominant", "masculine")]
    result = gd.decode("A dominant leader")
    assert result.masculine_word_count == 3
    assert result.masculine_coded_words == ["dominant", "dominant", "leader"]
    assert result.coding == "masculine-coded"


def test_stem_listed_twice_counts_twice() -> None:
    # The Swedish list has "intelligen" twice, and both "ledare" and "leda".
    assert gd.coded_hits(["intelligent", "ledare"], "sv") == [
        (0, "intelligen", "masculine"),
        (0, "intelligen", "masculine"),
        (1, "ledare", "masculine"),
        (1, "leda", "masculine"),
    ]


def test_hits_keep_word_order_and_masculine_first() -> None:
    hits = gd.coded_hits(["trust", "x", "sharing", "leading"])
    assert hits == [(0, "trust", "feminine"), (2, "sharin", "feminine"), (3, "lead", "masculine")]


def test_sharepoint_exception() -> None:
    assert gd.coded_hits(["sharepoint"]) == []
    assert gd.decode("Experience with SharePoint.").coding == "empty"
    # The exception is a whole word, not a prefix.
    assert gd.coded_hits(["sharepoints"]) == [(0, "share", "feminine")]
    assert gd.coded_hits(["share", "sharing"]) == [(0, "share", "feminine"), (1, "sharin", "feminine")]


def test_every_stem_hits_itself_and_its_extensions() -> None:
    for lang in gd.LANGUAGES:
        lists = gd.load_wordlists(lang)
        for stem in {*lists.masculine, *lists.feminine}:
            for word in (stem, stem + "s", stem + "ing", stem[:-1]):
                assert gd.coded_hits([word], lang) == naive_hits([word], lang), (lang, word)
            assert any(h[1] == stem for h in gd.coded_hits([stem], lang))


def test_swedish_findings_include_letters_outside_ascii() -> None:
    result = gd.decode("Vi söker en självständig, ödmjuk och driven ledare.", "sv")
    assert result.masculine_coded_words == ["självständig", "driven", "ledare", "ledare"]
    assert result.feminine_coded_words == ["ödmjuk"]
    assert result.coding == "masculine-coded"


# --------------------------------------------------------------------------------------------
# Verdicts


@pytest.mark.parametrize(
    ("masculine", "feminine", "result", "normcheck_verdict"),
    [
        (0, 0, "empty", "neutral"),
        (2, 2, "neutral", "neutral"),
        (0, 1, "feminine-coded", "feminine-coded"),
        (1, 4, "feminine-coded", "feminine-coded"),
        (0, 4, "strongly feminine-coded", "strongly-feminine-coded"),
        (2, 9, "strongly feminine-coded", "strongly-feminine-coded"),
        (1, 0, "masculine-coded", "masculine-coded"),
        (5, 2, "masculine-coded", "masculine-coded"),
        (4, 0, "strongly masculine-coded", "strongly-masculine-coded"),
        (9, 3, "strongly masculine-coded", "strongly-masculine-coded"),
    ],
)
def test_assess_thresholds(masculine: int, feminine: int, result: str, normcheck_verdict: str) -> None:
    assert gd.assess(masculine, feminine) == result
    assert gd.verdict(masculine, feminine) == normcheck_verdict


def test_verdicts_are_normcheck_verdicts() -> None:
    seen = {gd.verdict(m, f) for m in range(8) for f in range(8)}
    assert seen == set(VERDICTS)
    assert {gd.assess(m, f) for m in range(8) for f in range(8)} == set(gd.RESULTS)


# --------------------------------------------------------------------------------------------
# The check


def _analysis(text: str, language: str | None) -> SimpleNamespace:
    return SimpleNamespace(document=SimpleNamespace(text=text), language=language)


def test_check_attributes() -> None:
    check = gd.GenderDecoderCheck()
    assert check.name == "gender-decoder"
    assert check.profiles == ("gender-decoder",)


def test_check_findings_english() -> None:
    text = "We want a Dominant, collaborative\nteam-player who shares; SharePoint skills."
    findings = list(gd.GenderDecoderCheck().run(_analysis(text, "en"), [], None))
    assert all(isinstance(f, Finding) for f in findings)
    assert [(f.rule, f.text, f.coding) for f in findings] == [
        ("en.gender-decoder.domina", "Dominant", "masculine"),
        ("en.gender-decoder.dominant", "Dominant", "masculine"),
        ("en.gender-decoder.collab", "collaborative", "feminine"),
        ("en.gender-decoder.share", "shares", "feminine"),
    ]
    for f in findings:
        assert text[f.start : f.end] == f.text
        assert f.category == "gender-coded"
        assert f.severity == "suggestion"
        assert f.language == "en"
        assert f.text in f.message
        assert any("Gaucher" in r for r in f.references)
        assert any("gender-decoder" in r for r in f.references)
        assert f.to_dict()["rule"] == f.rule
    # Only "want" (right after the first splittable word) escapes the splitting loop.
    assert gd.clean_up_word_list(text)[5:7] == ["team", "player"]


def test_check_findings_swedish() -> None:
    text = "Du är självständig och ödmjuk."
    findings = list(gd.GenderDecoderCheck().run(_analysis(text, "sv"), [], None))
    assert [(f.rule, f.text, f.coding, f.language) for f in findings] == [
        ("sv.gender-decoder.självständig", "självständig", "masculine", "sv"),
        ("sv.gender-decoder.ödmjuk", "ödmjuk", "feminine", "sv"),
    ]
    assert "ordstam" in findings[0].message


def test_check_language_handling() -> None:
    check = gd.GenderDecoderCheck()
    text = "Ambitious and supportive"
    assert len(list(check.run(_analysis(text, None), [], None))) == 2  # English by default
    assert len(list(check.run(_analysis(text, "en-GB"), [], None))) == 2
    assert list(check.run(_analysis(text, "de"), [], None)) == []


def test_check_findings_match_decode_counts() -> None:
    text = "Ambition:competition\u2013decisiveness&leadership, decisiveness, stubborness, sharing and empathy"
    findings = list(gd.GenderDecoderCheck().run(_analysis(text, "en"), [], None))
    result = gd.decode(text)
    assert sum(f.coding == "masculine" for f in findings) == result.masculine_word_count == 6
    assert sum(f.coding == "feminine" for f in findings) == result.feminine_word_count == 2


# --------------------------------------------------------------------------------------------
# Corpus comparisons (read-only)


@pytest.mark.slow
@requires_corpus
def test_corpus_cleanup_and_offsets_match_reference() -> None:
    texts = _corpus_texts("en", CORPUS_ADS)
    assert len(texts) == CORPUS_ADS
    for text in texts:
        assert gd.clean_up_word_list(text) == reference_clean_up(text)
        _assert_offsets(text, "en")


@pytest.mark.slow
@requires_corpus
def test_swedish_corpus_cleanup_and_offsets_match_reference() -> None:
    texts = _corpus_texts("sv", None)
    assert texts
    for text in texts:
        assert gd.clean_up_word_list(text, "sv") == reference_clean_up(text, "sv")
        _assert_offsets(text, "sv")


@pytest.mark.slow
@requires_corpus
def test_corpus_fast_hits_equal_nested_loops() -> None:
    lists = gd.load_wordlists("en")
    total = 0
    codings = set()
    for text in _corpus_texts("en", CORPUS_ADS):
        words = reference_clean_up(text)
        fast = gd.coded_hits(words)
        assert fast == naive_hits(words)
        total += len(fast)
        # Per coding, the words come out in gender-decoder's own order.
        for coding in ("masculine", "feminine"):
            mine = [words[i] for i, _, c in fast if c == coding]
            assert mine == reference_coded_words(words, lists.stems(coding), lists.exceptions)
        result = gd.decode(text)
        assert result.coding == gd.assess(
            sum(c == "masculine" for _, _, c in fast), sum(c == "feminine" for _, _, c in fast)
        )
        codings.add(result.coding)
    assert total > 1000  # the comparison saw real hits, not empty lists
    assert len(codings) >= 3


@pytest.mark.slow
@requires_corpus
def test_swedish_corpus_fast_hits_equal_nested_loops() -> None:
    total = 0
    for text in _corpus_texts("sv", None):
        words = reference_clean_up(text, "sv")
        fast = gd.coded_hits(words, "sv")
        assert fast == naive_hits(words, "sv")
        total += len(fast)
    assert total > 50
