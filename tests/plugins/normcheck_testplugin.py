"""A third-party-style plugin used by the tests: a lexicon, a check and a reporter."""

from __future__ import annotations

import re
from pathlib import Path

from normcheck import hookimpl
from normcheck.model import Finding

HERE = Path(__file__).resolve().parent


@hookimpl
def register_lexicon_dirs(config):
    return [HERE / "lexicons"]


class ShoutingCheck:
    """Flags words written in capitals that are longer than three letters (not acronyms)."""

    name = "shouting"
    profiles = ("default",)

    def run(self, analysis, rules, config):
        for tok in analysis.tokens:
            if len(tok.text) > 4 and tok.text.isupper() and re.fullmatch(r"[A-ZÅÄÖ]+", tok.text):
                yield Finding(
                    rule="xx.shouting.caps",
                    category="tone",
                    severity="suggestion",
                    language=tok.lang,
                    start=tok.start,
                    end=tok.end,
                    text=tok.text,
                    message=f"'{tok.text}' is written in capitals; ordinary case reads calmer.",
                    suggestions=(tok.text.capitalize(),),
                )


@hookimpl
def register_checks(config):
    return [ShoutingCheck()]


class CountReporter:
    name = "count"
    media_type = "text/plain"
    description = "number of findings per document"
    binary = False

    def render(self, report, config, options):
        return "".join(f"{d.source}\t{len(d.findings)}\n" for d in report.documents)


@hookimpl
def register_reporters():
    return [CountReporter()]


@hookimpl
def register_profiles():
    return ["test-profile"]
