"""Grouping at scale: group within time windows (in parallel), then link neighbouring windows.

Online grouping is sequential, so a batch cuts its articles into windows:
dated articles by ``window_days`` of publication time, undated ones into
hash chunks of about ``undated_chunk`` articles.  Each window is grouped by
the very same online grouper as the single-process path
(:class:`crossread.grouping.index.StoryIndex`), independently, so windows run in
parallel.  :class:`Linker` then walks the windows (undated chunks first, then
dated windows in time order) and joins a window's story to an undated story
or to a story of the previous ``link_days`` when their average
link (the grouper's own score, applied story to story) reaches the grouper's
threshold.  Every function here is pure and runs unchanged in a process pool
or on Ray.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from crossread.batch.config import BatchConfig
from crossread.grouping.features import Features, StoryParams, default_params
from crossread.grouping.features import days as _days
from crossread.grouping.index import StoryIndex
from crossread.grouping.state import StoryState
from crossread.model import Article

WindowKey = str  # "d:<n>" (dated, n = floor(days / window_days)) or "u:<n>" (undated chunk)


@dataclass
class WindowStory:
    """One story found inside one window."""

    window: WindowKey
    local_id: str
    article_ids: tuple[str, ...]
    # the grouper's own state of the story (id "<window>/<local id>", sums cut to the strongest
    # ``max_link_terms``, no members); None when the grouper dropped it (then it is never linked)
    state: StoryState | None
    error: str = ""  # set when grouping this window failed (its articles became singletons)

    @property
    def key(self) -> str:
        return f"{self.window}/{self.local_id}"


# ---------------------------------------------------------------- windows


def _bucket(article_id: str, n: int) -> int:
    return int.from_bytes(hashlib.sha1(article_id.encode("utf-8")).digest()[:8], "big") % n


def window_key(
    article_id: str, published: str | None, config: BatchConfig, undated_buckets: int
) -> WindowKey:
    """The window of an article with this id and date (deterministic on every engine)."""
    t = _days(published)
    if t is None:
        return f"u:{_bucket(article_id, max(1, undated_buckets))}"
    return f"d:{math.floor(t / config.window_days)}"


def window_of(article: Article, config: BatchConfig, undated_buckets: int) -> WindowKey:
    return window_key(article.id, article.published, config, undated_buckets)


def undated_buckets(n_undated: int, config: BatchConfig) -> int:
    return max(1, math.ceil(n_undated / config.undated_chunk))


def window_order(key: WindowKey) -> tuple[int, int]:
    """Undated chunks first (their stories stay linkable all along), then time order."""
    kind, _, n = key.partition(":")
    return (0 if kind == "u" else 1, int(n))


def split_windows(
    articles: Iterable[Article], config: BatchConfig
) -> dict[WindowKey, list[Article]]:
    """Articles by window (in-memory version for the local engine and tests)."""
    articles = list(articles)
    n_undated = sum(1 for a in articles if _days(a.published) is None)
    buckets = undated_buckets(n_undated, config)
    out: dict[WindowKey, list[Article]] = {}
    for a in articles:
        out.setdefault(window_of(a, config, buckets), []).append(a)
    return out


# ---------------------------------------------------------------- one window


class _KeepingIndex(StoryIndex):
    """The grouper, keeping the state of stories it evicts (a batch links them later)."""

    def __init__(self, params: StoryParams | None = None) -> None:
        super().__init__(params)
        self.retired: list[StoryState] = []

    def _evict(self, sid: str, count: bool = True) -> None:
        self.retired.append(self.stories[sid])
        super()._evict(sid, count)


def _top(d: dict[str, float], k: int) -> dict[str, float]:
    if len(d) <= k:
        return dict(d)
    return dict(sorted(d.items(), key=lambda kv: -abs(kv[1]))[:k])


def group_window(
    window: WindowKey,
    articles: Sequence[Article],
    config: BatchConfig,
    params: StoryParams | None = None,
) -> list[WindowStory]:
    """Group one window's articles with the online grouper.

    The grouper takes them oldest first, ties in the given order: pass them in
    input order (engines sort by their input sequence number) for a result
    that does not depend on the engine.
    """
    ordered = list(articles)
    try:
        return _group_window(window, ordered, config, params)
    except Exception as exc:  # one bad window never loses the batch: singletons, reported
        error = f"window {window}: grouping failed ({type(exc).__name__}: {exc}); "
        error += f"its {len(ordered)} articles stay ungrouped"
        return [
            WindowStory(window, f"x{i}-{a.id}", (a.id,), None, error if i == 0 else "")
            for i, a in enumerate(ordered)
        ]


def _group_window(
    window: WindowKey,
    ordered: list[Article],
    config: BatchConfig,
    params: StoryParams | None,
) -> list[WindowStory]:
    index = _KeepingIndex(params)
    ids = index.add_many(ordered)
    members: dict[str, list[str]] = {}
    for a, sid in zip(ordered, ids, strict=True):
        if a.id not in members.get(sid, ()):
            members.setdefault(sid, []).append(a.id)
    states = {s.id: s for s in index.retired}
    states.update(index.stories)
    out = []
    for sid, arts in members.items():
        s = states.get(sid)
        state = None
        if s is not None:
            state = StoryState(
                id=f"{window}/{sid}",
                n=s.n,
                tsum=_top(s.tsum, config.max_link_terms),
                esum=_top(s.esum, config.max_link_terms),
                vsum=None if s.vsum is None else np.asarray(s.vsum, dtype=np.float32),
                n_emb=s.n_emb,
                first_t=s.first_t,
                last_t=s.last_t,
                keys=set(s.keys),
                title=s.title,
                years=s.years.copy(),
            )
        out.append(WindowStory(window, sid, tuple(arts), state))
    return out


# ---------------------------------------------------------------- linking


@dataclass
class _Group:
    id: str
    state: StoryState
    window_t: float | None  # start (days) of the latest dated window it got a story from
    parts: list[str] = field(default_factory=list)


class Linker:
    """Joins window stories into global stories, window by window, in time order."""

    def __init__(self, config: BatchConfig, params: StoryParams | None = None) -> None:
        self.config = config
        self.params = params or default_params()
        self.groups: dict[str, _Group] = {}
        self.postings: dict[str, set[str]] = {}
        self.group_of: dict[str, str] = {}  # window-story key -> global story id

    def add_window(self, window: WindowKey, stories: Sequence[WindowStory]) -> None:
        kind, _, n = window.partition(":")
        window_t = int(n) * self.config.window_days if kind == "d" else None
        if window_t is not None:
            self._expire(window_t - self.config.link_days)
        decisions = [(ws, self._best(ws)) for ws in stories]
        for ws, gid in decisions:  # decide against earlier windows only, then join
            if gid is None:
                gid = ws.local_id
                while gid in self.groups:
                    gid += "'"
                self.groups[gid] = _Group(gid, StoryState(gid), window_t)
            group = self.groups[gid]
            if ws.state is not None:
                self._join(group, ws.state)
            if window_t is not None:
                group.window_t = max(group.window_t or window_t, window_t)
            group.parts.append(ws.key)
            self.group_of[ws.key] = gid

    def _best(self, ws: WindowStory) -> str | None:
        q = ws.state
        if q is None or q.n == 0:
            return None
        cands: set[str] = set()
        for k in q.keys:
            cands.update(self.postings.get(k, ()))
        best, best_score = None, self.params.threshold
        for gid in sorted(cands):
            g = self.groups[gid].state
            if g.n == 0:
                continue
            score = g.score(_query(q, g), self.params)
            if score >= best_score:
                best, best_score = gid, score
        return best

    def _join(self, group: _Group, q: StoryState) -> None:
        s = group.state
        new_keys = q.keys - s.keys
        s.absorb_story(q)
        s.members.clear()  # linking needs only the sums
        limit = 4 * self.config.max_link_terms
        if len(s.tsum) > limit:
            s.tsum = _top(s.tsum, self.config.max_link_terms)
        if len(s.esum) > limit:
            s.esum = _top(s.esum, self.config.max_link_terms)
        if not s.title:
            s.title = q.title
        for k in new_keys:
            self.postings.setdefault(k, set()).add(group.id)

    def _expire(self, horizon: float) -> None:
        """Dated stories not seen since ``horizon`` leave the active set."""
        for gid in [
            g.id for g in self.groups.values() if g.window_t is not None and g.window_t < horizon
        ]:
            g = self.groups.pop(gid)
            for k in g.state.keys:
                post = self.postings.get(k)
                if post is not None:
                    post.discard(gid)
                    if not post:
                        del self.postings[k]


def _query(q: StoryState, g: StoryState) -> Features:
    """A window story as the grouper's query: mean vectors give average link to ``g``."""
    f = q.mean_vector()
    t = q.first_t
    if t is not None and g.first_t is not None and g.last_t is not None:
        if q.last_t is not None and q.last_t < g.first_t:
            t = q.last_t
        elif t <= g.last_t:
            t = min(max(t, g.first_t), g.last_t)
    f.t = t
    return f


