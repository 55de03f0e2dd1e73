"""http(s) URLs through urllib: timeout, size cap, private-address guard, one-line errors."""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

from crossread.errors import InputError
from crossread.ingest.decode import too_big
from crossread.options import Options

USER_AGENT = "crossread/0.1 (+https://github.com/crossread)"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str  # "text/html", "text/plain", ... ("" when not given)
    charset: str | None


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


def _check_host(url: str, source: str) -> None:
    """Refuse hosts that resolve to private, loopback, link-local or reserved addresses."""
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        raise InputError(source, "URL has no host")
    try:
        infos = socket.getaddrinfo(host, parts.port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise InputError(source, f"could not resolve host {host!r}") from None
    for info in infos:
        address = str(info[4][0])
        refusal = address_refusal(address)
        if refusal:
            raise InputError(
                source, f"refused: {host} is a private or local address ({refusal}: {address})"
            )


class _Redirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, source: str, guard: bool) -> None:
        self.source = source
        self.guard = guard

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not is_url(newurl):
            raise InputError(self.source, f"redirected to a non-http URL {newurl!r}")
        if self.guard:
            _check_host(newurl, self.source)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, options: Options) -> Fetched:
    """GET a URL, reading at most ``options.max_bytes`` within ``options.url_timeout`` s."""
    source = url
    if not is_url(url):
        raise InputError(source, "only http and https URLs can be read")
    guard = not options.allow_private_urls
    if guard:
        _check_host(url, source)
    opener = urllib.request.build_opener(_Redirects(source, guard))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with opener.open(request, timeout=options.url_timeout) as resp:
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > options.max_bytes:
                raise too_big(source, int(length), options.max_bytes)
            data = resp.read(options.max_bytes + 1)
            if len(data) > options.max_bytes:
                raise too_big(source, None, options.max_bytes)
            msg: Message = resp.headers
            return Fetched(
                url=resp.geturl(),
                data=data,
                content_type=(msg.get_content_type() if msg.get("Content-Type") else ""),
                charset=msg.get_content_charset(),
            )
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        raise InputError(source, f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise InputError(source, f"timed out after {options.url_timeout:g} s") from None
        raise InputError(source, f"could not fetch ({reason})") from None
    except TimeoutError:
        raise InputError(source, f"timed out after {options.url_timeout:g} s") from None
    except (OSError, ValueError) as exc:
        raise InputError(source, f"could not fetch ({exc})") from None
