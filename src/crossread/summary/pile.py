"""A pile of articles that holds several stories: which one to summarise, and what else is there.

``crossread summarize`` is given whatever the user has (a folder, a feed, a crawl). When the
story grouper (``crossread.grouping``) finds at least two stories of two or more articles
each, the pile is mixed: the largest story is summarised and the others are listed (in the
notes and in JSON ``other_stories``), never mashed into one summary. A story with a single
article left over is no evidence of a mixed pile (Multi-News dev: 2 of 112 real stories
split into two groups of >= 2; 30 of 30 random three-story piles were found mixed); such
articles stay with the summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crossread.model import Article, Story

MIN_ARTICLES = 2  # a story this large makes a pile mixed


@dataclass(frozen=True)
class Pile:
    main: tuple[Article, ...]  # the articles to summarise
    others: tuple[Story, ...]  # the other stories found (empty: one story)

    def notes(self) -> tuple[str, ...]:
        if not self.others:
            return ()
        n = len(self.main) + sum(len(s.articles) for s in self.others)
        lines = [
            f"the input holds {len(self.others) + 1} stories: summarised the largest "
            f"({len(self.main)} of {n} articles); the others are listed here, summarise "
            "each on its own"
        ]
        for s in self.others:
            ids = ", ".join(a.id for a in s.articles)
            lines.append(f"other story: “{s.title or s.articles[0].id}” ({ids})")
        return tuple(lines)

    def listing(self) -> list[dict[str, object]]:
        """JSON ``other_stories``: title and article ids of each story not summarised."""
        return [{"title": s.title, "articles": [a.id for a in s.articles]} for s in self.others]


def split_pile(articles: Sequence[Article]) -> Pile:
    """The largest story of the pile, and the others when the pile is mixed."""
    articles = tuple(articles)
    if len(articles) < 2 * MIN_ARTICLES:
        return Pile(articles, ())
    from crossread.grouping.index import group

    stories = sorted(group(articles).stories, key=lambda s: -len(s.articles))  # stable
    if sum(1 for s in stories if len(s.articles) >= MIN_ARTICLES) < 2:
        return Pile(articles, ())
    main_ids = {a.id for a in stories[0].articles}
    return Pile(tuple(a for a in articles if a.id in main_ids), tuple(stories[1:]))
