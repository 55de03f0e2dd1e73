"""What the grouper knows of one article: its parameters, words, names, numbers, time and
embedding text.  The one place an article is turned into grouping features.

- TF-IDF terms (words and CJK character bigrams; weighted by an IDF later),
- entities: capitalised names and numbers,
- the day of publication, the years named near the top,
- the text embedded by the encoder (headline + opening).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from crossread.model import Article
from crossread.settings import SettingsError, check, load_json
from crossread.text.dates import parse_datetime
from crossread.text.words import stop_words
from crossread.text.words import tokens as word_tokens

# ---------------------------------------------------------------- parameters


@dataclass(frozen=True)
class StoryParams:
    weights: dict[str, float]
    threshold: float
    embed_floor: float
    grace_days: float
    tau_days: float
    window_days: float
    max_stories: int
    max_terms: int
    opening_chars: int
    title_repeat: int
    candidate_terms: int
    merge_threshold: float = 0.0
    merge_min: float = 0.0
    max_candidates: int = 64
    max_posting: int = 5000
    stopwords: frozenset[str] = frozenset()
    encoder: str = "static"
    embed_words: int = 0
    year_conflict: float = 1.0
    year_chars: int = 0
    number_weight: float = 1.0
    entity_min: int = 0
    english_share: float = 0.2
    recheck_threshold: float = 0.0
    recheck_min_batch: int = 50
    recheck_every: int = 1000
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any], where: str = "stories.json") -> StoryParams:
        """Parameters laid out like ``data/stories.json``, checked against its ranges (a
        bad or missing value is a SettingsError naming ``where`` and the key)."""
        if d is not load_json("stories.json"):
            check(d, "stories.json", where)
        try:
            return cls._from_dict(d)
        except KeyError as exc:
            raise SettingsError(f"{where}: {exc.args[0]}: missing") from None
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"{where}: {exc}") from None

    @classmethod
    def _from_dict(cls, d: dict[str, Any]) -> StoryParams:
        feats = d["features"]
        return cls(
            weights=dict(d["weights"]),
            threshold=float(d["threshold"]),
            embed_floor=float(d.get("embed_floor", 0.0)),
            grace_days=float(d["time"]["grace_days"]),
            tau_days=float(d["time"]["tau_days"]),
            window_days=float(d["window"]["days"]),
            max_stories=int(d["window"]["max_stories"]),
            max_terms=int(feats["max_terms"]),
            opening_chars=int(feats["opening_chars"]),
            title_repeat=int(feats["title_repeat"]),
            candidate_terms=int(feats["candidate_terms"]),
            max_candidates=int(feats.get("max_candidates", 64)),
            merge_threshold=float(d.get("merge", {}).get("threshold", 0.0)),
            merge_min=float(d.get("merge", {}).get("min_article_score", 0.0)),
            max_posting=int(feats.get("max_posting", 5000)),
            english_share=float(feats.get("english_share", 0.2)),
            stopwords=stop_words(str(d.get("stopwords", "grouping"))),
            encoder=str(d.get("embedding", {}).get("encoder", "static")),
            embed_words=int(d.get("embedding", {}).get("opening_words", 0)),
            year_conflict=float(d.get("conflict", {}).get("year_factor", 1.0)),
            year_chars=int(d.get("conflict", {}).get("year_chars", 0)),
            number_weight=float(d.get("entities", {}).get("number_weight", 1.0)),
            entity_min=int(d.get("entities", {}).get("min_count", 0)),
            recheck_threshold=float(d.get("recheck", {}).get("threshold", 0.0)),
            recheck_min_batch=int(d.get("recheck", {}).get("min_batch", 50)),
            recheck_every=int(d.get("recheck", {}).get("every", 1000)),
            raw=d,
        )


@lru_cache(maxsize=1)
def default_params() -> StoryParams:
    return StoryParams.from_dict(load_json("stories.json"))


# ---------------------------------------------------------------- features

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_CJK_RUN = re.compile(rf"[{_CJK}]+")
_CAP = re.compile(r"\b[A-Z][A-Za-z]*(?:['’-][A-Za-z]+)*\b")
_LOWER = re.compile(r"\b[a-z][a-z'’-]*\b")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")


@dataclass
class Features:
    article_id: str
    terms: dict[str, float]  # term -> raw sublinear tf (weighted later)
    ents: frozenset[str]
    t: float | None  # days since 1970, or None
    english: bool = True  # embeddings (an English model) are compared only between English texts
    emb: np.ndarray | None = None
    tvec: dict[str, float] = field(default_factory=dict)
    evec: dict[str, float] = field(default_factory=dict)
    keys: tuple[str, ...] = ()
    years: frozenset[str] = frozenset()  # years named near the top ("n:2012")


def tokens(text: str, stop: frozenset[str]) -> Iterable[str]:
    for tok in word_tokens(text, "grouping"):
        yield from _terms(tok, stop)


def term_counts(text: str, stop: frozenset[str]) -> Counter[str]:
    """How often each of :func:`tokens` occurs in ``text`` (each distinct word is looked at
    once)."""
    counts: Counter[str] = Counter()
    for tok, c in Counter(word_tokens(text, "grouping")).items():
        for term in _terms(tok, stop):
            counts[term] += c
    return counts


def _terms(tok: str, stop: frozenset[str]) -> tuple[str, ...]:
    """The terms of one word token: itself, CJK character bigrams, or none (a stop word)."""
    if _CJK_RUN.fullmatch(tok):
        return (tok,) if len(tok) == 1 else tuple(tok[i : i + 2] for i in range(len(tok) - 1))
    if tok in stop or (len(tok) < 2 and not tok.isdigit()):
        return ()
    return (tok,)


def entities(text: str, stop: frozenset[str]) -> frozenset[str]:
    lower = set(_LOWER.findall(text))
    ents: set[str] = set()
    for m in _CAP.finditer(text):
        word = m.group()
        low = word.lower()
        if len(low) < 2 or low in stop or low in lower:
            continue
        ents.add("e:" + low)
    for m in _NUMBER.finditer(text):
        num = m.group().replace(",", "")
        if len(num) >= 2:
            ents.add("n:" + num)
    return frozenset(ents)


def days(published: str | None) -> float | None:
    d = parse_datetime(published)
    return None if d is None else d.replace(tzinfo=None).timestamp() / 86400.0


def headline(article: Article) -> str:
    """The article's headline, or a short one made from its first line."""
    return title_of(article.title, article.text)


