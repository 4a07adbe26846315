"""Corpus scanning: many documents through worker processes, in input order, memory flat.

The main process reads the corpus (JSONL or CSV records, or the files of folders) and cuts it
into chunks; workers scan the chunks and send back either the rendered output line (for a
streaming format such as ``jsonl``) or the document's report. At most a fixed number of chunks
is in flight at any time, so memory does not grow with the size of the corpus, and results are
written in input order however the workers finish.

Engines:

- ``local`` (default): ``--jobs N`` worker processes on this machine (``--jobs 1`` scans in the
  main process with the same code path; ``--jobs 0`` uses every core).
- ``dask``: chunks are submitted to a Dask distributed cluster (``--scheduler ADDRESS``, or a
  local cluster of ``--jobs`` workers when no address is given). Needs ``pip install
  "normcheck[dask]"``; ``dask.distributed`` is imported only when this engine is chosen.

``--resume OUT.jsonl`` writes to ``OUT.jsonl`` as it goes and, when the file already holds
documents from an interrupted run, skips those documents and appends the rest: run the same
command again after an interruption and nothing is lost or written twice. A last line cut
off by the interruption is removed first.
"""

from __future__ import annotations

import collections
import importlib
import json
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from normcheck import api
from normcheck.config import Config
from normcheck.errors import NormcheckError, ReaderError, UsageError
from normcheck.model import SEVERITY_RANK, Document, DocumentReport, InputError, Report
from normcheck.plugins import DEFAULT_PLUGINS, get_plugin_manager

#: Corpus formats: a folder given with one of these is read as every file with that suffix.
CORPUS_SUFFIXES = {"jsonl": (".jsonl", ".ndjson"), "csv": (".csv",), "tsv": (".tsv", ".tab")}
#: A chunk holds at most this many documents, or this many characters of text.
CHUNK_DOCS = 16
CHUNK_CHARS = 200_000
#: Chunks in flight per worker (queued or being scanned).
WINDOW_PER_JOB = 3

# Errors that the core turns into an InputError for one document rather than stopping the run
# (api.iter_scan does the same).
_DOCUMENT_ERRORS = (LookupError, ValueError, TypeError, AttributeError, RuntimeError)


# ---------------------------------------------------------------------------------------------
# Work items and their results


@dataclass(frozen=True, slots=True)
class FileItem:
    """A file to read in the worker (so that parsing PDFs and Word files runs in parallel)."""

    path: str
    media_type: str | None = None


WorkItem = Document | FileItem | InputError


@dataclass(frozen=True, slots=True)
class Scanned:
    """One scanned document as it comes back from a worker.

    ``report`` is the DocumentReport, or ``None`` when the worker rendered ``line`` (a
    streaming format) or computed ``value`` (``Settings.transform``) instead.
    """

    source: str
    words: int
    worst: int  # highest severity rank among the findings, 0 when there are none
    line: str | None = None
    report: DocumentReport | None = None
    value: Any = None


Result = Scanned | InputError


@dataclass(frozen=True)
class Settings:
    """What a worker needs to scan like the main process: config, extra plugins, output."""

    config: Config
    plugins: tuple[tuple[str, str], ...] = ()  # (registered name, importable module)
    render: str | None = None  # a streaming reporter's name: workers render lines
    render_options: tuple[tuple[str, Any], ...] = ()
    transform: str | None = None  # "module:function" applied to each DocumentReport in the worker

    def key(self) -> bytes:
        return pickle.dumps(self)


def runtime_plugins() -> tuple[tuple[str, str], ...]:
    """Plugins registered at run time (not built in, not entry points) that a worker can import."""
    from importlib import metadata

    pm = get_plugin_manager()
    entry_points = {ep.name for ep in metadata.entry_points(group="normcheck")}
    found = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None or name in DEFAULT_PLUGINS or name in entry_points:
            continue
        module = getattr(plugin, "__name__", None) if isinstance(plugin, type(sys)) else None
        if module and module != "__main__":
            found.append((name, module))
    return tuple(found)


