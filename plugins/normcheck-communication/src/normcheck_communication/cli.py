"""``normcheck representation PATHS...``: who is named, quoted and mentioned first, per page and site.

Thin like the core CLI: it scans with ``normcheck.api.iter_scan`` (the same readers, the same
folders, URLs and corpus formats as ``normcheck scan``), aggregates with ``site.aggregate`` and
renders. Unreadable inputs are reported one line each on stderr and make the exit status 2;
the others are still counted.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from normcheck_communication.data import GENDERS


@click.command("representation")
@click.argument("sources", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@click.option("--lang", type=click.Choice(["sv", "en"]), help="Force the language instead of detecting it per paragraph.")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file (default: nearest .normcheck.toml or pyproject.toml).")
@click.option("--input-format", default="auto", show_default=True, help="auto (files, folders, URLs, -) or a corpus format such as jsonl.")
@click.option("--text-field", default="text", show_default=True, help="Corpus field holding the text.")
@click.option("--id-field", default="id", show_default=True, help="Corpus field holding the document id.")
@click.option(
    "--crawl",
    type=click.IntRange(1, 10000),
    metavar="N",
    help="For a URL: also follow same-site links and count up to N pages (robots.txt respected).",
)
@click.option("--persons", "max_persons", default=20, show_default=True, type=click.IntRange(min=0), help="People listed in the text output.")
@click.option("--sentences", "max_sentences", default=5, show_default=True, type=click.IntRange(min=0), help="Association sentences shown in the text output.")
def representation(
    sources: tuple[str, ...],
    fmt: str,
    output: str | None,
    lang: str | None,
    config_path: str | None,
    input_format: str,
    text_field: str,
    id_field: str,
    crawl: int | None,
    max_persons: int,
    max_sentences: int,
) -> None:
    """Count who is named, quoted and mentioned first in SOURCES, per page and for all of them.

    SOURCES are files, folders (every readable file in them is a page), URLs (with --crawl N,
    a whole site) or - for stdin. The counts describe the material; they are not a verdict on it.
    """
    from normcheck import api
    from normcheck.model import DocumentReport, InputError
    from normcheck_communication import summarize
    from normcheck_communication.site import aggregate

    near = next((s for s in sources if s != "-" and "://" not in s), None)
    config = api.make_config(config_path, near=near, lang=lang)
    if crawl is not None:
        if input_format not in ("auto", "file"):
            raise click.UsageError("--crawl reads URLs; it cannot be combined with --input-format")
        from normcheck.readers.url import with_crawl

        config, input_format = with_crawl(config, crawl), "crawl"
    documents: list[DocumentReport] = []
    errors: list[InputError] = []
    for item in api.iter_scan(list(sources), config, input_format=input_format, text_field=text_field, id_field=id_field):
        if isinstance(item, InputError):
            errors.append(item)
            click.echo(f"normcheck: error: {item}", err=True)
            continue
        if "communication" not in item.modules:  # the plugin is not registered in this process
            from normcheck.lang import analyze

            item.modules["communication"] = summarize(analyze(item.document, config), item.findings)
        documents.append(item)
    site = aggregate(documents)
    if errors:
        site["errors"] = [e.to_dict() for e in errors]
    if fmt == "json":
        rendered = json.dumps(site, ensure_ascii=False, indent=2) + "\n"
    else:
        rendered = render_text(site, max_persons=max_persons, max_sentences=max_sentences)
    _write(output, rendered)
    if errors or not documents:
        sys.exit(2)


def _write(output: str | None, text: str) -> None:
    """stdout, or the whole text to a temporary file moved into place (never a partial file)."""
    import os
    import tempfile
    from pathlib import Path

    from normcheck.errors import NormcheckError

    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise NormcheckError("the output folder does not exist", source=output)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _triple(c: dict[str, int]) -> str:
    return "/".join(str(c.get(g, 0)) for g in GENDERS)


def _pct(c: dict[str, int]) -> str:
    known = c.get("woman", 0) + c.get("man", 0)
    return f"{round(100 * c['woman'] / known)}%" if known else "–"


def render_text(site: dict[str, Any], *, max_persons: int = 20, max_sentences: int = 5) -> str:
    """The per-page table, the site row, women's shares, people and example sentences."""
    lines: list[str] = []
    rows = site["pages"]
    width = max([len("women of women+men"), len(f"all {len(rows)} pages"), *(len(r["source"]) for r in rows)])
    width = min(width, 60)
    header = (
        f"{'page':<{width}}  {'words':>6}  {'named':>8}  {'quoted':>8}  {'pronouns':>8}  "
        f"{'words W/M/?':>11}  {'pairs W1/M1':>11}  {'marking':>7}  {'stereo':>6}"
    )
    lines.append("representation: women/men/unknown (W/M/?) by page")
    lines.append(header)
    lines.append("-" * len(header))

    def row(name: str, words: Any, counts: dict[str, dict[str, int]], order: dict[str, Any], marking: dict[str, int], stereo: dict[str, int]) -> str:
        label = name if len(name) <= width else "…" + name[-(width - 1) :]
        return (
            f"{label:<{width}}  {words if words is not None else '':>6}  {_triple(counts['named']):>8}  "
            f"{_triple(counts['quoted']):>8}  {_triple(counts['pronouns']):>8}  {_triple(counts['gendered_words']):>11}  "
            f"{str(order.get('woman_first', 0)) + '/' + str(order.get('man_first', 0)):>11}  "
            f"{str(marking.get('woman', 0)) + '/' + str(marking.get('man', 0)):>7}  "
            f"{str(stereo.get('woman', 0)) + '/' + str(stereo.get('man', 0)):>6}"
        )

    for r in rows:
        lines.append(row(r["source"], r["words"], r["counts"], r["order"], r["marking"], r["stereotyped"]))
    lines.append("-" * len(header))
    counts = site["counts"]
    lines.append(row(f"all {len(rows)} pages", site["words"], counts, site["order"], site["marking"], site["associations"]["stereotyped"]))
    lines.append(
        f"{'women of women+men':<{width}}  {'':>6}  {_pct(counts['named']):>8}  {_pct(counts['quoted']):>8}  "
        f"{_pct(counts['pronouns']):>8}  {_pct(counts['gendered_words']):>11}"
    )
    lines.append("")
    lines.append(f"site: {site['headline']}")
    q = site["quotes"]
    if q["total"]:
        lines.append(f"quotes: {q['total']} ({q['attributed']} attributed to a named person, {q['unattributed']} not)")
    persons = site["persons"][:max_persons]
    if persons:
        lines.append("")
        lines.append(f"people named ({len(site['persons'])}; by mentions)")
        for p in persons:
            quoted = f", quoted {p['quoted']}" if p["quoted"] else ""
            pages = f", on {p['pages']} pages" if p.get("pages", 1) > 1 else ""
            lines.append(f"  {p['name']:<30} {p['gender']:<8} mentions {p['mentions']}{quoted}{pages}")
    a = site["associations"]
    if a["stereotyped"]["woman"] or a["stereotyped"]["man"] or a["counter_stereotyped"]["woman"] or a["counter_stereotyped"]["man"]:
        lines.append("")
        lines.append(
            "associations (sentences): women next to care/appearance words "
            f"{a['stereotyped']['woman']}, next to expertise/technology/leadership {a['counter_stereotyped']['woman']}; "
            f"men next to expertise/technology/leadership {a['stereotyped']['man']}, next to care/appearance {a['counter_stereotyped']['man']}"
        )
        for s in a["sentences"][:max_sentences]:
            where = f"{s['source']}: " if s.get("source") else ""
            lines.append(f"  {where}[{s['gender']}: {', '.join(s['words'])}] {s['text']}")
    lines.append("")
    return "\n".join(lines)
