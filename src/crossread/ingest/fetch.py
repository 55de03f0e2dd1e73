"""The one URL fetcher (command line, feeds and the web app): http(s) only, every address
checked, a deadline per fetch, a size cap, one-line errors.

- accepts only ``http`` and ``https`` URLs without a user name or password;
- resolves the host and, unless the policy allows private addresses, refuses it when ANY
  resolved address is private, loopback, link-local, multicast, reserved or unspecified;
  then connects to exactly the address it checked (a second DNS answer cannot slip another
  one in; TLS still verifies the host name);
- follows at most ``MAX_REDIRECTS`` redirects, checking every hop the same way;
- one deadline for the whole fetch (``policy.timeout`` seconds: connecting, headers, body
  and redirects together): a server that drips a few bytes at a time is cut off at the
  deadline, not after ``timeout`` per read;
- reads at most ``policy.max_bytes`` bytes.

Every failure raises :class:`crossread.errors.InputError` naming the URL.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlsplit

from crossread.errors import InputError
from crossread.ingest.decode import too_big

USER_AGENT = "crossread/0.1 (+https://github.com/crossread; offline news reader)"
MAX_REDIRECTS = 5
_CHUNK = 1 << 16

Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True)
class FetchPolicy:
    allow_private: bool = False
    timeout: float = 15.0  # seconds for the whole fetch, redirects included
    max_bytes: int = 5_000_000
    how_to_allow: str = "allow private addresses to fetch it"  # said when one is refused

    @classmethod
    def of(cls, options: Any) -> FetchPolicy:
        """The policy of a :class:`crossread.options.Options`."""
        return cls(options.allow_private_urls, options.url_timeout, options.max_bytes)


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str  # "text/html", "text/plain", ... ("" when not given)
    charset: str | None

    @property
    def content(self) -> bytes:
        return self.data


def is_url(s: str) -> bool:
    return s.lower().startswith(("http://", "https://"))


def address_refusal(address: str) -> str | None:
    """Why a web user may not make the server connect to ``address``; None when it is public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    if ip.is_multicast or ip.is_reserved or ip.is_unspecified or not ip.is_global:
        return "not a public address"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def check_url(url: str, policy: FetchPolicy, resolver: Resolver = system_resolver) -> str:
    """Validate ``url`` and return the address to connect to; raises InputError."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(url, "only http:// and https:// URLs can be fetched")
    host = parts.hostname
    if not host:
        raise InputError(url, "the URL has no host name")
    if parts.username or parts.password:
        raise InputError(url, "URLs with a user name or password are refused")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise InputError(url, "the URL has an invalid port") from None
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        raise InputError(url, f"cannot resolve host {host!r} ({exc})") from None
    if not addresses:
        raise InputError(url, f"host {host!r} has no address")
    if not policy.allow_private:
        for address in addresses:
            reason = address_refusal(address)
            if reason:
                raise InputError(
                    url,
                    f"refused: {host} resolves to {address}, {reason} ({policy.how_to_allow})",
                )
    return addresses[0]


class _Deadline:
    """The time left of one fetch; shuts the socket down when it runs out, so that no read,
    however slow the server, outlives the fetch."""

    def __init__(self, url: str, seconds: float) -> None:
        self.url = url
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._timer: threading.Timer | None = None

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise self.error()
        return left

    def error(self) -> InputError:
        return InputError(self.url, f"timed out after {self.seconds:g} s")

    def guard(self, sock: socket.socket) -> None:
        def expire() -> None:
            self.expired = True
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

        self.cancel()
        self._timer = threading.Timer(max(0.0, self.end - time.monotonic()), expire)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def _connect(
    scheme: str, host: str, port: int, address: str, deadline: _Deadline
) -> http.client.HTTPConnection:
    """A connection to ``address`` (the checked one) that speaks to ``host``."""
    sock = socket.create_connection((address, port), timeout=deadline.left())
    deadline.guard(sock)
    sock.settimeout(deadline.left())
    if scheme == "https":
        context = ssl.create_default_context()
        sock = context.wrap_socket(sock, server_hostname=host)
        deadline.guard(sock)
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(host, port)
    else:
        conn = http.client.HTTPConnection(host, port)
    conn.sock = sock
    return conn


def fetch(url: str, policy: Any, resolver: Resolver = system_resolver) -> Fetched:
    """GET ``url`` within ``policy`` (a :class:`FetchPolicy`, or an ``Options``): at most
    ``max_bytes`` bytes, all within ``timeout`` seconds; raises InputError."""
    if not isinstance(policy, FetchPolicy):
        policy = FetchPolicy.of(policy)
    source = url
    current = url.strip()
    if not is_url(current):
        raise InputError(source, "only http:// and https:// URLs can be fetched")
    deadline = _Deadline(source, policy.timeout)
    try:
        for _ in range(MAX_REDIRECTS + 1):
            address = check_url(current, policy, resolver)
            got, location = _get_once(current, address, policy, deadline)
            if location is None:
                assert got is not None
                return got
            current = urljoin(current, location)
            if not is_url(current):
                raise InputError(source, f"redirected to a non-http URL {current!r}")
    finally:
        deadline.cancel()
    raise InputError(source, f"more than {MAX_REDIRECTS} redirects")


def _get_once(
    url: str, address: str, policy: FetchPolicy, deadline: _Deadline
) -> tuple[Fetched | None, str | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    port = parts.port or (443 if scheme == "https" else 80)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    conn: http.client.HTTPConnection | None = None
    try:
        conn = _connect(scheme, host, port, address, deadline)
        conn.putrequest("GET", target, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", parts.netloc.rsplit("@", 1)[-1])
        conn.putheader("User-Agent", USER_AGENT)
        conn.putheader("Accept", "*/*")
        conn.putheader("Accept-Encoding", "identity")
        conn.endheaders()
        resp = conn.getresponse()
        if resp.status in (301, 302, 303, 307, 308):
            location = resp.getheader("Location")
            if not location:
                raise InputError(url, f"HTTP {resp.status} without a Location")
            return None, location
        if resp.status >= 400:
            raise InputError(url, f"HTTP {resp.status} {resp.reason}".strip())
        length = resp.getheader("Content-Length")
        if length and length.isdigit() and int(length) > policy.max_bytes:
            raise too_big(url, int(length), policy.max_bytes)
        chunks: list[bytes] = []
        size = 0
        while True:
            if conn.sock is not None:
                conn.sock.settimeout(deadline.left())
            chunk = resp.read1(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > policy.max_bytes:
                raise too_big(url, None, policy.max_bytes)
            chunks.append(chunk)
        if deadline.expired:
            raise deadline.error()
        msg: Message = resp.msg
        return (
            Fetched(
                url=url,
                data=b"".join(chunks),
                content_type=msg.get_content_type() if msg.get("Content-Type") else "",
                charset=msg.get_content_charset(),
            ),
            None,
        )
    except InputError:
        raise
    except TimeoutError:
        raise deadline.error() from None
    except ssl.SSLError as exc:
        raise InputError(url, f"could not fetch (TLS: {exc.reason or exc})") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if deadline.expired:
            raise deadline.error() from None
        raise InputError(url, f"could not fetch ({type(exc).__name__}: {exc})") from None
    finally:
        if conn is not None:
            conn.close()
