"""What a web user sends (pasted text, uploaded files, URLs) turned into articles.

Every input is read on its own: a bad upload or a failed fetch becomes one
error line naming it, and the other inputs still come through.  Bytes go
through the ordinary readers (``crossread.ingest.sources.read_bytes``, the same
rules as ``read()`` for a file of that name), straight from memory: nothing is
written to disk.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from crossread.errors import InputError
from crossread.ingest.fetch import FetchPolicy, fetch
from crossread.ingest.sources import ReadResult, read_bytes
from crossread.model import Article
from crossread.server.config import ServeOptions

_SAFE_NAME = re.compile(r"[^\w.-]+")  # letters and digits of any script
_EXTENSIONS = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".jsonl", ".json", ".xml"}
_EXTENSIONS |= {".rss", ".atom", ".warc", ".gz"}


@dataclass
class Upload:
    name: str
    data: bytes


def safe_name(name: str, default: str = "upload.txt") -> str:
    """A file name that cannot surprise a reader (no folders, no odd characters)."""
    base = _SAFE_NAME.sub("_", Path(name.replace("\\", "/")).name).strip("._")[:120]
    return base or default


def _read(
    name: str, data: bytes, label: str, serve: ServeOptions, out: ReadResult
) -> list[Article]:
    try:
        read = read_bytes(name, data, serve.options, source=name)
    except Exception as exc:  # a reader bug must not lose the other inputs
        out.errors.append(f"{label}: could not be read ({type(exc).__name__})")
        return []
    for message in read.errors:
        line = f"{label}: {_reason(str(message), name)}"
        if line not in out.errors:
            out.errors.append(line)
    if not read.articles and not read.errors:
        out.errors.append(f"{label}: no article text found")
    return list(read.articles)


def _reason(message: str, name: str) -> str:
    """Drop the input's own name from a reader's message (the label names the input)."""
    return message[len(name) + 2 :] if message.startswith(f"{name}: ") else message


@dataclass(frozen=True)
class Pasted:
    """What the user typed beside pasted text: its headline, outlet, date and address."""

    title: str = ""
    outlet: str = ""
    published: str = ""
    url: str = ""


def ingest(
    text: str | None,
    title: str | None,
    uploads: Sequence[Upload],
    urls: Sequence[str],
    serve: ServeOptions,
    pasted: Pasted | None = None,
) -> ReadResult:
    """Read everything that was sent; never raises for one bad input."""
    result = ReadResult()
    urls = [u.strip() for u in urls if u.strip()]
    if len(urls) > serve.max_urls:
        result.errors.append(
            f"{len(urls)} URLs given: at most {serve.max_urls} per request; the rest were ignored"
        )
        urls = urls[: serve.max_urls]
    if len(uploads) > serve.max_files:
        result.errors.append(
            f"{len(uploads)} files sent: at most {serve.max_files} per request; "
            "the rest were ignored"
        )
        uploads = uploads[: serve.max_files]
    if text and text.strip():
        _pasted(text, pasted or Pasted(title or ""), serve, result)
    for upload in uploads:
        _uploaded(upload, serve, result)
    policy = FetchPolicy(
        serve.allow_private_urls,
        serve.fetch_timeout,
        serve.max_upload_bytes,
        "start the server with --allow-private-urls to allow this",
    )
    for url in urls:
        _fetched(url, policy, serve, result)
    return result


def _pasted(text: str, given: Pasted, serve: ServeOptions, out: ReadResult) -> None:
    import hashlib

    if len(text) > serve.max_text_chars:
        out.errors.append(
            f"pasted text: {len(text):,} characters, more than the {serve.max_text_chars:,} limit"
        )
        return
    changes: dict[str, object] = {"source": "pasted text"}
    for name, value, most in (("headline", given.title, 500), ("outlet", given.outlet, 200),
                              ("date", given.published, 40), ("URL", given.url, 2000)):  # fmt: skip
        if len(value) > most:
            out.errors.append(f"pasted text: {name} over {most} characters; nothing added")
            return
    title = " ".join(given.title.split())
    if given.published.strip():
        from crossread.text.dates import parse_date

        day = parse_date(given.published)
        if day is None:
            out.errors.append(
                f"pasted text: date {given.published.strip()[:40]!r} not understood "
                "(use YYYY-MM-DD); nothing added"
            )
            return
        changes["published"] = day
    if given.url.strip():
        url = given.url.strip()
        if not url.lower().startswith(("http://", "https://")) or " " in url:
            out.errors.append(f"pasted text: URL {url[:80]!r} is not an http(s) address")
            return
        changes["url"] = url
    if given.outlet.strip():
        changes["outlet"] = " ".join(given.outlet.split())[:200]
    body = text.replace("\r\n", "\n").strip()
    if title:
        body = title + "\n\n" + body
        changes["title"] = title
    data = (body + "\n").encode("utf-8")
    name = f"pasted-{hashlib.sha1(data).hexdigest()[:10]}.txt"
    for article in _read(name, data, "pasted text", serve, out):
        out.articles.append(replace(article, **changes))


def _uploaded(upload: Upload, serve: ServeOptions, out: ReadResult) -> None:
    name = safe_name(upload.name)
    label = f"file {name}"
    if len(upload.data) > serve.max_upload_bytes:
        out.errors.append(f"{label}: larger than the {serve.max_upload_bytes:,} byte limit")
        return
    if not upload.data.strip():
        out.errors.append(f"{label}: empty file")
        return
    if Path(name).suffix.lower() not in _EXTENSIONS:
        name += ".txt"  # unknown kinds are tried as plain text (binary is refused by the reader)
    for article in _read(name, upload.data, label, serve, out):
        out.articles.append(replace(article, source=f"upload:{safe_name(upload.name)}"))


def _fetched(url: str, policy: FetchPolicy, serve: ServeOptions, out: ReadResult) -> None:
    try:
        page = fetch(url, policy)
    except InputError as exc:
        out.errors.append(str(exc))
        return
    ctype = page.content_type.lower()
    if "html" in ctype:
        suffix = ".html"
    elif "xml" in ctype or "rss" in ctype or "atom" in ctype:
        suffix = ".xml"
    elif ctype.startswith("text/") or not ctype:
        suffix = ".txt"
    else:
        out.errors.append(f"{url}: not a text or HTML page ({ctype.split(';')[0]})")
        return
    name = f"page{suffix}"
    for article in _read(name, page.content, url, serve, out):
        article_id = article.id if article.id != "page" else page.url
        out.articles.append(
            replace(article, id=article_id, url=article.url or page.url, source=url)
        )