class _WorkerState:
    def __init__(self, settings: Settings) -> None:
        pm = get_plugin_manager()
        for name, module in settings.plugins:
            if pm.get_plugin(name) is None:
                pm.register(importlib.import_module(module), name=name)
        self.config = settings.config
        # Build the rules and checks once per process, not once per document.
        api.load_rules(self.config)
        api.get_checks(self.config)
        self.reporter = None
        self.options = dict(settings.render_options)
        if settings.render:
            from normcheck.reporters import get_reporters

            self.reporter = get_reporters()[settings.render]
        self.transform: Callable[[DocumentReport], Any] | None = None
        if settings.transform:
            module, _, name = settings.transform.partition(":")
            self.transform = getattr(importlib.import_module(module), name)


_states: dict[bytes, _WorkerState] = {}
_states_lock = threading.Lock()


def _state(settings: Settings) -> _WorkerState:
    key = settings.key()
    state = _states.get(key)
    if state is None:
        with _states_lock:
            state = _states.get(key)
            if state is None:
                state = _WorkerState(settings)
                _states[key] = state
    return state


_current: _WorkerState | None = None


def _init_worker(settings: Settings) -> None:
    """Pool initializer: ignore Ctrl-C (the main process handles it) and build rules once."""
    global _current
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _current = _state(settings)


def scan_item(item: WorkItem, state: _WorkerState) -> Result:
    """Scan one work item exactly as ``api.iter_scan`` would."""
    if isinstance(item, InputError):
        return item
    if isinstance(item, FileItem):
        try:
            data = api._read_bytes(Path(item.path), item.path)
            document = api.document_from_bytes(data, item.path, state.config, item.media_type)
        except NormcheckError as exc:
            return InputError(exc.source or item.path, exc.code, exc.message)
    else:
        document = item
    try:
        report = api.scan_document(document, state.config)
    except NormcheckError as exc:
        return InputError(document.source, exc.code, exc.message)
    except _DOCUMENT_ERRORS as exc:
        return InputError(document.source, "NC199", f"internal error while scanning ({exc.__class__.__name__}: {exc})")
    worst = max((SEVERITY_RANK.get(f.severity, 0) for f in report.findings), default=0)
    if state.transform is not None:
        return Scanned(report.source, report.words, worst, value=state.transform(report))
    if state.reporter is not None:
        line = state.reporter.render_document(report, state.config, state.options)
        return Scanned(report.source, report.words, worst, line=line)
    return Scanned(report.source, report.words, worst, report=report)


def _scan_chunk(chunk: Sequence[WorkItem]) -> list[Result]:
    assert _current is not None, "worker not initialised"
    return [scan_item(item, _current) for item in chunk]


def scan_chunk_with(settings: Settings, chunk: Sequence[WorkItem]) -> list[Result]:
    """Scan a chunk in whatever process this runs in (Dask workers call this)."""
    state = _state(settings)
    return [scan_item(item, state) for item in chunk]


# ---------------------------------------------------------------------------------------------
# Reading the corpus into work items


def _expand(source: str, input_format: str) -> list[str]:
    """A folder given with a corpus format stands for its files with that format's suffix."""
    path = Path(source)
    if input_format in CORPUS_SUFFIXES and source != "-" and path.is_dir():
        files = [str(p) for p in api._walk(path) if p.suffix.lower() in CORPUS_SUFFIXES[input_format]]
        if not files:
            raise ReaderError(f"the folder holds no {'/'.join(CORPUS_SUFFIXES[input_format])} file", source=source)
        return files
    return [source]


