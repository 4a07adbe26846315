"""SARIF 2.1.0 for code-review tools, documentation repositories and CI dashboards.

One run, with one ``reportingDescriptor`` per normcheck rule that produced a result (id,
short and full description, help text with the suggestions and references, default level),
one artifact per input and one result per finding. Physical locations give the file, line and
column; columns count Unicode code points (``columnKind: unicodeCodePoints``). For Word, HTML
and PDF inputs the line and column are those of the extracted text, and a logical location
carries the reader's locator (``docx:body/p[12]``). For plain-text and Markdown inputs, whose
extracted text is the file itself, each suggestion is also offered as a ``fix``.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from normcheck.hookspecs import hookimpl
from normcheck.reporters.common import category_label, finding_lines

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.model import DocumentReport, Finding, Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
LEVELS = {"error": "error", "warning": "warning", "suggestion": "note"}
_TEXT_TYPES = ("text/plain", "text/markdown")
_URL = re.compile(r"https?://\S+")


def artifact_uri(source: str) -> str:
    """A URI reference for ``source``: relative paths stay relative (forward slashes)."""
    if "://" in source:
        return source
    if source == "-":
        return "stdin"
    path = Path(source)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix(), safe="/-._~")


def _rule_name(rule_id: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", rule_id) if part)


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?[.!?])(\s|$)", text.strip())
    return (m.group(1) if m else text.strip())[:300]


def _descriptor(rule_id: str, lexicon_rule: Any, example: Finding) -> dict[str, Any]:
    """A reportingDescriptor from the lexicon rule when there is one, else from a finding."""
    if lexicon_rule is not None:
        note = lexicon_rule.note
        suggest = list(lexicon_rule.suggest)
        references = list(lexicon_rule.references)
        category = lexicon_rule.category
        level = lexicon_rule.level
        coding = lexicon_rule.coding
        lang = lexicon_rule.lang
        words = ", ".join(lexicon_rule.match[:5]) if lexicon_rule.type != "pattern" else ""
    else:
        note = example.note or example.message
        suggest = list(example.suggestions)
        references = list(example.references)
        category = example.category
        level = example.severity
        coding = example.coding
        lang = example.language
        words = ""
    short = f"{category_label(category, lang)}: {words}" if words else _first_sentence(note)
    help_lines = [note]
    md_lines = [note]
    if suggest:
        help_lines.append("Suggestions: " + ", ".join(suggest))
        md_lines.append("**Suggestions:** " + ", ".join(f"*{s}*" for s in suggest))
    if references:
        help_lines.append("References: " + "; ".join(references))
        md_lines.append("**References:**\n" + "\n".join(f"- {r}" for r in references))
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": _rule_name(rule_id),
        "shortDescription": {"text": short},
        "fullDescription": {"text": note},
        "help": {"text": "\n".join(help_lines), "markdown": "\n\n".join(md_lines)},
        "defaultConfiguration": {"level": LEVELS.get(level, "warning")},
        "properties": {
            "category": category,
            "tags": [t for t in (category, lang, f"{coding}-coded" if coding else None) if t],
        },
    }
    url = next((m.group(0).rstrip(").,;") for r in references for m in [_URL.search(r)] if m), None)
    if url:
        descriptor["helpUri"] = url
    return descriptor


def _result(f: Finding, doc: DocumentReport, uri: str, artifact_index: int, rule_index: int) -> dict[str, Any]:
    text = doc.document.text
    line, col, end_line, end_col = finding_lines(f, text)
    message = f.message
    if f.suggestions:
        message += " Suggestions: " + ", ".join(f.suggestions) + "."
    region: dict[str, Any] = {
        "startLine": line,
        "startColumn": col,
        "endLine": end_line,
        "endColumn": end_col,
        "charOffset": f.start,
        "charLength": f.end - f.start,
        "snippet": {"text": f.text},
    }
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": {"uri": uri, "index": artifact_index}, "region": region}
    }
    if f.location is not None and f.location.locator and doc.media_type not in _TEXT_TYPES:
        location["logicalLocations"] = [{"fullyQualifiedName": f.location.locator, "kind": "element"}]
    digest = hashlib.sha256(f"{f.rule}\0{f.text.lower()}\0{text[max(0, f.start - 40) : f.end + 40]}".encode()).hexdigest()
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS.get(f.severity, "warning"),
        "kind": "fail",
        "message": {"text": message},
        "locations": [location],
        "partialFingerprints": {"normcheckContext/v1": digest[:32]},
        "properties": {
            "category": f.category,
            "severity": f.severity,
            "language": f.language,
            "suggestions": list(f.suggestions),
        },
    }
    if f.coding:
        result["properties"]["coding"] = f.coding
    if doc.media_type in _TEXT_TYPES and f.suggestions:
        result["fixes"] = [
            {
                "description": {"text": f"Replace '{f.text}' with '{s}'"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri, "index": artifact_index},
                        "replacements": [
                            {
                                "deletedRegion": {"charOffset": f.start, "charLength": f.end - f.start},
                                "insertedContent": {"text": s},
                            }
                        ],
                    }
                ],
            }
            for s in f.suggestions
        ]
    return result


def build_sarif(report: Report, config: Config | None = None) -> dict[str, Any]:
    """The SARIF log for ``report`` as a dict."""
    from normcheck import __version__

    lexicon: dict[str, Any] = {}
    if config is not None and report.findings:
        try:
            from normcheck.api import load_rules

            lexicon = {r.id: r for r in load_rules(config)}
        except Exception:  # the descriptors then come from the findings themselves
            lexicon = {}
    rules: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for doc in report.documents:
        uri = artifact_uri(doc.source)
        artifact_index = len(artifacts)
        artifacts.append(
            {
                "location": {"uri": uri, "index": artifact_index},
                "mimeType": doc.media_type,
                "properties": {"language": doc.language, "words": doc.words, "scores": doc.scores},
            }
        )
        for f in doc.findings:
            if f.rule not in rule_index:
                rule_index[f.rule] = len(rules)
                rules.append(_descriptor(f.rule, lexicon.get(f.rule), f))
            results.append(_result(f, doc, uri, artifact_index, rule_index[f.rule]))
    notifications = [
        {
            "level": "error",
            "message": {"text": e.message},
            "descriptor": {"id": e.code},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(e.source)}}}],
        }
        for e in report.errors
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "normcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "invocations": [invocation],
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {"profile": report.profile, "schema": "normcheck/v1"},
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


class SarifReporter:
    name = "sarif"
    media_type = "application/sarif+json"
    description = "SARIF 2.1.0 for code-review tools (GitHub code scanning, VS Code SARIF viewer)"
    binary = False
    streaming = False

    def render(self, report: Report, config: Config, options: dict[str, Any]) -> str:
        return json.dumps(build_sarif(report, config), ensure_ascii=False, indent=2) + "\n"


@hookimpl
def register_reporters() -> list[object]:
    return [SarifReporter()]
