"""Which articles are the same, and what an article is called.

An article's identity is its content and source: its URL when it has one, else its text
(case and spacing folded). Its ``id`` is a label (a file's stem, a record's ``id``): two
different texts may arrive under one label (two folders each holding ``article.txt``), so
a label already taken by a different text is made distinct with the text's hash, and the
renaming is reported; a different text is never dropped because of its label.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from crossread.model import Article, text_key


def text_hash(text: str) -> str:
    """Same text (ignoring case and spacing) -> same hash."""
    return hashlib.sha256(text_key(text).encode("utf-8")).hexdigest()


def content_id(article: Article) -> str:
    """An id from content and source alone: the URL when there is one, else the text's hash."""
    return article.url or "t" + text_hash(article.text)[:16]


def distinct_id(article_id: str, text: str) -> str:
    """A label for ``text`` when ``article_id`` is already taken by a different text."""
    return f"{article_id}-{text_hash(text)[:8]}"


def plan(items: Iterable[tuple[str, str]]) -> Iterator[tuple[str | None, str]]:
    """For ``(id, text hash)`` pairs in order: ``(id to use, message)`` per item: None (and
    why) for a text already seen, a distinct id (and why) for a label already taken by a
    different text, else the id itself (and "")."""
    seen: dict[str, str] = {}
    ids: set[str] = set()
    for art_id, h in items:
        if h in seen:
            yield None, f"same text as {seen[h]!r}, counted once"
            continue
        new_id, message = art_id, ""
        if art_id in ids:
            new_id = f"{art_id}-{h[:8]}"
            k = 2
            while new_id in ids:
                new_id, k = f"{art_id}-{h[:8]}-{k}", k + 1
            message = f"id {art_id!r} is taken by a different text; kept as {new_id!r}"
        seen[h] = new_id
        ids.add(new_id)
        yield new_id, message


def dedupe(
    articles: Sequence[Article], on_error: Callable[[str], None] | None = None
) -> list[Article]:
    """One article per text (whitespace- and case-insensitive), in order; a label shared by
    different texts is made distinct (``id-<hash>``) so no text is lost or mixed up.
    ``on_error`` hears about every article dropped or renamed."""
    out = []
    keys = ((a.id, text_hash(a.text)) for a in articles)
    for article, (new_id, message) in zip(articles, plan(keys), strict=True):
        if message and on_error is not None:
            on_error(f"{article.source or article.id}: {message}")
        if new_id is None:
            continue
        out.append(article if new_id == article.id else replace(article, id=new_id))
    return out
