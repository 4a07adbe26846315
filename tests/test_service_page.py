"""The page at ``/``: a plain form that a person fills in, and the review it shows."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from normcheck.hookspecs import hookimpl
from normcheck.service.settings import ServiceSettings
from service_support import serve

CHROMIUM = "/usr/bin/chromium"
AD = "We are hiring a competitive, dominant sales lead. He will report to the chairman."


@pytest.fixture(scope="module")
def server():
    live = serve(ServiceSettings())
    yield live
    live.stop()


@pytest.fixture(scope="module")
def keyed():
    live = serve(ServiceSettings(api_keys=("page-key-123456",)))
    yield live
    live.stop()


def chromium_dom(url: str, tmp_path: Path, *, wait_ms: int | None = None) -> str:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("chromium is not installed (apt-get install chromium)")
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    cmd = [
        CHROMIUM if Path(CHROMIUM).exists() else str(shutil.which("chromium")),
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
    ]
    if wait_ms:
        cmd.append(f"--virtual-time-budget={wait_ms}")
    proc = subprocess.run([*cmd, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_form_page_without_javascript(server):
    r = httpx.get(server.base + "/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<script" not in r.text.lower()
    assert "script-src" in r.headers["content-security-policy"] and "form-action 'self'" in r.headers["content-security-policy"]


def test_form_page_in_chromium(server, tmp_path):
    dom = chromium_dom(server.base + "/", tmp_path)
    form = re.search(r"<form[^>]*id=\"scan-form\"[^>]*>", dom)
    assert form, dom[:2000]
    assert 'method="post"' in form.group(0) and 'action="/review"' in form.group(0)
    assert 'enctype="multipart/form-data"' in form.group(0)
    assert '<textarea id="text" name="text"' in dom
    assert '<input type="file" id="file" name="file"' in dom
    assert '<select id="language" name="language">' in dom and '<option value="sv">' in dom
    assert '<option value="default">default</option>' in dom
    assert 'name="api_key"' not in dom  # no key field when the service has no keys


def _submitting_copy(server, tmp_path: Path, text: str, *, extra: str = "") -> Path:
    """The service's own page, with its form pointed at the server and submitted on load.

    The page itself has no JavaScript; the one added line plays the person who types the text
    and presses the button, so the browser posts the real form the way it encodes forms.
    """
    html = httpx.get(server.base + "/").text
    html = html.replace('action="/review"', f'action="{server.base}/review"')
    js = (
        f"document.getElementById('text').value = {json.dumps(text).replace('</', '<' + chr(92) + '/')};"
        "document.getElementById('language').value = 'en';"
        f"{extra}document.getElementById('scan-form').submit();"
    )
    html = html.replace("</body>", f"<script>{js}</script></body>")
    path = tmp_path / "form.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_review_in_chromium(server, tmp_path):
    path = _submitting_copy(server, tmp_path, AD + " <script>alert('x')</script>")
    dom = chromium_dom(path.as_uri(), tmp_path, wait_ms=15000)
    assert 'id="scan-form"' not in dom, "the browser should have left the form for the review"
    assert "chairman" in dom and "competitive" in dom
    assert "alert('x')</script>" not in dom, "the pasted text must be shown as text, not run"
    assert re.search(r'lang="en"', dom)


def test_review_needs_the_key_when_keys_are_set(keyed, tmp_path):
    page = httpx.get(keyed.base + "/").text
    assert 'name="api_key"' in page and 'type="password"' in page
    r = httpx.post(keyed.base + "/review", data={"text": AD}, files={"file": ("", b"")})
    assert r.status_code == 401 and r.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in r.text and "API key" in r.text
    r = httpx.post(keyed.base + "/review", data={"text": AD, "api_key": "page-key-123456"}, files={"file": ("", b"")})
    assert r.status_code == 200 and "chairman" in r.text
    path = _submitting_copy(keyed, tmp_path, AD, extra="document.getElementById('api_key').value = 'page-key-123456';")
    dom = chromium_dom(path.as_uri(), tmp_path, wait_ms=15000)
    assert "chairman" in dom and 'id="scan-form"' not in dom


def test_review_upload_and_errors(server):
    r = httpx.post(server.base + "/review", files={"file": ("annons.txt", "Vår nya talesman är driven.".encode())}, data={"text": ""})
    assert r.status_code == 200 and "talesman" in r.text
    assert "script-src" in r.headers["content-security-policy"]
    r = httpx.post(server.base + "/review", data={"text": "  "}, files={"file": ("", b"")})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in r.text and "Traceback" not in r.text
    r = httpx.post(server.base + "/review", files={"file": ("bild.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))})
    assert r.status_code == 415 and 'role="alert"' in r.text
    r = httpx.post(server.base + "/review", content=b"{}", headers={"Content-Type": "application/json"})
    assert r.status_code == 415


def test_fallback_review_escapes_and_highlights():
    from normcheck import api
    from normcheck.service import page

    report = api.scan_text('<script>alert("x")</script>\n\nWe need a chairman who is competitive.', "en")
    html = page.review_page(report)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert re.search(r"<mark class=\"warning\"[^>]*>chairman</mark>", html)
    assert "Pasted text" in html and 'lang="en"' in html
    empty = page.review_page(api.scan_text("Vi söker dig som gillar ordning.", "sv"))
    assert "Nothing flagged." in empty


def test_review_uses_the_html_reporter_when_registered(server, pm):
    class FakeHtml:
        name = "html"
        media_type = "text/html"
        description = "test"
        binary = False

        def render(self, report, config, options):
            return f"<!DOCTYPE html><p id='fake'>{len(report.documents[0].findings)} findings</p>"

    class Plugin:
        @hookimpl
        def register_reporters(self):
            return [FakeHtml()]

    pm.register(Plugin())
    r = httpx.post(server.base + "/review", data={"text": AD}, files={"file": ("", b"")})
    assert r.status_code == 200 and "<p id='fake'>" in r.text and "findings" in r.text
