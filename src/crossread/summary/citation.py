"""Which articles carry a summary sentence, the sentence of each that shows it, and how strongly.

An article is cited only when a stretch of it (one sentence, or two running ones: facts are
often spread over two) carries the statement, not only its words:

- **names agree**: the names of the summary sentence (capitalised words past its first word)
  are found in the stretch (at most one of three or more may be missing: "Russian President
  Vladimir Putin" vs "Putin");
- **numbers agree**: every number of the summary sentence is in the stretch; when the stretch
  has the names and words but another number, the article *disagrees*: it is never cited and
  the disagreement is reported instead;
- **the claim is there**: ``coverage``, the share of the sentence's content (IDF-weighted word
  stems) that the stretch holds, reaches ``coverage``, and the mean of the encoder cosine and
  the TF-IDF cosine (the similarity the summary already computes) reaches ``options.cite_threshold``
  less ``similarity_slack``.

``strength`` (0..1) = the mean of coverage and similarity for the best stretch: how much of the
statement the evidence shows. Parameters live in ``data/citation.json``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from crossread.options import Options
from crossread.settings import load_json
from crossread.summary.features import StoryMatrix
from crossread.text.words import stop_words

_CAPITAL = re.compile(r"\b[A-Z][A-Za-z'’\-]+")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_WORD = re.compile(r"[a-z0-9]+")
DISAGREE_MARGIN = 0.1  # how far under the citing floor a disagreeing stretch is still looked at


@dataclass(frozen=True)
class CitationParams:
    coverage: float  # share of the sentence's content the evidence must hold
    similarity_slack: float  # the similarity may be this much under options.cite_threshold
    strong: float  # strength from which a citation reads as "strong" (else "partial")
    prefilter: float  # TF-IDF cosine under which a sentence is not a candidate
    stem: int  # words are compared on their first ``stem`` letters


@lru_cache(maxsize=1)
def params() -> CitationParams:
    raw = load_json("citation.json")
    out = CitationParams(
        coverage=float(raw["coverage"]),
        similarity_slack=float(raw["similarity_slack"]),
        strong=float(raw["strong"]),
        prefilter=float(raw["prefilter"]),
        stem=int(raw["stem"]),
    )
    for name in ("coverage", "similarity_slack", "strong", "prefilter"):
        if not 0.0 <= getattr(out, name) <= 1.0:
            raise ValueError(f"citation.json: {name} must be between 0 and 1")
    return out


@dataclass(frozen=True)
class Carrier:
    """One cited article: its evidence sentence (story-matrix row) and how strongly it carries."""

    row: int
    similarity: float
    strength: float


@dataclass(frozen=True)
class Disagreement:
    """An article that tells the same thing with another number: flagged, never cited."""

    row: int
    theirs: tuple[str, ...]  # the numbers it gives
    ours: tuple[str, ...]  # the summary sentence's numbers it lacks


@dataclass(frozen=True)
class _Facts:
    stems: frozenset[str]  # content word stems
    names: frozenset[str]
    numbers: frozenset[str]


@lru_cache(maxsize=65536)
def _stems(text: str, stem: int) -> frozenset[str]:
    stop = stop_words("summary")
    return frozenset(t[:stem] for t in _WORD.findall(text.lower()) if t not in stop and len(t) > 1)


@lru_cache(maxsize=65536)
def _numbers(text: str) -> frozenset[str]:
    return frozenset(n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text))


def _facts(text: str, stem: int) -> _Facts:
    stop = stop_words("summary")
    caps = [m.group().lower().strip("'’-") for m in _CAPITAL.finditer(text)]
    first = _CAPITAL.match(text.lstrip("\"“‘'`( "))
    if first and caps:  # the sentence's first word is capitalised anyway
        caps = caps[1:]
    names = frozenset(c.removesuffix("'s").removesuffix("’s") for c in caps if c not in stop)
    return _Facts(_stems(text, stem), names, _numbers(text))


def _names_agree(ours: frozenset[str], text_low: str) -> bool:
    return all(n in text_low for n in ours)


def carriers(
    sm: StoryMatrix,
    chosen: Sequence[int],
    options: Options,
    tfidf: np.ndarray,
    encoded: np.ndarray,
) -> dict[int, tuple[list[Carrier], list[Disagreement]]]:
    """For each chosen row: the other articles that carry it (best stretch each) and those that
    disagree on a number. ``tfidf``/``encoded``: (len(chosen), n) cosines to every sentence."""
    p = params()
    sentences = sm.sentences
    art = sm.article_of
    sim = (encoded + tfidf) / 2.0
    floor = options.cite_threshold - p.similarity_slack
    n_art = sm.n_articles
    parts: list[list[str]] = [[] for _ in range(n_art)]
    for k, s in enumerate(sentences):
        parts[int(art[k])].append(s.text)
    art_low = [" ".join(t).lower() for t in parts]

    spreads: dict[str, int] = {}

    def spread(name: str) -> int:  # in how many articles a name is found
        if name not in spreads:
            spreads[name] = sum(name in t for t in art_low)
        return spreads[name]

    def low(k: int) -> str:
        return sentences[k].text.lower()

    def stems(k: int) -> frozenset[str]:
        return _stems(sentences[k].text, p.stem)

    def numbers(k: int) -> frozenset[str]:
        return _numbers(sentences[k].text)

    out: dict[int, tuple[list[Carrier], list[Disagreement]]] = {}
    for r, i in enumerate(chosen):
        facts = _facts(sentences[i].text, p.stem)
        ours = facts.stems
        total = len(ours) or 1
        # the names that tell this statement apart: found in at most half of the articles
        telling = frozenset(n for n in facts.names if spread(n) * 2 <= max(n_art, 2))
        best: dict[int, tuple[float, Carrier]] = {}
        against: dict[int, Disagreement] = {}
        # a stretch is looked at only when one of its sentences comes near the similarity
        # floor (a disagreeing one may fall a little under it: DISAGREE_MARGIN)
        reach = sim[r] >= floor - DISAGREE_MARGIN
        reach[:-1] |= reach[1:] & (art[:-1] == art[1:])
        for j in np.flatnonzero((tfidf[r] >= p.prefilter) & (art != art[i]) & reach):
            j = int(j)
            a = int(art[j])
            # the stretch: this sentence, alone or with the next one of its article
            spans = [(j,)]
            if j + 1 < len(sentences) and art[j + 1] == a:
                spans.append((j, j + 1))
            near = " ".join(
                low(k) for k in range(max(0, j - 1), min(len(sentences), j + 3)) if art[k] == a
            )
            if not _names_agree(telling, near):
                continue
            for span in spans:
                held = frozenset().union(*(stems(k) for k in span))
                coverage = len(ours & held) / total
                similarity = float(max(sim[r, k] for k in span))
                if coverage < p.coverage:
                    continue
                theirs = frozenset().union(*(numbers(k) for k in span))
                if facts.numbers and theirs and not facts.numbers & theirs:
                    if a not in best:
                        against.setdefault(
                            a,
                            Disagreement(
                                row=j,
                                theirs=tuple(sorted(theirs - facts.numbers)),
                                ours=tuple(sorted(facts.numbers - theirs)),
                            ),
                        )
                    continue
                if similarity < floor:
                    continue
                strength = min(1.0, (coverage + similarity) / 2.0)
                if a not in best or similarity > best[a][1].similarity:
                    # the evidence: the sentence of the stretch that holds more of the statement
                    row = max(
                        span,
                        key=lambda k: (len(ours & stems(k)), -k),
                    )
                    best[a] = (
                        strength,
                        Carrier(
                            row=row, similarity=min(similarity, 1.0), strength=round(strength, 3)
                        ),
                    )
        for a in best:
            against.pop(a, None)  # one stretch agrees: the article carries it
        out[i] = (
            [best[a][1] for a in sorted(best)],
            [against[a] for a in sorted(against)],
        )
    return out


def label(strength: float) -> str:
    """How a citation reads: "strong" or "partial"."""
    return "strong" if strength >= params().strong else "partial"
