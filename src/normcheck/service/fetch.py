"""Fetching a URL on a caller's behalf without becoming a way into the private network (SSRF).

Every hop (the first request and each redirect) is checked the same way:

1. only ``http`` and ``https``, no user name or password in the URL;
2. the host name is resolved, and *every* address it resolves to must be public: loopback,
   private, link-local, carrier-grade NAT, multicast, reserved and unspecified addresses are
   refused, and so are the cloud metadata addresses (always, even inside an allowed network);
   IPv4 addresses inside IPv6 (``::ffff:127.0.0.1``, 6to4) are unwrapped first;
3. the connection goes to the address that was checked (the name is not resolved again, so
   a second DNS answer cannot point somewhere else), with the host name kept for the
   ``Host`` header and TLS certificate check.

The whole fetch has one deadline, the body a size limit (read as it arrives), and redirects a
count limit. Nothing here knows about HTTP frameworks; it is called from a scan thread.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from normcheck import __version__
from normcheck.errors import ReaderError

USER_AGENT = f"normcheck/{__version__} (gender-equality text review; service URL scan)"
REDIRECTS = (301, 302, 303, 307, 308)
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Instance metadata endpoints of cloud providers: refused even when an allowed network holds them.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, …
        "169.254.170.2",  # AWS ECS task metadata
        "169.254.169.253",  # AWS DNS resolver
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
        "fd00:ec2::254",  # AWS over IPv6
    )
)


class UrlRefused(ReaderError):
    """The URL points (or redirects) somewhere the service must not go."""

    code = "NC110"


class UrlFetchError(ReaderError):
    """The URL could not be fetched: no answer in time, an error status, too large."""

    code = "NC111"


def _unwrap(ip: IPAddress) -> IPAddress:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
    return ip


def refusal_reason(ip: IPAddress, allow_networks: Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network] = ()) -> str | None:
    """Why the service must not connect to ``ip`` (``None`` when it may)."""
    inner = _unwrap(ip)
    if isinstance(ip, ipaddress.IPv6Address) and ip.teredo is not None:
        return "a Teredo tunnel address"
    if ip in METADATA_ADDRESSES or inner in METADATA_ADDRESSES:
        return "a cloud metadata address"
    for net in allow_networks:
        if inner.version == net.version and inner in net:
            return None
    if inner.is_unspecified:
        return "an unspecified address"
    if inner.is_loopback:
        return "a loopback address"
    if inner.is_link_local:
        return "a link-local address"
    if inner.is_multicast:
        return "a multicast address"
    if inner.is_private:
        return "a private address"
    if inner.is_reserved:
        return "a reserved address"
    if not inner.is_global:
        return "not a public address"
    return None


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (in resolver order, without duplicates)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UrlFetchError(f"the host name could not be resolved ({exc})", source=host) from None
    out: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if ip not in out:
            out.append(ip)
    return out


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: IPAddress, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((str(self._address), self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: IPAddress, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((str(self._address), self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def check_url(url: str, allow_networks: Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network] = ()) -> tuple[str, str, int, IPAddress]:
    """Validate one hop: ``(scheme, ASCII host, port, the address to connect to)`` or UrlRefused."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UrlRefused(f"not a valid URL ({exc})", source=url) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UrlRefused("only http and https URLs can be scanned", source=url)
    if parts.username is not None or parts.password is not None:
        raise UrlRefused("URLs with a user name or password are not fetched", source=url)
    host = parts.hostname
    if not host:
        raise UrlRefused("the URL has no host", source=url)
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise UrlRefused("not a valid host name", source=url) from None
    port = port or (443 if scheme == "https" else 80)
    networks = list(allow_networks)
    addresses = resolve(ascii_host, port)
    if not addresses:
        raise UrlFetchError("the host name resolves to no address", source=url)
    for ip in addresses:
        reason = refusal_reason(ip, networks)
        if reason:
            raise UrlRefused(f"refused: {host} resolves to {ip}, {reason}", source=url)
    return scheme, ascii_host, port, addresses[0]


def fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    max_redirects: int,
    allow_networks: Iterable[str] = (),
) -> tuple[bytes, str | None, str]:
    """GET ``url`` within the limits: ``(body, media type from Content-Type or None, final URL)``."""
    networks = [ipaddress.ip_network(n, strict=False) for n in allow_networks]
    deadline = time.monotonic() + timeout
    current = url
    for _hop in range(max_redirects + 1):
        scheme, host, port, address = check_url(current, networks)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise UrlFetchError(f"no complete answer within {timeout:g} s", source=url)
        cls = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
        conn = cls(host, port, address, timeout=remaining)
        parts = urlsplit(current)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            conn.request(
                "GET",
                target,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
                    "Accept-Encoding": "identity",
                    "Connection": "close",
                },
            )
            resp = conn.getresponse()
            if resp.status in REDIRECTS:
                location = resp.getheader("Location")
                if not location:
                    raise UrlFetchError(f"the server answered {resp.status} without a Location", source=url)
                current = urljoin(current, location.strip())
                continue
            if resp.status != 200:
                raise UrlFetchError(f"the server answered {resp.status} {resp.reason}".rstrip(), source=url)
            length = resp.getheader("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise UrlFetchError(f"the page is larger than {max_bytes} bytes", source=url)
            chunks: list[bytes] = []
            size = 0
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise UrlFetchError(f"no complete answer within {timeout:g} s", source=url)
                if conn.sock is not None:
                    conn.sock.settimeout(remaining)
                chunk = resp.read1(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise UrlFetchError(f"the page is larger than {max_bytes} bytes", source=url)
                chunks.append(chunk)
            content_type = resp.getheader("Content-Type")
            media_type = content_type.split(";", 1)[0].strip().lower() if content_type else None
            return b"".join(chunks), media_type or None, current
        except (TimeoutError, socket.timeout):
            raise UrlFetchError(f"no complete answer within {timeout:g} s", source=url) from None
        except ssl.SSLError as exc:
            raise UrlFetchError(f"the TLS connection failed ({exc.reason or exc})", source=url) from None
        except (OSError, http.client.HTTPException) as exc:
            raise UrlFetchError(f"the page could not be fetched ({exc.__class__.__name__}: {exc})", source=url) from None
        finally:
            conn.close()
    raise UrlFetchError(f"more than {max_redirects} redirects", source=url)
