"""URL scanning in the service: off by default, and no fetching of private or loopback addresses.

Every URL here points at this machine or at an address that is refused before any connection
is made; no traffic leaves the machine.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from normcheck.service.fetch import refusal_reason
from normcheck.service.settings import ServiceSettings
from service_support import serve

AD = (
    "We are hiring a competitive, dominant sales lead.\n\n"
    "He will report to the chairman. You are supportive and collaborative.\n"
)


class Origin:
    """A small web server on 127.0.0.1 that records every request it gets."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        origin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):  # noqa: N802
                origin.hits.append(self.path)
                port = origin.port
                routes = {
                    "/ad.txt": (200, {"Content-Type": "text/plain; charset=utf-8"}, AD.encode()),
                    "/plain": (200, {"Content-Type": "text/plain; charset=utf-8"}, AD.encode()),
                    "/moved": (302, {"Location": "/ad.txt"}, b""),
                    "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
                    "/to-ipv6-loopback": (301, {"Location": f"http://[::1]:{port}/ad.txt"}, b""),
                    "/to-localhost": (307, {"Location": f"http://localhost:{port}/ad.txt"}, b""),
                    "/loop": (302, {"Location": "/loop"}, b""),
                    "/big.txt": (200, {"Content-Type": "text/plain"}, b"ord " * 100_000),
                    "/image.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
                }
                if self.path == "/slow.txt":
                    time.sleep(3)
                    status, headers, body = 200, {"Content-Type": "text/plain"}, AD.encode()
                else:
                    status, headers, body = routes.get(self.path, (404, {"Content-Type": "text/plain"}, b"not here"))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def origin():
    o = Origin()
    yield o
    o.stop()


@pytest.fixture(scope="module")
def guarded():
    """URL scanning on, default address policy (public addresses only)."""
    live = serve(ServiceSettings(url_scanning=True, url_timeout=1.0))
    yield live
    live.stop()


@pytest.fixture(scope="module")
def intranet():
    """URL scanning on, with 127.0.0.1/32 allowed as the operator's intranet."""
    live = serve(ServiceSettings(url_scanning=True, url_timeout=1.0, url_max_bytes=100_000, url_max_redirects=3,
                                 url_allow_networks=("127.0.0.1/32",)))
    yield live
    live.stop()


def _error(r: httpx.Response, status: int, code: str) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"]["code"] == code, body
    return str(body["error"]["message"])


def test_loopback_and_a_name_for_it_are_refused(guarded, origin):
    before = len(origin.hits)
    for url in (
        f"http://127.0.0.1:{origin.port}/ad.txt",
        f"http://localhost:{origin.port}/ad.txt",  # a host name that resolves to 127.0.0.1
        f"http://LocalHost:{origin.port}/ad.txt",
        f"http://127.1:{origin.port}/ad.txt",  # short form of 127.0.0.1
        f"http://2130706433:{origin.port}/ad.txt",  # 127.0.0.1 as one number
        f"http://0x7f000001:{origin.port}/ad.txt",
        f"http://[::1]:{origin.port}/ad.txt",
        f"http://[::ffff:127.0.0.1]:{origin.port}/ad.txt",
        f"http://0.0.0.0:{origin.port}/ad.txt",
    ):
        message = _error(httpx.post(f"{guarded.base}/v1/scan", json={"url": url}, timeout=30), 403, "url_refused")
        assert "refused" in message, message
    assert len(origin.hits) == before, "a refused URL must not be fetched"


@pytest.mark.parametrize(
    "url,reason",
    [
        ("http://169.254.169.254/latest/meta-data/", "metadata"),
        ("http://[fd00:ec2::254]/latest/meta-data/", "metadata"),
        ("http://100.100.100.200/latest/meta-data/", "metadata"),
        ("http://10.1.2.3/intranet", "private"),
        ("http://172.16.0.1/", "private"),
        ("http://192.168.1.1/admin", "private"),
        ("http://[fe80::1]/", "link-local"),
        ("http://169.254.10.10/", "link-local"),
        ("http://100.64.0.1/", "public"),  # carrier-grade NAT
        ("http://224.0.0.1/", "multicast"),
        ("http://[fc00::1]/", "private"),
    ],
)
def test_private_link_local_and_metadata_addresses_are_refused(guarded, url, reason):
    message = _error(httpx.post(f"{guarded.base}/v1/scan", json={"url": url}, timeout=30), 403, "url_refused")
    assert reason in message, message


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/ad.txt", "file:///etc/passwd", "gopher://127.0.0.1/", "http://user:secret@localhost/", "http:///nohost", "http://[::1"],
)
def test_other_schemes_and_odd_urls_are_refused(guarded, url):
    _error(httpx.post(f"{guarded.base}/v1/scan", json={"url": url}, timeout=30), 403, "url_refused")


