"""Plain data for the pages: articles and their text turned into what templates show.

(The brief and its cross-check reach the templates as the typed
:class:`~crossread.present.sections.BriefView`, the view every presenter uses.)
Pure functions, no I/O.  Templates escape everything (autoescape); nothing built
here is marked safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from crossread.model import Article, Sentence
from crossread.present.sections import source_of


@dataclass(frozen=True)
class Segment:
    """A run of an article's text: a sentence (index >= 0) or the space between sentences."""

    text: str
    index: int = -1
    used: bool = False
    highlighted: bool = False


def article_row(article: Article, n: int | None = None) -> dict[str, Any]:
    return {
        "n": n,
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "url": article.url,
        "source": article.source,
        "label": source_of(article, n or 0).label,
    }


def segments(
    text: str, sentences: Sequence[Sentence], used: Iterable[int] = (), highlight: int | None = None
) -> list[Segment]:
    """Cut ``text`` into sentence and gap segments that put together give back ``text``."""
    used_set = set(used)
    out: list[Segment] = []
    pos = 0
    for s in sorted(sentences, key=lambda s: s.start):
        if s.start < pos:
            continue
        if s.start > pos:
            out.append(Segment(text[pos : s.start]))
        out.append(
            Segment(text[s.start : s.end], s.index, s.index in used_set, s.index == highlight)
        )
        pos = s.end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out
