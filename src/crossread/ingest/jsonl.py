"""JSON Lines, the one reader every path uses (``read()``, ``summarize FILE.jsonl``,
``summarize --jsonl``, ``stories --jsonl``, ``batch``).

A line is one article (``{"text", "id"?, "title"?, "url"?, "published"?, "outlet"?}``,
with the common other names for each field: see ``FIELDS``) or one story in the
Multi-News layout (``{"id", "documents": [...]}``, documents as strings or article
objects). Lines are read one at a time with a per-line byte cap; a bad line (too long,
bad JSON, numbers or nesting beyond what a parser should take, a field of the wrong type)
is a one-line message naming ``file:line`` and is skipped, every other line is kept. A
date that cannot be read as YYYY-MM-DD is dropped with a message (the article is kept).
The articles come out raw: ``ingest.sources`` cleans and dates them like any other input.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from crossread.errors import InputError
from crossread.ingest.plaintext import text_article
from crossread.model import Article

OnError = Callable[[str], None]

# Article field -> the record keys that may hold it, first found wins.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "url": ("url",),
    "outlet": ("outlet", "source"),
    "published": ("published", "publish_date", "date"),
}

_CHUNK = 1 << 16


def _lines(stream: IO[bytes] | IO[str] | Iterable[str | bytes], cap: int) -> Iterator[Any]:
    """Lines of a stream, each either its text/bytes or ``None`` when over ``cap`` bytes
    (the rest of a long line is skipped without holding it in memory)."""
    readline = getattr(stream, "readline", None)
    if readline is None:
        for line in stream:  # an iterable of lines (already in memory)
            size = len(line.encode("utf-8", "replace")) if isinstance(line, str) else len(line)
            yield None if size > cap + 2 else line
        return
    while True:
        line = readline(cap + 2)
        if not line:
            return
        ends = line[-1:] in ("\n", b"\n")
        if len(line) - ends > cap:
            while line and not ends:  # skip the rest of this line
                line = readline(_CHUNK)
                ends = line[-1:] in ("\n", b"\n")
            yield None
            continue
        yield line


def _decode(raw: str | bytes, where: str, on_error: OnError) -> str:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        on_error(str(InputError(where, "not valid UTF-8; undecodable bytes replaced")))
        return raw.decode("utf-8", errors="replace")


def iter_records(
    stream: IO[bytes] | IO[str] | Iterable[str | bytes],
    source: str,
    on_error: OnError,
    max_line_bytes: int,
) -> Iterator[tuple[str, dict]]:
    """``(where, record)`` per usable line; ``where`` is ``source:line``."""
    for n, raw in enumerate(_lines(stream, max_line_bytes), start=1):
        where = f"{source}:{n}"
        if raw is None:
            on_error(str(InputError(where, f"line over the {max_line_bytes:,}-byte limit")))
            continue
        line = _decode(raw, where, on_error)
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            on_error(str(InputError(where, f"not valid JSON ({exc.msg})")))
            continue
        except ValueError as exc:  # e.g. an integer with more digits than Python will parse
            on_error(str(InputError(where, f"not usable JSON ({str(exc).split(';')[0]})")))
            continue
        except RecursionError:
            on_error(str(InputError(where, "JSON nested too deeply")))
            continue
        if not isinstance(rec, dict):
            on_error(str(InputError(where, "expected a JSON object")))
            continue
        yield where, rec


def _field(rec: dict, name: str, where: str) -> str | None:
    for key in FIELDS[name]:
        value = rec.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(where, f"'{key}' must be a string, not {_kind(value)}")
        if value.strip():
            return value
    return None


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "true/false"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )


def _record_id(rec: dict, where: str) -> str | None:
    value = rec.get("id")
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(where, f"'id' must be a string or an integer, not {_kind(value)}")
    return str(value)


def article_from_record(rec: dict, default_id: str, where: str, on_error: OnError) -> Article:
    """The raw Article of one record (see ``FIELDS``); raises InputError for a record that
    has no text or a field of the wrong type. A date that cannot be read is dropped with
    a message through ``on_error``."""
    from crossread.text.dates import parse_date

    text = _field(rec, "text", where)
    if text is None:
        raise InputError(where, "no 'text' field with article text")
    fields = {k: _field(rec, k, where) for k in ("title", "url", "outlet")}
    raw_date = next((rec[k] for k in FIELDS["published"] if rec.get(k) not in (None, "")), None)
    published = parse_date(raw_date) if isinstance(raw_date, str) else None
    if raw_date is not None and published is None:
        shown = raw_date if isinstance(raw_date, str) else _kind(raw_date)
        on_error(str(InputError(where, f"date {str(shown)[:40]!r} not understood, dropped")))
    art_id = _record_id(rec, where) or fields["url"] or default_id
    return text_article(text, art_id, where, published=published, **fields)


def story_articles(rec: dict, where: str, on_error: OnError) -> list[Article]:
    """The raw articles of one Multi-News-layout record (documents as strings or objects)."""
    try:
        story_id = _record_id(rec, where) or where
    except InputError as exc:
        on_error(str(exc))
        return []
    out = []
    for i, doc in enumerate(rec.get("documents") or []):
        doc_where = f"{where} document {i}"
        try:
            if isinstance(doc, str):
                if not doc.strip():
                    raise InputError(doc_where, "empty document")
                out.append(text_article(doc, f"{story_id}#{i}", doc_where))
            elif isinstance(doc, dict):
                out.append(article_from_record(doc, f"{story_id}#{i}", doc_where, on_error))
            else:
                raise InputError(doc_where, "a document must be a string or an object")
        except InputError as exc:
            on_error(str(exc))
    return out


def iter_jsonl_articles(
    stream: IO[bytes] | IO[str] | Iterable[str | bytes],
    source: str,
    on_error: OnError,
    max_line_bytes: int,
) -> Iterator[Article]:
    """Raw articles from JSONL; a Multi-News-layout line gives all its documents."""
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for where, rec in iter_records(stream, source, on_error, max_line_bytes):
        if isinstance(rec.get("documents"), list):
            yield from story_articles(rec, where, on_error)
            continue
        try:
            yield article_from_record(rec, f"{stem}:{where.rsplit(':', 1)[1]}", where, on_error)
        except InputError as exc:
            on_error(str(exc))


def iter_jsonl_stories(
    stream: IO[bytes] | IO[str] | Iterable[str | bytes],
    source: str,
    on_error: OnError,
    max_line_bytes: int,
) -> Iterator[tuple[str, list[Article]]]:
    """``(story_id, raw articles)`` per Multi-News-layout line."""
    for where, rec in iter_records(stream, source, on_error, max_line_bytes):
        if not isinstance(rec.get("documents"), list):
            on_error(str(InputError(where, "no 'documents' list (Multi-News layout)")))
            continue
        articles = story_articles(rec, where, on_error)
        if not articles:
            on_error(str(InputError(where, "story has no usable documents")))
            continue
        yield articles[0].id.rsplit("#", 1)[0], articles
