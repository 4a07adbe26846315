"""normcheck's communication tool module: representation in websites and material.

A normcheck plugin (entry point ``communication`` in the ``normcheck`` group). It

- fills ``documents[i].modules.communication`` (``summarize_document``): people named and quoted,
  pronouns and words for women and men by gender, which gender comes first in pairs, and which
  words stand next to references to women and to men;
- adds ``representation`` findings for unnecessary gender marking (``register_checks``), and
  drops the built-in lexicon's coarser finding on the same words (``suppress_finding``);
- adds ``normcheck representation PATHS...`` (``register_commands``): per-page and site tables.

``aggregate(reports)`` sums the per-document summaries into one for a whole site or folder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from normcheck.hookspecs import hookimpl
from normcheck_communication.marking import GenderMarkingCheck, duplicates_marking
from normcheck_communication.site import aggregate
from normcheck_communication.summary import summarize

if TYPE_CHECKING:
    import click

    from normcheck.config import Config
    from normcheck.lang import Analysis
    from normcheck.model import DocumentReport, Finding

__version__ = "0.1.0"
MODULE = "communication"


@hookimpl
def register_checks(config: Config) -> list[object]:
    return [GenderMarkingCheck()]


@hookimpl
def suppress_finding(finding: Finding, analysis: Analysis, config: Config) -> bool | None:
    """Drop a lexicon finding that reports, more coarsely, a gender marking this module reports."""
    return True if duplicates_marking(finding, analysis, config) else None


@hookimpl
def summarize_document(report: DocumentReport, analysis: Analysis, config: Config) -> dict[str, Any]:
    return {MODULE: summarize(analysis, report.findings)}


@hookimpl
def register_commands(cli: click.Group) -> None:
    from normcheck_communication.cli import representation

    cli.add_command(representation)


__all__ = ["GenderMarkingCheck", "aggregate", "summarize", "__version__"]