def iter_items(
    sources: Sequence[str],
    config: Config,
    *,
    input_format: str = "auto",
    text_field: str = "text",
    id_field: str = "id",
) -> Iterator[WorkItem]:
    """Work items in input order: corpus records as Documents, files as FileItems to read later."""
    corpus_format = input_format not in ("auto", "file", "", None)
    for source in sources:
        try:
            expanded = _expand(source, input_format)
        except NormcheckError as exc:
            yield InputError(exc.source or source, exc.code, exc.message)
            continue
        for name in expanded:
            path = Path(name)
            if corpus_format or name == "-" or "://" in name:
                yield from api.iter_documents(
                    [name], config, input_format=input_format, text_field=text_field, id_field=id_field
                )
            elif path.is_dir():
                found = False
                for file in api._walk(path):
                    try:
                        with file.open("rb") as fh:
                            head = fh.read(api.SNIFF_BYTES)
                    except OSError:
                        continue
                    media_type = api.sniff(head, str(file))
                    if media_type is None or media_type == "application/octet-stream":
                        continue
                    found = True
                    yield FileItem(str(file), media_type)
                if not found:
                    yield InputError(name, "NC104", "the directory holds no file normcheck can read")
            elif path.is_file():
                yield FileItem(name)
            else:
                yield from api.iter_documents([name], config)


def _item_source(item: WorkItem) -> str:
    if isinstance(item, FileItem):
        return item.path
    return item.source


def _item_size(item: WorkItem) -> int:
    if isinstance(item, Document):
        return len(item.text)
    if isinstance(item, FileItem):
        try:
            return os.path.getsize(item.path)
        except OSError:
            return 0
    return 0


def chunked(items: Iterable[WorkItem], docs: int | None = None, chars: int | None = None) -> Iterator[list[WorkItem]]:
    docs = docs or CHUNK_DOCS
    chars = chars or CHUNK_CHARS
    chunk: list[WorkItem] = []
    size = 0
    for item in items:
        chunk.append(item)
        size += _item_size(item)
        if len(chunk) >= docs or size >= chars:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


# ---------------------------------------------------------------------------------------------
# Engines


def _start_method() -> str:
    """fork where it is safe (Linux, no other threads yet): workers start at once with the
    rules already loaded, and a script needs no ``if __name__ == "__main__"`` guard. spawn
    otherwise (threads in the process, other systems). ``NORMCHECK_START_METHOD`` overrides."""
    wanted = os.environ.get("NORMCHECK_START_METHOD")
    if wanted:
        return wanted
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "spawn"


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _local_results(chunks: Iterator[list[WorkItem]], settings: Settings, jobs: int) -> Iterator[Result]:
    if jobs <= 1:
        state = _state(settings)
        for chunk in chunks:
            for item in chunk:
                yield scan_item(item, state)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    method = _start_method()
    if method == "fork":
        _state(settings)  # build the rules once here; the forked workers inherit them
    ctx = multiprocessing.get_context(method)
    window = jobs * WINDOW_PER_JOB
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker, initargs=(settings,))
    pending: collections.deque[Any] = collections.deque()
    try:
        for chunk in chunks:
            pending.append(executor.submit(_scan_chunk, chunk))
            while len(pending) >= window or (pending and pending[0].done()):
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BrokenProcessPool:
        raise NormcheckError(
            "a worker process died (out of memory, or killed); rerun with --resume to continue", source="scan"
        ) from None
    finally:
        for future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)


