"""JSON (one normcheck/v1 object) and JSONL (one document object per line, streamed)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from normcheck.hookspecs import hookimpl

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.model import DocumentReport, Report


class JsonReporter:
    name = "json"
    media_type = "application/json"
    description = "one normcheck/v1 object with every document"
    binary = False
    streaming = False

    def render(self, report: Report, config: Config, options: dict[str, Any]) -> str:
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


class JsonlReporter:
    name = "jsonl"
    media_type = "application/x-ndjson"
    description = "one document object per line, written as each document is scanned"
    binary = False
    streaming = True

    def render_document(self, doc: DocumentReport, config: Config, options: dict[str, Any]) -> str:
        return json.dumps(doc.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"

    def render(self, report: Report, config: Config, options: dict[str, Any]) -> str:
        return "".join(self.render_document(d, config, options) for d in report.documents)


@hookimpl
def register_reporters() -> list[object]:
    return [JsonReporter(), JsonlReporter()]
