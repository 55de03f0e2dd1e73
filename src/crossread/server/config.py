"""The web app's own knobs (limits on what a web user may send), with the pipeline Options.
Defaults in ``data/serve.json`` (layered with a user settings file: ``crossread.settings``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crossread.options import Options
from crossread.settings import check_object, default

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


def _default(key: str) -> Any:
    return field(default_factory=lambda: default("serve.json", key))


@dataclass(frozen=True)
class ServeOptions:
    options: Options = field(default_factory=Options)  # pipeline knobs (words, encoder, ...)
    allow_private_urls: bool = _default("allow_private_urls")  # fetch local-network URLs
    max_urls: int = _default("max_urls")  # URLs per request
    max_files: int = _default("max_files")  # uploaded files per request
    max_upload_bytes: int = _default("max_upload_bytes")  # per uploaded file
    max_request_bytes: int = _default("max_request_bytes")  # the whole request body
    max_text_chars: int = _default("max_text_chars")  # pasted text
    fetch_timeout: float = _default("fetch_timeout")  # seconds per URL, redirects included
    cache_size: int = _default("cache_size")  # briefs kept in memory
    page_size: int = _default("page_size")  # stories per page
    warm_after_add: bool = _default("warm_after_add")  # briefs of changed stories, background
    backfill: int = _default("backfill")  # stories without a current brief computed, newest first
    backfill_poll: float = _default("backfill_poll")  # seconds between looks at the store
    backfill_quiet: float = _default("backfill_quiet")  # seconds without a request before it runs
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS

    def __post_init__(self) -> None:
        check_object(self, "serve.json")
