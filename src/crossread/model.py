"""The data that flows between pipeline stages.

Every stage takes and returns these plain, frozen dataclasses:

    Article --clean--> Article --split--> [Sentence] --group--> Story
        --summarize/check--> Brief

Stage-specific result types live next to their stage (for example the
cross-check report in ``crossread.crosscheck.report``); the types here are the ones
more than one stage needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def text_key(text: str) -> str:
    """What "the same text" means everywhere (duplicates count once): case and spacing folded."""
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Article:
    """One news report, as read and (after ``clean``) cleaned.

    ``text`` is the article body; paragraphs are separated by a blank line.
    Every character span elsewhere in crossread (``Sentence.start``/``end``)
    indexes into this ``text``.
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, when known
    url: str | None = None
    source: str = ""  # where it was read from: a path, a URL, "file.jsonl:12", "-"
    language: str | None = None
    removed: tuple[str, ...] = ()  # lines the cleaner dropped, for inspection
    meta: tuple[tuple[str, str], ...] = ()  # anything else a reader found (key, value)


@dataclass(frozen=True)
class Sentence:
    """A sentence of one article, pointing back at its exact place in the text."""

    article_id: str
    index: int  # position of the sentence in its article, 0-based
    paragraph: int  # paragraph number in the article, 0-based
    start: int  # character span in Article.text
    end: int
    text: str

    @property
    def key(self) -> tuple[str, int]:
        return (self.article_id, self.index)


@dataclass(frozen=True)
class Story:
    """A group of articles about one event."""

    id: str
    articles: tuple[Article, ...]
    title: str = ""
    first_seen: str | None = None
    last_seen: str | None = None


@dataclass(frozen=True)
class Citation:
    """One source sentence that carries (some of) a summary sentence's content."""

    article_id: str
    sentence_index: int
    text: str
    similarity: float = 1.0
    strength: float = 1.0  # how much of the statement this sentence shows, 0..1 (1: the source)


@dataclass(frozen=True)
class SummarySentence:
    """A sentence of the summary, with every article that carries its content."""

    text: str
    source: Sentence  # the sentence it was extracted from
    citations: tuple[Citation, ...]  # the source itself first, then the others
    score: float = 0.0
    disputed: tuple[Citation, ...] = ()  # articles telling the same with another figure

    @property
    def article_ids(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for c in self.citations:
            seen.setdefault(c.article_id, None)
        return tuple(seen)


@dataclass(frozen=True)
class Brief:
    """What crossread tells a person about one story."""

    articles: tuple[Article, ...]
    summary: tuple[SummarySentence, ...]
    story_id: str | None = None
    title: str = ""
    check: object | None = None  # a crossread.crosscheck.report.CheckReport when computed
    notes: tuple[str, ...] = ()  # messages for the reader (skipped inputs, ...)
    extra: dict = field(default_factory=dict, compare=False)
