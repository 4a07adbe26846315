"""Where review files go: ``--output`` checks and one file per input with ``--output-dir``.

Used by ``normcheck scan``; kept here so the command line stays a thin shell. Rules:

- An input is never overwritten, not even with ``--force``.
- A review file (``docx``, ``html``, ``md``: reporters with ``per_document = True``) that already
  exists is only replaced with ``--force``; people annotate these files by hand.
- ``--output-dir`` writes ``<input stem>.normcheck<ext>`` per input document (``-2``, ``-3``
  when two inputs share a stem), each written to a temporary name and moved into place, so a
  failure never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from normcheck.errors import NormcheckError
from normcheck.reporters.common import output_name, same_file


def _local_inputs(sources: Sequence[str]) -> list[str]:
    return [s for s in sources if s != "-" and "://" not in s]


def check_outputs(
    reporter: Any, fmt: str, sources: Sequence[str], output: str | None, output_dir: str | None, force: bool
) -> None:
    """Refuse output options that cannot work, before anything is scanned (click.UsageError)."""
    import click

    per_doc = bool(getattr(reporter, "per_document", False))
    binary = bool(getattr(reporter, "binary", False))
    if output_dir is not None:
        if output is not None:
            raise click.UsageError("give either --output or --output-dir, not both")
        if not per_doc:
            raise click.UsageError(f"--output-dir writes one file per input; the {fmt} format writes one report: use --output")
        if Path(output_dir).exists() and not Path(output_dir).is_dir():
            raise click.UsageError(f"{output_dir} exists and is not a directory")
        return
    if binary and output is None:
        raise click.UsageError(f"the {fmt} format writes a file: give --output (or --output-dir for several inputs)")
    if binary and per_doc and len(sources) > 1:
        raise click.UsageError(f"the {fmt} format writes one file per input: give --output-dir for {len(sources)} inputs")
    if output in (None, "-"):
        return
    for source in _local_inputs(sources):
        if Path(source).is_file() and same_file(output, source):
            raise click.UsageError(f"{output} is one of the inputs; normcheck never overwrites an input")
    if per_doc and Path(output).exists() and not force:
        raise click.UsageError(f"{output} already exists; use --force to overwrite it")


def write_atomic(target: Path, data: str | bytes) -> None:
    """Write ``data`` to a temporary file next to ``target`` and move it into place."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; a review is an ordinary file to share
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def scan_to_dir(
    sources: Sequence[str],
    config: Any,
    reporter: Any,
    options: dict[str, Any],
    output_dir: str,
    *,
    force: bool = False,
    input_format: str | None = None,
    text_field: str = "text",
    id_field: str = "id",
) -> int:
    """Scan ``sources`` and write one review per document into ``output_dir``.

    Prints each written path on stdout and each problem on stderr; returns the exit status
    (2 when an input or an output failed, else 1 when findings reach ``fail-on``, else 0).
    """
    import click

    from normcheck import api
    from normcheck.model import SEVERITY_RANK, InputError

    folder = Path(output_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NormcheckError(f"the output folder cannot be created ({exc.strerror or exc})", source=output_dir) from None
    threshold = SEVERITY_RANK.get(config.fail_on, 99)
    taken: set[str] = set()  # names used in this run: two inputs never share an output
    failed = errors = False
    inputs = [s for s in _local_inputs(sources) if Path(s).is_file()]
    for item in api.iter_scan(list(sources), config, input_format=input_format, text_field=text_field, id_field=id_field):
        if isinstance(item, InputError):
            errors = True
            click.echo(f"normcheck: error: {item}", err=True)
            continue
        if any(SEVERITY_RANK[f.severity] >= threshold for f in item.findings):
            failed = True
        target = folder / output_name(item.source, reporter.extension, taken)
        if target.exists() and not force:
            errors = True
            click.echo(f"normcheck: error: {target}: already exists; use --force to overwrite it", err=True)
            continue
        if any(same_file(target, s) for s in inputs) or (Path(item.source).is_file() and same_file(target, item.source)):
            errors = True
            click.echo(f"normcheck: error: {target}: is an input; normcheck never overwrites an input", err=True)
            continue
        try:
            write_atomic(target, reporter.render_document(item, config, options))
        except NormcheckError as exc:
            errors = True
            click.echo(f"normcheck: error: {exc}", err=True)
            continue
        except OSError as exc:
            errors = True
            click.echo(f"normcheck: error: {target}: cannot be written ({exc.strerror or exc})", err=True)
            continue
        click.echo(str(target))
    if errors:
        return 2
    return 1 if failed else 0