def link(
    windows: Iterable[tuple[WindowKey, Sequence[WindowStory]]],
    config: BatchConfig,
    params: StoryParams | None = None,
) -> dict[str, str]:
    """Window-story key -> global story id, linking windows in time order."""
    linker = Linker(config, params)
    for window, stories in sorted(windows, key=lambda w: window_order(w[0])):
        linker.add_window(window, sorted(stories, key=lambda s: s.local_id))
    return linker.group_of


def group_articles(
    articles: Sequence[Article],
    config: BatchConfig,
    map_fn: Callable[..., Iterable[list[WindowStory]]] = map,
    params: StoryParams | None = None,
    on_error: Callable[[str], None] | None = None,
) -> dict[str, list[Article]]:
    """The whole windowed grouping over in-memory articles: global story id -> articles.

    ``map_fn`` runs :func:`group_window` over the windows (``map`` or a pool's map);
    a window that cannot be grouped is reported through ``on_error``.
    """
    by_window = split_windows(articles, config)
    keys = sorted(by_window, key=window_order)
    results = map_fn(
        group_window,
        keys,
        [by_window[k] for k in keys],
        [config] * len(keys),
        [params] * len(keys),
    )
    found = list(zip(keys, results, strict=True))
    for _, window_stories in found:
        for ws in window_stories:
            if ws.error and on_error is not None:
                on_error(ws.error)
    mapping = link(found, config, params)
    by_id = {a.id: a for a in articles}
    stories: dict[str, list[Article]] = {}
    for _, window_stories in found:
        for ws in window_stories:
            stories.setdefault(mapping[ws.key], []).extend(by_id[i] for i in ws.article_ids)
    return stories
