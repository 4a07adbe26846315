"""The URL reader and --crawl against a real HTTP server on 127.0.0.1 (a thread in the test)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from readers_support import lexicon_dir, pages_pdf, simple_docx

from normcheck import api
from normcheck.errors import ReaderError

RELEASE = threading.Event()  # set at teardown so hanging handlers finish


def _html(title: str, body: str) -> bytes:
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{body}</body></html>".encode()


class Site:
    """Pages keyed by path: (status, headers, body) or a callable(handler)."""

    def __init__(self) -> None:
        self.pages: dict[str, object] = {}
        self.hits: list[str] = []
        self.agents: list[str] = []


def make_handler(site: Site):  # type: ignore[no-untyped-def]
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # noqa: D401 - keep test output clean
            pass

        def do_GET(self):  # noqa: N802
            path = unquote(urlsplit(self.path).path)
            site.hits.append(path)
            site.agents.append(self.headers.get("User-Agent", ""))
            page = site.pages.get(path)
            if callable(page):
                page(self)
                return
            if page is None:
                page = (404, {"Content-Type": "text/plain"}, b"not here")
            status, headers, body = page  # type: ignore[misc]
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = Site()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(site))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    tmp = tmp_path_factory.mktemp("site")
    html = {"Content-Type": "text/html; charset=utf-8"}

    site.pages["/robots.txt"] = (200, {"Content-Type": "text/plain"},
                                 b"User-agent: *\nDisallow: /private\n\nUser-agent: normcheck\nDisallow: /no-normcheck\nDisallow: /private\n")
    site.pages["/jobb/säljare"] = (200, html, _html("Säljare", "<main><p>Vi söker en zorblax till Umeå.</p></main>"))
    site.pages["/private/page"] = (200, html, _html("Private", "<p>Secret zorblax</p>"))
    site.pages["/no-normcheck"] = (200, html, _html("No", "<p>Not for us</p>"))
    site.pages["/latin1"] = (
        200,
        {"Content-Type": "text/html; charset=ISO-8859-1"},
        '<html><head><meta charset="utf-8"><title>Löner</title></head><body><p>Välkommen till Åre.</p></body></html>'.encode("latin-1"),
    )
    site.pages["/moved"] = (301, {"Location": "/jobb/s%C3%A4ljare"}, b"")
    site.pages["/r1"] = (302, {"Location": "/r2"}, b"")
    site.pages["/r2"] = (302, {"Location": "/r1"}, b"")
    for i in range(8):
        site.pages[f"/chain{i}"] = (302, {"Location": f"/chain{i + 1}"}, b"")
    site.pages["/chain8"] = (200, html, _html("End", "<p>End of the chain.</p>"))
    site.pages["/huge-declared"] = (200, html, b"<p>" + b"x" * (300 * 1024) + b"</p>")
    site.pages["/app"] = (200, html, b'<html><head><title>App</title><script src="/a.js"></script></head><body><div id="root"></div></body></html>')
    site.pages["/brochure"] = (200, {"Content-Type": "application/octet-stream"},
                               pages_pdf(tmp / "b.pdf", [["A zorblax brochure page."]]).read_bytes())
    site.pages["/ad.docx"] = (200, {"Content-Type": "application/octet-stream"},
                              simple_docx(tmp / "a.docx", ["A zorblax in Word."]).read_bytes())
    site.pages["/plain"] = (200, {"Content-Type": "text/plain; charset=windows-1252"}, "Plain text från Gävle.".encode("cp1252"))
    site.pages["/gone"] = (410, {"Content-Type": "text/plain"}, b"gone")

    def never_answers(h):  # accepts the connection, then says nothing
        RELEASE.wait(30)

    def drips(h):  # headers at once, then one byte every 0.2 s for ever (until released)
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        try:
            h.wfile.write(b"<html><body><p>")
            while not RELEASE.wait(0.2):
                h.wfile.write(b"a")
                h.wfile.flush()
        except OSError:
            pass

    def streams_huge(h):  # no Content-Length: the size limit must stop reading
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        try:
            for _ in range(2000):
                h.wfile.write(b"<p>" + b"word " * 2000 + b"</p>")
        except OSError:
            pass
        h.close_connection = True

    site.pages["/never"] = never_answers
    site.pages["/drip"] = drips
    site.pages["/stream-huge"] = streams_huge

    # A small site for --crawl: start -> a, b (nav), c via a; one off-site link, one disallowed,
    # one nofollow, one image, and a broken link.
    nav = '<nav><a href="/site/a">A</a> <a href="/site/b">B</a></nav>'
    site.pages["/site/"] = (200, html, _html("Start", nav + '<main><p>Start page zorblax.</p>'
                            '<a href="https://elsewhere.invalid/x">Off</a> <a href="/private/page">Hidden</a>'
                            '<a rel="nofollow" href="/site/login">Login</a> <a href="/site/logo.png">Logo</a>'
                            '<a href="/site/missing">Missing</a></main>'))
    site.pages["/site/a"] = (200, html, _html("A", nav + '<main><p>Page A.</p><a href="/site/c">C</a></main>'))
    site.pages["/site/b"] = (200, html, _html("B", nav + "<main><p>Page B zorblax.</p></main>"))
    site.pages["/site/c"] = (200, html, _html("C", nav + "<main><p>Page C.</p></main>"))
    site.pages["/site/login"] = (200, html, _html("Login", "<p>Login</p>"))

    yield base, site
    RELEASE.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _fresh_robots():
    from normcheck.readers import url

    url.clear_robots_cache()
    yield
    url.clear_robots_cache()


def cfg(**url_opts):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    base = api.make_config()
    return replace(base, plugins={**base.plugins, "url": {k.replace("_", "-"): v for k, v in url_opts.items()}})


def test_fetch_idn_path_and_user_agent(server):
    base, site = server
    doc = api.read_source(f"{base}/jobb/säljare", cfg())
    assert doc.media_type == "text/html"
    assert doc.text == "Säljare\n\nVi söker en zorblax till Umeå."
    assert doc.segments[1].source.locator == "html:/html/body/main/p"
    assert site.agents[-1].startswith("normcheck/")
    assert "/robots.txt" in site.hits


def test_robots_txt_is_respected(server):
    base, _ = server
    with pytest.raises(ReaderError, match="robots.txt disallows"):
        api.read_source(f"{base}/private/page", cfg())
    with pytest.raises(ReaderError, match="robots.txt disallows"):
        api.read_source(f"{base}/no-normcheck", cfg())
    # robots = false (an owner scanning their own site) skips the check
    assert "Secret" in api.read_source(f"{base}/private/page", cfg(robots=False)).text


def test_header_charset_wins_over_meta(server):
    base, _ = server
    doc = api.read_source(f"{base}/latin1", cfg())
    assert doc.text == "Löner\n\nVälkommen till Åre."
    plain = api.read_source(f"{base}/plain", cfg())
    assert plain.media_type == "text/plain" and plain.text == "Plain text från Gävle."


def test_redirects_are_followed_within_limits(server):
    base, _ = server
    assert "zorblax" in api.read_source(f"{base}/moved", cfg()).text
    with pytest.raises(ReaderError, match="redirect loop"):
        api.read_source(f"{base}/r1", cfg())
    with pytest.raises(ReaderError, match="more than 5 redirects"):
        api.read_source(f"{base}/chain0", cfg())
    assert api.read_source(f"{base}/chain0", cfg(max_redirects=10)).text.endswith("End of the chain.")


def test_server_that_never_answers_times_out(server):
    base, _ = server
    start = time.monotonic()
    with pytest.raises(ReaderError, match=r"no complete answer within 1 s") as err:
        api.read_source(f"{base}/never", cfg(timeout=1))
    assert err.value.source == f"{base}/never"
    assert time.monotonic() - start < 10  # bounded, not a speed assertion: the default would be 10 s


def test_server_that_drips_forever_hits_the_total_deadline(server):
    base, _ = server
    with pytest.raises(ReaderError, match="no complete answer within 1 s"):
        api.read_source(f"{base}/drip", cfg(timeout=1))


def test_size_limit_from_content_length_and_while_streaming(server):
    base, _ = server
    with pytest.raises(ReaderError, match=r"too large: 307,207 bytes"):
        api.read_source(f"{base}/huge-declared", cfg(max_bytes=100_000))
    with pytest.raises(ReaderError, match=r"too large: more than the 1 MB limit"):
        api.read_source(f"{base}/stream-huge", cfg(max_bytes=1024 * 1024))


def test_types_are_sniffed_when_the_server_says_octet_stream(server):
    base, _ = server
    pdf = api.read_source(f"{base}/brochure", cfg())
    assert pdf.media_type == "application/pdf" and pdf.segments[0].source.page == 1
    word = api.read_source(f"{base}/ad.docx", cfg())
    assert word.text == "A zorblax in Word."


def test_http_errors_and_unreachable_hosts(server):
    base, _ = server
    with pytest.raises(ReaderError, match="HTTP 404"):
        api.read_source(f"{base}/nothing-here", cfg())
    with pytest.raises(ReaderError, match="HTTP 410"):
        api.read_source(f"{base}/gone", cfg())
    with pytest.raises(ReaderError, match="connection refused"):
        api.read_source("http://127.0.0.1:9/", cfg(timeout=2))
    with pytest.raises(ReaderError, match="made by JavaScript"):
        api.read_source(f"{base}/app", cfg())


def test_private_addresses_can_be_refused(server):
    base, _ = server
    with pytest.raises(ReaderError, match="private or local address"):
        api.read_source(f"{base}/jobb/säljare", cfg(allow_private=False))


def _run_cli(args, tmp_path):  # type: ignore[no-untyped-def]
    from normcheck.cli import cli

    lex = lexicon_dir(tmp_path)
    conf = tmp_path / ".normcheck.toml"
    conf.write_text(f'lexicon-dirs = ["{lex}"]\nenable = ["en.readertest."]\nlang = "en"\n[url]\ntimeout = 2\n', encoding="utf-8")
    return CliRunner().invoke(cli, ["scan", "--config", str(conf), *args])


def test_crawl_reports_each_same_site_page(server, tmp_path):
    base, site = server
    site.hits.clear()
    result = _run_cli(["--crawl", "10", f"{base}/site/", "-f", "json", "--fail-on", "never"], tmp_path)
    report = json.loads(result.stdout)
    sources = [d["source"] for d in report["documents"]]
    assert sources == [f"{base}/site/", f"{base}/site/a", f"{base}/site/b", f"{base}/site/c"]
    # the broken link is an error for that page only; the run exits 2 and says so in one line
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"normcheck: error: {base}/site/missing: the server answered HTTP 404 Not Found"]
    # never fetched: off-site, disallowed by robots.txt, nofollow, an image
    assert not {"/private/page", "/site/login", "/site/logo.png"} & set(site.hits)
    hits = {d["source"]: [f["location"]["locator"] for f in d["findings"]] for d in report["documents"]}
    assert hits[f"{base}/site/"] == ["html:/html/body/main/p"]
    assert hits[f"{base}/site/b"] == ["html:/html/body/main/p"]


def test_crawl_stops_at_n_pages(server, tmp_path):
    base, _ = server
    result = _run_cli(["--crawl", "2", f"{base}/site/", "-f", "json", "--fail-on", "never"], tmp_path)
    assert result.exit_code == 0, result.stderr
    assert [d["source"] for d in json.loads(result.stdout)["documents"]] == [f"{base}/site/", f"{base}/site/a"]


def test_crawl_start_page_failure_is_one_error(server, tmp_path):
    base, _ = server
    result = _run_cli(["--crawl", "3", f"{base}/private/page", "-f", "json"], tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"normcheck: error: {base}/private/page: robots.txt disallows fetching this page"


def test_one_bad_url_does_not_stop_the_others(server, tmp_path):
    base, _ = server
    result = _run_cli([f"{base}/never", f"{base}/jobb/säljare", "-f", "json", "--fail-on", "never"], tmp_path / "x")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert [d["source"] for d in json.loads(result.stdout)["documents"]] == [f"{base}/jobb/säljare"]
