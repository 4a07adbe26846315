"""``normcheck summarize`` and ``normcheck evaluate``: built-in commands added through the
``register_commands`` hook, the way a third-party plugin adds its own."""

from __future__ import annotations

import sys
from typing import Any

import click

from normcheck.hookspecs import hookimpl


def _write(text: str, output: str | None) -> None:
    from normcheck.cli import _output

    with _output(output, False) as out:
        out.write(text)


@click.command()
@click.argument("results", type=click.Path(dir_okay=False))
@click.option("--by", "by", help="Group by this field (document key, dotted path, or a corpus field kept in meta).")
@click.option("--date-field", help="Field holding each document's date, for trends.")
@click.option("--period", type=click.Choice(["auto", "month", "quarter", "year"]), default="auto", show_default=True,
              help="Trend period (auto: months up to three years, then quarters, then years).")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Flagged words listed per category.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
def summarize(results: str, by: str | None, date_field: str | None, period: str, top: int, fmt: str, output: str | None) -> None:
    """Summarise a corpus scan (RESULTS: the output of `normcheck scan --format jsonl`)."""
    from normcheck import summarize as summary_mod

    summary = summary_mod.summarize(results, by=by, date_field=date_field, period=period, top=top)
    _write(summary_mod.RENDERERS[fmt](summary), output)
    if summary.skipped:
        click.echo(f"normcheck: {len(summary.skipped)} lines in {results} were not document objects and were skipped", err=True)


@click.command()
@click.argument("data", type=click.Path(dir_okay=False))
@click.option("--text-field", default="text", show_default=True, help="Field or column holding the ad's text.")
@click.option("--women-field", required=True, help="Field with the number of women who applied.")
@click.option("--men-field", required=True, help="Field with the number of men who applied.")
@click.option("--id-field", default="id", show_default=True, help="Field with the ad's id (for messages).")
@click.option("--group-field", help="Field naming the employer or other group: grouped cross-validation and bootstrap.")
@click.option("--date-field", help="Field with the ad's date: time enters the model as a control.")
@click.option("--period-field", help="Field with two values (before/after) for a before/after comparison.")
@click.option("--cutoff", help="With --date-field and no --period-field: ads before this date are 'before'.")
@click.option("--feature", "features", multiple=True, help="Model features to use (repeatable; default: all wording features and length).")
@click.option("--input-format", type=click.Choice(["auto", "csv", "jsonl"]), default="auto", show_default=True)
@click.option("--bootstrap", "rounds", type=click.IntRange(min=0), default=200, show_default=True, help="Bootstrap rounds for the intervals.")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True, help="Cross-validation folds.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (results are reproducible).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True, help="Worker processes for the scan.")
@click.option("--lang", type=click.Choice(["sv", "en"]), help="Force the language of every ad.")
@click.option("--profile", help="Scan profile.")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
def evaluate(
    data: str, text_field: str, women_field: str, men_field: str, id_field: str, group_field: str | None,
    date_field: str | None, period_field: str | None, cutoff: str | None, features: tuple[str, ...],
    input_format: str, rounds: int, folds: int, seed: int, jobs: int, lang: str | None, profile: str | None,
    config_path: str | None, fmt: str, output: str | None,
) -> None:
    """Relate the wording of job ads in DATA (CSV or JSONL, one ad per row) to the share of women applicants."""
    from normcheck import api, corpus, evaluation

    config = api.make_config(config_path, near=data, lang=lang, profile=profile)
    fields = evaluation.Fields(text_field, women_field, men_field, id_field, group_field, date_field, period_field)
    opts: dict[str, Any] = {"bootstrap": rounds, "folds": folds, "seed": seed, "cutoff": cutoff}
    if features:
        opts["features"] = tuple(features)
    progress = corpus.Progress(sys.stderr) if sys.stderr.isatty() else None
    result = evaluation.evaluate(
        data, fields, options=evaluation.Options(**opts), config=config, input_format=input_format, jobs=jobs, progress=progress
    )
    _write(result.render(fmt), output)
    for warning in result.result["warnings"]:
        click.echo(f"normcheck: warning: {warning}", err=True)


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(summarize)
    cli.add_command(evaluate)
