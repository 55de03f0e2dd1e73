"""Small text helpers shared by the cross-check parts: data files, words, quotes, sentences."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import Any

from crossread.model import Article, Sentence
from crossread.settings import load_json
from crossread.text.words import stop_words, tokens

# quotation marks: curly doubles, straight doubles, and curly singles used as quote marks
_QUOTE = re.compile(r"“([^”“]{2,}?)(?:”|(?=\n)|$)|\"([^\"\n]{2,}?)\"|‘([^’‘]{8,}?)’(?![a-z])")


def data(name: str) -> dict[str, Any]:
    """A JSON data file under crossread/data/check/ (parsed once, shared: read-only)."""
    return load_json("check", name)


@cache
def wordset(key: str, lower: bool = True) -> frozenset[str]:
    if key == "stopwords":  # stop words live in data/stopwords.json (crossread.text.words)
        return stop_words("function_words")
    items = data("words.json")[key]
    return frozenset(w.lower() for w in items) if lower else frozenset(items)


def clean_space(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def stem(word: str) -> str:
    """A crude suffix stem, enough to match plurals and tenses across rewrites."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def content(text: str) -> list[str]:
    """Stemmed content words of a text (function words dropped)."""
    stop = stop_words("function_words")
    return [stem(w) for w in tokens(text, "crosscheck") if w not in stop and len(w) > 1]


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the text inside quotation marks (marks excluded)."""
    spans = []
    for m in _QUOTE.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i) is not None)
        spans.append((m.start(g), m.end(g)))
    return spans


def outside_quotes(text: str) -> str:
    out, last = [], 0
    for start, end in quote_spans(text):
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return " ".join(out)


def fold(text: str) -> str:
    """Lowercase ASCII fold: accents removed, curly quotes straightened."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def sentences(article: Article) -> list[Sentence]:
    from crossread.ingest.split import split

    return [s for s in split(article) if s.text.strip()]


def article_order(articles: Sequence[Article]) -> dict[str, int]:
    return {a.id: i for i, a in enumerate(articles)}


def sort_ids(ids: set[str] | Sequence[str], order: dict[str, int]) -> list[str]:
    return sorted(set(ids), key=lambda i: (order.get(i, 1 << 30), i))
