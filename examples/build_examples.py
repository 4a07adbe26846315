"""Rebuild the example reports in this folder from the example ads.

    .venv/bin/python examples/build_examples.py

Writes ``annons-sv.docx`` (the Swedish ad as a formatted Word file) and, for both example ads,
the reviews people open without installing anything: ``*.normcheck.docx`` (Word comments),
``*.normcheck.html`` (the review page), ``*.normcheck.md`` and ``ad-en.normcheck.sarif``.
Run it after the lexicons change so the committed examples show what normcheck says today.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def word_ad(text_path: Path, docx_path: Path) -> None:
    """The plain-text ad laid out as a recruiter would in Word: title, headings, bullets, bold."""
    import docx
    from docx.shared import Pt, RGBColor

    d = docx.Document()
    d.core_properties.title = "Säljare till vårt team i Sundsvall"
    d.core_properties.author = "Norrskog Papper AB (exempel)"
    d.sections[0].header.paragraphs[0].text = "Norrskog Papper AB – lediga tjänster"
    blocks = text_path.read_text(encoding="utf-8").strip().split("\n\n")
    d.add_heading(blocks[0], level=1)
    for block in blocks[1:]:
        lines = block.split("\n")
        if len(lines) > 1 and not lines[0].startswith("-") and len(lines[0]) < 40:
            d.add_heading(lines[0], level=2)
            lines = lines[1:]
        for line in lines:
            if line.startswith("- "):
                d.add_paragraph(line[2:], style="List Bullet")
                continue
            p = d.add_paragraph()
            if "Norrskog Papper AB" in line:
                before, after = line.split("Norrskog Papper AB", 1)
                p.add_run(before)
                company = p.add_run("Norrskog Papper AB")
                company.bold = True
                company.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
                p.add_run(after)
            else:
                run = p.add_run(line)
                run.font.size = Pt(11)
    d.save(str(docx_path))


def scan(*args: str) -> None:
    exe = Path(sys.executable).with_name("normcheck")
    proc = subprocess.run([str(exe), "scan", *args, "--force"] if "-o" in args or "--output-dir" in args else [str(exe), "scan", *args],
                          cwd=HERE, capture_output=True, text=True)
    if proc.returncode not in (0, 1) or "Traceback" in proc.stderr:
        sys.exit(f"normcheck scan {' '.join(args)} failed: {proc.stderr.strip()}")


def main() -> None:
    os.chdir(HERE)
    word_ad(HERE / "annons-sv.txt", HERE / "annons-sv.docx")
    scan("annons-sv.docx", "-f", "docx", "-o", "annons-sv.normcheck.docx")
    scan("ad-en.txt", "-f", "docx", "-o", "ad-en.normcheck.docx")
    scan("annons-sv.docx", "ad-en.txt", "-f", "html", "--output-dir", ".")
    scan("annons-sv.docx", "ad-en.txt", "-f", "md", "--output-dir", ".")
    scan("ad-en.txt", "-f", "sarif", "-o", "ad-en.normcheck.sarif")
    for p in sorted(HERE.glob("*.normcheck.*")):
        print(p.relative_to(HERE))


if __name__ == "__main__":
    main()
