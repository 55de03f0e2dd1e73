"""The web app's own knobs (limits on what a web user may send), with the pipeline Options."""

from __future__ import annotations

from dataclasses import dataclass, field

from crossread.options import Options


@dataclass(frozen=True)
class ServeOptions:
    options: Options = field(default_factory=Options)  # pipeline knobs (words, encoder, ...)
    allow_private_urls: bool = False  # let users make the server fetch local-network URLs
    max_urls: int = 10  # URLs per request
    max_files: int = 20  # uploaded files per request
    max_upload_bytes: int = 5_000_000  # per uploaded file
    max_request_bytes: int = 25_000_000  # the whole request body
    max_text_chars: int = 1_000_000  # pasted text
    fetch_timeout: float = 10.0  # seconds per URL, redirects included
    cache_size: int = 256  # briefs kept in memory
    page_size: int = 50  # stories per page
    warm_after_add: bool = True  # compute the briefs of changed stories in the background
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]", "::1")
