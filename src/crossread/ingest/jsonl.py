"""JSON Lines: one article per line (``{"text", "id"?, "title"?, "url"?, "published"?,
"outlet"?}``) or one story per line in the Multi-News layout (``{"id", "documents": [...]}``).
Streaming: one line at a time; a bad line is reported and skipped."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

from crossread.errors import InputError
from crossread.ingest.metadata import parse_date
from crossread.ingest.plaintext import text_article
from crossread.model import Article

_FIELDS = ("title", "url", "outlet")


def _records(
    lines: Iterable[str | bytes], source: str, on_error: Callable[[str], None]
) -> Iterator[tuple[str, dict]]:
    for n, raw in enumerate(lines, start=1):
        where = f"{source}:{n}"
        try:
            line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError:
            on_error(str(InputError(where, "not UTF-8 text")))
            continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            on_error(str(InputError(where, f"not valid JSON ({exc.msg})")))
            continue
        if not isinstance(rec, dict):
            on_error(str(InputError(where, "expected a JSON object")))
            continue
        yield where, rec


def _article(rec: dict, default_id: str, where: str) -> Article:
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "no 'text' field with article text")
    fields = {k: str(rec[k]) for k in _FIELDS if isinstance(rec.get(k), str) and rec[k].strip()}
    published = rec.get("published") or rec.get("date")
    if isinstance(published, str):
        fields["published"] = parse_date(published) or published
    art_id = str(rec.get("id") or rec.get("url") or default_id)
    return text_article(text, art_id, where, **fields)


def story_articles(rec: dict, where: str, on_error: Callable[[str], None]) -> list[Article]:
    """The articles of one Multi-News-layout record (documents as strings or objects)."""
    story_id = str(rec.get("id") or where)
    out = []
    for i, doc in enumerate(rec.get("documents") or []):
        doc_where = f"{where} document {i}"
        try:
            if isinstance(doc, str):
                if not doc.strip():
                    raise InputError(doc_where, "empty document")
                out.append(text_article(doc, f"{story_id}#{i}", doc_where))
            elif isinstance(doc, dict):
                out.append(_article(doc, f"{story_id}#{i}", doc_where))
            else:
                raise InputError(doc_where, "a document must be a string or an object")
        except InputError as exc:
            on_error(str(exc))
    return out


def iter_jsonl_articles(
    lines: Iterable[str | bytes], source: str, on_error: Callable[[str], None]
) -> Iterator[Article]:
    """Articles from JSONL lines; Multi-News-layout lines give all their documents."""
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for where, rec in _records(lines, source, on_error):
        if isinstance(rec.get("documents"), list):
            yield from story_articles(rec, where, on_error)
            continue
        try:
            yield _article(rec, f"{stem}:{where.rsplit(':', 1)[1]}", where)
        except InputError as exc:
            on_error(str(exc))


def iter_jsonl_stories(
    lines: Iterable[str | bytes], source: str, on_error: Callable[[str], None]
) -> Iterator[tuple[str, list[Article]]]:
    """``(story_id, articles)`` per Multi-News-layout line (raw, not yet cleaned)."""
    for where, rec in _records(lines, source, on_error):
        if not isinstance(rec.get("documents"), list):
            on_error(str(InputError(where, "no 'documents' list (Multi-News layout)")))
            continue
        articles = story_articles(rec, where, on_error)
        if not articles:
            on_error(str(InputError(where, "story has no usable documents")))
            continue
        yield str(rec.get("id") or where), articles