def _dask_results(
    chunks: Iterator[list[WorkItem]], settings: Settings, jobs: int, scheduler: str | None
) -> Iterator[Result]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(
            'the dask engine needs dask.distributed: pip install "normcheck[dask]"', source="--engine dask"
        ) from None
    cluster = None
    try:
        if scheduler:
            # How long to try is Dask's setting distributed.comm.timeouts.connect (30 s by default).
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        raise NormcheckError(f"cannot connect to the Dask scheduler ({exc})", source=scheduler or "LocalCluster") from None
    try:
        yield from dask_scan_chunks(client, chunks, settings)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def dask_scan_chunks(client: Any, chunks: Iterator[list[WorkItem]], settings: Settings) -> Iterator[Result]:
    """Submit chunks to a Dask client with a bounded window; results in input order."""
    workers = max(1, sum(client.nthreads().values()))
    window = workers * WINDOW_PER_JOB
    remote_settings = client.scatter(settings, broadcast=True)
    pending: collections.deque[Any] = collections.deque()
    try:
        for chunk in chunks:
            pending.append(client.submit(scan_chunk_with, remote_settings, chunk, pure=False))
            while len(pending) >= window or (pending and pending[0].done()):
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def scan_results(
    items: Iterable[WorkItem],
    settings: Settings,
    *,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
) -> Iterator[Result]:
    """Results for ``items`` in input order from the chosen engine."""
    if jobs <= 0:
        jobs = default_jobs()
    chunks = chunked(items)
    if engine == "local":
        if scheduler:
            raise UsageError("--scheduler needs --engine dask", source="--scheduler")
        return _local_results(chunks, settings, jobs)
    if engine == "dask":
        return _dask_results(chunks, settings, jobs, scheduler)
    raise UsageError(f"unknown engine {engine!r}; choose local or dask", source="--engine")


def scan_corpus(
    sources: str | Path | Iterable[str | Path],
    *,
    config: Config | str | Path | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    input_format: str = "auto",
    text_field: str = "text",
    id_field: str = "id",
    **options: Any,
) -> Iterator[DocumentReport | InputError]:
    """Scan a corpus in parallel: the same reports as ``api.iter_scan``, in input order.

    ``sources`` are files, folders or corpus files (``input_format="jsonl"`` or ``"csv"`` with
    ``text_field``/``id_field``). Options are those of ``normcheck.scan``.
    """
    if isinstance(sources, (str, Path)):
        sources = [sources]
    names = [str(s) for s in sources]
    cfg = api.make_config(config, near=names[0] if names and names[0] != "-" else None, **options)
    settings = Settings(cfg, runtime_plugins())
    items = iter_items(names, cfg, input_format=input_format, text_field=text_field, id_field=id_field)
    for result in scan_results(items, settings, jobs=jobs, engine=engine, scheduler=scheduler):
        if isinstance(result, InputError):
            yield result
        else:
            assert result.report is not None
            yield result.report


# ---------------------------------------------------------------------------------------------
# Resume


def read_resume_state(path: str | Path) -> collections.Counter[str]:
    """Sources already in a JSONL output, counted (a corpus may repeat an id).

    A last line without its newline was cut off by the interruption: it is removed from the
    file, and that document is scanned again. Any other line that is not a document object
    means the file is not a normcheck JSONL output, and nothing is touched.
    """
    done: collections.Counter[str] = collections.Counter()
    target = Path(path)
    if not target.exists():
        return done
    if not target.is_file():
        raise ReaderError("cannot resume: not a file", source=str(path))
    cut_at: int | None = None
    with target.open("rb") as fh:
        offset = 0
        for lineno, raw in enumerate(fh, start=1):
            if not raw.endswith(b"\n"):
                cut_at = offset
                break
            offset += len(raw)
            if not raw.strip():
                continue
            fast = _fast_source(raw)
            if fast is not None:
                done[fast] += 1
                continue
            try:
                record = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise ReaderError(
                    f"cannot resume: line {lineno} is not JSON (is this a normcheck --format jsonl output?)",
                    source=str(path),
                ) from None
            if not isinstance(record, dict) or not isinstance(record.get("source"), str) or "findings" not in record:
                raise ReaderError(
                    f"cannot resume: line {lineno} is not a normcheck document object", source=str(path)
                )
            done[record["source"]] += 1
    if cut_at is not None:
        with target.open("r+b") as fh:
            fh.truncate(cut_at)
    return done


_DECODER = json.JSONDecoder()
_SOURCE_KEY = b'{"source":'


