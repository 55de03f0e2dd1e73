"""Online story grouping: articles arrive one by one (or in batches) and each
joins an existing story or starts a new one; nothing is ever regrouped.

An article is compared with every candidate story by average link (its mean
similarity to the story's members, computed exactly from per-story sums of
unit vectors), combining

- TF-IDF cosine over words (and CJK character bigrams), IDF over the stream,
- entity overlap (capitalised names and numbers, numbers weighing more), each
  weighted by an IDF over the stream so that what the whole topic shares counts
  little; an article with only a few names/numbers gets less weight here,
- the embedding of headline + opening (``crossread.encoder``, the static encoder
  unless the parameters choose ``minilm``; skipped when the model cannot be
  loaded),
- time: a story's similarity fades when the article is more than a few days
  away from the story's span (two similar events weeks apart are two stories),
- years: when the article and the story name years near the top (datelines)
  and share none, the score drops (two events of one kind, years apart).

Only stories in an active window are kept (recent ones, at most
``max_stories``), so memory stays bounded on an endless stream.  Every
parameter lives in ``data/stories.json`` (one set for all inputs).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from crossread.model import Article, Story
from crossread.settings import load_json
from crossread.text.dates import parse_datetime
from crossread.text.words import stop_words, tokens

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
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StoryParams:
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
            stopwords=stop_words(str(d.get("stopwords", "grouping"))),
            encoder=str(d.get("embedding", {}).get("encoder", "static")),
            embed_words=int(d.get("embedding", {}).get("opening_words", 0)),
            year_conflict=float(d.get("conflict", {}).get("year_factor", 1.0)),
            year_chars=int(d.get("conflict", {}).get("year_chars", 0)),
            number_weight=float(d.get("entities", {}).get("number_weight", 1.0)),
            entity_min=int(d.get("entities", {}).get("min_count", 0)),
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
class _Features:
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


def _tokens(text: str, stop: frozenset[str]) -> Iterable[str]:
    for tok in tokens(text, "grouping"):
        if _CJK_RUN.fullmatch(tok):
            if len(tok) == 1:
                yield tok
            else:
                for i in range(len(tok) - 1):
                    yield tok[i : i + 2]
            continue
        if tok in stop or (len(tok) < 2 and not tok.isdigit()):
            continue
        yield tok


def _entities(text: str, stop: frozenset[str]) -> frozenset[str]:
    lower = {w for w in _LOWER.findall(text)}
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


def _days(published: str | None) -> float | None:
    d = parse_datetime(published)
    return None if d is None else d.replace(tzinfo=None).timestamp() / 86400.0


def _headline(article: Article) -> str:
    if article.title:
        return article.title.strip()
    first = article.text.strip().split("\n", 1)[0].strip()
    return first[:200]


def _features(article: Article, p: StoryParams) -> _Features:
    title = article.title or ""
    text = ((title + "\n") * p.title_repeat) + article.text
    counts = Counter(_tokens(text, p.stopwords))
    terms = {t: 1.0 + math.log(c) for t, c in counts.items()}
    ents = _entities(title + "\n" + article.text, p.stopwords)
    f = _Features(article.id, terms, ents, _days(article.published), _is_english(article.text))
    if p.year_chars > 0:  # years named near the top (dateline, lead), not in the background
        head = _entities(title + "\n" + article.text[: p.year_chars], p.stopwords)
        f.years = frozenset(e for e in head if _YEAR.fullmatch(e))
    else:
        f.years = frozenset(e for e in ents if _YEAR.fullmatch(e))
    return f


_YEAR = re.compile(r"n:(?:19[5-9]\d|20[0-4]\d)")


def _is_english(text: str) -> bool:
    """Enough English function words (the static encoder is an English model)."""
    words = _LOWER.findall(text[:3000].lower())
    if len(words) < 20:
        return len(_CJK_RUN.findall(text)) == 0
    hits = sum(1 for w in words if w in _ENGLISH_FUNCTION)
    return hits / len(words) >= 0.2


_ENGLISH_FUNCTION = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "was",
        "for",
        "on",
        "that",
        "with",
        "as",
        "by",
        "at",
        "from",
        "it",
        "he",
        "she",
        "his",
        "her",
        "they",
        "said",
        "has",
        "have",
        "had",
        "be",
        "been",
        "are",
        "were",
        "an",
        "this",
        "which",
        "who",
        "will",
        "not",
        "but",
        "or",
        "its",
        "their",
    ]
)


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    if norm == 0:
        return {}
    return {k: v / norm for k, v in vec.items()}


def _dot(small: dict[str, float], big: dict[str, float]) -> float:
    get = big.get
    return sum(v * get(k, 0.0) for k, v in small.items())


# ---------------------------------------------------------------- the index


@dataclass
class _StoryState:
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


def _story_id(article_id: str) -> str:
    return "s" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:10]


class StoryIndex:
    """The online grouper.  ``add(article) -> story_id``; ``add_many`` for batches.

    State is plain Python and numpy; an index can be kept between calls (and
    between :func:`group` calls through ``Grouping.state``) to grow stories.
    """

    def __init__(self, params: StoryParams | None = None, *, embed: bool = True) -> None:
        self.params = params or default_params()
        self.encoder = _load_encoder(self.params.encoder) if embed else None
        self.weights = {k: self.params.weights.get(k, 0.0) for k in ("tfidf", "entity", "embed")}
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self.stories: OrderedDict[str, _StoryState] = OrderedDict()  # least recently updated first
        self.postings: dict[str, set[str]] = {}
        self.article_story: dict[str, str] = {}
        self.now: float | None = None
        self.evicted = 0
        self.merged: list[tuple[str, str]] = []  # (old story id, the story it joined)
        self._adds = 0

    # -- public -----------------------------------------------------------
    def add(self, article: Article) -> str:
        """Put one article in a story (an existing one or a new one); returns the story id."""
        return self.add_many([article])[0]

    def add_many(self, articles: Sequence[Article]) -> list[str]:
        """Add a batch: document frequencies are counted over the whole batch first
        (so the IDF reflects the pile), then the articles join stories one by one,
        oldest first.  Returns the story id of each article, in input order."""
        p = self.params
        out: list[str | None] = [None] * len(articles)
        feats: list[tuple[int, _Features]] = []
        seen: dict[str, int] = {}
        for i, a in enumerate(articles):
            if a.id in self.article_story:
                out[i] = self.article_story[a.id]
                continue
            if a.id in seen:
                continue
            seen[a.id] = i
            f = _features(a, p)
            feats.append((i, f))
            self.df.update(set(f.terms) | f.ents)
            self.n_docs += 1
        if self.encoder is not None and feats:
            texts = [_embed_text(articles[i], p) for i, _ in feats]
            vecs = self.encoder.encode(texts)
            for (_, f), v in zip(feats, vecs, strict=True):
                f.emb = v
        order = sorted(feats, key=lambda x: (x[1].t is None, x[1].t or 0.0, x[0]))
        for i, f in order:
            out[i] = self._assign(f, articles[i])
        for i, a in enumerate(articles):  # resolve merges made later in the batch
            out[i] = self.article_story.get(a.id, out[i])
        return [s for s in out if s is not None]

    def seed(self, articles: Sequence[Article], story_ids: Sequence[str]) -> None:
        """Restore known members (e.g. from the store) without grouping them again."""
        p = self.params
        feats = []
        for a in articles:
            f = _features(a, p)
            self.df.update(set(f.terms) | f.ents)
            self.n_docs += 1
            feats.append(f)
        if self.encoder is not None and feats:
            vecs = self.encoder.encode([_embed_text(a, p) for a in articles])
            for f, v in zip(feats, vecs, strict=True):
                f.emb = v
        for a, f, sid in zip(articles, feats, story_ids, strict=True):
            if a.id in self.article_story:
                continue
            self._weigh(f)
            story = self.stories.get(sid)
            if story is None:
                story = self.stories[sid] = _StoryState(sid, title=_headline(a))
            else:
                self.stories.move_to_end(sid)
            self._join(story, f)
            self._after_add(f.t)

    def story_of(self, article_id: str) -> str | None:
        return self.article_story.get(article_id)

    # -- internals ----------------------------------------------------------
    def _idf(self, term: str) -> float:
        return math.log((self.n_docs + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def _weigh(self, f: _Features) -> None:
        p = self.params
        w = {t: tf * self._idf(t) for t, tf in f.terms.items()}
        if len(w) > p.max_terms:
            w = dict(sorted(w.items(), key=lambda kv: -kv[1])[: p.max_terms])
        f.tvec = _unit(w)
        nw = p.number_weight
        f.evec = _unit({e: self._idf(e) * (nw if e[0] == "n" else 1.0) for e in sorted(f.ents)})
        # ties broken by the key: entity sets iterate in a per-process hash order
        top_terms = sorted(f.tvec, key=lambda k: (-f.tvec[k], k))[: p.candidate_terms]
        top_ents = sorted(f.evec, key=lambda k: (-f.evec[k], k))[: p.candidate_terms]
        f.keys = tuple(top_terms) + tuple(top_ents)

    def _link(self, f: _Features, tsum: dict, esum: dict, vsum: Any, n: int, n_emb: int) -> float:
        w = self.weights
        score = w["tfidf"] * _dot(f.tvec, tsum) / n
        total = w["tfidf"]
        if f.evec:
            # a cosine over two or three names (or one shared number) is weak evidence
            we = w["entity"]
            if len(f.evec) < self.params.entity_min:
                we *= len(f.evec) / self.params.entity_min
            score += we * _dot(f.evec, esum) / n
            total += we
        if f.emb is not None and vsum is not None and f.english and n_emb:
            floor = self.params.embed_floor
            cos = float(f.emb @ vsum) / n_emb
            score += w["embed"] * max(0.0, (cos - floor) / (1.0 - floor))
            total += w["embed"]
        return score / total

    def _score(self, f: _Features, s: _StoryState) -> float:
        score = self._link(f, s.tsum, s.esum, s.vsum, s.n, s.n_emb)
        if (
            f.years
            and s.years
            and self.params.year_conflict < 1.0
            and not (f.years & s.years.keys())
        ):
            score *= self.params.year_conflict  # names other years only: another event
        if f.t is not None and s.first_t is not None and s.last_t is not None:
            gap = max(0.0, s.first_t - f.t, f.t - s.last_t)
            if gap > self.params.grace_days:
                score *= math.exp(-(gap - self.params.grace_days) / self.params.tau_days)
        return score

    def _candidates(self, f: _Features) -> list[str]:
        """Active stories sharing the article's strongest terms or entities, best first."""
        p = self.params
        votes: Counter[str] = Counter()
        for k in f.keys:
            post = self.postings.get(k)
            if not post or len(post) > p.max_posting:
                continue
            w = f.tvec.get(k, 0.0) + f.evec.get(k, 0.0)
            for sid in post:
                votes[sid] += w
        # sorted, so that ties never depend on set order (string hashing varies per process)
        return sorted(votes, key=lambda sid: (-votes[sid], sid))[: p.max_candidates]

    def _assign(self, f: _Features, article: Article) -> str:
        self._weigh(f)
        p = self.params
        best, best_score = None, p.threshold
        scored: list[tuple[float, str]] = []
        for sid in self._candidates(f):
            story = self.stories[sid]
            sc = self._score(f, story)
            scored.append((sc, sid))
            if sc > best_score or (sc == best_score and best is None):
                best, best_score = sid, sc
        if best is None:
            sid = _story_id(f.article_id)
            while sid in self.stories:
                sid = _story_id(sid + "'")
            story = _StoryState(sid, title=_headline(article))
            self.stories[sid] = story
        else:
            story = self.stories[best]
            self.stories.move_to_end(best)
        self._join(story, f)
        if best is not None and p.merge_threshold > 0:
            for sc, other in sorted(scored, reverse=True):
                if other == best or sc < p.merge_min or other not in self.stories:
                    continue
                if self._pair_score(story, self.stories[other]) >= p.merge_threshold:
                    self._merge(story, self.stories[other])
        self._after_add(f.t)
        return story.id

    def _pair_score(self, a: _StoryState, b: _StoryState) -> float:
        """Average link between two stories (mean over all cross pairs), from the sums."""
        w = self.weights
        small, big = (a, b) if len(a.tsum) <= len(b.tsum) else (b, a)
        score = w["tfidf"] * _dot(small.tsum, big.tsum) / (a.n * b.n)
        total = w["tfidf"]
        if a.esum and b.esum:
            es, eb = (a.esum, b.esum) if len(a.esum) <= len(b.esum) else (b.esum, a.esum)
            score += w["entity"] * _dot(es, eb) / (a.n * b.n)
            total += w["entity"]
        if a.vsum is not None and b.vsum is not None:
            floor = self.params.embed_floor
            cos = float(a.vsum @ b.vsum) / (a.n_emb * b.n_emb)
            score += w["embed"] * max(0.0, (cos - floor) / (1.0 - floor))
            total += w["embed"]
        score /= total
        if (
            a.years
            and b.years
            and self.params.year_conflict < 1.0
            and not (a.years.keys() & b.years.keys())
        ):
            score *= self.params.year_conflict
        if a.first_t is not None and b.first_t is not None:
            gap = max(0.0, a.first_t - (b.last_t or b.first_t), b.first_t - (a.last_t or a.first_t))
            if gap > self.params.grace_days:
                score *= math.exp(-(gap - self.params.grace_days) / self.params.tau_days)
        return score

    def _merge(self, into: _StoryState, other: _StoryState) -> None:
        """Fold ``other`` into ``into`` (two halves of one story found to belong together)."""
        into.n += other.n
        for k, v in other.tsum.items():
            into.tsum[k] = into.tsum.get(k, 0.0) + v
        for k, v in other.esum.items():
            into.esum[k] = into.esum.get(k, 0.0) + v
        if other.vsum is not None:
            into.vsum = other.vsum.copy() if into.vsum is None else into.vsum + other.vsum
            into.n_emb += other.n_emb
        for t in (other.first_t, other.last_t):
            if t is not None:
                into.first_t = t if into.first_t is None else min(into.first_t, t)
                into.last_t = t if into.last_t is None else max(into.last_t, t)
        into.years.update(other.years)
        for a in other.members:
            into.members.append(a)
            self.article_story[a] = into.id
        for k in other.keys:
            post = self.postings.get(k)
            if post is not None:
                post.discard(other.id)
                post.add(into.id)
        into.keys |= other.keys
        del self.stories[other.id]
        self.merged.append((other.id, into.id))

    def _join(self, s: _StoryState, f: _Features) -> None:
        s.n += 1
        for k, v in f.tvec.items():
            s.tsum[k] = s.tsum.get(k, 0.0) + v
        for k, v in f.evec.items():
            s.esum[k] = s.esum.get(k, 0.0) + v
        if f.emb is not None and f.english:
            s.vsum = f.emb.astype(np.float32).copy() if s.vsum is None else s.vsum + f.emb
            s.n_emb += 1
        if f.t is not None:
            s.first_t = f.t if s.first_t is None else min(s.first_t, f.t)
            s.last_t = f.t if s.last_t is None else max(s.last_t, f.t)
        s.years.update(f.years)
        s.members.append(f.article_id)
        self.article_story[f.article_id] = s.id
        for k in f.keys:
            if k not in s.keys:
                s.keys.add(k)
                self.postings.setdefault(k, set()).add(s.id)

    def _after_add(self, t: float | None) -> None:
        p = self.params
        if t is not None and (self.now is None or t > self.now):
            self.now = t
        while len(self.stories) > p.max_stories:
            self._evict(next(iter(self.stories)))
        self._adds += 1
        if self._adds % 512 == 0 and self.now is not None:
            horizon = self.now - p.window_days
            old = [
                sid
                for sid, s in self.stories.items()
                if s.last_t is not None and s.last_t < horizon
            ]
            for sid in old:
                self._evict(sid)

    def _evict(self, sid: str) -> None:
        s = self.stories.pop(sid)
        for k in s.keys:
            post = self.postings.get(k)
            if post is not None:
                post.discard(sid)
                if not post:
                    del self.postings[k]
        for a in s.members:
            self.article_story.pop(a, None)
        self.evicted += 1


