"""Web addresses (http, https): fetch politely and within limits, and crawl a site with ``--crawl N``.

``fetch_source`` fetches one URL for the other readers (HTML, PDF, Word, ...). Every request:

- names itself (``User-Agent: normcheck/<version> (...)``) and asks robots.txt first
  (RFC 9309: a 4xx robots.txt allows everything, a 5xx one or none at all forbids);
- follows at most ``max-redirects`` redirects (default 5) and refuses a redirect loop;
- stops at ``max-bytes`` (default 5 MiB, checked against Content-Length and while reading)
  and at ``timeout`` seconds for the whole request (default 10), however slowly the server
  sends;
- honours the charset of the Content-Type header (it wins over the page's own ``<meta>``):
  the body is handed on as UTF-8 with a byte-order mark.

``read_corpus`` with ``input_format="crawl"`` (the CLI's ``--crawl N``) reads the start page and
then same-site links, breadth first, up to N pages, skipping what robots.txt disallows and
honouring its Crawl-delay (at most ``max-crawl-delay`` seconds). Every page is its own document;
a page that fails becomes an error for that page only.

Settings live in ``[tool.normcheck.url]``: ``timeout``, ``max-bytes``, ``max-redirects``,
``user-agent``, ``robots`` (true), ``allow-private`` (true; a service fetching on a caller's
behalf sets it false to refuse loopback and private addresses), ``crawl`` and
``max-crawl-delay``.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urldefrag, urljoin, urlsplit, urlunsplit

from normcheck import __version__
from normcheck.errors import NormcheckError, ReaderError
from normcheck.hookspecs import hookimpl

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.model import Document, InputError

USER_AGENT = f"normcheck/{__version__} (gendered-language checker; reads robots.txt)"
ROBOTS_TOKEN = "normcheck"
DEFAULTS: dict[str, Any] = {
    "timeout": 10.0,
    "max_bytes": 5 * 1024 * 1024,
    "max_redirects": 5,
    "user_agent": USER_AGENT,
    "robots": True,
    "allow_private": True,
    "crawl": 0,
    "max_crawl_delay": 5.0,
}
MAX_CRAWL = 10_000
_REDIRECTS = {301, 302, 303, 307, 308}
_ACCEPT = (
    "text/html,application/xhtml+xml;q=0.9,application/pdf;q=0.8,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document;q=0.8,"
    "application/vnd.oasis.opendocument.text;q=0.8,text/plain;q=0.7,*/*;q=0.1"
)
_TYPES = {
    "text/html": "text/html",
    "application/xhtml+xml": "text/html",
    "text/plain": "text/plain",
    "text/markdown": "text/markdown",
    "application/pdf": "application/pdf",
    "application/rtf": "application/rtf",
    "text/rtf": "application/rtf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "application/vnd.oasis.opendocument.text": "application/vnd.oasis.opendocument.text",
}
# Links that are surely not pages or documents normcheck reads.
_NOT_PAGES = (
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".css", ".js", ".json", ".xml", ".zip",
    ".gz", ".tar", ".mp3", ".mp4", ".mov", ".avi", ".webm", ".woff", ".woff2", ".ttf", ".xlsx", ".xls",
    ".pptx", ".ppt", ".csv", ".exe", ".dmg", ".iso", ".ics", ".vcf", ".rss", ".atom",
)


def is_url(source: str) -> bool:
    return source[:8].lower().startswith(("http://", "https://"))


def url_options(config: Config | None) -> dict[str, Any]:
    """The URL settings: defaults, then ``[tool.normcheck.url]`` (dashes or underscores)."""
    opts = dict(DEFAULTS)
    table = (config.plugins.get("url") if config is not None else None) or {}
    for key, value in table.items():
        name = str(key).replace("-", "_")
        if name in opts:
            opts[name] = value
    return opts


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    media_type: str | None  # from the Content-Type header (normalised), or None
    status: int


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def normalise_url(url: str) -> str:
    """Percent-encode the path and query and IDNA-encode the host (``företaget.se/jobb/säljare``)."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    try:
        ascii_host = host.encode("idna").decode("ascii") if host and not host.isascii() else host
    except UnicodeError:
        raise ReaderError("the host name is not valid", source=url) from None
    if ":" in ascii_host:
        ascii_host = f"[{ascii_host}]"
    netloc = ascii_host + (f":{parts.port}" if parts.port else "")
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="=&%:@!$'()*+,;/?-._~")
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def site_key(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if port in (80, 443):
        port = 0
    return host, port


def _check_address(host: str, port: int, source: str) -> None:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise ReaderError(f"the host {host} was not found", source=source) from None
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified:
            raise ReaderError(f"refusing to fetch from a private or local address ({ip})", source=source)


def _one_request(url: str, opts: dict[str, Any], deadline: float, source: str, max_bytes: int) -> tuple[int, Any, bytes]:
    """GET ``url`` once (no redirects): status, headers and body, within the deadline and size."""
    import http.client
    import ssl

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ReaderError("only http and https addresses can be fetched", source=source)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if not opts["allow_private"]:
        _check_address(parts.hostname, port, source)
    remaining = deadline - time.monotonic()
    timeout = float(opts["timeout"])
    if remaining <= 0:
        raise ReaderError(f"no complete answer within {timeout:g} s", source=source)
    if parts.scheme == "https":
        conn: Any = http.client.HTTPSConnection(parts.hostname, port, timeout=remaining, context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(parts.hostname, port, timeout=remaining)
    timed_out = threading.Event()

    def watchdog() -> None:  # a server that drips bytes forever: cut the socket at the deadline
        timed_out.set()
        sock = conn.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    timer = threading.Timer(remaining, watchdog)
    timer.daemon = True
    timer.start()
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        conn.request(
            "GET",
            path,
            headers={
                "User-Agent": str(opts["user_agent"]),
                "Accept": _ACCEPT,
                "Accept-Language": "sv,en;q=0.8",
                "Accept-Encoding": "identity",
                "Connection": "close",
            },
        )
        resp = conn.getresponse()
        length = resp.getheader("Content-Length")
        if resp.status not in _REDIRECTS and length and length.isdigit() and int(length) > max_bytes:
            raise ReaderError(f"too large: {int(length):,} bytes, over the {_mib(max_bytes)} limit", source=source)
        body = bytearray()
        if resp.status not in _REDIRECTS:
            while True:
                chunk = resp.read1(65536)
                if not chunk:
                    break
                body += chunk
                if len(body) > max_bytes:
                    raise ReaderError(f"too large: more than the {_mib(max_bytes)} limit", source=source)
                if time.monotonic() > deadline:
                    raise TimeoutError
        if timed_out.is_set():
            raise TimeoutError
        return resp.status, resp, bytes(body)
    except ReaderError:
        raise
    except (TimeoutError, socket.timeout):
        raise ReaderError(f"no complete answer within {timeout:g} s", source=source) from None
    except ssl.SSLError as exc:
        raise ReaderError(f"secure connection failed ({exc.reason or exc})", source=source) from None
    except socket.gaierror:
        raise ReaderError(f"the host {parts.hostname} was not found", source=source) from None
    except ConnectionRefusedError:
        raise ReaderError("could not connect (connection refused)", source=source) from None
    except (OSError, http.client.HTTPException) as exc:
        if timed_out.is_set():
            raise ReaderError(f"no complete answer within {timeout:g} s", source=source) from None
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc.__class__.__name__
        raise ReaderError(f"the connection failed ({reason})", source=source) from None
    finally:
        timer.cancel()
        conn.close()


def _decode_body(data: bytes, encoding: str, max_bytes: int, source: str) -> bytes:
    import zlib

    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return data
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise ReaderError(f"the server sent an unsupported content encoding ({encoding})", source=source)
    wbits = 31 if "gzip" in encoding else 15
    d = zlib.decompressobj(wbits)
    try:
        out = d.decompress(data, max_bytes + 1)
    except zlib.error:
        raise ReaderError("the server sent a damaged compressed body", source=source) from None
    if len(out) > max_bytes or d.unconsumed_tail:
        raise ReaderError(f"too large: inflates past the {_mib(max_bytes)} limit", source=source)
    return out


def fetch(url: str, opts: dict[str, Any], *, source: str | None = None, robots: bool | None = None,
          max_bytes: int | None = None) -> Fetched:
    """GET ``url`` following redirects within the limits; raise ``ReaderError`` naming ``source``."""
    source = source or url
    max_bytes = int(max_bytes or opts["max_bytes"])
    deadline = time.monotonic() + float(opts["timeout"])
    current = normalise_url(url)
    seen = {current}
    check_robots = opts["robots"] if robots is None else robots
    for _hop in range(int(opts["max_redirects"]) + 1):
        if check_robots and not robots_allows(current, opts, source):
            raise ReaderError("robots.txt disallows fetching this page", source=source)
        status, resp, body = _one_request(current, opts, deadline, source, max_bytes)
        if status in _REDIRECTS:
            location = resp.getheader("Location")
            if not location:
                raise ReaderError(f"HTTP {status} redirect without a Location", source=source)
            target = normalise_url(urldefrag(urljoin(current, location.strip()))[0])
            if urlsplit(target).scheme not in ("http", "https"):
                raise ReaderError("redirected to an address that is not http or https", source=source)
            if target in seen:
                raise ReaderError("redirect loop", source=source)
            seen.add(target)
            current = target
            continue
        if status >= 400:
            raise ReaderError(f"the server answered HTTP {status} {resp.reason}".rstrip(), source=source)
        if status != 200:
            raise ReaderError(f"the server answered HTTP {status} {resp.reason}, not a page".rstrip(), source=source)
        body = _decode_body(body, resp.getheader("Content-Encoding") or "", max_bytes, source)
        ctype = resp.getheader("Content-Type") or ""
        media, _, params = ctype.partition(";")
        media = media.strip().lower()
        charset = _charset(params)
        if charset and (media.startswith("text/") or media == "application/xhtml+xml"):
            try:
                text = body.decode(charset, "replace")
            except LookupError:
                pass
            else:
                body = b"\xef\xbb\xbf" + text.lstrip("\ufeff").encode("utf-8")
        return Fetched(current, body, _TYPES.get(media), status)
    raise ReaderError(f"more than {opts['max_redirects']} redirects", source=source)


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            value = value.strip().strip("\"'").lower()
            if value in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
                return "cp1252"  # as browsers do
            return value or None
    return None


# ---------------------------------------------------------------------------------------------
# robots.txt

_robots_cache: dict[tuple[str, str], Any] = {}


def clear_robots_cache() -> None:
    _robots_cache.clear()


def _robots(url: str, opts: dict[str, Any], source: str) -> Any:
    from urllib.robotparser import RobotFileParser

    parts = urlsplit(url)
    key = (parts.scheme, parts.netloc)
    cached = _robots_cache.get(key)
    if cached is not None:
        return cached
    robots_url = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
    parser = RobotFileParser(robots_url)
    try:
        got = fetch(robots_url, opts, source=source, robots=False, max_bytes=512 * 1024)
        lines = got.data.decode("utf-8", "replace").lstrip("\ufeff").splitlines()
        parser.parse(lines)
    except ReaderError as exc:
        status = _status_of(exc.message)
        if status is not None and 400 <= status < 500:
            parser.parse([])  # RFC 9309 2.3.1.3: unavailable robots.txt, everything allowed
        elif status is not None:
            raise ReaderError(
                f"robots.txt answered HTTP {status}; normcheck does not fetch a site whose robots.txt is unavailable",
                source=source,
            ) from None
        else:
            raise
    _robots_cache[key] = parser
    return parser


def _status_of(message: str) -> int | None:
    marker = "answered HTTP "
    if marker not in message:
        return None
    digits = message.split(marker, 1)[1][:3]
    return int(digits) if digits.isdigit() else None


def robots_allows(url: str, opts: dict[str, Any], source: str) -> bool:
    return bool(_robots(url, opts, source).can_fetch(ROBOTS_TOKEN, url))


def crawl_delay(url: str, opts: dict[str, Any]) -> float:
    parser = _robots_cache.get((urlsplit(url).scheme, urlsplit(url).netloc))
    delay = parser.crawl_delay(ROBOTS_TOKEN) if parser is not None else None
    return min(float(delay or 0), float(opts["max_crawl_delay"]))


# ---------------------------------------------------------------------------------------------
# Hooks


@hookimpl
def fetch_source(source: str, config: Config) -> tuple[bytes, str | None] | None:
    if not is_url(source):
        return None
    got = fetch(source, url_options(config))
    return got.data, _media_type(got)


def _media_type(got: Fetched) -> str | None:
    from normcheck import api

    name = urlsplit(got.url).path or "/"
    sniffed = api.sniff(got.data, name)
    if sniffed and sniffed != "application/octet-stream":
        return sniffed
    return got.media_type or sniffed


def crawl(start: str, pages: int, config: Config) -> Iterator[Document | InputError]:
    """The start page and same-site pages linked from it, breadth first, up to ``pages``."""
    from normcheck import api
    from normcheck.model import InputError
    from normcheck.readers.html import page_links

    opts = url_options(config)
    pages = max(1, min(int(pages), MAX_CRAWL))
    start_norm = normalise_url(start)
    queue: deque[str] = deque([start])
    seen = {start_norm}
    site: tuple[str, int] | None = None
    done = 0
    while queue and done < pages:
        url = queue.popleft()
        if done:
            delay = crawl_delay(normalise_url(url), opts)
            if delay > 0:
                time.sleep(delay)
        try:
            got = fetch(url, opts)
        except ReaderError as exc:
            if site is None:
                raise  # the start page itself: one error for the source
            done += 1
            yield InputError(url, exc.code, exc.message)
            continue
        if site is None:
            site = site_key(got.url)
        elif site_key(got.url) != site:
            continue  # redirected off the site
        done += 1
        media_type = _media_type(got)
        try:
            yield api.document_from_bytes(got.data, url, config, media_type)
        except NormcheckError as exc:
            yield InputError(exc.source or url, exc.code, exc.message)
        if media_type != "text/html" or done >= pages:
            continue
        for link in page_links(got.data, got.url):
            try:
                norm = normalise_url(link)
            except ReaderError:
                continue
            if norm in seen or site_key(norm) != site:
                continue
            if urlsplit(norm).path.lower().endswith(_NOT_PAGES):
                continue
            seen.add(norm)
            try:
                if opts["robots"] and not robots_allows(norm, opts, link):
                    continue
            except ReaderError:
                continue
            queue.append(link)


@hookimpl
def read_corpus(path: str, input_format: str, options: dict[str, Any], config: Config):  # type: ignore[no-untyped-def]
    if input_format != "crawl":
        return None
    pages = options.get("crawl") or url_options(config)["crawl"] or 1
    if not is_url(path):
        from normcheck import api

        return api.iter_documents([path], config)
    return crawl(path, int(pages), config)


def with_crawl(config: Config, pages: int) -> Config:
    """A copy of ``config`` that crawls up to ``pages`` pages from each URL (``--crawl N``).

    Use it with ``input_format="crawl"``: ``api.iter_scan([url], with_crawl(cfg, 20), input_format="crawl")``.
    """
    from dataclasses import replace

    table = dict(config.plugins.get("url") or {})
    table["crawl"] = int(pages)
    return replace(config, plugins={**config.plugins, "url": table})