def _fast_source(raw: bytes) -> str | None:
    """The ``source`` of a line normcheck wrote itself (it comes first), without parsing the
    whole line; ``None`` when the line does not look like that (the caller then parses it)."""
    if not raw.startswith(_SOURCE_KEY) or not raw.rstrip().endswith(b"}") or b'"findings":' not in raw:
        return None
    try:
        text = raw.decode("utf-8")
        value, _ = _DECODER.raw_decode(text, len(_SOURCE_KEY))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return value if isinstance(value, str) else None


def skip_done(items: Iterable[WorkItem], done: collections.Counter[str], skipped: list[int]) -> Iterator[WorkItem]:
    """Drop items whose source is already written (each written copy cancels one item)."""
    for item in items:
        if not isinstance(item, InputError):
            source = _item_source(item)
            if done.get(source, 0) > 0:
                done[source] -= 1
                skipped[0] += 1
                continue
        yield item


# ---------------------------------------------------------------------------------------------
# Progress


def _format_duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


def count_documents(sources: Sequence[str], input_format: str) -> int | None:
    """How many documents the sources hold, cheaply (for the progress bar's ETA), or None."""
    total = 0
    for source in sources:
        if source == "-" or "://" in source:
            return None
        try:
            names = _expand(source, input_format)
        except NormcheckError:
            continue
        for name in names:
            path = Path(name)
            if path.is_dir():
                total += sum(1 for _ in api._walk(path))
            elif input_format == "jsonl":
                with open(name, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            elif input_format in ("csv", "tsv"):
                from normcheck.readers.csv import open_text

                import csv

                try:
                    stream, _ = open_text(name)
                    with stream:
                        total += max(0, sum(1 for row in csv.reader(stream) if row) - 1)
                except (NormcheckError, UnicodeDecodeError, csv.Error):
                    return None
            else:
                total += 1
    return total


class Progress:
    """A one-line progress display on a terminal: documents, words/s and ETA."""

    def __init__(self, stream: IO[str], total: int | None = None, skipped: int = 0, interval: float = 0.25) -> None:
        self.stream = stream
        self.total = total
        self.skipped = skipped
        self.interval = interval
        self.docs = 0
        self.words = 0
        self.errors = 0
        self.start = time.monotonic()
        self._last = 0.0
        self._width = 0

    def update(self, result: Result) -> None:
        if isinstance(result, InputError):
            self.errors += 1
        else:
            self.docs += 1
            self.words += result.words
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        now = time.monotonic() if now is None else now
        elapsed = max(now - self.start, 1e-9)
        rate = self.words / elapsed
        done = self.docs + self.errors
        parts = []
        if self.total:
            remaining_total = max(self.total - self.skipped, 0)
            pct = min(100.0, 100.0 * done / remaining_total) if remaining_total else 100.0
            parts.append(f"{done:,}/{remaining_total:,} documents ({pct:.0f}%)")
        else:
            parts.append(f"{done:,} documents")
        parts.append(f"{rate:,.0f} words/s")
        if self.errors:
            parts.append(f"{self.errors:,} errors")
        if self.skipped:
            parts.append(f"{self.skipped:,} already done")
        if self.total and done:
            left = max(self.total - self.skipped - done, 0)
            parts.append(f"ETA {_format_duration(left * elapsed / done)}")
        return "  ".join(parts)

    def _draw(self, now: float) -> None:
        text = self.line(now)
        pad = max(0, self._width - len(text))
        self._width = len(text)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()

    def close(self) -> None:
        text = self.line()
        elapsed = time.monotonic() - self.start
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad + f"  done in {_format_duration(elapsed)}\n")
        self.stream.flush()


# ---------------------------------------------------------------------------------------------
# The command line's corpus path (``normcheck scan`` calls this; cli.py stays thin)


@dataclass
class _Totals:
    failed: bool = False
    errors: int = 0
    documents: list[DocumentReport] = field(default_factory=list)


