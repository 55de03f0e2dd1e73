"""Sentence features for the summary scorer: cross-source support, position, informativeness.

Everything is computed per story from the story's own sentences (TF-IDF with
sentence-level IDF), so no background corpus is needed. The features avoid
casing, paragraph breaks and article length on purpose: the scorer is trained on
Multi-News text that is lowercased, has no line breaks and is truncated, and must
transfer to real, cased, complete articles (dropping the relative-position and
article-share features measurably helped on dev).

``story_matrix`` builds the shared term matrices once; ``sentence_features``
turns them into one row per sentence, columns named by ``FEATURE_NAMES``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

from crossread.model import Sentence
from crossread.settings import load_json
from crossread.text.script import count_words
from crossread.text.shapes import ends_like
from crossread.text.words import stop_words, tokens

FEATURE_NAMES: tuple[str, ...] = (
    "support2",  # share of the sentence's TF-IDF weight on terms found in >= 2 articles
    "support_graded",  # the same, weighted by the share of other articles that have the term
    "cross_max_mean",  # mean over other articles of the best cosine to one of their sentences
    "cross_count",  # share of other articles with a sentence of cosine >= 0.3
    "centroid",  # cosine to the story centroid
    "doc_centroid",  # cosine to its own article's centroid
    "degree",  # mean cosine to every other sentence of the story
    "pos_inv",  # 1 / (1 + index in article)
    "pos_first",  # first sentence of its article
    "pos_log",  # log(1 + index)
    "len",  # words / 30, capped at 2
    "short",  # fewer than 8 words
    "long",  # more than 45 words
    "content_ratio",  # content words / words
    "idf_mean",  # mean IDF of its content words, scaled
    "digits",  # share of tokens with a digit
    "quote",  # has a quotation mark
    "quote_start",  # starts with a quotation mark
    "connective",  # starts with a connective ("But", "However", ...)
    "dangling",  # starts with a pronoun or demonstrative
    "question",  # ends with "?"
    "no_terminal",  # does not end with . ! ? or a closing quote
    "said",  # has an attribution verb (said, says, told, according to)
    "first_person",  # has "I", "we", "my", "our" (opinion, interview)
    "art_centroid",  # cosine of the article to the story centroid
    "art_junk",  # junk score of the article (tweet, video page, error page)
    "n_articles_inv",  # 1 / number of articles
)

BLOCK_CELLS = 4_000_000  # similarity numbers held at once (16 MB of float32)
_FIRST_PERSON = re.compile(r"\b(i|we|my|our|me|us)\b")
_SAID = re.compile(r"\b(said|says|told|according to|stated|added)\b")
_QUOTES = ('"', "“", "”", "``", "''")  # newswire writes ``quotes'' with backquotes
_DIGIT_TOKEN = re.compile(r"[a-z0-9]*[0-9][a-z0-9]*")


@lru_cache(maxsize=1)
def words() -> dict[str, frozenset[str]]:
    """The word lists of ``data/summary_words.json``."""
    raw = load_json("summary_words.json")
    return {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}


def content_tokens(text: str) -> list[str]:
    stop = stop_words("summary")
    return [t.removesuffix("'s") for t in tokens(text) if t not in stop and len(t) > 1]


@dataclass(frozen=True)
class StoryMatrix:
    """Term statistics of one story's sentences (all articles, in order)."""

    sentences: tuple[Sentence, ...]
    article_of: np.ndarray  # article number of each sentence
    article_sizes: np.ndarray  # sentences per article
    n_words: np.ndarray  # words per sentence
    tfidf: sparse.csr_matrix  # L2-normalised TF-IDF rows
    weight: sparse.csr_matrix  # unnormalised TF-IDF rows
    idf: np.ndarray
    art_df: np.ndarray  # number of articles that contain each term
    n_articles: int

    def similarity_rows(self, rows: Sequence[int] | np.ndarray) -> np.ndarray:
        """TF-IDF cosine of the given sentences to every sentence of the story, (len(rows), n).

        Only rows are ever built: a story of 25,000 sentences would need 2.5 GB for the whole
        matrix (issue 16), so callers ask for the rows they use, or go through ``blocks``.
        """
        rows = np.asarray(rows, dtype=np.int64)
        return np.asarray((self.tfidf[rows] @ self.tfidf.T).toarray(), dtype=np.float32)

    def blocks(self, cells: int = BLOCK_CELLS) -> Iterator[tuple[int, int, np.ndarray]]:
        """(start, stop, similarity_rows(start..stop)) over all sentences, each block holding at
        most about ``cells`` numbers, so memory stays bounded whatever the story's size."""
        n = len(self.sentences)
        step = max(1, cells // max(n, 1))
        for start in range(0, n, step):
            stop = min(n, start + step)
            yield start, stop, self.similarity_rows(np.arange(start, stop))


def story_matrix(per_article: Sequence[Sequence[Sentence]]) -> StoryMatrix:
    """Build the TF-IDF matrices of a story given each article's sentences."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    flat: list[Sentence] = []
    article_of: list[int] = []
    n_words: list[int] = []
    for a, sents in enumerate(per_article):
        for s in sents:
            r = len(flat)
            flat.append(s)
            article_of.append(a)
            n_words.append(count_words(s.text))
            for t in content_tokens(s.text):
                cols.append(vocab.setdefault(t, len(vocab)))
                rows.append(r)
    n, v = len(flat), max(len(vocab), 1)
    counts = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, v), dtype=np.float32
    )
    counts.sum_duplicates()
    binary = counts.copy()
    binary.data[:] = 1.0
    df = np.asarray(binary.sum(axis=0)).ravel()
    idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
    tf = counts.copy()
    tf.data = 1.0 + np.log(tf.data)
    weight = sparse.csr_matrix(tf.multiply(idf[None, :]))
    norms = np.sqrt(np.asarray(weight.multiply(weight).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    tfidf = sparse.csr_matrix(sparse.diags(1.0 / norms) @ weight)
    arts = np.asarray(article_of, dtype=np.int64)
    n_art = len(per_article)
    member = sparse.csr_matrix(
        (np.ones(n, dtype=np.float32), (arts, np.arange(n))), shape=(n_art, n)
    )
    art_df = np.asarray(((member @ binary) > 0).sum(axis=0)).ravel().astype(np.float32)
    return StoryMatrix(
        sentences=tuple(flat),
        article_of=arts,
        article_sizes=np.bincount(arts, minlength=n_art).astype(np.float32),
        n_words=np.asarray(n_words, dtype=np.float32),
        tfidf=tfidf,
        weight=weight,
        idf=idf,
        art_df=art_df,
        n_articles=n_art,
    )


def sentence_features(
    sm: StoryMatrix, junk: Sequence[float] | None = None, cells: int = BLOCK_CELLS
) -> np.ndarray:
    """One row of ``FEATURE_NAMES`` per sentence of the story (similarities in blocks of rows)."""
    n = len(sm.sentences)
    out = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float32)
    if n == 0:
        return out
    col = {name: i for i, name in enumerate(FEATURE_NAMES)}
    n_art = sm.n_articles
    total = np.asarray(sm.weight.sum(axis=1)).ravel()
    safe_total = np.where(total > 0, total, 1.0)
    multi = (sm.art_df >= 2).astype(np.float32)
    out[:, col["support2"]] = (sm.weight @ multi) / safe_total
    graded = (sm.art_df - 1.0) / max(n_art - 1, 1)
    out[:, col["support_graded"]] = (sm.weight @ graded) / safe_total

    arts = sm.article_of
    # sentences are stored article by article: each article is one run of columns
    present = np.flatnonzero(sm.article_sizes > 0)
    starts = np.concatenate(([0], np.cumsum(sm.article_sizes)[:-1])).astype(np.int64)[present]
    for lo, hi, sim in sm.blocks(cells):
        sim[np.arange(hi - lo), np.arange(lo, hi)] = 0.0  # a sentence is not its own match
        best = np.maximum.reduceat(sim, starts, axis=1)  # best match in each article
        own = np.searchsorted(present, arts[lo:hi])
        best[np.arange(hi - lo), own] = 0.0
        if n_art > 1:
            out[lo:hi, col["cross_max_mean"]] = best.sum(axis=1) / (n_art - 1)
            out[lo:hi, col["cross_count"]] = (best >= 0.3).sum(axis=1) / (n_art - 1)
        out[lo:hi, col["degree"]] = sim.sum(axis=1) / max(n - 1, 1)

    centroid = np.asarray(sm.tfidf.sum(axis=0)).ravel()
    centroid /= max(float(np.linalg.norm(centroid)), 1e-9)
    out[:, col["centroid"]] = sm.tfidf @ centroid
    art_cent_sim = np.zeros(n_art, dtype=np.float32)
    for a in range(n_art):
        rows_a = np.flatnonzero(arts == a)
        if len(rows_a) == 0:
            continue
        c = np.asarray(sm.tfidf[rows_a].sum(axis=0)).ravel()
        norm = float(np.linalg.norm(c))
        if norm > 0:
            c /= norm
            out[rows_a, col["doc_centroid"]] = sm.tfidf[rows_a] @ c
            art_cent_sim[a] = float(c @ centroid)

    index = np.asarray([s.index for s in sm.sentences], dtype=np.float32)
    out[:, col["pos_inv"]] = 1.0 / (1.0 + index)
    out[:, col["pos_first"]] = index == 0
    out[:, col["pos_log"]] = np.log1p(index) / 4.0
    nw = sm.n_words
    out[:, col["len"]] = np.minimum(nw / 30.0, 2.0)
    out[:, col["short"]] = nw < 8
    out[:, col["long"]] = nw > 45

    lists = words()
    connectives = lists["leading_connectives"]
    dangling = lists["dangling_starts"]
    idf_scale = float(sm.idf.max()) if sm.idf.size else 1.0
    content_counts = np.diff(sm.weight.indptr).astype(np.float32)
    binary = sm.weight.copy()
    binary.data[:] = 1.0
    idf_sum = binary @ sm.idf
    out[:, col["idf_mean"]] = idf_sum / np.maximum(content_counts, 1.0) / idf_scale
    for i, s in enumerate(sm.sentences):
        text = s.text
        low = text.lower()
        toks = tokens(low)
        ntok = max(len(toks), 1)
        out[i, col["content_ratio"]] = content_counts[i] / ntok
        out[i, col["digits"]] = len(_DIGIT_TOKEN.findall(low)) / ntok
        out[i, col["quote"]] = any(q in text for q in _QUOTES)
        out[i, col["quote_start"]] = text.lstrip().startswith(_QUOTES[:4])
        first = toks[0] if toks else ""
        first2 = " ".join(toks[:2])
        out[i, col["connective"]] = first in connectives or first2 in connectives
        out[i, col["dangling"]] = first in dangling or first2 in dangling
        end = text.rstrip()[-1:]
        out[i, col["question"]] = end == "?"
        out[i, col["no_terminal"]] = end not in ".!?\"”’'"
        out[i, col["said"]] = bool(_SAID.search(low))
        out[i, col["first_person"]] = bool(_FIRST_PERSON.search(low))

    out[:, col["art_centroid"]] = art_cent_sim[arts]
    if junk is not None:
        out[:, col["art_junk"]] = np.asarray(junk, dtype=np.float32)[arts]
    out[:, col["n_articles_inv"]] = 1.0 / n_art
    return out


@lru_cache(maxsize=4096)
def junk_score(text: str) -> float:
    """How much an article looks like something other than a news report, 0..1.

    Video-page text, scraping debris, error pages and bare tweets are very short, have
    few sentence-like lines, or carry page-furniture markers ("Play Video", "autoplay",
    "enable cookies"). A short article of real sentences scores low.
    """
    n = count_words(text)
    if n == 0:
        return 1.0
    low = text.lower()
    markers = sum(low.count(m) for m in words()["junk_markers"])
    lines = [ln for ln in text.splitlines() if ln.strip()]
    sentence_like = sum(
        1 for ln in lines if count_words(ln) >= 8 and (ends_like(ln) or ln.rstrip()[-1:] in '"”’')
    )
    score = 0.0
    if n < 25:
        score += 0.5
    elif n < 60:
        score += 0.2
    score += min(markers * 100.0 / n, 1.0) * 0.5
    if lines and sentence_like == 0:
        score += 0.3
    return min(score, 1.0)
