"""The state of one story, and the only place a story is scored and absorbs articles.

A story is kept as sums of its members' unit vectors (TF-IDF terms, entities,
embedding), so the average link between an article and the story (its mean
similarity to every member) is one dot product, and the average link between
two stories is one dot product of their sums.  The online index
(:mod:`crossread.grouping.index`), the window linker
(:mod:`crossread.grouping.windows`) and the store (which persists these states
between runs) all use this module.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from crossread.grouping.features import Features, StoryParams, default_params, dot, title_of, tokens


@dataclass
class StoryState:
    """Sums of the members' vectors, span, years, index keys, and what the user decided."""

    id: str
    n: int = 0
    tsum: dict[str, float] = field(default_factory=dict)
    esum: dict[str, float] = field(default_factory=dict)
    vsum: np.ndarray | None = None
    n_emb: int = 0
    first_t: float | None = None
    last_t: float | None = None
    members: list[str] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    title: str = ""
    years: Counter[str] = field(default_factory=Counter)  # years named by members
    apart: set[str] = field(default_factory=set)  # stories the user said are different

    # -- absorbing ----------------------------------------------------------
    def absorb(self, f: Features) -> None:
        """Add one article (its weighted features) to the sums."""
        self.n += 1
        _add(self.tsum, f.tvec)
        _add(self.esum, f.evec)
        if f.emb is not None and f.english:
            self.vsum = f.emb.astype(np.float64) if self.vsum is None else self.vsum + f.emb
            self.n_emb += 1
        self._span(f.t)
        self.years.update(f.years)
        self.members.append(f.article_id)
        self.keys.update(f.keys)

    def absorb_story(self, other: StoryState) -> None:
        """Fold ``other`` in (two halves of one story found, or said, to belong together)."""
        self.n += other.n
        _add(self.tsum, other.tsum)
        _add(self.esum, other.esum)
        if other.vsum is not None:
            self.vsum = other.vsum.copy() if self.vsum is None else self.vsum + other.vsum
            self.n_emb += other.n_emb
        for t in (other.first_t, other.last_t):
            self._span(t)
        self.years.update(other.years)
        self.members.extend(other.members)
        self.keys |= other.keys
        self.apart |= other.apart
        self.apart.discard(self.id)

    def _span(self, t: float | None) -> None:
        if t is not None:
            self.first_t = t if self.first_t is None else min(self.first_t, t)
            self.last_t = t if self.last_t is None else max(self.last_t, t)

    # -- scoring ------------------------------------------------------------
    def score(self, f: Features, p: StoryParams) -> float:
        """Average link of article ``f`` to this story, faded by time and year conflicts."""
        if self.n == 0:
            return 0.0
        s = _link(p, f.tvec, self.tsum, f.evec, self.esum, self.n)
        if f.emb is not None and self.vsum is not None and f.english and self.n_emb:
            s = _with_embedding(p, s, float(f.emb @ self.vsum) / self.n_emb, len(f.evec))
        else:
            s = s[0] / s[1]
        if f.years and self.years and p.year_conflict < 1.0 and not (f.years & self.years.keys()):
            s *= p.year_conflict  # names other years only: another event
        if f.t is not None and self.first_t is not None and self.last_t is not None:
            s *= _fade(p, max(0.0, self.first_t - f.t, f.t - self.last_t))
        return s

    def pair_score(self, other: StoryState, p: StoryParams) -> float:
        """Average link between two stories (mean over all cross pairs), from the sums."""
        if self.n == 0 or other.n == 0 or other.id in self.apart or self.id in other.apart:
            return 0.0
        small, big = (self, other) if len(self.tsum) <= len(other.tsum) else (other, self)
        w = p.weights
        nn = self.n * other.n
        score = w.get("tfidf", 0.0) * dot(small.tsum, big.tsum) / nn
        total = w.get("tfidf", 0.0)
        if self.esum and other.esum:
            es, eb = (
                (self.esum, other.esum)
                if len(self.esum) <= len(other.esum)
                else (other.esum, self.esum)
            )
            score += w.get("entity", 0.0) * dot(es, eb) / nn
            total += w.get("entity", 0.0)
        if self.vsum is not None and other.vsum is not None and self.n_emb and other.n_emb:
            cos = float(self.vsum @ other.vsum) / (self.n_emb * other.n_emb)
            score += w.get("embed", 0.0) * _above_floor(p, cos)
            total += w.get("embed", 0.0)
        score /= total or 1.0
        if (
            self.years
            and other.years
            and p.year_conflict < 1.0
            and not (self.years.keys() & other.years.keys())
        ):
            score *= p.year_conflict
        return score * self._fade_to(other, p)

    def word_link(self, other: StoryState, p: StoryParams) -> float:
        """Average link over the members' TF-IDF word vectors alone (mean cosine over all
        cross pairs, the batch clustering's view of two stories), faded by the time between
        them; 0 for stories the user kept apart."""
        if self.n == 0 or other.n == 0 or other.id in self.apart or self.id in other.apart:
            return 0.0
        small, big = (self, other) if len(self.tsum) <= len(other.tsum) else (other, self)
        return dot(small.tsum, big.tsum) / (self.n * other.n) * self._fade_to(other, p)

    def _fade_to(self, other: StoryState, p: StoryParams) -> float:
        if self.first_t is None or other.first_t is None:
            return 1.0
        gap = max(
            0.0,
            self.first_t - (other.last_t or other.first_t),
            other.first_t - (self.last_t or self.first_t),
        )
        return _fade(p, gap)

    def mean_vector(self) -> Features:
        """This story as one query article: mean vectors give average link to another story."""
        inv = 1.0 / max(1, self.n)
        return Features(
            article_id=self.id,
            terms={},
            ents=frozenset(),
            t=self.first_t,
            emb=None if self.vsum is None or not self.n_emb else self.vsum / self.n_emb,
            tvec={k: v * inv for k, v in self.tsum.items()},
            evec={k: v * inv for k, v in self.esum.items()},
        )

    # -- persistence --------------------------------------------------------
    def to_row(self) -> dict[str, Any]:
        """Columns for the store (members are not kept: the store knows them)."""
        return {
            "id": self.id,
            "head": json.dumps(
                {
                    "n": self.n,
                    "n_emb": self.n_emb,
                    "first_t": self.first_t,
                    "last_t": self.last_t,
                    "title": self.title,
                    "years": dict(sorted(self.years.items())),
                    "keys": sorted(self.keys),
                    "apart": sorted(self.apart),
                },
                ensure_ascii=False,
            ),
            "tkeys": "\0".join(self.tsum),
            "tvals": np.fromiter(self.tsum.values(), np.float64, len(self.tsum)).tobytes(),
            "ekeys": "\0".join(self.esum),
            "evals": np.fromiter(self.esum.values(), np.float64, len(self.esum)).tobytes(),
            "vsum": None if self.vsum is None else np.asarray(self.vsum, np.float64).tobytes(),
            "last_t": self.last_t,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any], members: list[str]) -> StoryState:
        head = json.loads(row["head"])
        return cls(
            id=row["id"],
            n=int(head["n"]),
            tsum=_unpack(row["tkeys"], row["tvals"]),
            esum=_unpack(row["ekeys"], row["evals"]),
            vsum=None if row["vsum"] is None else np.frombuffer(row["vsum"], np.float64).copy(),
            n_emb=int(head["n_emb"]),
            first_t=head["first_t"],
            last_t=head["last_t"],
            members=list(members),
            keys=set(head["keys"]),
            title=head["title"],
            years=Counter(head["years"]),
            apart=set(head.get("apart", ())),
        )