def test_refusal_reasons():
    ip = ipaddress.ip_address
    assert refusal_reason(ip("127.0.0.1")) == "a loopback address"
    assert refusal_reason(ip("::ffff:10.0.0.1")) == "a private address"
    assert refusal_reason(ip("2002:7f00:1::1")) == "a loopback address"  # 6to4 around 127.0.0.1
    assert refusal_reason(ip("2001:0:4136:e378:8000:63bf:3fff:fdd2")) == "a Teredo tunnel address"
    assert refusal_reason(ip("169.254.169.254"), [ipaddress.ip_network("169.254.0.0/16")]) == "a cloud metadata address"
    assert refusal_reason(ip("10.0.0.7"), [ipaddress.ip_network("10.0.0.0/24")]) is None
    assert refusal_reason(ip("93.184.215.14")) is None
    assert refusal_reason(ip("2a00:1450:4001:80b::200e")) is None


def test_allowed_network_is_fetched_and_scanned(intranet, origin):
    url = f"http://127.0.0.1:{origin.port}/ad.txt"
    r = httpx.post(f"{intranet.base}/v1/scan", json={"url": url}, timeout=30)
    assert r.status_code == 200, r.text
    doc = r.json()["documents"][0]
    assert doc["source"] == url and doc["findings"]
    # No extension: the media type comes from the Content-Type header.
    assert httpx.post(f"{intranet.base}/v1/scan", json={"url": f"http://127.0.0.1:{origin.port}/plain"}, timeout=30).status_code == 200
    # A redirect inside the allowed network is followed.
    r = httpx.post(f"{intranet.base}/v1/scan", json={"url": f"http://127.0.0.1:{origin.port}/moved"}, timeout=30)
    assert r.status_code == 200 and r.json()["documents"][0]["findings"]


def test_redirects_are_checked_at_every_hop(intranet, origin):
    base = f"http://127.0.0.1:{origin.port}"
    assert "metadata" in _error(httpx.post(f"{intranet.base}/v1/scan", json={"url": f"{base}/to-metadata"}, timeout=30), 403, "url_refused")
    assert "loopback" in _error(httpx.post(f"{intranet.base}/v1/scan", json={"url": f"{base}/to-ipv6-loopback"}, timeout=30), 403, "url_refused")
    # Every address a name resolves to must pass: where localhost also resolves to ::1, it is refused.
    from normcheck.service.fetch import resolve

    r = httpx.post(f"{intranet.base}/v1/scan", json={"url": f"{base}/to-localhost"}, timeout=30)
    if ipaddress.ip_address("::1") in resolve("localhost", origin.port):
        assert "::1" in _error(r, 403, "url_refused")
    else:
        assert r.status_code == 200, r.text
    assert "redirects" in _error(httpx.post(f"{intranet.base}/v1/scan", json={"url": f"{base}/loop"}, timeout=30), 422, "unreadable_input")


def test_fetch_limits(intranet, origin):
    base = f"http://127.0.0.1:{origin.port}"
    assert "larger than" in _error(httpx.post(f"{intranet.base}/v1/scan", json={"url": f"{base}/big.txt"}, timeout=30), 422, "unreadable_input")
    assert "404" in _error(httpx.post(f"{intranet.base}/v1/scan", json={"url": f"{base}/missing"}, timeout=30), 422, "unreadable_input")
    assert "within" in _error(httpx.post(f"{intranet.base}/v1/scan", json={"url": f"{base}/slow.txt"}, timeout=30), 422, "unreadable_input")
    _error(httpx.post(f"{intranet.base}/v1/scan", json={"url": f"{base}/image.png"}, timeout=30), 415, "unsupported_media_type")
    closed = f"http://127.0.0.1:{_closed_port()}/ad.txt"
    assert "could not be fetched" in _error(httpx.post(f"{intranet.base}/v1/scan", json={"url": closed}, timeout=30), 422, "unreadable_input")
    assert httpx.get(f"{intranet.base}/healthz").status_code == 200


def _closed_port() -> int:
    from service_support import free_port

    return free_port()
