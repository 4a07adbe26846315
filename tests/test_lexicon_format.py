"""The lexicon loader rejects bad files with the file and the entry named, and caches good ones."""

from __future__ import annotations

import pytest

from normcheck.errors import LexiconError
from normcheck.lexicon import load_dirs, load_file

GOOD_ENTRY = """
  - id: talesman
    match: [talesman]
    suggest: [talesperson]
    note: En titel som alla kan bära.
    references: [Språkrådet 26282]
    examples: {flag: ["Hon är talesman."], ok: ["Hon är talesperson."]}
"""


def write(tmp_path, body: str, name: str = "gendered-term.yml"):
    d = tmp_path / "sv"
    d.mkdir(parents=True, exist_ok=True)
    path = d / name
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("lang: sv\ncategory: gendered-term\nentries:\n" + GOOD_ENTRY + "    colour: red\n", "unknown key(s): colour"),
        ("lang: sv\ncategory: gendered-term\nentries:\n" + GOOD_ENTRY + GOOD_ENTRY, "id appears twice"),
        ("lang: sv\ncategory: gendered-term\nentries:\n" + GOOD_ENTRY.replace("    references: [Språkrådet 26282]\n", ""), "at least one reference"),
        ("lang: sv\ncategory: gendered-term\nentries:\n" + GOOD_ENTRY.replace('    examples: {flag: ["Hon är talesman."], ok: ["Hon är talesperson."]}\n', ""), "'examples'"),
        ("lang: sv\ncategory: gendered-term\nentries:\n" + GOOD_ENTRY.replace('ok: ["Hon är talesperson."]', "ok: []"), "examples.ok"),
        ("lang: sv\ncategory: gendered-term\nentries:\n" + GOOD_ENTRY.replace("    note: En titel som alla kan bära.\n", ""), "'note' is required"),
        ("lang: sv\ncategory: gendered-term\nentries:\n" + GOOD_ENTRY.replace("match: [talesman]", "type: pattern\n    match: ['(unclosed']"), "does not compile"),
        ("lang: sv\ncategory: gendered-term\nentries:\n" + GOOD_ENTRY.replace("match: [talesman]", "match: [talesman]\n    coding: masculine"), "'coding' is only allowed"),
        ("lang: en\ncategory: gendered-term\nentries:\n" + GOOD_ENTRY, "the file is under sv/"),
        ("lang: sv\ncategory: age\nentries:\n" + GOOD_ENTRY, "named after it: age.yml"),
        ("lang: sv\ncategory: gendered-term\nentries: [\n", "not valid YAML"),
        ("lang: sv\ncategory: gendered-term\nlevel: fatal\nentries:\n" + GOOD_ENTRY, "'level' must be one of"),
    ],
)
def test_invalid_lexicons_name_file_and_entry(tmp_path, body, message):
    path = write(tmp_path, body)
    with pytest.raises(LexiconError) as info:
        load_file(path, lang="sv")
    text = str(info.value)
    assert str(path) in text and message in text


def test_entry_is_named_in_errors(tmp_path):
    path = write(tmp_path, "lang: sv\ncategory: gendered-term\nentries:\n" + GOOD_ENTRY + "    colour: red\n")
    with pytest.raises(LexiconError) as info:
        load_file(path, lang="sv")
    assert info.value.entry == "talesman" and "[entry talesman]" in str(info.value)


def test_same_term_in_two_files_is_rejected(tmp_path):
    write(tmp_path, "lang: sv\ncategory: gendered-term\nentries:\n" + GOOD_ENTRY)
    write(tmp_path, "lang: sv\ncategory: culture\nentries:\n" + GOOD_ENTRY.replace("id: talesman", "id: other"), "culture.yml")
    with pytest.raises(LexiconError, match="already matched by sv.culture.other"):
        load_dirs([tmp_path], cache=False)


def test_cache_is_used_and_invalidated_by_edits(tmp_path, monkeypatch):
    monkeypatch.setenv("NORMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    lex = tmp_path / "lex"
    path = write(lex, "lang: sv\ncategory: gendered-term\nentries:\n" + GOOD_ENTRY)
    first = load_dirs([lex])
    assert [r.id for r in first] == ["sv.gendered-term.talesman"]
    assert list((tmp_path / "cache").glob("rules-*.pickle"))
    assert load_dirs([lex]) == first  # served from the cache
    path.write_text(path.read_text(encoding="utf-8") + "    colour: red\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="unknown key"):
        load_dirs([lex])  # the edit is seen, not hidden by the cache
