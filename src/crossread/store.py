"""The SQLite store: articles, stories, the grouping state, the user's curation, search.

- default file under ``platformdirs.user_data_dir("crossread")``; ``--db`` chooses another;
- adding the same article twice (same URL or same text) adds nothing, but fills in what the
  stored copy lacked (date, URL, outlet, headline); identity is content and source, never
  the id: a different text under an id already taken is stored under a distinct id
  (``id-<hash>``, reported), never dropped;
- every article is checked on the way in (``ingest.validate.checked``): a field of the
  wrong type or an impossible date is coerced or dropped with a message, never an abort;
- the grouping state (:class:`crossread.grouping.state.StoryState` of the active stories and
  the document frequencies) is saved with every batch, so a new run continues from it
  instead of re-reading stored text;
- every article has a source number in its story (``n``), given on arrival and never
  changed when articles are added;
- the user's decisions (merge, split, move, rename, remove) are rows here and the
  grouper respects them (stories split apart are never merged again, a user's title is
  kept);
- full-text search (SQLite FTS5, accents and case folded) over headlines, outlets and text;
- writes go in transactions of ``batch_size`` articles (WAL journal): a process killed
  in the middle leaves a consistent database holding every committed batch;
- the schema is versioned (``PRAGMA user_version``) and migrated on open.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from crossread.errors import CrossreadError, NotFound
from crossread.ingest.identity import distinct_id, text_hash
from crossread.model import Article, Story

# Each migration takes the schema from version i to i + 1. Never edit a released one:
# append a new one instead.
MIGRATIONS: list[tuple[str, ...]] = [
    (  # 1: articles and stories
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            url TEXT UNIQUE,
            text_hash TEXT NOT NULL UNIQUE,
            title TEXT, outlet TEXT, published TEXT, source TEXT, language TEXT,
            text TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '[]',
            story_id TEXT,
            added_at REAL NOT NULL)""",
        "CREATE INDEX articles_story ON articles(story_id)",
        """CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            first_seen TEXT, last_seen TEXT,
            size INTEGER NOT NULL DEFAULT 0,
            updated_at REAL NOT NULL)""",
    ),
    (  # 2: sentences and vectors
        """CREATE TABLE sentences (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, paragraph INTEGER NOT NULL,
            start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,
            PRIMARY KEY (article_id, idx))""",
        """CREATE TABLE vectors (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            kind TEXT NOT NULL, dim INTEGER NOT NULL, data BLOB NOT NULL,
            PRIMARY KEY (article_id, kind))""",
    ),
    (  # 3: Article.removed (the cleaner's dropped lines), as a JSON list; rows written by the
        # web app before this kept them in meta under "crossread.removed": move them over
        "ALTER TABLE articles ADD COLUMN removed TEXT NOT NULL DEFAULT '[]'",
        """UPDATE articles SET
            removed = (SELECT json_extract(m.value, '$[1]') FROM json_each(articles.meta) m
                       WHERE json_extract(m.value, '$[0]') = 'crossread.removed' LIMIT 1),
            meta = (SELECT json_group_array(json(m.value)) FROM json_each(articles.meta) m
                    WHERE json_extract(m.value, '$[0]') IS NOT 'crossread.removed')
          WHERE json_valid(meta) AND EXISTS (
            SELECT 1 FROM json_each(articles.meta) m
            WHERE json_extract(m.value, '$[0]') = 'crossread.removed'
              AND json_valid(json_extract(m.value, '$[1]')))""",
    ),
    (  # 4: the grouping state replaces re-reading text; sentences/vectors were never read;
        # source numbers; user titles; full-text search
        "DROP TABLE IF EXISTS sentences",
        "DROP TABLE IF EXISTS vectors",
        """CREATE TABLE story_state (
            story_id TEXT PRIMARY KEY, head TEXT NOT NULL,
            tkeys TEXT NOT NULL, tvals BLOB NOT NULL, ekeys TEXT NOT NULL, evals BLOB NOT NULL,
            vsum BLOB, last_t REAL, updated_at REAL NOT NULL)""",
        "CREATE TABLE grouping (key TEXT PRIMARY KEY, value BLOB)",
        "ALTER TABLE articles ADD COLUMN n INTEGER",
        """UPDATE articles SET n = (SELECT COUNT(*) FROM articles b
             WHERE b.story_id = articles.story_id
               AND (COALESCE(b.published, ''), b.id) <= (COALESCE(articles.published, ''), articles.id))
           WHERE story_id IS NOT NULL""",
        "ALTER TABLE stories ADD COLUMN title_by_user INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE stories ADD COLUMN title_size INTEGER NOT NULL DEFAULT 0",
        """CREATE VIRTUAL TABLE search USING fts5(
            title, outlet, text, tokenize = 'unicode61 remove_diacritics 2')""",
        """INSERT INTO search (rowid, title, outlet, text)
           SELECT rowid, COALESCE(title, ''), COALESCE(outlet, ''), text FROM articles""",
        """CREATE VIRTUAL TABLE story_search USING fts5(
            story_id UNINDEXED, title, tokenize = 'unicode61 remove_diacritics 2')""",
        "INSERT INTO story_search (story_id, title) SELECT id, title FROM stories",
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)
_log = logging.getLogger("crossread.store")


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("crossread")) / "crossread.db"


