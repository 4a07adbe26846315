"""The HTTP service, called over real HTTP on a uvicorn server bound to 127.0.0.1."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import httpx
import pytest

from normcheck.service.settings import ServiceSettings, from_mapping
from service_support import (
    BlockingPlugin,
    cli_json,
    free_port,
    parse_raw,
    raw_http,
    serve,
    wait_ready,
)

SV_AD = (
    "Vi söker en driven och självsäker säljare till vårt kontor i Sundsvall.\n\n"
    "Som säljare ansvarar han för nya kunder. Du är tävlingsinriktad och vill vinna. "
    "Vår talesman berättar gärna mer om tjänsten.\n\n"
    "Varmt välkommen med din ansökan!\n"
)
EN_AD = (
    "We are hiring a competitive, dominant sales lead to join our team in Leeds.\n\n"
    "He will report to the chairman and must be a strong, ambitious leader. "
    "You are supportive and collaborative.\n\n"
    "Apply by 1 May.\n"
)
KEYS = ("first-key-0123456789", "second-key-abcdefghij")


@pytest.fixture(scope="module")
def server():
    live = serve(ServiceSettings(max_concurrency=2, max_queue=16))
    yield live
    live.stop()


@pytest.fixture(scope="module")
def strict():
    """Keys required, small limits, one scan at a time and no queue."""
    live = serve(
        ServiceSettings(
            api_keys=KEYS,
            cors_origins=("https://platform.example",),
            max_body_bytes=64 * 1024,
            max_text_chars=2000,
            time_limit=20.0,
            max_concurrency=1,
            max_queue=0,
            read_timeout=1.0,
        )
    )
    yield live
    live.stop()


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server.base, timeout=30) as c:
        yield c


def auth(key: str = KEYS[0]) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def assert_error(r: httpx.Response, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json"), r.headers
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["code"] == code, body
    assert body["error"]["message"]
    assert "Traceback" not in r.text and 'File "' not in r.text
    return body


# ---------------------------------------------------------------------------------------------
# Operations endpoints, OpenAPI


def test_healthz_and_readyz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    r = client.get("/readyz")
    assert r.status_code == 200
    assert r.json()["status"] == "ready" and r.json()["rules"] > 0


def test_readyz_is_503_when_lexicons_fail(tmp_path):
    import time

    from fastapi.testclient import TestClient

    from normcheck.config import Config
    from normcheck.service import create_app

    broken = tmp_path / "lex" / "sv"
    broken.mkdir(parents=True)
    (broken / "broken.yml").write_text("entries: [\n", encoding="utf-8")
    app = create_app(Config(lexicon_dirs=(tmp_path / "lex",)), ServiceSettings())
    with TestClient(app) as c:
        deadline = time.monotonic() + 30
        while not app.state.normcheck.warm_task.done() and time.monotonic() < deadline:
            time.sleep(0.02)
        body = assert_error(c.get("/readyz"), 503, "not_ready")
        assert "broken.yml" in body["error"]["message"]
        assert c.get("/healthz").status_code == 200
        assert "normcheck_ready 0" in c.get("/metrics").text


def test_openapi_and_docs(client):
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "normcheck"
    for path in ("/v1/scan", "/v1/rules", "/v1/plugins", "/v1/formats", "/healthz", "/readyz", "/metrics"):
        assert path in spec["paths"], path
    body = spec["paths"]["/v1/scan"]["post"]["requestBody"]["content"]
    assert "text" in body["application/json"]["schema"]["properties"]
    assert body["multipart/form-data"]["schema"]["properties"]["file"]["format"] == "binary"
    assert "ErrorBody" in spec["components"]["schemas"]
    assert any(s.get("type") == "http" and s.get("scheme") == "bearer" for s in spec["components"]["securitySchemes"].values())
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text
    assert client.get("/redoc").status_code == 200


def test_rules_plugins_formats(client):
    rules = client.get("/v1/rules").json()
    assert rules["count"] == len(rules["rules"]) > 0
    sv = client.get("/v1/rules", params={"lang": "sv"}).json()
    assert sv["rules"] and all(r["lang"] == "sv" for r in sv["rules"])
    assert {"id", "category", "level", "references"} <= set(sv["rules"][0])
    assert_error(client.get("/v1/rules", params={"lang": "de"}), 422, "invalid_request")
    plugins = client.get("/v1/plugins").json()["plugins"]
    assert any(p["name"] == "normcheck.service.plugin" and "register_commands" in p["hooks"] for p in plugins)
    formats = {f["name"]: f for f in client.get("/v1/formats").json()["formats"]}
    assert {"json", "jsonl", "text"} <= set(formats)


# ---------------------------------------------------------------------------------------------
# Scanning: the same report as the command line


def test_json_text_scan_matches_cli(client, tmp_path):
    path = tmp_path / "annons.txt"
    path.write_text(SV_AD, encoding="utf-8")
    expected = cli_json(path)["documents"][0]
    r = client.post("/v1/scan", json={"text": SV_AD})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    report = r.json()
    assert report["schema"] == "normcheck/v1"
    got = report["documents"][0]
    assert got["source"] == "<text>"
    assert {**got, "source": expected["source"]} == expected
    assert got["findings"], "the ad should have findings"
    named = client.post("/v1/scan", json={"text": SV_AD, "source": "annons.txt"}).json()["documents"][0]
    assert named == expected


def test_upload_matches_cli(client, tmp_path):
    path = tmp_path / "ad.txt"
    path.write_text(EN_AD, encoding="utf-8")
    expected = cli_json(path)["documents"][0]
    r = client.post("/v1/scan", files={"file": ("ad.txt", path.read_bytes(), "text/plain")})
    assert r.status_code == 200, r.text
    assert r.json()["documents"][0] == expected


def test_forced_language_matches_cli(client, tmp_path):
    path = tmp_path / "ad.txt"
    path.write_text(EN_AD, encoding="utf-8")
    expected = cli_json(path, "--lang", "sv")["documents"][0]
    r = client.post("/v1/scan", files={"file": ("ad.txt", path.read_bytes())}, data={"language": "sv"})
    assert r.json()["documents"][0] == expected
    assert r.json()["documents"][0]["language"] == "sv"


def _docx(path: Path) -> None:
    docx = pytest.importorskip("docx", reason="python-docx is not installed")
    d = docx.Document()
    for para in SV_AD.strip().split("\n\n"):
        d.add_paragraph(para)
    d.save(str(path))


def _html(path: Path) -> None:
    paras = "".join(f"<p>{p}</p>" for p in EN_AD.strip().split("\n\n"))
    path.write_text(f"<!DOCTYPE html><html lang='en'><head><title>Sales lead</title></head><body><main>{paras}</main></body></html>", encoding="utf-8")


def _pdf(path: Path) -> None:
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 is not installed")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for para in EN_AD.strip().split("\n\n"):
        pdf.multi_cell(0, 8, para)
        pdf.ln(4)
    pdf.output(str(path))


def _odt(path: Path) -> None:
    import shutil
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed; it builds the .odt")
    src = path.with_suffix(".docx")
    _docx(src)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "odt", "--outdir", str(path.parent), str(src)],
            check=True, capture_output=True, timeout=120,
        )
    src.unlink()


@pytest.mark.parametrize("suffix,build", [(".docx", _docx), (".html", _html), (".pdf", _pdf), (".odt", _odt)])
def test_file_formats_match_cli(client, tmp_path, suffix, build):
    from normcheck import api

    path = tmp_path / f"ad{suffix}"
    build(path)
    data = path.read_bytes()
    media_type = api.sniff(data, path.name)
    if media_type is None or media_type == "application/octet-stream":
        pytest.skip(f"no reader plugin for {suffix} is registered yet")
    r = client.post("/v1/scan", files={"file": (path.name, data, "application/octet-stream")})
    if r.status_code == 415:
        pytest.skip(f"no reader for {media_type} is registered yet")
    assert r.status_code == 200, r.text
    assert r.json()["documents"][0] == cli_json(path)["documents"][0]


def test_modules_filter_and_profile(client):
    r = client.post("/v1/scan", json={"text": EN_AD, "modules": []})
    assert r.status_code == 200 and r.json()["documents"][0]["modules"] == {}
    r = client.post("/v1/scan", json={"text": EN_AD, "profile": "default", "language": "en"})
    assert r.json()["profile"] == "default"
    assert_error(client.post("/v1/scan", json={"text": EN_AD, "profile": "no-such-profile"}), 422, "invalid_option")


def test_multipart_text_field(client):
    r = client.post("/v1/scan", data={"text": EN_AD, "language": "en", "modules": ""}, files={"file": ("", b"", "application/octet-stream")})
    assert r.status_code == 200, r.text
    assert r.json()["documents"][0]["source"] == "<text>"


# ---------------------------------------------------------------------------------------------
# Output formats through the registered reporters


@pytest.mark.parametrize("fmt", ["json", "text", "jsonl", "html", "sarif", "docx", "md"])
def test_formats(client, fmt):
    formats = {f["name"]: f for f in client.get("/v1/formats").json()["formats"]}
    if fmt not in formats:
        pytest.skip(f"the {fmt} reporter is not registered yet")
    r = client.post("/v1/scan", params={"format": fmt}, json={"text": EN_AD, "source": "ad.txt"})
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].split(";")[0] == formats[fmt]["media_type"].split(";")[0]
    if fmt == "json":
        assert r.json()["documents"][0]["findings"]
    elif fmt == "jsonl":
        lines = r.text.strip().splitlines()
        assert len(lines) == 1 and json.loads(lines[0])["source"] == "ad.txt"
    elif fmt == "text":
        assert "ad.txt" in r.text and "competitive" in r.text.lower()
    elif fmt == "html":
        assert "<html" in r.text.lower() and "competitive" in r.text
        assert "default-src 'none'" in r.headers["content-security-policy"]
    elif fmt == "sarif":
        sarif = r.json()
        assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    elif fmt == "docx":
        assert r.headers["content-disposition"].startswith("attachment;")
        assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    elif fmt == "md":
        assert "competitive" in r.text


def test_docx_format_on_uploaded_word_file(client, tmp_path):
    formats = {f["name"] for f in client.get("/v1/formats").json()["formats"]}
    if "docx" not in formats:
        pytest.skip("the docx reporter is not registered yet")
    path = tmp_path / "annons.docx"
    _docx(path)
    r = client.post("/v1/scan", params={"format": "docx"}, files={"file": ("annons.docx", path.read_bytes())})
    if r.status_code == 415:
        pytest.skip("no docx reader is registered yet")
    assert r.status_code == 200, r.text[:300]
    assert 'filename="annons.normcheck.docx"' in r.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert "word/comments.xml" in names


def test_unknown_format(client):
    body = assert_error(client.post("/v1/scan", params={"format": "pptx"}, json={"text": EN_AD}), 422, "unknown_format")
    assert "json" in body["error"]["message"]


# ---------------------------------------------------------------------------------------------
# Bad requests: the right 4xx, JSON, and the service keeps serving


@pytest.mark.parametrize(
    "content,ctype,status,code",
    [
        (b'{"text": "We need', "application/json", 400, "invalid_json"),
        (b"", "application/json", 400, "invalid_json"),
        (b'{"text": "V\xe4lkommen"}', "application/json", 400, "invalid_utf8"),
        (b"[" * 200_000 + b"]" * 200_000, "application/json", 400, "invalid_json"),
        (b'["text"]', "application/json", 422, "invalid_request"),
        (b'{"text": 42}', "application/json", 422, "invalid_request"),
        (b'{"text": "hej", "colour": "red"}', "application/json", 422, "invalid_request"),
        (b'{"text": "hej", "language": "de"}', "application/json", 422, "invalid_request"),
        (b"{}", "application/json", 422, "invalid_request"),
        (b'{"text": "hej", "url": "https://example.org/"}', "application/json", 422, "invalid_request"),
        (b'{"text": "   "}', "application/json", 422, "empty_text"),
        (b'{"text": "\\ud800 lone surrogate"}', "application/json", 422, "invalid_text"),
        (b'{"text": "hej", "modules": "recruitment"}', "application/json", 422, "invalid_request"),
        (b"text=hej", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (b"We need a salesman", "text/plain", 415, "unsupported_media_type"),
        (b"We need a salesman", "", 415, "unsupported_media_type"),
        (b"--x\r\nnot multipart", "multipart/form-data", 400, "bad_request"),
    ],
)
def test_bad_bodies(client, content, ctype, status, code):
    headers = {"Content-Type": ctype} if ctype else {}
    r = client.post("/v1/scan", content=content, headers=headers)
    assert_error(r, status, code)
    assert client.get("/healthz").status_code == 200


def test_bad_uploads(client):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    assert_error(client.post("/v1/scan", files={"file": ("logo.png", png)}), 415, "unsupported_media_type")
    assert_error(client.post("/v1/scan", files={"file": ("tom.txt", b"")}), 422, "unreadable_input")
    assert_error(client.post("/v1/scan", files={"file": ("binary.txt", b"\x00\x01\x02" * 100)}), 415, "unsupported_media_type")
    assert_error(client.post("/v1/scan", files={"file": ("latin.txt", b"\xff\xfe\x00\xd8")}), 422, "unreadable_input")
    two = [("file", ("a.txt", b"Hej", "text/plain")), ("file", ("b.txt", b"Hej", "text/plain"))]
    assert_error(client.post("/v1/scan", files=two), 400, "bad_request")
    no_file = {"file": ("", b"", "application/octet-stream")}  # what a browser sends when no file is chosen
    assert_error(client.post("/v1/scan", data={"text": "hej", "colour": "red"}, files=no_file), 422, "invalid_request")
    assert_error(client.post("/v1/scan", data={"text": "hej"}, files={"file": ("a.txt", b"Hej du")}), 422, "invalid_request")
    assert_error(client.post("/v1/scan", data={"language": "en"}, files=no_file), 422, "invalid_request")
    assert_error(client.post("/v1/scan", data={"text": "hej", "language": "fi"}, files=no_file), 422, "invalid_request")
    assert_error(client.post("/v1/scan", data={"text": "hej"}), 415, "unsupported_media_type")  # urlencoded
    assert_error(client.post("/v1/scan", files={"text": ("a.txt", b"Hej du")}), 422, "invalid_request")
    assert client.get("/healthz").status_code == 200


def test_not_found_and_method(client):
    assert_error(client.get("/v2/scan"), 404, "not_found")
    assert_error(client.get("/v1/scan"), 405, "method_not_allowed")
    assert_error(client.delete("/v1/rules"), 405, "method_not_allowed")


def test_url_scanning_is_off_by_default(client):
    assert_error(client.post("/v1/scan", json={"url": "http://127.0.0.1:9/"}), 403, "url_scanning_disabled")


# ---------------------------------------------------------------------------------------------
# Metrics


def test_metrics_exposition(client):
    from prometheus_client.parser import text_string_to_metric_families

    client.post("/v1/scan", json={"text": EN_AD})
    client.post("/v1/scan", content=b"{", headers={"Content-Type": "application/json"})
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(r.text)}
    requests = {
        (s.labels["route"], s.labels["method"], s.labels["status"]): s.value
        for s in families["normcheck_http_requests"].samples
        if s.name == "normcheck_http_requests_total"
    }
    assert requests[("/v1/scan", "POST", "200")] >= 1
    assert requests[("/v1/scan", "POST", "400")] >= 1
    hist = families["normcheck_http_request_duration_seconds"].samples
    inf = [s for s in hist if s.name.endswith("_bucket") and s.labels["route"] == "/v1/scan" and s.labels["le"] == "+Inf"]
    count = [s for s in hist if s.name.endswith("_count") and s.labels["route"] == "/v1/scan"]
    assert inf and count and inf[0].value == count[0].value >= 2
    errors = {(s.labels["route"], s.labels["code"]): s.value for s in families["normcheck_http_errors"].samples}
    assert errors[("/v1/scan", "invalid_json")] >= 1
    assert families["normcheck_ready"].samples[0].value == 1
    client.get("/no/such/path/123")
    text = client.get("/metrics").text
    assert "/no/such/path" not in text and 'route="unmatched"' in text


# ---------------------------------------------------------------------------------------------
# Auth, CORS, limits (the strict server)


def test_auth_required_on_v1(strict):
    base = strict.base
    for method, path in (("GET", "/v1/rules"), ("GET", "/v1/plugins"), ("GET", "/v1/formats"), ("POST", "/v1/scan")):
        r = httpx.request(method, base + path, json={"text": "hej"} if method == "POST" else None)
        assert_error(r, 401, "unauthorized")
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert_error(httpx.request(method, base + path, headers=auth("wrong-key-0123456789")), 401, "unauthorized")
        assert_error(httpx.request(method, base + path, headers={"Authorization": f"Basic {KEYS[0]}"}), 401, "unauthorized")
        assert_error(httpx.request(method, base + path, headers={"Authorization": "Bearer"}), 401, "unauthorized")
    for key in KEYS:
        assert httpx.get(base + "/v1/rules", headers=auth(key)).status_code == 200
        r = httpx.post(base + "/v1/scan", json={"text": EN_AD}, headers=auth(key))
        assert r.status_code == 200, r.text
    assert httpx.get(base + "/v1/rules", headers=auth(KEYS[0][:-1])).status_code == 401
    for path in ("/healthz", "/readyz", "/metrics", "/", "/openapi.json"):
        assert httpx.get(base + path).status_code == 200, path


def test_api_keys_from_environment(monkeypatch):
    s = from_mapping({"api-keys": ["from-config"]}, environ={"NORMCHECK_API_KEYS": " env-one , env-two,,"})
    assert s.api_keys == ("from-config", "env-one", "env-two") and s.auth_enabled
    assert from_mapping({}, environ={}).auth_enabled is False
    from normcheck.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown service setting"):
        from_mapping({"max-bodysize": 3}, environ={})
    with pytest.raises(ConfigError, match="greater than 0"):
        from_mapping({"time-limit": 0}, environ={})
    with pytest.raises(ConfigError, match="CIDR"):
        from_mapping({"url-allow-networks": ["intranet"]}, environ={})

    from fastapi.testclient import TestClient

    from normcheck.config import Config
    from normcheck.service import create_app

    monkeypatch.setenv("NORMCHECK_API_KEYS", "env-key-1,env-key-2")
    app = create_app(Config(plugins={"service": {"max-text-chars": 5000}}))
    assert app.state.normcheck.settings.max_text_chars == 5000
    with TestClient(app) as c:
        assert_error(c.get("/v1/formats"), 401, "unauthorized")
        assert c.get("/v1/formats", headers=auth("env-key-2")).status_code == 200


def test_cors(strict):
    allowed = httpx.options(
        strict.base + "/v1/scan",
        headers={"Origin": "https://platform.example", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization,content-type"},
    )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://platform.example"
    r = httpx.get(strict.base + "/healthz", headers={"Origin": "https://platform.example"})
    assert r.headers["access-control-allow-origin"] == "https://platform.example"
    other = httpx.get(strict.base + "/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_body_size_limit(strict):
    base, h = strict.base, auth()
    big = json.dumps({"text": "ord " * 20_000}).encode()
    assert len(big) > 64 * 1024
    assert_error(httpx.post(base + "/v1/scan", content=big, headers={**h, "Content-Type": "application/json"}), 413, "body_too_large")
    assert_error(httpx.post(base + "/v1/scan", files={"file": ("ad.txt", b"a " * 40_000)}, headers=h), 413, "body_too_large")
    # No Content-Length: the body is counted as it arrives.
    chunked = (
        b"POST /v1/scan HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Authorization: Bearer " + KEYS[0].encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"a" * 16384
    chunked += b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(5)) + b"0\r\n\r\n"
    status, headers, body = parse_raw(raw_http(strict.port, chunked))
    assert status == 413 and json.loads(body)["error"]["code"] == "body_too_large"
    status, _, body = parse_raw(raw_http(strict.port, b"POST /v1/scan HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n"))
    assert status == 400
    assert httpx.get(base + "/healthz").status_code == 200


def test_text_length_limit(strict):
    base, h = strict.base, auth()
    assert_error(httpx.post(base + "/v1/scan", json={"text": "ord " * 600}, headers=h), 413, "text_too_long")
    # Extracted text counts too: the upload is small enough as bytes but too long as text.
    assert_error(httpx.post(base + "/v1/scan", files={"file": ("ad.txt", ("ord " * 600).encode())}, headers=h), 413, "text_too_long")
    assert httpx.post(base + "/v1/scan", json={"text": "ord " * 400}, headers=h).status_code == 200


def test_slow_client_gets_408_and_others_are_served(strict):
    request = (
        b"POST /v1/scan HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Authorization: Bearer " + KEYS[0].encode() + b"\r\nContent-Length: 200\r\n\r\n" + b'{"text": "hej'
    )
    result: dict[str, bytes] = {}
    t = threading.Thread(target=lambda: result.setdefault("r", raw_http(strict.port, request, timeout=15)))
    t.start()
    assert httpx.get(strict.base + "/healthz").status_code == 200
    assert httpx.post(strict.base + "/v1/scan", json={"text": EN_AD}, headers=auth()).status_code == 200
    t.join(20)
    status, _, body = parse_raw(result["r"])
    assert status == 408 and json.loads(body)["error"]["code"] == "request_timeout"


def test_busy_is_503(strict, pm):
    plugin = BlockingPlugin()
    pm.register(plugin)
    out: dict[str, httpx.Response] = {}
    t = threading.Thread(
        target=lambda: out.setdefault("first", httpx.post(strict.base + "/v1/scan", json={"text": "BLOCKSCAN hej"}, headers=auth(), timeout=30))
    )
    t.start()
    try:
        assert plugin.check.entered.wait(20)
        r = httpx.post(strict.base + "/v1/scan", json={"text": EN_AD}, headers=auth())
        assert_error(r, 503, "busy")
        assert r.headers["retry-after"] == "1"
        assert httpx.get(strict.base + "/healthz").status_code == 200
    finally:
        plugin.check.release.set()
        t.join(30)
    assert out["first"].status_code == 200
    assert "normcheck_scans_rejected_total{reason=\"busy\"} 1" in httpx.get(strict.base + "/metrics").text


def test_time_limit_is_504(pm):
    live = serve(ServiceSettings(time_limit=0.3, max_concurrency=1, max_queue=4))
    plugin = BlockingPlugin()
    pm.register(plugin)
    try:
        r = httpx.post(live.base + "/v1/scan", json={"text": "BLOCKSCAN hej"}, timeout=30)
        assert_error(r, 504, "timeout")
        assert plugin.check.entered.is_set()
        assert httpx.get(live.base + "/healthz").status_code == 200
        plugin.check.release.set()
        r = httpx.post(live.base + "/v1/scan", json={"text": EN_AD}, timeout=30)
        assert r.status_code == 200
    finally:
        plugin.check.release.set()
        live.stop()


def test_unexpected_error_is_json_500(pm):
    from fastapi.testclient import TestClient

    from normcheck.config import Config
    from normcheck.hookspecs import hookimpl
    from normcheck.service import create_app

    class Broken:
        name = "test-broken"
        profiles = ("default",)

        def run(self, analysis, rules, config):
            raise RuntimeError("secret internal detail")

    class BrokenPlugin:
        @hookimpl
        def register_checks(self, config):
            return [Broken()]

    pm.register(BrokenPlugin())
    with TestClient(create_app(Config(), ServiceSettings()), raise_server_exceptions=False) as c:
        r = c.post("/v1/scan", json={"text": "hej"})
        body = assert_error(r, 500, "internal_error")
        assert "secret internal detail" not in r.text and "RuntimeError" not in body["error"]["message"]


# ---------------------------------------------------------------------------------------------
# The serve command (a separate process, as users start it)


def _serve_process(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "normcheck", "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", *args],
        cwd=tmp_path,
        env={**os.environ, "NORMCHECK_DISABLE_ENTRY_POINTS": "1", **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    return proc, f"http://127.0.0.1:{port}"


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_command(tmp_path, workers):
    (tmp_path / ".normcheck.toml").write_text('[service]\nmax-text-chars = 3000\n', encoding="utf-8")
    proc, base = _serve_process(tmp_path, "--workers", workers, env={"NORMCHECK_API_KEYS": "cli-key-123"})
    try:
        wait_ready(base, proc=proc)
        assert httpx.get(base + "/v1/rules").status_code == 401
        r = httpx.post(base + "/v1/scan", json={"text": SV_AD}, headers=auth("cli-key-123"), timeout=30)
        assert r.status_code == 200 and r.json()["documents"][0]["findings"]
        r = httpx.post(base + "/v1/scan", json={"text": "ord " * 1000}, headers=auth("cli-key-123"))
        assert_error(r, 413, "text_too_long")
    finally:
        _stop(proc)


def test_serve_refuses_bad_settings(tmp_path):
    (tmp_path / ".normcheck.toml").write_text('[service]\nmax-queue = -1\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "normcheck", "serve", "--port", str(free_port())],
        cwd=tmp_path, env={**os.environ, "NORMCHECK_DISABLE_ENTRY_POINTS": "1"},
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert "max-queue must not be negative" in proc.stderr and "Traceback" not in proc.stderr


def test_scan_does_not_import_fastapi():
    code = "import sys, normcheck.cli as c; c._register_plugin_commands(); print('fastapi' in sys.modules, 'uvicorn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "NORMCHECK_DISABLE_ENTRY_POINTS": "1"})
    assert out.stdout.split() == ["False", "False"]
