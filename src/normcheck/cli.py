"""The ``normcheck`` command line: parse options, call the library, render. No logic beyond that."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from normcheck import __version__
from normcheck.errors import NormcheckError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class NormcheckGroup(click.Group):
    """Turns library errors into one line on stderr and exit 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NormcheckError as exc:
            click.echo(f"normcheck: error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)


@click.group(cls=NormcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="normcheck")
def cli() -> None:
    """Find gendered language and norm patterns in Swedish and English text."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def _output(path: str | None, binary: bool) -> Iterator[IO[Any]]:
    """stdout, or a file written in full to a temporary name and then moved into place."""
    if path is None or path == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        return
    target = Path(path)
    if target.is_dir():
        raise NormcheckError("is a directory; give a file name", source=path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise NormcheckError("the output folder does not exist", source=path)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else "utf-8") as fh:
            yield fh
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", default="text", show_default=True, help="Output format (see `normcheck formats`).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file instead of stdout.")
@click.option("--lang", type=click.Choice(["sv", "en"]), help="Force the language instead of detecting it per paragraph.")
@click.option("--profile", help="Scan profile: default, or gender-decoder (that tool's exact word lists and scoring).")
@click.option(
    "--fail-on",
    type=click.Choice(["never", "suggestion", "warning", "error"]),
    help="Exit 1 when a finding is at or above this severity (default: warning).",
)
@click.option("--config", "config_path", type=click.Path(), help="Configuration file (default: nearest .normcheck.toml or pyproject.toml).")
@click.option("--input-format", default="auto", show_default=True, help="auto (files, folders, -) or a corpus format such as jsonl.")
@click.option("--text-field", default="text", show_default=True, help="Corpus field holding the text.")
@click.option("--id-field", default="id", show_default=True, help="Corpus field holding the document id.")
@click.option("--enable", multiple=True, help="Only run rules whose id starts with this (repeatable).")
@click.option("--disable", multiple=True, help="Skip rules whose id starts with this (repeatable).")
@click.option("--backend", help="Language backend: default, spacy or stanza (see `normcheck models`).")
@click.option("--spacy-model", multiple=True, help="spaCy pipeline for --backend spacy: package name or directory (repeatable, one per language).")
@click.option("--stanza-dir", type=click.Path(file_okay=False), help="stanza resources directory for --backend stanza (default: $STANZA_RESOURCES_DIR).")
@click.option("--output-dir", type=click.Path(file_okay=False), help="Write one review file per input into this folder (docx, html, md).")
@click.option("--force", is_flag=True, help="Overwrite existing review files (docx, html, md); an input is never overwritten.")
@click.option(
    "--crawl",
    type=click.IntRange(1, 10000),
    metavar="N",
    help="For a URL: also follow same-site links and scan up to N pages (robots.txt respected).",
)
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True, help="Worker processes (0: one per core).")
@click.option("--resume", type=click.Path(dir_okay=False), help="Write JSONL to this file, skipping documents it already holds.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True, help="Where corpus chunks run.")
@click.option("--scheduler", help="Dask scheduler address for --engine dask (default: a local cluster).")
def scan(
    sources: tuple[str, ...],
    fmt: str,
    output: str | None,
    lang: str | None,
    profile: str | None,
    fail_on: str | None,
    config_path: str | None,
    input_format: str,
    text_field: str,
    id_field: str,
    enable: tuple[str, ...],
    disable: tuple[str, ...],
    backend: str | None = None,
    spacy_model: tuple[str, ...] = (),
    stanza_dir: str | None = None,
    output_dir: str | None = None,
    force: bool = False,
    crawl: int | None = None,
    jobs: int = 1,
    resume: str | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> None:
    """Scan SOURCES (files, folders, URLs, or - for stdin) and report what is found."""
    from normcheck import api
    from normcheck.model import SEVERITY_RANK, InputError, Report
    from normcheck.reporters import get_reporters
    from normcheck.reporters.text import use_colour

    reporters = get_reporters()
    reporter = reporters.get(fmt)
    if reporter is None:
        raise click.UsageError(f"unknown format {fmt!r}; choose from {', '.join(sorted(reporters))}")
    near = next((s for s in sources if s != "-" and "://" not in s), None)
    config = api.make_config(
        config_path,
        near=near,
        lang=lang,
        profile=profile,
        fail_on=fail_on,
        enable=enable or None,
        disable=disable or None,
        backend=backend,
        spacy_model=spacy_model or None,
        stanza_dir=stanza_dir,
    )
    from normcheck.backends import prepare

    prepare(config)  # a missing model is one error here, not one per document
    if crawl is not None:
        from normcheck.readers.url import with_crawl

        if input_format not in ("auto", "file"):
            raise click.UsageError("--crawl reads URLs; it cannot be combined with --input-format")
        config, input_format = with_crawl(config, crawl), "crawl"
    from normcheck.reporters.outputs import check_outputs, scan_to_dir

    check_outputs(reporter, fmt, sources, output, output_dir, force)
    options = {"color": output is None and use_colour(sys.stdout), "output": output}
    if output_dir is not None:
        sys.exit(
            scan_to_dir(
                list(sources), config, reporter, options, output_dir, force=force,
                input_format=input_format, text_field=text_field, id_field=id_field,
            )
        )
    if jobs != 1 or resume or engine != "local" or scheduler or input_format in ("jsonl", "csv", "tsv"):
        from normcheck import corpus

        sys.exit(
            corpus.cli_scan(
                list(sources), config, reporter, options, output=output, open_output=_output,
                input_format=input_format, text_field=text_field, id_field=id_field,
                jobs=jobs, resume=resume, engine=engine, scheduler=scheduler,
            )
        )
    report = Report(documents=[], profile=config.profile)
    threshold = SEVERITY_RANK.get(config.fail_on, 99)
    failed = False
    with _output(output, getattr(reporter, "binary", False)) as out:
        stream = getattr(reporter, "streaming", False)
        for item in api.iter_scan(
            list(sources), config, input_format=input_format, text_field=text_field, id_field=id_field
        ):
            if isinstance(item, InputError):
                report.errors.append(item)
                click.echo(f"normcheck: error: {item}", err=True)
                continue
            if any(SEVERITY_RANK[f.severity] >= threshold for f in item.findings):
                failed = True
            if stream:
                out.write(reporter.render_document(item, config, options))
                out.flush()
            else:
                report.documents.append(item)
        if not stream:
            out.write(reporter.render(report, config, options))
    if report.errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@cli.command()
@click.option("--lang", type=click.Choice(["sv", "en"]), help="Only rules for this language.")
@click.option("--category", help="Only rules in this category.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def rules(lang: str | None, category: str | None, as_json: bool) -> None:
    """List the rules the lexicons define."""
    import json

    from normcheck import api

    config = api.make_config(None, near=Path.cwd())
    selected = [r for r in api.load_rules(config) if (not lang or r.lang == lang) and (not category or r.category == category)]
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in selected], ensure_ascii=False, indent=2))
        return
    for r in selected:
        suggest = f"  → {', '.join(r.suggest)}" if r.suggest else ""
        click.echo(f"{r.id:<50} {r.level:<10} {', '.join(r.match[:3])}{'…' if len(r.match) > 3 else ''}{suggest}")
    click.echo(f"{len(selected)} rules", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def plugins(as_json: bool) -> None:
    """List the installed plugins and the hooks they implement."""
    import json

    from normcheck.plugins import get_plugins

    found = get_plugins()
    if as_json:
        click.echo(json.dumps(found, indent=2))
        return
    for p in found:
        kind = "built-in" if p["builtin"] else f"plugin {p['version'] or ''}".strip()
        click.echo(f"{p['name']:<40} {kind:<16} {', '.join(p['hooks'])}")


@cli.command()
def formats() -> None:
    """List the output formats."""
    from normcheck.reporters import get_reporters

    for name, reporter in sorted(get_reporters().items()):
        click.echo(f"{name:<10} {getattr(reporter, 'description', '')}")


def _register_plugin_commands() -> None:
    from normcheck.plugins import get_plugin_manager

    get_plugin_manager().hook.register_commands(cli=cli)


def main() -> None:
    try:
        _register_plugin_commands()
    except NormcheckError as exc:
        click.echo(f"normcheck: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    cli(prog_name="normcheck")


if __name__ == "__main__":  # pragma: no cover
    main()
