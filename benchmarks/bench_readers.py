"""Extraction throughput of each reader (words per second) on documents generated here.

    .venv/bin/python benchmarks/bench_readers.py            # prints a Markdown table
    .venv/bin/python benchmarks/bench_readers.py --words 100000 --repeat 3

Each format gets the same made-up job-ad text (about ``--words`` words, in paragraphs, with a
heading every few paragraphs and one table), built with python-docx, fpdf2 and string
templates (HTML, ODT, RTF). The time measured is ``api.document_from_bytes`` (sniffing +
reading), best of ``--repeat`` runs, one core. When pdfminer.six is importable its
``extract_text`` is timed on the same PDF for comparison. Also timed: a URL fetch of the HTML
page from a local ``http.server`` (fetch + read), and the peak memory of a fresh process
reading each file.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

WORDS = (
    "we are looking for a planner who enjoys working with people and numbers in our depot you will "
    "lead a small team plan routes talk to drivers and customers and keep the week calm when things "
    "change quickly the role is permanent with flexible hours and parental leave topped up salary by "
    "agreement apply with a short letter and tell us what you would like to learn here"
).split()


def paragraphs(total_words: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    n = 0
    while n < total_words:
        k = rng.randint(25, 70)
        words = [rng.choice(WORDS) for _ in range(k)]
        out.append(" ".join(words).capitalize() + ".")
        n += k
    return out


def make_docx(paras: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for i, p in enumerate(paras):
        if i % 8 == 0:
            d.add_heading(f"Section {i // 8 + 1}", 2)
        d.add_paragraph(p)
    t = d.add_table(rows=3, cols=2)
    for r in range(3):
        for c in range(2):
            t.cell(r, c).text = f"cell {r} {c}"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_html(paras: list[str]) -> bytes:
    body = []
    for i, p in enumerate(paras):
        if i % 8 == 0:
            body.append(f"<h2>Section {i // 8 + 1}</h2>")
        body.append(f"<p>{p}</p>")
    nav = "<nav><ul>" + "".join(f'<li><a href="/p{i}">Page {i}</a></li>' for i in range(20)) + "</ul></nav>"
    return (
        "<!DOCTYPE html><html><head><title>Planner</title><meta name='description' content='A job'>"
        "<script>var a = 1;</script></head><body>" + nav + "<main>" + "".join(body) + "</main>"
        "<footer><p>Footer</p></footer></body></html>"
    ).encode("utf-8")


def make_pdf(paras: list[str]) -> bytes:
    import fpdf

    pdf = fpdf.FPDF()
    pdf.set_auto_page_break(True, 15)
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for p in paras:
        pdf.multi_cell(0, 5, p)
        pdf.ln(3)
    return bytes(pdf.output())


def make_two_column_pdf(paras: list[str]) -> bytes:
    import fpdf

    pdf = fpdf.FPDF()
    pdf.set_auto_page_break(False)
    i = 0
    while i < len(paras):
        pdf.add_page()
        pdf.set_font("helvetica", size=9)
        for x in (110, 15):  # right column drawn first
            pdf.set_xy(x, 15)
            for p in paras[i : i + 3]:
                pdf.set_x(x)
                pdf.multi_cell(85, 4.5, p)
                pdf.ln(2)
            i += 3
    return bytes(pdf.output())


def make_odt(paras: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    body = "".join(
        (f'<text:h text:outline-level="2">Section {i // 8 + 1}</text:h>' if i % 8 == 0 else "")
        + f"<text:p>{escape(p)}</text:p>"
        for i, p in enumerate(paras)
    )
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body><office:text>{body}</office:text></office:body></office:document-content>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def make_rtf(paras: list[str]) -> bytes:
    body = "".join(f"\\pard {p}\\par\n" for p in paras)
    return ("{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}}\n" + body + "}").encode("cp1252")


def best_of(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


_CHILD = """
import os, sys
os.environ["NORMCHECK_DISABLE_ENTRY_POINTS"] = "1"
sys.path.insert(0, {src!r})
from normcheck import api
cfg = api.make_config()
path = sys.argv[1]
if path != "-":
    data = open(path, "rb").read()
    doc = api.document_from_bytes(data, path, cfg)
    del data, doc