def cli_scan(
    sources: Sequence[str],
    config: Config,
    reporter: Any,
    options: dict[str, Any],
    *,
    output: str | None,
    open_output: Callable[[str | None, bool], AbstractContextManager[IO[Any]]],
    input_format: str = "auto",
    text_field: str = "text",
    id_field: str = "id",
    jobs: int = 1,
    resume: str | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool | None = None,
) -> int:
    """Run ``normcheck scan`` over a corpus; returns the exit status (0, 1 findings, 2 errors)."""
    streaming = bool(getattr(reporter, "streaming", False))
    if resume is not None:
        if not streaming or getattr(reporter, "binary", False):
            raise UsageError(f"--resume needs a format written line by line (jsonl), not {reporter.name}")
        if output not in (None, "-") and Path(output).resolve() != Path(resume).resolve():
            raise UsageError("--resume names the output file; leave out --output or give the same file")
    threshold = SEVERITY_RANK.get(config.fail_on, 99)
    settings = Settings(
        config,
        runtime_plugins(),
        render=reporter.name if streaming else None,
        render_options=tuple(sorted({**options, "color": False}.items())) if streaming else (),
    )
    items: Iterable[WorkItem] = iter_items(
        sources, config, input_format=input_format, text_field=text_field, id_field=id_field
    )
    skipped = [0]
    if resume is not None:
        items = skip_done(items, read_resume_state(resume), skipped)
    show = sys.stderr.isatty() if progress is None else progress
    bar: Progress | None = None
    counter: list[int | None] = [None]
    if show:
        bar = Progress(sys.stderr)
    totals = _Totals()
    counting: list[threading.Thread] = []

    def count() -> None:
        counter[0] = count_documents(sources, input_format)

    def consume(out: IO[Any]) -> None:
        for result in scan_results(items, settings, jobs=jobs, engine=engine, scheduler=scheduler):
            if bar is not None:
                if not counting:
                    # Started once the workers run (a thread must not exist when they fork).
                    counting.append(threading.Thread(target=count, daemon=True))
                    counting[0].start()
                bar.total = counter[0]
                bar.skipped = skipped[0]
                bar.update(result)
            if isinstance(result, InputError):
                totals.errors += 1
                if bar is not None:
                    sys.stderr.write("\r\x1b[K")
                print(f"normcheck: error: {result}", file=sys.stderr)
                continue
            if result.worst >= threshold:
                totals.failed = True
            if result.line is not None:
                out.write(result.line)
                if resume is not None:
                    out.flush()
            else:
                assert result.report is not None
                totals.documents.append(result.report)
        if not streaming:
            report = Report(documents=totals.documents, profile=config.profile)
            out.write(reporter.render(report, config, options))

    try:
        if resume is not None:
            try:
                out_file = open(resume, "a", encoding="utf-8")  # noqa: SIM115
            except OSError as exc:
                raise ReaderError(f"cannot be written ({exc.strerror})", source=resume) from None
            with out_file as out:
                consume(out)
        else:
            with open_output(output, bool(getattr(reporter, "binary", False))) as out:
                consume(out)
    except KeyboardInterrupt:
        if bar is not None:
            sys.stderr.write("\n")
        hint = f"; run the same command again to continue (--resume {resume})" if resume else (
            "; use --resume OUT.jsonl to be able to continue" if streaming else ""
        )
        print(f"normcheck: interrupted{hint}", file=sys.stderr)
        return 130
    if bar is not None:
        if counting:
            # A run shorter than the count: wait for the count so the last line has the total.
            counting[0].join(timeout=10)
            bar.total = counter[0]
        bar.close()
    if resume is not None and skipped[0]:
        print(f"normcheck: {skipped[0]:,} documents were already in {resume} and were skipped", file=sys.stderr)
    if totals.errors:
        return 2
    return 1 if totals.failed else 0
