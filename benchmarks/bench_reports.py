"""Time and memory of the reporters: per example ad, and on one long Word document.

    .venv/bin/python benchmarks/bench_reports.py [--paragraphs 400] [--repeat 50]

Scanning is not timed here (see bench_core.py): each report is scanned once, then rendered
``--repeat`` times per format. The long document is the Swedish example ad repeated as a Word
file with formatting, so the docx reporter has real runs to split.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def timed(fn, repeat: int) -> tuple[float, float]:
    """Median seconds per call and peak traced memory (MiB) of one call."""
    fn()  # warm up: imports, caches
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / (1024 * 1024)


def long_word_file(path: Path, paragraphs: int) -> int:
    import docx

    text = (EXAMPLES / "annons-sv.txt").read_text(encoding="utf-8")
    lines = [ln.lstrip("- ") for ln in text.splitlines() if ln.strip()]
    d = docx.Document()
    words = 0
    for i in range(paragraphs):
        line = lines[i % len(lines)]
        p = d.add_paragraph()
        half = len(line) // 2
        p.add_run(line[:half]).bold = i % 2 == 0
        p.add_run(line[half:])
        words += len(line.split())
    d.save(str(path))
    return words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--paragraphs", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()

    import normcheck
    from normcheck.api import make_config
    from normcheck.reporters import get_reporters

    config = make_config(None)
    reporters = get_reporters()
    formats = ["text", "md", "html", "sarif", "docx"]
    print(f"python {sys.version.split()[0]}, repeat {args.repeat}")
    for name in ("annons-sv.docx", "ad-en.txt"):
        report = normcheck.scan(str(EXAMPLES / name))
        doc = report.documents[0]
        print(f"\n{name}: {doc.words} words, {len(doc.findings)} findings")
        for fmt in formats:
            r = reporters[fmt]
            seconds, peak = timed(lambda r=r: r.render(report, config, {"color": False}), args.repeat)
            print(f"  {fmt:<6} {seconds * 1000:8.2f} ms   peak {peak:6.1f} MiB")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lang.docx"
        words = long_word_file(path, args.paragraphs)
        report = normcheck.scan(str(path))
        doc = report.documents[0]
        print(f"\nlong Word file: {args.paragraphs} paragraphs, {doc.words} words, {len(doc.findings)} findings")
        for fmt in ("html", "docx", "sarif", "md"):
            r = reporters[fmt]
            seconds, peak = timed(lambda r=r: r.render(report, config, {"color": False}), max(3, args.repeat // 10))
            out = r.render(report, config, {"color": False})
            size = len(out if isinstance(out, bytes) else out.encode("utf-8")) / 1024
            print(f"  {fmt:<6} {seconds * 1000:8.1f} ms   {words / seconds:10.0f} words/s   peak {peak:6.1f} MiB   output {size:7.0f} KiB")
        if reporters["docx"]:
            import docx

            out = reporters["docx"].render(report, config, {})
            print(f"  docx comments written: {len(list(docx.Document(io.BytesIO(out)).comments))}")


if __name__ == "__main__":
    main()
