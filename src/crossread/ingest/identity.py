"""Which articles are the same, and what an article is called.

An article's identity is its content and source: its URL when it has one, else its text
(case and spacing folded). Its ``id`` is a label (a file's stem, a record's ``id``): two
different texts may arrive under one label (two folders each holding ``article.txt``), so
a label already taken by a different text is made distinct with the text's hash, and the
renaming is reported; a different text is never dropped because of its label.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
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


def dedupe(
    articles: Sequence[Article], on_error: Callable[[str], None] | None = None
) -> list[Article]:
    """One article per text (whitespace- and case-insensitive), in order; a label shared by
    different texts is made distinct (``id-<hash>``) so no text is lost or mixed up."""
    seen: set[str] = set()
    ids: set[str] = set()
    out = []
    for article in articles:
        key = text_key(article.text)
        if key in seen:
            continue
        seen.add(key)
        if article.id in ids:
            new_id = distinct_id(article.id, article.text)
            if on_error is not None:
                on_error(
                    f"{article.source or article.id}: id {article.id!r} is taken by a different "
                    f"text; kept as {new_id!r}"
                )
            article = replace(article, id=new_id)
        ids.add(article.id)
        out.append(article)
    return out