def title_of(title: str | None, text: str) -> str:
    """A headline: the given one, else the text's first line if short, else its opening
    words cut at a word boundary (never a whole lede)."""
    if title and title.strip():
        return " ".join(title.split())
    first = " ".join(text.strip().split("\n", 1)[0].split())
    return shorten(first, 90)


def shorten(text: str, width: int) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters (with "…")."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space >= width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def features(article: Article, p: StoryParams) -> Features:
    title = article.title or ""
    text = ((title + "\n") * p.title_repeat) + article.text
    log = math.log
    terms = {t: 1.0 + log(c) for t, c in term_counts(text, p.stopwords).items()}
    ents = entities(title + "\n" + article.text, p.stopwords)
    f = Features(
        article.id, terms, ents, days(article.published), is_english(article.text, p.english_share)
    )
    if p.year_chars > 0:  # years named near the top (dateline, lead), not in the background
        head = entities(title + "\n" + article.text[: p.year_chars], p.stopwords)
        f.years = frozenset(e for e in head if _YEAR.fullmatch(e))
    else:
        f.years = frozenset(e for e in ents if _YEAR.fullmatch(e))
    return f


_YEAR = re.compile(r"n:(?:19[5-9]\d|20[0-4]\d)")


def is_english(text: str, share: float) -> bool:
    """Enough English function words (``english_markers`` in data/stopwords.json): the
    static encoder is an English model."""
    words = _LOWER.findall(text[:3000].lower())
    if len(words) < 20:
        return len(_CJK_RUN.findall(text)) == 0
    markers = stop_words("english_markers")
    hits = sum(1 for w in words if w in markers)
    return hits / len(words) >= share


def unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    if norm == 0:
        return {}
    return {k: v / norm for k, v in vec.items()}


def dot(small: dict[str, float], big: dict[str, float]) -> float:
    """Dot product of two sparse vectors (only the shared keys are visited: the key
    intersection runs in C over the smaller of the two)."""
    return math.fsum(small[k] * big[k] for k in small.keys() & big.keys())


def embed_text(article: Article, p: StoryParams) -> str:
    """What the encoder reads of an article: headline + opening."""
    head = article.title or ""
    if p.embed_words > 0:
        return (head + "\n" + " ".join(article.text.split()[: p.embed_words])).strip()
    return (head + "\n" + article.text[: p.opening_chars]).strip()


def load_encoder(name: str = "static") -> tuple[Any, str | None]:
    """``(encoder, note)``: the sentence encoder, or its fallback when it cannot be loaded
    (MiniLM -> static -> none: grouping goes on without embeddings); the note, also
    logged, says so (None when ``name`` loaded)."""
    from crossread.encoder import load_with_fallback

    return load_with_fallback(name, "grouping")
