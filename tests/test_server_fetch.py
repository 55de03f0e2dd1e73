"""Safe URL fetching (the one fetcher, ``crossread.ingest.fetch``, used by the command line
and the web app): private addresses refused, caps and per-fetch deadlines enforced.

Against a real HTTP server on 127.0.0.1 (reachable only with allow_private=True).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crossread.errors import InputError
from crossread.ingest.fetch import FetchPolicy, address_refusal, check_url, fetch

PAGE = b"<html><head><title>Hello</title></head><body><p>Body text.</p></body></html>"


class _Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args: object) -> None:
        return None

    def do_GET(self) -> None:  # noqa: N802
        _Handler.hits.append(self.path)
        if self.path == "/page":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif self.path == "/big":
            self._send(200, b"x" * 50_000, "text/plain")
        elif self.path == "/slow":
            time.sleep(2.0)
            self._send(200, b"late", "text/plain")
        elif self.path == "/drip":  # 2 bytes every 0.3 s, forever (until the client leaves)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                for _ in range(200):
                    self.wfile.write(b"ab")
                    self.wfile.flush()
                    time.sleep(0.3)
        elif self.path.startswith("/hop"):
            n = int(self.path[4:] or 0)
            self.send_response(302)
            self.send_header("Location", f"/hop{n + 1}")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/to-page":
            self.send_response(301)
            self.send_header("Location", "/page")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(404, b"no", "text/plain")

    def _send(self, code: int, body: bytes, ctype: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)


@pytest.fixture(scope="module")
def local_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


OPEN = FetchPolicy(allow_private=True, timeout=5.0, max_bytes=10_000)


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "192.168.0.10", "172.16.5.4", "169.254.169.254", "::1",
     "fe80::1", "::ffff:127.0.0.1", "0.0.0.0", "100.64.0.1", "fc00::1"],
)  # fmt: skip
def test_private_loopback_and_link_local_addresses_are_refused(address: str) -> None:
    assert address_refusal(address) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_refusal(address) is None


def test_a_host_is_refused_when_any_of_its_addresses_is_private() -> None:
    def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.0.0.7"]

    with pytest.raises(InputError, match="10.0.0.7, a private address"):
        check_url("http://news.example/a", FetchPolicy(), resolver)
    assert check_url("http://news.example/a", FetchPolicy(allow_private=True), resolver)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only http"),
        ("ftp://example.org/x", "only http"),
        ("http://user:pw@example.org/", "user name or password"),
        ("http:///nohost", "no host"),
    ],
)
def test_bad_urls_get_a_clear_reason(url: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        check_url(url, FetchPolicy())


def test_localhost_is_refused_without_connecting(local_server: str) -> None:
    _Handler.hits.clear()
    port = local_server.rsplit(":", 1)[1]
    for url in (f"{local_server}/page", f"http://localhost:{port}/page"):
        with pytest.raises(InputError, match="loopback"):
            fetch(url, FetchPolicy(timeout=2))
    assert _Handler.hits == []


def test_fetch_allowed_private_page_follows_redirects(local_server: str) -> None:
    page = fetch(f"{local_server}/to-page", OPEN)
    assert page.content == PAGE
    assert page.url.endswith("/page")
    assert "text/html" in page.content_type


def test_size_cap_stops_reading(local_server: str) -> None:
    with pytest.raises(InputError, match="over the .* limit"):
        fetch(f"{local_server}/big", OPEN)


def test_timeout_gives_a_clear_error(local_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(InputError, match="timed out"):
        fetch(f"{local_server}/slow", FetchPolicy(allow_private=True, timeout=0.5))
    assert time.monotonic() - started < 1.8


def test_redirect_loops_end(local_server: str) -> None:
    with pytest.raises(InputError, match="redirects"):
        fetch(f"{local_server}/hop0", OPEN)


def test_http_errors_name_the_status(local_server: str) -> None:
    with pytest.raises(InputError, match="HTTP 404"):
        fetch(f"{local_server}/missing", OPEN)


def test_a_dripping_server_is_cut_off_at_the_deadline_of_the_whole_fetch(local_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(InputError, match="timed out after 1.5 s"):
        fetch(f"{local_server}/drip", FetchPolicy(allow_private=True, timeout=1.5))
    assert time.monotonic() - started < 2.5


def test_the_command_line_uses_the_same_deadline(local_server: str) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    started = time.monotonic()
    r = subprocess.run(
        [sys.executable, "-m", "crossread.cli.main", "summarize", f"{local_server}/drip",
         "--url-timeout", "1.5"],
        capture_output=True, text=True, timeout=60,
        env=dict(os.environ, PYTHONPATH=str(repo / "src")),
    )  # fmt: skip
    assert time.monotonic() - started < 1.5 + 5  # the deadline plus start-up
    assert r.returncode != 0
    assert "timed out after 1.5 s" in r.stderr and "Traceback" not in r.stderr
