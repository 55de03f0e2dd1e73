"""The web app's view of the store: stories, articles, briefs, and adding articles.

Every store access goes through this module; the routes never touch SQLite.  A
story's brief (summary + cross-check) is computed when articles arrive, in a
background thread, and kept in the store (:mod:`crossread.server.briefs`), keyed
by a fingerprint of the story's exact set of articles: a story that changes is
recomputed, an unchanged one is read back, so the first view after a restart is
as fast as the second.  A small in-memory cache sits in front of the store.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crossread.model import Article
from crossread.server.briefs import BriefStore, StoredBrief, fingerprint
from crossread.server.config import ServeOptions

log = logging.getLogger("crossread.server")


@dataclass(frozen=True)
class StoryRow:
    id: str
    title: str
    size: int
    outlets: tuple[str, ...]
    first_seen: str | None
    last_seen: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "size": self.size,
            "outlets": list(self.outlets),
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
        }


def _row(info: Any) -> StoryRow:
    """A store's StoryInfo (or a Story) as a listing row."""
    articles = getattr(info, "articles", ())
    outlets = getattr(info, "outlets", None)
    if outlets is None:
        outlets = sorted({a.outlet for a in articles if a.outlet})
    size = getattr(info, "size", None)
    title = info.title or next((a.title for a in articles if a.title), "") or info.id
    return StoryRow(
        info.id,
        title,
        int(size if size is not None else len(articles)),
        tuple(outlets),
        info.first_seen,
        info.last_seen,
    )


@dataclass(frozen=True)
class Added:
    article: Article  # as sent
    story: str
    duplicate: bool  # already in the store (same id, URL or text): not added again; what the
    # stored copy lacked (date, URL, outlet, headline) was filled in from this one
    stored: Article | None = None  # for a duplicate: the stored copy (its id, filled-in details)

    @property
    def kept(self) -> Article:
        """The article as the store keeps it (a duplicate's stored copy)."""
        return self.stored or self.article


