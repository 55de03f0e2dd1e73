"""RSS and Atom feeds (feedparser), from a local file or an http(s) URL.

Each entry becomes an Article: its content (or summary) HTML goes through
trafilatura, or a plain HTML-to-text when trafilatura finds no article in a
short fragment. A feed that cannot be parsed at all is one message; a feed with
a syntax error but readable entries keeps its entries.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path
from typing import Any

from crossread.errors import InputError
from crossread.ingest.metadata import limits
from crossread.model import Article
from crossread.options import DEFAULT, Options

OnError = Callable[[str], None]

_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(p|div|br|li|h[1-6]|blockquote|tr|section|article)\b[^>]*>", re.I)
_DROP = re.compile(r"<(script|style)\b.*?</\1>", re.I | re.S)


_ESCAPED_TAG = re.compile(r"&(?:amp;)*lt;/?[a-zA-Z][\w-]*(?:\s|&(?:amp;)*gt;|/)")


def unescape_markup(html: str) -> str:
    """Markup escaped once too often by the feed ('&lt;p&gt;Text&lt;/p&gt;') made markup again."""
    for _ in range(3):
        if "<" in html or not _ESCAPED_TAG.search(html):
            break
        html = unescape(html)
    return html


def html_to_text(html: str) -> str:
    """Main text of an HTML fragment: trafilatura when it finds an article, else plain text."""
    html = unescape_markup(html)
    if "<" not in html:
        return _plain(html)
    text = ""
    try:
        import trafilatura

        text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    except Exception:  # noqa: BLE001 - broken markup: fall back to the plain conversion
        text = ""
    plain = _plain(html)
    # trafilatura drops short fragments; keep whichever kept more of the entry
    share = limits()["extraction"]["feed_share"]
    return text.strip() if len(text) >= share * len(plain) else plain


def _plain(html: str) -> str:
    s = _DROP.sub(" ", html)
    s = _BLOCK.sub("\n\n", s)
    s = unescape(_TAG.sub("", s))
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", s)]
    return "\n\n".join(p for p in paras if p)


def _iso(parsed: Any) -> str | None:
    if not parsed:
        return None
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", tuple(parsed))
    except (TypeError, ValueError):
        return None


def _entry_html(entry: Any) -> str:
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if value.strip():
            return value
    return entry.get("summary") or entry.get("description") or ""


def entries(parsed: Any, source: str, on_error: OnError) -> Iterator[Article]:
    """Articles of a parsed feed (``feedparser.parse`` result)."""
    from crossread.ingest.metadata import page_outlet

    feed_title = _plain(unescape_markup(parsed.feed.get("title") or "")) or None
    feed_link = parsed.feed.get("link") or None
    for n, entry in enumerate(parsed.entries, start=1):
        where = f"{source}#{n}"
        text = html_to_text(_entry_html(entry))
        title = _plain(unescape_markup(entry.get("title") or "")) or None
        if not text.strip():
            on_error(str(InputError(where, "feed entry has no text")))
            continue
        link = entry.get("link") or None
        # a feed's title names the feed ('heise developer neueste Meldungen'), not the outlet
        outlet = page_outlet(feed_title, link or feed_link, strict=True)
        yield Article(
            id=link or entry.get("id") or where,
            text=text,
            title=title,
            outlet=outlet,
            published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
            url=link,
            source=where,
            meta=tuple((k, str(entry[k])) for k in ("author",) if entry.get(k)),
        )


def parse(data: bytes, source: str) -> Any:
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        exc = parsed.get("bozo_exception")
        reason = (
            f"not a readable feed ({type(exc).__name__}: {exc})" if exc else "feed has no entries"
        )
        raise InputError(source, reason.splitlines()[0][:200])
    return parsed


def iter_articles(
    path: str | Path,
    source: str | None = None,
    options: Options = DEFAULT,
    on_error: OnError | None = None,
) -> Iterator[Article]:
    """Stream the entries of a feed file as raw Articles (a feed at a URL is fetched by
    ``ingest.sources`` and read by ``from_bytes``)."""
    from crossread.ingest.decode import read_file

    report = on_error or (lambda _m: None)
    src = source or str(path)
    yield from from_bytes(read_file(Path(path), src, options.max_bytes), src, report)


# The root element of a feed, after an optional BOM, XML declaration, processing
# instructions, comments and doctype: <rss>, <feed> (Atom) or <rdf:RDF> (RSS 1.0).
_FEED_ROOT = re.compile(
    rb"(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<(?:[\w.-]+:)?(?:rss|feed|rdf)[\s/>]",
    re.I | re.S,
)


def looks_like_feed(data: bytes) -> bool:
    """True when the bytes are RSS/Atom XML (judged by the root element, not the name)."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = head.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return False
    head = head.removeprefix(b"\xef\xbb\xbf")
    return _FEED_ROOT.match(head) is not None


def from_bytes(data: bytes, source: str, on_error: OnError | None = None) -> Iterator[Article]:
    """Stream the entries of feed XML already in memory (e.g. a fetched URL) as raw Articles."""
    src = source
    report = on_error or (lambda _m: None)
    try:
        parsed = parse(data, src)
    except ImportError:
        raise InputError(src, "feeds are not supported in this build (feedparser)") from None
    if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
        exc = parsed["bozo_exception"]
        report(
            str(
                InputError(src, f"feed is not well-formed ({type(exc).__name__}); read what parsed")
            )
        )
    yield from entries(parsed, src, report)