def resolve_path(path: str | Path | None) -> Path:
    return Path(path).expanduser() if path else default_path()


_LOCK_TRIES = 10  # x the 30 s busy timeout of the connection


def _ignore(_: str) -> None:
    return None


@dataclass
class AddResult:
    added: int = 0
    duplicates: int = 0
    filled: int = 0  # duplicates that filled in a stored copy's missing date, URL, outlet or title
    story_of: dict[str, str] = field(default_factory=dict)  # new article id -> story id
    stored: list[Article] = field(default_factory=list)  # the new articles, as stored
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (id given, id stored)


@dataclass(frozen=True)
class StoryInfo:
    id: str
    title: str
    size: int
    first_seen: str | None
    last_seen: str | None
    outlets: tuple[str, ...] = ()


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL once. The switch needs the file to itself and SQLite does not wait
    for it (no busy handler), so a second process opening a new store at the same moment
    retries for as long as a write waits, instead of failing with "database is locked"."""
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        return
    deadline = time.monotonic() + 30
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema to ``target``; returns the version found before."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise CrossreadError(
            f"the database has schema version {found}; this crossread knows up to "
            f"{SCHEMA_VERSION} (upgrade crossread)"
        )
    if found >= target:
        return found
    # One migrator at a time: take the write lock, then read the version again, since another
    # process may have migrated while this one waited (the connection is in autocommit mode,
    # so the transaction is explicit and every migration is all or nothing).
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        for version in range(found, target):
            for sql in MIGRATIONS[version]:
                conn.execute(sql)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return found


class Store:
    """One SQLite file. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = resolve_path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or exc
            raise CrossreadError(f"{self.path}: cannot create its folder ({reason})") from None
        try:
            self.conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
            _use_wal(self.conn)
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            raise CrossreadError(f"{self.path}: cannot open the store ({exc})") from None
        except OSError as exc:
            raise CrossreadError(
                f"{self.path}: cannot open the store ({exc.strerror or exc})"
            ) from None

    # -- context manager -----------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- writing -------------------------------------------------------------
    def add_articles(
        self,
        articles: Iterable[Article],
        *,
        index: Any | None = None,
        batch_size: int = 500,
        on_batch: Callable[[int], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> AddResult:
        """Add articles in transactions of ``batch_size``; duplicates (same URL or text)
        are not added but fill in what the stored copy lacked. A different text whose id is
        taken is stored under a distinct id (``id-<hash>``: ``on_error`` and
        ``result.renamed`` say so). With ``index`` (a ``crossread.grouping.index.StoryIndex``,
        from :meth:`index`) the new articles of each batch join stories, and the grouping
        state is saved in the same transaction."""
        from crossread.ingest.validate import checked

        report = on_error or _ignore
        result = AddResult()
        valid = (a for a in (checked(x, report) for x in articles) if a is not None)
        for batch in batches(valid, batch_size):
            self._add_batch(batch, index, result, report)
            if on_batch is not None:
                on_batch(result.added)
        return result

    def _new(
        self, batch: Sequence[Article], report: Callable[[str], None], result: AddResult
    ) -> tuple[list[tuple[Article, str]], list[Article]]:
        """(new articles with their text hash, duplicates). Identity is the text and the URL;
        a new article whose id is taken (stored, or earlier in the batch) gets a distinct id."""
        out: list[tuple[Article, str]] = []
        dups: list[Article] = []
        seen_ids: set[str] = set()
        seen_urls: set[str] = set()
        seen_hashes: set[str] = set()
        for a in batch:
            h = text_hash(a.text)
            if h in seen_hashes or (a.url and a.url in seen_urls) or self._known(h, a.url):
                dups.append(a)
                continue
            art_id = self._free_id(a, seen_ids)
            if art_id != a.id:
                report(
                    f"{a.source or a.id}: id {a.id!r} is taken by a different article;"
                    f" stored as {art_id!r}"
                )
                result.renamed.append((a.id, art_id))
                a = replace(a, id=art_id)
            out.append((a, h))
            seen_ids.add(a.id)
            seen_hashes.add(h)
            if a.url:
                seen_urls.add(a.url)
        return out, dups

    def _free_id(self, a: Article, taken: set[str]) -> str:
        """``a.id``, or a distinct id when a different stored (or batch) article has it."""
        candidate, k = a.id, 1
        while (
            candidate in taken
            or self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone()
        ):
            candidate = distinct_id(a.id, a.text) + ("" if k == 1 else f"-{k}")
            k += 1
        return candidate

    def _known(self, h: str, url: str | None) -> str | None:
        """The stored id of an article with this text hash or URL (indexed lookups)."""
        q = self.conn.execute
        row = q("SELECT id FROM articles WHERE text_hash = ?", (h,)).fetchone()
        if row is None and url:
            row = q("SELECT id FROM articles WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def _fill_in(self, dups: Sequence[Article], now: float) -> list[str]:
        """Give stored copies what a duplicate knows and they lack; the stories touched."""
        touched: list[str] = []
        for a in dups:
            found = self._known(text_hash(a.text), a.url)
            if found is None:
                continue
            row = self.conn.execute(
                "SELECT published, url, outlet, title, story_id FROM articles WHERE id = ?",
                (found,),
            ).fetchone()
            changes = {}
            for col, old, new in zip(
                ("published", "url", "outlet", "title"),
                row[:4],
                (a.published, a.url, a.outlet, a.title),
                strict=True,
            ):
                if old is None and new:
                    changes[col] = new
            if (
                "url" in changes
                and self.conn.execute(
                    "SELECT 1 FROM articles WHERE url = ?", (changes["url"],)
                ).fetchone()
            ):
                del changes["url"]  # another stored article has that address
            if not changes:
                continue
            sets = ", ".join(f"{c} = ?" for c in changes)
            self.conn.execute(
                f"UPDATE articles SET {sets} WHERE id = ?", (*changes.values(), found)
            )
            self._index_text(found)
            if row[4]:
                touched.append(row[4])
        return touched

    def _add_batch(
        self,
        batch: Sequence[Article],
        index: Any | None,
        result: AddResult,
        report: Callable[[str], None],
    ) -> None:
        conn = self.conn
        self._begin()
        try:
            if index is not None:
                self._sync(index)
            new, dups = self._new(batch, report, result)
            now = time.time()
            filled = self._fill_in(dups, now)
            arts = [a for a, _ in new]
            story_ids = index.add_many(arts) if index is not None and arts else [None] * len(arts)
            conn.executemany(
                "INSERT INTO articles (id, url, text_hash, title, outlet, published, source,"
                " language, text, meta, removed, story_id, added_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        a.id, a.url, h, a.title, a.outlet, a.published, a.source, a.language,
                        a.text, json.dumps(list(a.meta)),
                        json.dumps(list(a.removed), ensure_ascii=False), sid, now,
                    )
                    for (a, h), sid in zip(new, story_ids, strict=True)
                ],
            )  # fmt: skip
            for a in arts:
                self._index_text(a.id)
            touched = {sid for sid in story_ids if sid is not None} | set(filled)
            for old, into in getattr(index, "merged", ()):
                self._keep_user_title(old, into)
                self._move_all(old, into)
                touched.discard(old)
                touched.add(into)
            touched = {_final(index, sid) for sid in touched}
            for a, sid in zip(arts, story_ids, strict=True):  # numbers in arrival order
                if sid is not None:
                    self._number(a.id, _final(index, sid))
            for sid in sorted(touched):
                self._refresh_story(sid, index, now)
            if index is not None:
                self._save_state(index, now)
            else:
                self._bump()
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            if index is not None:
                index.store_version = None  # what it holds was not saved: reload next time
            raise
        if index is not None:
            index.merged.clear()
        result.added += len(new)
        result.duplicates += len(dups)
        result.filled += len(filled)
        result.stored.extend(arts)
        for a, sid in zip(arts, story_ids, strict=True):
            if sid is not None:
                result.story_of[a.id] = _final(index, sid)

    def _number(self, article_id: str, story_id: str) -> None:
        """The article's source number in its story: the next one (never reused on adding)."""
        self.conn.execute(
            "UPDATE articles SET n = (SELECT COALESCE(MAX(n), 0) + 1 FROM articles"
            " WHERE story_id = ?), story_id = ? WHERE id = ?",
            (story_id, story_id, article_id),
        )

    def _keep_user_title(self, old: str, into: str) -> None:
        """A user's title survives the grouper folding its story into another."""
        row = self.conn.execute(
            "SELECT title FROM stories WHERE id = ? AND title_by_user = 1", (old,)
        ).fetchone()
        if (
            row
            and not self.conn.execute(
                "SELECT 1 FROM stories WHERE id = ? AND title_by_user = 1", (into,)
            ).fetchone()
        ):
            self.conn.execute(  # ``into`` may be new in this batch, with no row yet
                "INSERT INTO stories (id, title, updated_at, title_by_user) VALUES (?, ?, 0, 1)"
                " ON CONFLICT(id) DO UPDATE SET title = excluded.title, title_by_user = 1",
                (into, row[0]),
            )

    def _move_all(self, old: str, into: str) -> None:
        """Every article of ``old`` joins ``into``, numbered after its own, order kept."""
        top = self.conn.execute(
            "SELECT COALESCE(MAX(n), 0) FROM articles WHERE story_id = ?", (into,)
        ).fetchone()[0]
        self.conn.execute(
            "UPDATE articles SET story_id = ?, n = COALESCE(n, 0) + ? WHERE story_id = ?",
            (into, top, old),
        )
        self._drop_story_row(old)

    def _drop_story_row(self, sid: str) -> None:
        self.conn.execute("DELETE FROM stories WHERE id = ?", (sid,))
        self.conn.execute("DELETE FROM story_search WHERE story_id = ?", (sid,))
        self.conn.execute("DELETE FROM story_state WHERE story_id = ?", (sid,))

    def _index_text(self, article_id: str) -> None:
        conn = self.conn
        conn.execute(
            "DELETE FROM search WHERE rowid = (SELECT rowid FROM articles WHERE id = ?)",
            (article_id,),
        )
        conn.execute(
            "INSERT INTO search (rowid, title, outlet, text) SELECT rowid, COALESCE(title, ''),"
            " COALESCE(outlet, ''), text FROM articles WHERE id = ?",
            (article_id,),
        )

    def _refresh_story(self, sid: str, index: Any | None, now: float) -> None:
        size, first, last = self.conn.execute(
            "SELECT COUNT(*), MIN(published), MAX(published) FROM articles WHERE story_id = ?",
            (sid,),
        ).fetchone()
        if size == 0:
            self._drop_story_row(sid)
            if index is not None:
                index.forget(sid)
            return
        old = self.conn.execute(
            "SELECT title, title_by_user, title_size FROM stories WHERE id = ?", (sid,)
        ).fetchone()
        state = index.stories.get(sid) if index is not None else None
        title, by_user, title_size = old if old else ("", 0, 0)
        if not by_user and (not title or size >= 2 * max(1, title_size)):
            # chosen once, then again only when the story has doubled (its centre may have moved)
            title, title_size = self._representative_title(sid, state), size
        if state is not None:
            state.title = title
        self.conn.execute(
            "INSERT INTO stories (id, title, first_seen, last_seen, size, updated_at,"
            " title_by_user, title_size) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
            " title = excluded.title, first_seen = excluded.first_seen,"
            " last_seen = excluded.last_seen, size = excluded.size,"
            " updated_at = excluded.updated_at, title_by_user = excluded.title_by_user,"
            " title_size = excluded.title_size",
            (sid, title, first, last, size, now, by_user, title_size),
        )
        self.conn.execute("DELETE FROM story_search WHERE story_id = ?", (sid,))
        self.conn.execute("INSERT INTO story_search (story_id, title) VALUES (?, ?)", (sid, title))

    def _representative_title(self, sid: str, state: Any | None) -> str:
        from crossread.grouping.state import representative

        rows = self.conn.execute(
            "SELECT title, text FROM articles WHERE story_id = ? ORDER BY n, id", (sid,)
        ).fetchall()
        return representative([(t, x) for t, x in rows], state)

    def _save_state(self, index: Any, now: float) -> None:
        """Write the stories whose state changed, and the document frequencies."""
        conn = self.conn
        for sid in sorted(index.changed):
            state = index.stories.get(sid)
            if state is None:
                continue  # merged away, removed, or left the window (its row stays as it was)
            row = state.to_row()
            conn.execute(
                "INSERT OR REPLACE INTO story_state (story_id, head, tkeys, tvals, ekeys, evals,"
                " vsum, last_t, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (sid, row["head"], row["tkeys"], row["tvals"], row["ekeys"], row["evals"],
                 row["vsum"], row["last_t"], now),
            )  # fmt: skip
        index.changed.clear()
        df, n_docs, latest = index.export()
        keys = "\0".join(df)
        vals = np.fromiter(df.values(), np.int64, len(df)).tobytes()
        version = self._version() + 1
        meta = {"n_docs": n_docs, "now": latest, "params": _fingerprint(index.params)}
        for key, value in (
            ("df_keys", keys),
            ("df_vals", vals),
            ("meta", json.dumps(meta)),
            ("version", version),
        ):
            conn.execute("INSERT OR REPLACE INTO grouping (key, value) VALUES (?, ?)", (key, value))
        index.store_version = version

    def revision(self) -> int:
        """A number that changes with every write to the stories (adds and the user's edits)."""
        return self._version()

    def _bump(self) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO grouping (key, value) VALUES ('version', ?)",
            (self._version() + 1,),
        )

    def _version(self) -> int:
        row = self.conn.execute("SELECT value FROM grouping WHERE key = 'version'").fetchone()
        return int(row[0]) if row else 0

    def _sync(self, index: Any) -> None:
        """Reload the index when another writer (or a failed batch) changed the saved state."""
        if getattr(index, "store_version", None) != self._version():
            self._load_into(index)

    # -- the user's decisions -----------------------------------------------
    def rename_story(self, story_id: str, title: str) -> None:
        """The user's title: kept from now on (the grouper never replaces it)."""
        title = " ".join(title.split())
        if not title:
            raise CrossreadError("a story title cannot be empty")
        with self._write():
            self._need_story(story_id)
            self.conn.execute(
                "UPDATE stories SET title = ?, title_by_user = 1 WHERE id = ?", (title, story_id)
            )
            self.conn.execute("DELETE FROM story_search WHERE story_id = ?", (story_id,))
            self.conn.execute(
                "INSERT INTO story_search (story_id, title) VALUES (?, ?)", (story_id, title)
            )
            self._bump()

    def merge_stories(self, story_ids: Sequence[str], index: Any | None = None) -> str:
        """Merge stories into the first (it keeps its id, title and source numbers; the
        others' articles are numbered after its own). Returns the surviving id."""
        ids = list(dict.fromkeys(story_ids))
        if len(ids) < 2:
            raise CrossreadError("merge needs two different story ids")
        index = index if index is not None else self.index()
        with self._write(index):
            for sid in ids:
                self._need_story(sid)
            self._ensure_loaded(index, ids)
            into = ids[0]
            for other in ids[1:]:
                self._move_all(other, into)
                index.merge_stories(into, other)
            self._rebuild(index, into)
            self._refresh_story(into, index, time.time())
            self._save_state(index, time.time())
        index.merged.clear()
        return into

    def split_story(
        self, story_id: str, article_ids: Sequence[str], index: Any | None = None
    ) -> str:
        """The named articles leave ``story_id`` for a new story (numbered 1.. in their old
        order); the two are kept apart from now on. Returns the new story's id."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            raise CrossreadError("split needs at least one article id")
        index = index if index is not None else self.index()
        with self._write(index):
            self._need_story(story_id)
            members = [
                r[0]
                for r in self.conn.execute(
                    "SELECT id FROM articles WHERE story_id = ? ORDER BY n, id", (story_id,)
                )
            ]
            missing = [a for a in ids if a not in members]
            if missing:
                raise CrossreadError(f"not in story {story_id}: {', '.join(missing)}")
            if len(ids) == len(members):
                raise CrossreadError("split must leave at least one article in the story")
            self._ensure_loaded(index, [story_id])
            new_id = _new_story_id(self.conn, story_id, ids)
            for a in sorted(ids, key=members.index):
                self._number(a, new_id)
            now = time.time()
            self._rebuild(index, story_id)
            self._rebuild(index, new_id)
            index.keep_apart(story_id, new_id)
            self._refresh_story(story_id, index, now)
            self._refresh_story(new_id, index, now)
            self._save_state(index, now)
        return new_id

    def move_article(self, article_id: str, story_id: str, index: Any | None = None) -> None:
        """The article leaves its story for ``story_id`` (it gets the next number there)."""
        index = index if index is not None else self.index()
        with self._write(index):
            self._need_story(story_id)
            old = self._story_of_id(article_id)
            if old == story_id:
                return
            self._ensure_loaded(index, [s for s in (old, story_id) if s])
            self._number(article_id, story_id)
            now = time.time()
            for sid in (old, story_id):
                if sid:
                    self._rebuild(index, sid)
                    self._refresh_story(sid, index, now)
            self._save_state(index, now)

    def remove_article(self, article_id: str, index: Any | None = None) -> str | None:
        """Delete one article; returns the story it was in (deleted too when it empties)."""
        index = index if index is not None else self.index()
        with self._write(index):
            old = self._story_of_id(article_id)
            if old:
                self._ensure_loaded(index, [old])
            self.conn.execute(
                "DELETE FROM search WHERE rowid = (SELECT rowid FROM articles WHERE id = ?)",
                (article_id,),
            )
            self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            index.article_story.pop(article_id, None)
            if old:
                now = time.time()
                self._rebuild(index, old)
                self._refresh_story(old, index, now)
                self._save_state(index, now)
        return old

    def remove_story(self, story_id: str, index: Any | None = None) -> int:
        """Delete a story and its articles; returns how many articles went."""
        index = index if index is not None else self.index()
        with self._write(index):
            self._need_story(story_id)
            n = self.conn.execute(
                "SELECT COUNT(*) FROM articles WHERE story_id = ?", (story_id,)
            ).fetchone()[0]
            self.conn.execute(
                "DELETE FROM search WHERE rowid IN (SELECT rowid FROM articles WHERE story_id = ?)",
                (story_id,),
            )
            self.conn.execute("DELETE FROM articles WHERE story_id = ?", (story_id,))
            self._drop_story_row(story_id)
            index.forget(story_id)
            self._save_state(index, time.time())
        return int(n)

    def _begin(self) -> None:
        """Take the write lock (``BEGIN IMMEDIATE``), waiting for other writers: each try
        waits up to the connection's 30 s busy timeout; a store still locked after
        ``_LOCK_TRIES`` tries is a one-line error, never a lost batch."""
        for attempt in range(_LOCK_TRIES):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if attempt == _LOCK_TRIES - 1:
                    raise CrossreadError(
                        f"{self.path}: the store stayed locked by another writer"
                    ) from None

    @contextmanager
    def _write(self, index: Any | None = None) -> Iterator[None]:
        self._begin()
        try:
            if index is not None:
                self._sync(index)
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            if index is not None:
                index.store_version = None
            raise

    def _need_story(self, story_id: str) -> None:
        if not self.conn.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone():
            raise NotFound(f"no story {story_id!r} in {self.path}")

    def _story_of_id(self, article_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT story_id FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no article {article_id!r} in {self.path}")
        return row[0]

    def _rebuild(self, index: Any, story_id: str) -> None:
        """The story's grouping state made again from exactly its stored articles."""
        arts = self.articles_of(story_id)
        row = self.conn.execute("SELECT title FROM stories WHERE id = ?", (story_id,)).fetchone()
        index.rebuild(story_id, arts, row[0] if row else "")

    def _ensure_loaded(self, index: Any, story_ids: Sequence[str]) -> None:
        """Stories outside the active window come back into the index for a user's change."""
        want = [s for s in story_ids if s not in index.stories]
        if want:
            index.restore_more(self._states(want))

    # -- the grouping state --------------------------------------------------
    def index(self, params: Any | None = None) -> Any:
        """A ``StoryIndex`` continuing the saved grouping state (the active stories)."""
        from crossread.grouping.index import StoryIndex

        idx = StoryIndex(params)
        self._load_into(idx)
        return idx

    def _load_into(self, idx: Any) -> None:
        from crossread.grouping.index import StoryIndex

        fresh = StoryIndex(idx.params, embed=False)
        idx.__dict__.update({k: v for k, v in fresh.__dict__.items() if k != "encoder"})
        meta_row = self.conn.execute("SELECT value FROM grouping WHERE key = 'meta'").fetchone()
        meta = json.loads(meta_row[0]) if meta_row else None
        if meta is None or meta.get("params") != _fingerprint(idx.params):
            if self.count():
                _log.info(
                    "%s: grouping state missing or made with other parameters: rebuilt "
                    "from the stored articles",
                    self.path,
                )
                self._rebuild_state(idx)
            idx.store_version = self._version()
            return
        keys_row = self.conn.execute("SELECT value FROM grouping WHERE key = 'df_keys'").fetchone()
        vals_row = self.conn.execute("SELECT value FROM grouping WHERE key = 'df_vals'").fetchone()
        df = {}
        if keys_row and keys_row[0]:
            df = dict(
                zip(
                    keys_row[0].split("\0"),
                    np.frombuffer(vals_row[0], np.int64).tolist(),
                    strict=True,
                )
            )
        p = idx.params
        horizon = None if meta["now"] is None else meta["now"] - p.window_days
        ids = [
            r[0]
            for r in self.conn.execute(
                "SELECT story_id FROM (SELECT story_id, updated_at FROM story_state"
                " WHERE last_t IS NULL OR ? IS NULL OR last_t >= ?"
                " ORDER BY updated_at DESC, story_id LIMIT ?) ORDER BY updated_at, story_id",
                (horizon, horizon, p.max_stories),
            )
        ]
        idx.restore(df, int(meta["n_docs"]), meta["now"], self._states(ids))
        idx.store_version = self._version()

    def _states(self, story_ids: Sequence[str]) -> list[Any]:
        from crossread.grouping.state import StoryState

        if not story_ids:
            return []
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (id TEXT PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp.wanted")
        self.conn.executemany(
            "INSERT OR IGNORE INTO temp.wanted VALUES (?)", [(s,) for s in story_ids]
        )
        members: dict[str, list[str]] = {}
        for aid, sid in self.conn.execute(
            "SELECT id, story_id FROM articles WHERE story_id IN (SELECT id FROM temp.wanted)"
            " ORDER BY n, id"
        ):
            members.setdefault(sid, []).append(aid)
        cols = ("id", "head", "tkeys", "tvals", "ekeys", "evals", "vsum")
        rows = {
            r[0]: dict(zip(cols, r, strict=True))
            for r in self.conn.execute(
                "SELECT story_id, head, tkeys, tvals, ekeys, evals, vsum FROM story_state"
                " WHERE story_id IN (SELECT id FROM temp.wanted)"
            )
        }
        return [StoryState.from_row(rows[s], members.get(s, [])) for s in story_ids if s in rows]

    def _rebuild_state(self, idx: Any, recent: int = 20_000) -> None:
        """The slow path (a store written before the state was saved, or new parameters):
        the recent stories' articles are read again, and the state saved."""
        rows = self.conn.execute(
            f"SELECT {_prefixed('a')}, a.story_id FROM articles a JOIN stories s"
            " ON a.story_id = s.id WHERE s.id IN (SELECT id FROM stories ORDER BY updated_at"
            " DESC, last_seen DESC LIMIT ?) ORDER BY a.published, a.rowid",
            (idx.params.max_stories,),
        ).fetchall()[-recent:]
        if rows:
            idx.seed([_article(r[:-1]) for r in rows], [r[-1] for r in rows])
        own = not self.conn.in_transaction
        if own:
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            self._save_state(idx, time.time())
            if own:
                self.conn.execute("COMMIT")
        except BaseException:
            if own:
                self.conn.execute("ROLLBACK")
            raise

    # -- reading -------------------------------------------------------------
    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def story_count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0])

    def stories(self, limit: int | None = None) -> list[StoryInfo]:
        """Stories, largest and most recent first (two queries, whatever the number)."""
        order = "ORDER BY size DESC, last_seen DESC, id" + (f" LIMIT {int(limit)}" if limit else "")
        return self._infos(f"SELECT id, title, size, first_seen, last_seen FROM stories {order}")

    def _infos(self, query: str, params: Sequence[Any] = ()) -> list[StoryInfo]:
        rows = self.conn.execute(query, params).fetchall()
        outlets: dict[str, list[str]] = {}
        ids = [r[0] for r in rows]
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            for sid, outlet in self.conn.execute(
                "SELECT DISTINCT story_id, outlet FROM articles WHERE outlet IS NOT NULL"
                f" AND story_id IN ({marks}) ORDER BY outlet",
                part,
            ):
                outlets.setdefault(sid, []).append(outlet)
        return [
            StoryInfo(sid, title, size, first, last, tuple(outlets.get(sid, ())))
            for sid, title, size, first, last in rows
        ]

    def search(self, query: str, limit: int | None = None) -> list[StoryInfo]:
        """Stories whose title, or an article's headline, outlet or text, holds every word
        of ``query`` (accents and case folded), best match first."""
        words = _search_words(query)
        if not words:
            return self.stories(limit)
        match = " ".join(
            f'"{w}"*' if i == len(words) - 1 else f'"{w}"' for i, w in enumerate(words)
        )
        sql = (
            "SELECT s.id, s.title, s.size, s.first_seen, s.last_seen FROM stories s JOIN ("
            " SELECT a.story_id AS sid, MIN(search.rank) AS r FROM search"
            " JOIN articles a ON a.rowid = search.rowid WHERE search MATCH ? GROUP BY a.story_id"
            " UNION ALL SELECT story_id, rank - 1000 FROM story_search WHERE story_search MATCH ?"
            ") m ON m.sid = s.id GROUP BY s.id ORDER BY MIN(m.r), s.last_seen DESC, s.id"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self._infos(sql, (match, match))

    def story(self, story_id: str) -> Story | None:
        """A story with its articles in source-number order."""
        row = self.conn.execute(
            "SELECT title, first_seen, last_seen FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        if row is None:
            return None
        return Story(story_id, tuple(self.articles_of(story_id)), row[0], row[1], row[2])

    def articles_of(self, story_id: str) -> list[Article]:
        """A story's articles by source number (the order their numbers were given)."""
        rows = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE story_id = ? ORDER BY n, rowid",
            (story_id,),
        )
        return [_article(r) for r in rows]

    def numbers(self, story_id: str) -> dict[str, int]:
        """Article id -> its source number in the story."""
        return dict(
            self.conn.execute(
                "SELECT id, n FROM articles WHERE story_id = ? ORDER BY n, rowid", (story_id,)
            ).fetchall()
        )

    def story_of_article_id(self, article_id: str) -> str | None:
        """The story of the stored article with this id (an error if there is none)."""
        return self._story_of_id(article_id)

    def article(self, article_id: str) -> Article | None:
        row = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return _article(row) if row else None

    def iter_articles(self) -> Iterator[Article]:
        for row in self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY rowid"):
            yield _article(row)

    def stored_copy(self, article: Article) -> Article | None:
        """The stored article with this text or URL (what adding ``article`` again finds)."""
        found = self._known(text_hash(article.text), article.url)
        return None if found is None else self.article(found)

    def story_of_article(self, article: Article) -> str | None:
        """The story of the stored article with this URL or text."""
        found = self._known(text_hash(article.text), article.url)
        if found is None:
            return None
        row = self.conn.execute("SELECT story_id FROM articles WHERE id = ?", (found,)).fetchone()
        return row[0] if row else None


_ARTICLE_COLUMNS = "id, text, title, outlet, published, url, source, language, meta, removed"


def _prefixed(alias: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in _ARTICLE_COLUMNS.split(","))


def _article(row: Sequence[Any]) -> Article:
    meta = tuple(tuple(x) for x in json.loads(row[8] or "[]"))
    try:
        removed = tuple(str(x) for x in json.loads(row[9] or "[]"))
    except (ValueError, TypeError):
        removed = ()
    return Article(
        id=row[0],
        text=row[1],
        title=row[2],
        outlet=row[3],
        published=row[4],
        url=row[5],
        source=row[6] or "",
        language=row[7],
        meta=meta,  # type: ignore[arg-type]
        removed=removed,
    )


def _final(index: Any | None, sid: str) -> str:
    """Follow merges (a story may have been merged more than once in one batch)."""
    if index is None:
        return sid
    moved = dict(index.merged)
    seen = set()
    while sid in moved and sid not in seen:
        seen.add(sid)
        sid = moved[sid]
    return sid


def batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last one shorter), streaming."""
    batch: list[Any] = []
    for a in items:
        batch.append(a)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _fingerprint(params: Any) -> str:
    """Saved grouping state is valid only for the parameters that made it."""
    raw = getattr(params, "raw", None) or {}
    data = json.dumps(raw, sort_keys=True, ensure_ascii=False) + repr(
        getattr(params, "encoder", "")
    )
    return hashlib.sha1(data.encode("utf-8")).hexdigest()[:16]


def _new_story_id(conn: sqlite3.Connection, story_id: str, article_ids: Sequence[str]) -> str:
    base = (
        "s"
        + hashlib.sha1(("split:" + story_id + ":" + ",".join(article_ids)).encode()).hexdigest()[
            :10
        ]
    )
    sid, i = base, 0
    while conn.execute(
        "SELECT 1 FROM stories WHERE id = ? UNION SELECT 1 FROM story_state WHERE story_id = ?",
        (sid, sid),
    ).fetchone():
        i += 1
        sid = f"{base}-{i}"
    return sid


_WORD = re.compile(r"\w+", re.UNICODE)


def _search_words(query: str) -> list[str]:
    """The query's words, for FTS5 (each quoted, so no operator can be injected)."""
    return _WORD.findall(query)[:20]


def open_store(path: str | Path | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``path`` or the default one."""
    return Store(path)
