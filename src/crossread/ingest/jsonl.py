"""JSON Lines: one article per line (``{"text", "id"?, "title"?, "url"?, "published"?,
"outlet"?}``) or one story per line in the Multi-News layout (``{"id", "documents": [...]}``).
Streaming: one line at a time; a bad line is reported and skipped."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

from crossread.errors import InputError
from crossread.ingest.plaintext import text_article
from crossread.model import Article


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


def _article(
    rec: dict, default_id: str, where: str, on_error: Callable[[str], None] = lambda _: None
) -> Article:
    """One record as an Article; odd fields are coerced or dropped (``validate.article``,
    reported through ``on_error``); raises InputError when there is no text."""
    from crossread.ingest.validate import article

    text = rec.get("text")
    usable = isinstance(text, str) and text.strip()
    found = article(rec, default_id, where, on_error) if usable else None
    if found is None:
        raise InputError(where, "no 'text' field with article text")
    return text_article(
        found.text,
        found.id,
        where,
        title=found.title,
        url=found.url,
        outlet=found.outlet,
        published=found.published,
    )


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
                out.append(_article(doc, f"{story_id}#{i}", doc_where, on_error))
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
            yield _article(rec, f"{stem}:{where.rsplit(':', 1)[1]}", where, on_error)
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
