"""Bad inputs through the real command line: one line each, exit 2, the good inputs still scanned."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from readers_support import (
    bomb_docx,
    full_docx,
    image_only_pdf,
    lexicon_dir,
    ole2,
    pages_pdf,
    rewrite_zip,
    simple_docx,
    encrypted_pdf,
)

ROOT = Path(__file__).resolve().parent.parent


def _normcheck(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NORMCHECK_DISABLE_ENTRY_POINTS": "1", "NO_COLOR": "1"}
    code = (
        "import sys\n"
        "from normcheck.cli import main\n"
        "try:\n    main()\n"
        "finally:\n"
        # VmHWM, not ru_maxrss: the latter keeps the forking test process's peak across exec.
        "    hwm = [line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM')]\n"
        "    sys.stderr.write(f'MAXRSS {hwm[0] if hwm else 0}\\n')\n"
    )
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, cwd=cwd, env=env, timeout=120)


def test_bad_inputs_each_get_one_line_and_the_rest_is_scanned(tmp_path):
    good_docx = full_docx(tmp_path / "good.docx")
    good_pdf = pages_pdf(tmp_path / "good.pdf", [["A zorblax on paper."]])
    bad: dict[str, str] = {}

    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good_docx.read_bytes()[:3000])
    bad[str(truncated)] = "corrupt or truncated"

    plain = simple_docx(tmp_path / "plain.docx", ["Hello."])
    bomb = bomb_docx(tmp_path / "bomb.docx", 256)
    bad[str(bomb)] = "possible zip bomb"

    xxe = tmp_path / "xxe.docx"
    xxe.write_bytes(rewrite_zip(plain.read_bytes(), {"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><d>&e;</d>'}))
    bad[str(xxe)] = "DOCTYPE or entities"

    bad[str(ole2(tmp_path / "locked.docx", ["Root Entry", "EncryptionInfo", "EncryptedPackage"]))] = "password-protected"
    bad[str(ole2(tmp_path / "legacy.docx", ["Root Entry", "WordDocument"]))] = "Word 97-2003 .doc"
    bad[str(image_only_pdf(tmp_path / "scan.pdf", pages=1))] = "no text layer"
    bad[str(encrypted_pdf(tmp_path / "locked.pdf", good_pdf, "pw"))] = "password-protected"
    app = tmp_path / "app.html"
    app.write_text("<html><body><div id=app></div><script>start()</script></body></html>", encoding="utf-8")
    bad[str(app)] = "made by JavaScript"

    conf = tmp_path / ".normcheck.toml"
    conf.write_text(f'lexicon-dirs = ["{lexicon_dir(tmp_path)}"]\nenable = ["en.readertest."]\nlang = "en"\n', encoding="utf-8")
    sources = [str(good_docx), *bad, str(good_pdf)]
    result = _normcheck("scan", "--config", str(conf), "-f", "json", "--fail-on", "never", *sources, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    maxrss_kib = int(lines.pop().split()[1])
    assert "Traceback" not in result.stderr.decode()
    assert len(lines) == len(bad)
    for line, (source, reason) in zip(lines, bad.items()):
        assert line.startswith(f"normcheck: error: {source}: "), line
        assert reason in line, line
    report = json.loads(result.stdout)
    assert [d["source"] for d in report["documents"]] == [str(good_docx), str(good_pdf)]
    assert [len(d["findings"]) for d in report["documents"]] == [3, 1]
    # The 256 MB bomb was never inflated: the whole run stays far below that.
    assert maxrss_kib < 200 * 1024


def test_plugin_modules_import_no_parser_libraries():
    """`normcheck scan ad.txt` must not pay for lxml or pypdf: the readers import them lazily."""
    code = (
        "import sys\n"
        "from normcheck import plugins\n"
        "plugins.get_plugin_manager()\n"
        "print(sorted(m for m in ('lxml', 'pypdf', 'fpdf') if m in sys.modules))\n"
    )
    env = {**os.environ, "NORMCHECK_DISABLE_ENTRY_POINTS": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=True, timeout=60)
    assert out.stdout.decode().strip() == "[]"