print([line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")][0])
"""


def peak_rss_mib(path: str) -> float:
    """Peak resident memory (VmHWM) of a fresh process that reads ``path``, in MiB."""
    import subprocess

    code = _CHILD.format(src=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", code, path], capture_output=True, check=True, text=True)
    return int(out.stdout.strip()) / 1024


def serve(pages: dict[str, bytes]) -> tuple[str, ThreadingHTTPServer]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # noqa: D401
            pass

        def do_GET(self):  # noqa: N802
            body = pages.get(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8" if self.path != "/robots.txt" else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", httpd


def main() -> None:
    import os

    os.environ.setdefault("NORMCHECK_DISABLE_ENTRY_POINTS", "1")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from normcheck import api
    from normcheck.lang import count_words
    from normcheck.readers import url as url_reader

    cfg = api.make_config()
    paras = paragraphs(args.words)
    inputs = {
        "docx": ("ad.docx", make_docx(paras)),
        "html": ("ad.html", make_html(paras)),
        "pdf": ("ad.pdf", make_pdf(paras)),
        "pdf, two columns": ("ad2.pdf", make_two_column_pdf(paras)),
        "odt": ("ad.odt", make_odt(paras)),
        "rtf": ("ad.rtf", make_rtf(paras)),
        "txt": ("ad.txt", "\n\n".join(paras).encode("utf-8")),
    }
    import tempfile

    rows = []
    baseline = peak_rss_mib("-")
    tmp = Path(tempfile.mkdtemp(prefix="bench-readers-"))
    for label, (name, data) in inputs.items():
        doc = api.document_from_bytes(data, name, cfg)  # warm up (imports)
        words = count_words(doc.text)
        secs = best_of(lambda d=data, n=name: api.document_from_bytes(d, n, cfg), args.repeat)
        (tmp / name).write_bytes(data)
        mem = peak_rss_mib(str(tmp / name))
        rows.append((label, len(data), words, len(doc.segments), secs, words / secs, mem))

    try:
        from pdfminer.high_level import extract_text as pdfminer_text
    except ImportError:
        pdfminer_text = None
    if pdfminer_text is not None:
        data = inputs["pdf"][1]
        words = count_words(pdfminer_text(io.BytesIO(data)))
        secs = best_of(lambda: pdfminer_text(io.BytesIO(data)), args.repeat)
        rows.append(("pdf via pdfminer.six extract_text (comparison)", len(data), words, 0, secs, words / secs, float("nan")))
    import pypdf

    data = inputs["pdf"][1]
    words = count_words("".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages))
    secs = best_of(lambda: [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages], args.repeat)
    rows.append(("pdf via plain pypdf extract_text (comparison)", len(data), words, 0, secs, words / secs, float("nan")))

    html = inputs["html"][1]
    base, httpd = serve({"/robots.txt": b"User-agent: *\nAllow: /\n", "/ad": html})
    try:
        url = f"{base}/ad"
        api.read_source(url, cfg)
        secs = best_of(lambda: (url_reader.clear_robots_cache(), api.read_source(url, cfg)), args.repeat)
        words = count_words(api.read_source(url, cfg).text)
        rows.append(("url (local http.server, robots.txt + page)", len(html), words, 0, secs, words / secs, float("nan")))
    finally:
        httpd.shutdown()

    print(f"Python {sys.version.split()[0]}, {args.words:,} words requested, best of {args.repeat}, one core\n")
    print(f"Peak memory: VmHWM of a fresh process that reads the file (one that reads nothing: {baseline:.0f} MiB).\n")
    print("| input | bytes | words | segments | seconds | words/s | peak RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, size, words, segs, secs, wps, mem in rows:
        mem_s = "" if mem != mem else f"{mem:.1f}"
        print(f"| {label} | {size:,} | {words:,} | {segs or ''} | {secs:.3f} | {wps:,.0f} | {mem_s} |")


if __name__ == "__main__":
    main()
