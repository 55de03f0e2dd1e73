"""Sentence similarity for the cross-check: a sentence encoder ('static', 'minilm'), or TF-IDF
cosine ('tfidf'). Which one, and the fallback when an encoder cannot be used, is decided
once per check by ``crosscheck.report.check`` (logged and noted there)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def embed(texts: Sequence[str], encoder: str = "static") -> np.ndarray:
    """Unit-length rows, one per text (cosine = dot product)."""
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    if encoder != "tfidf":
        from crossread.encoder import get_encoder

        try:
            return get_encoder(encoder).encode(list(texts))
        except Exception as exc:  # the model broke: the caller decides (and says so)
            raise EncoderFailed(f"{type(exc).__name__}: {exc}") from exc
    return _tfidf(texts)


class EncoderFailed(RuntimeError):
    """The sentence encoder raised while encoding."""


def _tfidf(texts: Sequence[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(list(texts))
    except ValueError:  # only stop words / empty
        return np.zeros((len(texts), 1), dtype=np.float32)
    dense = matrix.toarray().astype(np.float32)
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return dense / norms


def overlap(a: Sequence[str], b: Sequence[str]) -> float:
    """Dice overlap of two word lists (as sets)."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return 2 * len(sa & sb) / (len(sa) + len(sb))


def containment(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of the smaller set found in the other."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))
