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
import heapq
import math
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from crossread.grouping.features import (
    Features,
    StoryParams,
    default_params,
    embed_text,
    features,
    headline,
    load_encoder,
    unit,
)
from crossread.grouping.state import StoryState
from crossread.model import Article, Story

__all__ = ["Grouper", "Grouping", "StoryIndex", "StoryParams", "default_params", "group"]

# ---------------------------------------------------------------- the index


def _story_id(article_id: str) -> str:
    return "s" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:10]


class StoryIndex:
    """The online grouper.  ``add(article) -> story_id``; ``add_many`` for batches.

    State is plain Python and numpy (:class:`crossread.grouping.state.StoryState`
    per active story, document frequencies); an index can be kept between calls
    (and between :func:`group` calls through ``Grouping.state``) to grow stories,
    and the store persists it between runs (``export``/``restore``).
    """

    def __init__(self, params: StoryParams | None = None, *, embed: bool = True) -> None:
        self.params = params or default_params()
        self.encoder, note = load_encoder(self.params.encoder) if embed else (None, None)
        self.notes: list[str] = [note] if note else []  # fallbacks decided (also logged)
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self.stories: OrderedDict[str, StoryState] = OrderedDict()  # least recently updated first
        self.postings: dict[str, set[str]] = {}
        self.article_story: dict[str, str] = {}
        self.now: float | None = None
        self.evicted = 0
        self.merged: list[tuple[str, str]] = []  # (old story id, the story it joined)
        self.changed: set[str] = set()  # stories whose state changed (the store saves them)
        self.store_version: int | None = None  # the saved state this continues (the store's)
        self._adds = 0
        self._grown: set[str] = set()  # stories that received articles since the last re-check
        self._since_recheck = 0  # articles added since the last re-check

    # -- public -----------------------------------------------------------
    def add(self, article: Article) -> str:
        """Put one article in a story (an existing one or a new one); returns the story id."""
        return self.add_many([article])[0]

    def add_many(self, articles: Sequence[Article]) -> list[str]:
        """Add a batch: document frequencies are counted over the whole batch first
        (so the IDF reflects the pile), then the articles join stories one by one,
        oldest first.  Returns the story id of each article, in input order."""
        out: list[str | None] = [None] * len(articles)
        feats: list[tuple[int, Features]] = []
        seen: dict[str, int] = {}
        for i, a in enumerate(articles):
            if a.id in self.article_story:
                out[i] = self.article_story[a.id]
                continue
            if a.id in seen:
                continue
            seen[a.id] = i
            feats.append((i, self._count(a)))
        self._embed([(articles[i], f) for i, f in feats])
        order = sorted(feats, key=lambda x: (x[1].t is None, x[1].t or 0.0, x[0]))
        for i, f in order:
            out[i] = self._assign(f, articles[i])
        if len(order) >= self.params.recheck_min_batch:
            self.recheck()
        for i, a in enumerate(articles):  # resolve merges made later in the batch
            out[i] = self.article_story.get(a.id, out[i])
        return [s for s in out if s is not None]

    def seed(self, articles: Sequence[Article], story_ids: Sequence[str]) -> None:
        """Restore known members (e.g. from the store) without grouping them again."""
        feats = [self._count(a) for a in articles]
        self._embed(list(zip(articles, feats, strict=True)))
        for a, f, sid in zip(articles, feats, story_ids, strict=True):
            if a.id in self.article_story:
                continue
            self.weigh(f)
            story = self.stories.get(sid)
            if story is None:
                story = self.stories[sid] = StoryState(sid, title=headline(a))
            else:
                self.stories.move_to_end(sid)
            self._join(story, f)
            self._after_add(f.t)

    def story_of(self, article_id: str) -> str | None:
        return self.article_story.get(article_id)

    def idf(self, term: str) -> float:
        return math.log((self.n_docs + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def weigh(self, f: Features) -> None:
        """Weight an article's terms and entities by the current IDF; choose its index keys."""
        p = self.params
        log, get, n1 = math.log, self.df.get, self.n_docs + 1

        def idf(term: str) -> float:  # = self.idf(term), without a method call per term
            return log(n1 / (get(term, 0) + 1)) + 1.0

        w = {t: tf * idf(t) for t, tf in f.terms.items()}
        if len(w) > p.max_terms:
            w = dict(sorted(w.items(), key=lambda kv: -kv[1])[: p.max_terms])
        f.tvec = unit(w)
        nw = p.number_weight
        f.evec = unit({e: idf(e) * (nw if e[0] == "n" else 1.0) for e in sorted(f.ents)})
        # ties broken by the key: entity sets iterate in a per-process hash order
        top_terms = sorted(f.tvec, key=lambda k: (-f.tvec[k], k))[: p.candidate_terms]
        top_ents = sorted(f.evec, key=lambda k: (-f.evec[k], k))[: p.candidate_terms]
        f.keys = tuple(top_terms) + tuple(top_ents)

    def recheck(self, story_ids: set[str] | None = None) -> list[tuple[str, str]]:
        """Merge fragments of one story: each story that received articles since the last
        re-check (or each of ``story_ids``) is compared with the active stories sharing its
        index keys by average link over all their members' word vectors
        (:meth:`StoryState.word_link`); the best pair is merged first, again while a pair
        reaches ``recheck.threshold``.  Runs after every batch of at least
        ``recheck.min_batch`` articles and every ``recheck.every`` articles of a stream.
        Stories a user kept apart are never merged; articles only ever join (nothing is
        regrouped).  Returns the merges made, (merged id, surviving id)."""
        p = self.params
        pool = self._grown if story_ids is None else story_ids
        self._grown, self._since_recheck = set(), 0
        thr = p.recheck_threshold
        if thr <= 0:
            return []
        heap: list[tuple[float, str, str]] = []
        seen: set[tuple[str, str]] = set()  # pairs scored before the first merge

        def push(s: StoryState, first: bool = False) -> None:
            for other in self._neighbours(s):
                a, b = sorted((s.id, other))
                if first:
                    if (a, b) in seen:
                        continue
                    seen.add((a, b))
                score = s.word_link(self.stories[other], p)
                if score >= thr:
                    heapq.heappush(heap, (-score, a, b))

        for sid in sorted(pool):
            if sid in self.stories:
                push(self.stories[sid], first=True)
        merges: list[tuple[str, str]] = []
        while heap:
            neg, a, b = heapq.heappop(heap)
            sa, sb = self.stories.get(a), self.stories.get(b)
            if sa is None or sb is None:
                continue  # one of them was merged already
            score = sa.word_link(sb, p)
            if score < -neg - 1e-12:  # one of them changed since: queue it at its new score
                if score >= thr:
                    heapq.heappush(heap, (-score, a, b))
                continue
            into, other = (sa, sb) if (sa.n, sb.id) >= (sb.n, sa.id) else (sb, sa)
            self._merge(into, other)
            merges.append((other.id, into.id))
            push(into)
        return merges

    def _neighbours(self, s: StoryState) -> list[str]:
        """Active stories sharing the story's strongest index keys (as many words and names
        as an article's), most shared weight first."""
        k = self.params.candidate_terms
        t, e = s.tsum.get, s.esum.get
        words = heapq.nsmallest(k, (x for x in s.keys if x in s.tsum), key=lambda x: (-t(x), x))
        names = heapq.nsmallest(k, (x for x in s.keys if x in s.esum), key=lambda x: (-e(x), x))
        return self._vote(words + names, s.tsum, s.esum, skip=s.id)

    # -- curation (the user's decisions; the grouper never undoes them) -----
    def rebuild(self, story_id: str, articles: Sequence[Article], title: str = "") -> None:
        """Replace a story's state by one made of exactly these articles (after a split,
        a move or a removal); no article is grouped, document frequencies do not change."""
        old = self.stories.get(story_id)
        apart = set(old.apart) if old is not None else set()
        self.forget(story_id)
        for a in list(articles):
            sid = self.article_story.get(a.id)
            if sid is not None and sid in self.stories:
                self.stories[sid].members = [m for m in self.stories[sid].members if m != a.id]
        if not articles:
            return
        feats = [features(a, self.params) for a in articles]
        self._embed(list(zip(articles, feats, strict=True)))
        story = self.stories[story_id] = StoryState(
            story_id, title=title or (old.title if old else "") or headline(articles[0])
        )
        story.apart = apart
        for f in feats:
            self.weigh(f)
            self._join(story, f)
            if f.t is not None and (self.now is None or f.t > self.now):
                self.now = f.t

    def forget(self, story_id: str) -> None:
        """Drop a story from the active set (deleted, or to be rebuilt)."""
        if story_id in self.stories:
            self._evict(story_id, count=False)
        self.changed.add(story_id)

    def keep_apart(self, a: str, b: str) -> None:
        """The user said stories ``a`` and ``b`` are different: they are never merged."""
        for x, y in ((a, b), (b, a)):
            s = self.stories.get(x)
            if s is not None:
                s.apart.add(y)
                self.changed.add(x)

    def merge_stories(self, into: str, other: str) -> None:
        """The user merged ``other`` into ``into`` (both must be active)."""
        a, b = self.stories.get(into), self.stories.get(other)
        if a is not None and b is not None and a is not b:
            a.apart.discard(other)
            b.apart.discard(into)
            self._merge(a, b)

    # -- persistence --------------------------------------------------------
    def export(self) -> tuple[dict[str, int], int, float | None]:
        """(document frequencies, number of documents, latest time): with the story
        states, everything needed to continue."""
        return dict(self.df), self.n_docs, self.now

    def restore(
        self,
        df: dict[str, int],
        n_docs: int,
        now: float | None,
        states: Sequence[StoryState],
    ) -> None:
        """Continue from an exported state (story states least recently updated first)."""
        self.df = Counter(df)
        self.n_docs = n_docs
        self.now = now
        self.restore_more(states)
        self.changed.clear()

    def restore_more(self, states: Sequence[StoryState]) -> None:
        """Bring saved stories (e.g. outside the active window) back into the index."""
        for s in states:
            if s.id in self.stories:
                continue
            self.stories[s.id] = s
            for a in s.members:
                self.article_story[a] = s.id
            for k in s.keys:
                self.postings.setdefault(k, set()).add(s.id)

    # -- internals ----------------------------------------------------------
    def _count(self, a: Article) -> Features:
        f = features(a, self.params)
        self.df.update(set(f.terms) | f.ents)
        self.n_docs += 1
        return f

    def _embed(self, pairs: Sequence[tuple[Article, Features]]) -> None:
        if self.encoder is None or not pairs:
            return
        vecs = self.encoder.encode([embed_text(a, self.params) for a, _ in pairs])
        for (_, f), v in zip(pairs, vecs, strict=True):
            f.emb = v

    def _candidates(self, f: Features) -> list[str]:
        """Active stories sharing the article's strongest terms or entities, best first."""
        return self._vote(f.keys, f.tvec, f.evec)

    def _vote(
        self,
        keys: Sequence[str],
        tvec: dict[str, float],
        evec: dict[str, float],
        skip: str | None = None,
    ) -> list[str]:
        """Active stories (but ``skip``) holding these index keys, best first: each key votes
        with its weight in ``tvec``/``evec``; keys most stories hold are passed over."""
        p = self.params
        votes: Counter[str] = Counter()
        for k in keys:
            post = self.postings.get(k)
            if not post or len(post) > p.max_posting:
                continue
            w = tvec.get(k, 0.0) + evec.get(k, 0.0)
            for sid in post:
                votes[sid] += w
        votes.pop(skip, None)
        # sorted, so that ties never depend on set order (string hashing varies per process)
        return sorted(votes, key=lambda sid: (-votes[sid], sid))[: p.max_candidates]

    def _assign(self, f: Features, article: Article) -> str:
        self.weigh(f)
        p = self.params
        best, best_score = None, p.threshold
        scored: list[tuple[float, str]] = []
        for sid in self._candidates(f):
            sc = self.stories[sid].score(f, p)
            scored.append((sc, sid))
            if sc > best_score or (sc == best_score and best is None):
                best, best_score = sid, sc
        if best is None:
            sid = _story_id(f.article_id)
            while sid in self.stories:
                sid = _story_id(sid + "'")
            story = StoryState(sid, title=headline(article))
            self.stories[sid] = story
        else:
            story = self.stories[best]
            self.stories.move_to_end(best)
        self._join(story, f)
        if p.recheck_threshold > 0:
            self._grown.add(story.id)
        if best is not None and p.merge_threshold > 0:
            for sc, other in sorted(scored, reverse=True):
                if other == best or sc < p.merge_min or other not in self.stories:
                    continue
                if story.pair_score(self.stories[other], p) >= p.merge_threshold:
                    self._merge(story, self.stories[other])
        self._after_add(f.t)
        return story.id

    def _merge(self, into: StoryState, other: StoryState) -> None:
        """Fold ``other`` into ``into`` (two halves of one story found to belong together)."""
        into.absorb_story(other)
        for a in other.members:
            self.article_story[a] = into.id
        for k in other.keys:
            post = self.postings.get(k)
            if post is not None:
                post.discard(other.id)
                post.add(into.id)
        for s in self.stories.values():  # "different from other" now means "from into"
            if other.id in s.apart:
                s.apart.discard(other.id)
                s.apart.add(into.id)
        del self.stories[other.id]
        self.merged.append((other.id, into.id))
        self.changed |= {into.id, other.id}

    def _join(self, s: StoryState, f: Features) -> None:
        for k in f.keys:
            if k not in s.keys:
                self.postings.setdefault(k, set()).add(s.id)
        s.absorb(f)
        self.article_story[f.article_id] = s.id
        self.changed.add(s.id)

    def _after_add(self, t: float | None) -> None:
        p = self.params
        if t is not None and (self.now is None or t > self.now):
            self.now = t
        while len(self.stories) > p.max_stories:
            self._evict(next(iter(self.stories)))
        self._adds += 1
        self._since_recheck += 1
        if self._since_recheck >= p.recheck_every:
            self.recheck()
        if self._adds % 512 == 0 and self.now is not None:
            horizon = self.now - p.window_days
            old = [
                sid
                for sid, s in self.stories.items()
                if s.last_t is not None and s.last_t < horizon
            ]
            for sid in old:
                self._evict(sid)

    def _evict(self, sid: str, count: bool = True) -> None:
        s = self.stories.pop(sid)
        for k in s.keys:
            post = self.postings.get(k)
            if post is not None:
                post.discard(sid)
                if not post:
                    del self.postings[k]
        for a in s.members:
            if self.article_story.get(a) == sid:
                del self.article_story[a]
        if count:
            self.evicted += 1


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
        title = st.title if st is not None else headline(arts[0])
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