class Library:
    """Stories and articles of one SQLite store, with briefs cached in memory."""

    def __init__(self, db_path: str | Path | None, serve: ServeOptions) -> None:
        from crossread import store as store_mod

        self.serve = serve
        self.db_path = store_mod.resolve_path(db_path)
        self._cache: OrderedDict[tuple[str, str], StoredBrief] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._listing: tuple[int, list[StoryRow]] = (-1, [])
        self._pages: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._compute_locks: dict[str, threading.Lock] = {}
        # Summaries and checks run one at a time (their word lists and unit registry are
        # shared); adding articles (grouping and the store write) has its own lock, so a long
        # summary in the background never holds up an add (the encoder locks itself).
        self._pipeline_lock = threading.RLock()
        self._add_lock = threading.Lock()
        self._index: Any | None = None
        # one background thread computes briefs: first those of the stories this app changed
        # (priority 0), then the backfill (1): stories added or changed by the command line
        # or another process, found by polling the store while nothing else is queued
        self._queue: queue.PriorityQueue[tuple[int, int, str]] = queue.PriorityQueue()
        self._queued: set[str] = set()  # backfill entries waiting (not queued twice)
        self._seq = itertools.count()
        self._closed = threading.Event()
        self._worker: threading.Thread | None = None
        self._seen_revision: int | None = None
        self._last_request = 0.0  # time.monotonic() of the latest request (the backfill yields)
        with self._store():
            pass  # create the database (and check it) at start-up, not on the first request
        self._briefs = BriefStore(self.db_path)
        # (row, articles, brief) -> the story page's HTML; set by the app (routes_pages)
        self.page_renderer: Callable[[StoryRow, Sequence[Article], StoredBrief], str] | None = None
        self._salt = repr(serve.options)

    def close(self) -> None:
        self._closed.set()
        self._queue.put((-1, -1, ""))  # wakes the worker, which stops

    def start(self) -> None:
        """Start the background worker (the app's start-up). With ``serve.backfill`` it first
        queues the stories that have no current brief (e.g. added by `crossread stories`)."""
        if self._worker is None and (self.serve.warm_after_add or self.serve.backfill):
            self.touch()  # a first reader right after start-up goes before the backfill
            self._worker = threading.Thread(target=self._work, name="crossread-briefs", daemon=True)
            self._worker.start()

    @contextmanager
    def _store(self) -> Iterator[Any]:
        from crossread import store as store_mod

        with store_mod.open_store(self.db_path) as store:
            yield store

    # -- reading ------------------------------------------------------------
    def stories(
        self, query: str = "", limit: int = 50, offset: int = 0
    ) -> tuple[list[StoryRow], int]:
        """Stories, newest first, whose title or outlets contain every word of ``query``."""
        with self._store() as store:
            if query.strip():  # full-text search (FTS5), best match first
                rows = [_row(s) for s in store.search(query)]
                return rows[offset : offset + limit], len(rows)
            version = store.revision()  # changes with every write (adds and the user's edits)
            with self._cache_lock:
                listing = self._listing if self._listing[0] == version else None
            if listing is None:
                rows = [_row(s) for s in store.stories()]
                rows.sort(key=lambda r: (r.last_seen or r.first_seen or "", r.size, r.id))
                rows.reverse()
                with self._cache_lock:
                    self._listing = (version, rows)
            else:
                rows = listing[1]
        return rows[offset : offset + limit], len(rows)

    def story(self, story_id: str) -> tuple[StoryRow, list[Article]] | None:
        with self._store() as store:
            story = store.story(story_id)
        if story is None:
            return None
        return _row(story), list(story.articles)  # in source-number order

    def article(self, article_id: str) -> tuple[Article, str | None] | None:
        with self._store() as store:
            article = store.article(article_id)
            if article is None:
                return None
            return article, store.story_of_article(article)

    # -- briefs -------------------------------------------------------------
    def key(self, articles: Sequence[Article]) -> str:
        return fingerprint(articles, self._salt)

    def brief(self, story_id: str, articles: Sequence[Article]) -> StoredBrief:
        """The story's brief: from memory, else from the store, else computed (and stored)."""
        key = (story_id, self.key(articles))
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
            lock = self._compute_locks.setdefault(story_id, threading.Lock())
        with lock:  # one computation per story at a time; the others wait for it
            with self._cache_lock:
                hit = self._cache.get(key)
            if hit is None:
                hit = self._briefs.get(*key)
            if hit is None:
                with self._store() as store:
                    numbers = store.numbers(story_id)
                with self._pipeline_lock:
                    hit = _compute(story_id, articles, self.serve, numbers)
                self._briefs.put(*key, hit)
            with self._cache_lock:
                self._cache[key] = hit
                while len(self._cache) > self.serve.cache_size:
                    self._cache.popitem(last=False)
            return hit

    def has_brief(self, story_id: str, articles: Sequence[Article]) -> bool:
        key = (story_id, self.key(articles))
        with self._cache_lock:
            if key in self._cache:
                return True
        return self._briefs.get(*key) is not None

    def _page_key(
        self, story_id: str, row: StoryRow, articles: Sequence[Article]
    ) -> tuple[str, str]:
        import hashlib

        title = hashlib.sha256(row.title.encode()).hexdigest()[:12]
        return (f"story:{story_id}", f"{self.key(articles)}:{title}")

    def has_page(self, story_id: str, row: StoryRow, articles: Sequence[Article]) -> bool:
        """Is this story's page (for its current articles and title) kept in the store?"""
        return self._briefs.page(story_id, self._page_key(story_id, row, articles)[1]) is not None

    def page(self, story_id: str, row: StoryRow, articles: Sequence[Article]) -> str:
        """The story page: from memory, else as stored with the brief, else rendered now (and
        stored). Keyed by the brief's fingerprint and the title (a rename changes the page)."""
        key = self._page_key(story_id, row, articles)
        with self._cache_lock:
            hit = self._pages.get(key)
        if hit is None:
            hit = self._briefs.page(story_id, key[1])
        if hit is None:
            if self.page_renderer is None:
                raise RuntimeError("no page renderer set")
            hit = self.page_renderer(row, articles, self.brief(story_id, articles))
            self._briefs.put_page(story_id, key[1], hit)
        with self._cache_lock:
            self._pages[key] = hit
            while len(self._pages) > self.serve.cache_size:
                self._pages.popitem(last=False)
        return hit

    def warm(self, story_ids: Sequence[str]) -> None:
        """Compute these stories' briefs in the background, before any backfill."""
        for story_id in dict.fromkeys(story_ids):
            self._queue.put((0, next(self._seq), story_id))
        self.start()

    def backfill(self) -> list[str]:
        """Queue the stories whose brief is missing or older than their last change (at most
        ``serve.backfill``, newest first) behind whatever is queued; returns them."""
        stale = [s for s in self._briefs.stale(self.serve.backfill) if s not in self._queued]
        for story_id in stale:
            self._queued.add(story_id)
            self._queue.put((1, next(self._seq), story_id))
        if stale:
            log.info("computing the briefs of %d stories in the background", len(stale))
        return stale

    def touch(self) -> None:
        """A reader is here (every request): the backfill waits for a quiet moment."""
        self._last_request = time.monotonic()

    def _busy(self) -> bool:
        return time.monotonic() - self._last_request < self.serve.backfill_quiet

    def _work(self) -> None:
        self._poll()  # at start-up: what the store holds without a brief
        while not self._closed.is_set():
            try:
                item = self._queue.get(timeout=self.serve.backfill_poll)
            except queue.Empty:
                self._poll()
                continue
            if self._closed.is_set():
                return
            priority, _, story_id = item
            if priority == 1 and self._busy():  # readers first: the backfill waits for quiet
                self._queue.put(item)  # behind what the app itself changed meanwhile
                self._closed.wait(0.05)
                continue
            self._queued.discard(story_id)
            self._warm_one(story_id)

    def _poll(self) -> None:
        """While idle: when the store changed since the last look, queue its stale stories."""
        if not self.serve.backfill:
            return
        try:
            with self._store() as store:
                revision = store.revision()
            if revision != self._seen_revision:
                self._seen_revision = revision
                self.backfill()
        except Exception:  # logged; the next poll tries again (a view computes on demand)
            log.exception("looking for stories without a brief failed")

    def _warm_one(self, story_id: str) -> None:
        try:
            found = self.story(story_id)
            if found is not None:
                self.brief(story_id, found[1])
                if self.page_renderer is not None:  # and its page, so a first view only reads
                    self.page(story_id, *found)
        except Exception:  # warming is best effort: the page computes on demand
            log.exception("computing the brief of story %s in the background failed", story_id)

    # -- writing ------------------------------------------------------------
    def curate(self, change: Callable[[Any, Any], Any]) -> Any:
        """Apply a user's change, ``change(store, index)`` (e.g. ``store.merge_stories(ids,
        index)``), with the grouping state this app keeps; returns what it returns."""
        with self._add_lock, self._store() as store:
            if self._index is None:
                self._index = store.index()
            before = {i.id: i.size for i in store.stories()}
            result = change(store, self._index)
            after = {i.id: i.size for i in store.stories()}
        if self.serve.warm_after_add:  # the changed stories' briefs and pages, in the background
            self.warm([sid for sid, size in after.items() if before.get(sid) != size])
        return result

    def add(
        self, articles: Sequence[Article], on_error: Callable[[str], None] | None = None
    ) -> list[Added]:
        """Store the articles; each joins a story (or starts one). Duplicates change nothing;
        a different text under a taken id is stored under a distinct id (reported)."""
        if not articles:
            return []
        from crossread.ingest.identity import text_hash

        kept = list(articles)  # the store keeps Article.removed itself
        out: list[Added] = []
        with self._add_lock, self._store() as store:
            if self._index is None:  # the grouping state, rebuilt from the store once
                self._index = store.index()
            result = store.add_articles(kept, index=self._index, on_error=on_error)
            stored = {text_hash(a.text): a for a in result.stored}
            for article in kept:
                new = stored.pop(text_hash(article.text), None)
                story = result.story_of.get(new.id) if new is not None else None
                if story is None:
                    story = store.story_of_article(article)
                if story is not None:
                    copy = store.stored_copy(article) if new is None else None
                    out.append(Added(new or article, story, new is None, copy))
        if self.serve.warm_after_add:
            self.warm([a.story for a in out if not a.duplicate])
        return out


def _compute(
    story_id: str,
    articles: Sequence[Article],
    serve: ServeOptions,
    numbers: dict[str, int] | None = None,
) -> StoredBrief:
    """Summary and cross-check of a story; sources keep the store's numbers ([n] never moves)."""
    from dataclasses import replace

    from crossread import api
    from crossread.present.sections import brief_view
    from crossread.present.view import brief_to_dict

    brief = api.summarize(list(articles), serve.options)
    title = next((a.title for a in articles if a.title), "")
    brief = replace(brief, story_id=story_id, title=brief.title or title)
    return StoredBrief(brief_to_dict(brief, numbers), brief_view(brief, numbers))