def _unpack(keys: str, values: bytes) -> dict[str, float]:
    if not keys:
        return {}
    return dict(zip(keys.split("\0"), np.frombuffer(values, np.float64).tolist(), strict=True))


def _add(into: dict[str, float], vec: dict[str, float]) -> None:
    get = into.get
    for k, v in vec.items():
        into[k] = get(k, 0.0) + v


def _link(
    p: StoryParams,
    tvec: dict[str, float],
    tsum: dict[str, float],
    evec: dict[str, float],
    esum: dict[str, float],
    n: int,
) -> tuple[float, float]:
    """(weighted score, total weight) over TF-IDF words and entities."""
    w = p.weights
    score = w.get("tfidf", 0.0) * dot(tvec, tsum) / n
    total = w.get("tfidf", 0.0)
    if evec:
        # a cosine over two or three names (or one shared number) is weak evidence
        we = w.get("entity", 0.0)
        if p.entity_min and len(evec) < p.entity_min:
            we *= len(evec) / p.entity_min
        score += we * dot(evec, esum) / n
        total += we
    return score, total


def _with_embedding(p: StoryParams, st: tuple[float, float], cos: float, _n_ents: int) -> float:
    we = p.weights.get("embed", 0.0)
    return (st[0] + we * _above_floor(p, cos)) / ((st[1] + we) or 1.0)


def _above_floor(p: StoryParams, cos: float) -> float:
    floor = p.embed_floor
    return max(0.0, (cos - floor) / (1.0 - floor))


def _fade(p: StoryParams, gap: float) -> float:
    """Similar events more than ``grace_days`` apart fade into two stories."""
    if gap <= p.grace_days:
        return 1.0
    return math.exp(-(gap - p.grace_days) / p.tau_days)


def representative(members: Sequence[tuple[str | None, str]], state: StoryState | None) -> str:
    """The story's most representative headline: of the members' (title, text), the headline
    whose words weigh most in the story's summed TF-IDF vector (the story's centre); real
    headlines before ones made from text; ties go to the earliest member."""
    titled = [(t, x) for t, x in members if t and t.strip()]
    pool = titled or list(members)
    heads = [title_of(t, x) for t, x in pool]
    if not heads:
        return ""
    if state is None or not state.tsum or len(heads) == 1:
        return heads[0]
    stop = default_params().stopwords
    best, best_score = heads[0], -1.0
    for h in heads:
        words = set(tokens(h, stop))
        if not words:
            continue
        score = sum(state.tsum.get(w, 0.0) for w in words) / math.sqrt(len(words))
        if score > best_score + 1e-12:
            best, best_score = h, score
    return best
