"""Which articles are the same: one text read twice counts once."""

from __future__ import annotations

from collections.abc import Sequence

from crossread.model import Article, text_key


def dedupe(articles: Sequence[Article]) -> list[Article]:
    """Drop articles whose text (whitespace- and case-insensitive) was already seen."""
    seen: set[str] = set()
    out = []
    for article in articles:
        key = text_key(article.text)
        if key in seen:
            continue
        seen.add(key)
        out.append(article)
    return out