def _embed_text(article: Article, p: StoryParams) -> str:
    head = article.title or ""
    if p.embed_words > 0:
        return (head + "\n" + " ".join(article.text.split()[: p.embed_words])).strip()
    return (head + "\n" + article.text[: p.opening_chars]).strip()


def _load_encoder(name: str = "static") -> Any:
    try:
        from crossread.encoder import get_encoder

        return get_encoder(name)
    except Exception:  # noqa: BLE001 - any failure: group without embeddings
        return None


# ---------------------------------------------------------------- batch API


@dataclass(frozen=True)
class Grouping:
    """The stories of one :func:`group` call, and the index to continue with."""

    stories: tuple[Story, ...]
    assignments: dict[str, str]  # article id -> story id
    state: StoryIndex = field(compare=False, repr=False)


def group(
    articles: Sequence[Article], options: object | None = None, state: StoryIndex | None = None
) -> Grouping:
    """Group ``articles`` into stories (online: each joins a story or starts one).

    Pass ``state`` (a previous ``Grouping.state``) to grow the same stories.
    ``Grouping.stories`` holds the stories that received articles in this call,
    largest first, each with the articles of this call.
    """
    index = state if state is not None else StoryIndex()
    ids = index.add_many(articles)
    assignments: dict[str, str] = {}
    members: dict[str, list[Article]] = {}
    for a, sid in zip(articles, ids, strict=True):
        if a.id in assignments:
            continue
        assignments[a.id] = sid
        members.setdefault(sid, []).append(a)
    stories = []
    for sid, arts in members.items():
        arts.sort(key=lambda a: (a.published or "", a.id))
        dates = sorted(a.published for a in arts if a.published)
        st = index.stories.get(sid)
        title = st.title if st is not None else _headline(arts[0])
        stories.append(
            Story(
                id=sid,
                articles=tuple(arts),
                title=title,
                first_seen=dates[0] if dates else None,
                last_seen=dates[-1] if dates else None,
            )
        )
    stories.sort(key=lambda s: (-len(s.articles), s.first_seen or "", s.id))
    return Grouping(tuple(stories), assignments, index)


Grouper = StoryIndex
