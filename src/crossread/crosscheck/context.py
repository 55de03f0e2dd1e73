"""Per-article material the cross-check parts share: sentences, their words and vectors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from crossread.crosscheck.similarity import embed
from crossread.crosscheck.wording import clean_space, content, outside_quotes, sentences
from crossread.model import Article, Sentence


@dataclass
class Doc:
    article: Article
    sentences: list[Sentence]
    texts: list[str]  # whitespace-normalised sentence texts
    words: list[list[str]]  # stemmed content words per sentence
    outside: list[list[str]]  # the same, outside quotation marks
    vectors: np.ndarray | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return self.article.id


def prepare(article: Article) -> Doc:
    sents = sentences(article)
    texts = [clean_space(s.text) for s in sents]
    return Doc(
        article=article,
        sentences=sents,
        texts=texts,
        words=[content(t) for t in texts],
        outside=[content(outside_quotes(t)) for t in texts],
    )


def prepare_all(articles: Sequence[Article]) -> list[Doc]:
    return [prepare(a) for a in articles]


def ensure_vectors(docs: Sequence[Doc], encoder: str = "static") -> None:
    """Encode every sentence of the docs that have no vectors yet, in one batch."""
    todo = [d for d in docs if d.vectors is None]
    if not todo:
        return
    texts = [t for d in todo for t in d.texts]
    matrix = embed(texts, encoder) if texts else np.zeros((0, 1), dtype=np.float32)
    at = 0
    for d in todo:
        d.vectors = matrix[at : at + len(d.texts)]
        at += len(d.texts)
