"""Fetching URLs that a web user typed in, safely.

A URL given to the web app is hostile input: it may point at the machine
itself (``http://127.0.0.1:5432``), the local network, or a cloud metadata
service (``169.254.169.254``).  :func:`fetch` therefore

- accepts only ``http`` and ``https``;
- resolves the host and refuses it when ANY resolved address is private,
  loopback, link-local, multicast, reserved or unspecified (unless
  ``allow_private`` is set), then connects to the address it checked (so a
  second DNS answer cannot slip a different address in);
- follows at most a few redirects, checking every hop the same way;
- has a connect/read timeout and an overall deadline, and a size cap
  (it stops reading past ``max_bytes``).

Every failure raises :class:`crossread.errors.InputError` naming the URL.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from crossread.errors import InputError
from crossread.ingest.fetch import address_refusal

Resolver = Callable[[str, int], list[str]]

MAX_REDIRECTS = 5
_USER_AGENT = "crossread (+https://github.com/crossread; offline news reader)"


@dataclass(frozen=True)
class FetchPolicy:
    allow_private: bool = False
    timeout: float = 10.0  # seconds: connect and per-read, and the whole fetch
    max_bytes: int = 5_000_000


@dataclass(frozen=True)
class Fetched:
    url: str  # the final URL, after redirects
    content: bytes
    content_type: str


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def check_url(url: str, policy: FetchPolicy, resolver: Resolver = system_resolver) -> str:
    """Validate ``url`` and return the address to connect to; raises InputError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise InputError(url, "only http:// and https:// URLs can be fetched")
    host = parts.hostname
    if not host:
        raise InputError(url, "the URL has no host name")
    if parts.username or parts.password:
        raise InputError(url, "URLs with a user name or password are refused")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
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
                    f"refused: {host} resolves to {address}, {reason} "
                    "(start the server with --allow-private-urls to allow this)",
                )
    return addresses[0]


def fetch(url: str, policy: FetchPolicy, resolver: Resolver = system_resolver) -> Fetched:
    """GET ``url`` within the policy; raises InputError with a one-line reason."""
    deadline = time.monotonic() + policy.timeout
    current = url.strip()
    timeout = httpx.Timeout(policy.timeout)
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            address = check_url(current, policy, resolver)
            response_url, content, ctype, location = _get_once(
                client, current, address, policy, deadline
            )
            if location is None:
                return Fetched(url=response_url, content=content, content_type=ctype)
            current = urljoin(current, location)
    raise InputError(url, f"more than {MAX_REDIRECTS} redirects")


def _get_once(
    client: httpx.Client, url: str, address: str, policy: FetchPolicy, deadline: float
) -> tuple[str, bytes, str, str | None]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    ip_host = f"[{address}]" if ":" in address else address
    netloc = ip_host + (f":{parts.port}" if parts.port else "")
    pinned = parts._replace(netloc=netloc).geturl()  # connect to the address we checked
    headers = {"Host": parts.netloc.rsplit("@", 1)[-1], "User-Agent": _USER_AGENT}
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    try:
        request = client.build_request("GET", pinned, headers=headers, extensions=extensions)
        response = client.send(request, stream=True)
    except httpx.TimeoutException:
        raise InputError(url, f"timed out after {policy.timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise InputError(url, f"could not fetch ({type(exc).__name__}: {exc})") from None
    try:
        if response.is_redirect:
            location = response.headers.get("location")
            if not location:
                raise InputError(url, f"HTTP {response.status_code} without a Location")
            return url, b"", "", location
        if response.status_code >= 400:
            raise InputError(url, f"HTTP {response.status_code}")
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > policy.max_bytes:
            raise InputError(url, f"larger than the {policy.max_bytes:,} byte limit")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > policy.max_bytes:
                raise InputError(url, f"larger than the {policy.max_bytes:,} byte limit")
            if time.monotonic() > deadline:
                raise InputError(url, f"timed out after {policy.timeout:g} s")
            chunks.append(chunk)
        ctype = response.headers.get("content-type", "")
        return url, b"".join(chunks), ctype, None
    except httpx.TimeoutException:
        raise InputError(url, f"timed out after {policy.timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise InputError(url, f"could not fetch ({type(exc).__name__}: {exc})") from None
    finally:
        response.close()
