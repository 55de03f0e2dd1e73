"""The SQLite store: articles, their sentences and vectors, and stories.

- default file under ``platformdirs.user_data_dir("crossread")``; ``--db`` chooses another;
- adding the same article twice (same URL or same text) changes nothing; a different text
  under an id already taken is stored under a distinct id (identity is content and source);
- several processes may write at once: each batch is checked and grouped under the write
  lock, after taking in what the others stored;
- writes go in transactions of ``batch_size`` articles (WAL journal): a process killed
  in the middle leaves a consistent database holding every committed batch;
- the schema is versioned (``PRAGMA user_version``) and migrated on open.
"""

from __future__ import annotations

import json
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from crossread.errors import CrossreadError
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
]
SCHEMA_VERSION = len(MIGRATIONS)


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("crossread")) / "crossread.db"


def resolve_path(path: str | Path | None) -> Path:
    return Path(path).expanduser() if path else default_path()


# The store row each StoryIndex has seen up to, per store file: what other writers added
# after it is seeded into the index before the next batch is grouped.
_SYNCED: weakref.WeakKeyDictionary[Any, tuple[str, int]] = weakref.WeakKeyDictionary()
_LOCK_TRIES = 10  # x the 30 s busy timeout


def _ignore(_: str) -> None:
    return None


@dataclass
class AddResult:
    added: int = 0
    duplicates: int = 0
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


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema to ``target``; returns the version found before."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise CrossreadError(
            f"the database has schema version {found}; this crossread knows up to "
            f"{SCHEMA_VERSION} (upgrade crossread)"
        )
    for version in range(found, target):
        with conn:
            for sql in MIGRATIONS[version]:
                conn.execute(sql)
            conn.execute(f"PRAGMA user_version = {version + 1}")
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
            self.conn.execute("PRAGMA journal_mode=WAL")
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
        sentences: bool = True,
        vectors: bool = True,
        on_batch: Callable[[int], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> AddResult:
        """Add articles in transactions of ``batch_size``. An article already stored (same
        URL or same text) changes nothing; a different text whose id is taken is stored under
        a distinct id (``id-<hash>``, reported through ``on_error`` and ``result.renamed``).
        With ``index`` (a ``crossread.grouping.index.StoryIndex``) the new articles of each
        batch join stories, written in the same transaction; the index first takes in what
        other writers stored since it last looked, so concurrent writers group as one."""
        from crossread.ingest.validate import checked

        report = on_error or _ignore
        result = AddResult()
        valid = (a for a in (checked(x, report) for x in articles) if a is not None)
        for batch in batches(valid, batch_size):
            self._add_batch(batch, index, sentences, vectors, result, report)
            if on_batch is not None:
                on_batch(result.added)
        return result

    def _candidates(self, batch: Sequence[Article]) -> list[tuple[Article, str]]:
        """The batch's articles not already stored (same URL or text), first of each text."""
        out: list[tuple[Article, str]] = []
        seen_urls: set[str] = set()
        seen_hashes: set[str] = set()
        for a in batch:
            h = text_hash(a.text)
            if h in seen_hashes or (a.url and a.url in seen_urls):
                continue
            seen_hashes.add(h)
            if a.url:
                seen_urls.add(a.url)
            if not self._known(h, a.url):
                out.append((a, h))
        return out

    def _known(self, h: str, url: str | None) -> str | None:
        """The stored id of an article with this text hash or URL (indexed lookups)."""
        q = self.conn.execute
        row = q("SELECT id FROM articles WHERE text_hash = ?", (h,)).fetchone()
        if row is None and url:
            row = q("SELECT id FROM articles WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

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

    def _add_batch(
        self,
        batch: Sequence[Article],
        index: Any | None,
        sentences: bool,
        vectors: bool,
        result: AddResult,
        report: Callable[[str], None],
    ) -> None:
        candidates = self._candidates(batch)
        # the slow, per-article work happens before the write lock is taken
        sent_rows = [_sentence_rows([a]) if sentences else [] for a, _ in candidates]
        vec_rows = _vector_rows([a for a, _ in candidates]) if vectors and candidates else []
        vec_of = {id(a): row for (a, _), row in zip(candidates, vec_rows, strict=False)}
        conn = self.conn
        for attempt in range(_LOCK_TRIES):
            try:
                conn.execute("BEGIN IMMEDIATE")  # one writer at a time from here to COMMIT
                break
            except sqlite3.OperationalError:
                if attempt == _LOCK_TRIES - 1:
                    raise CrossreadError(
                        f"{self.path}: the store stayed locked by another writer"
                    ) from None
        try:
            if index is not None:
                _catch_up(self, index)
            new: list[tuple[Article, str, list[tuple], tuple | None]] = []
            taken: set[str] = set()
            for (a, h), rows in zip(candidates, sent_rows, strict=True):
                if self._known(h, a.url):  # another writer stored it meanwhile
                    continue
                art_id = self._free_id(a, taken)
                vec = vec_of.get(id(a))
                if art_id != a.id:
                    message = (
                        f"{a.source or a.id}: id {a.id!r} is taken by a different article;"
                        f" stored as {art_id!r}"
                    )
                    report(message)
                    result.renamed.append((a.id, art_id))
                    rows = [(art_id, *r[1:]) for r in rows]
                    vec = (art_id, *vec[1:]) if vec else None
                    a = replace(a, id=art_id)
                taken.add(art_id)
                new.append((a, h, rows, vec))
            arts = [a for a, *_ in new]
            story_ids = index.add_many(arts) if index is not None and arts else [None] * len(arts)
            now = time.time()
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
                    for (a, h, _, _), sid in zip(new, story_ids, strict=True)
                ],
            )  # fmt: skip
            conn.executemany(
                "INSERT OR REPLACE INTO sentences VALUES (?,?,?,?,?,?)",
                [r for _, _, rows, _ in new for r in rows],
            )
            conn.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?,?,?,?)",
                [vec for *_, vec in new if vec is not None],
            )
            touched = {sid for sid in story_ids if sid is not None}
            for old, into in getattr(index, "merged", ()):
                conn.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", (into, old))
                conn.execute("DELETE FROM stories WHERE id = ?", (old,))
                touched.discard(old)
                touched.add(into)
            touched = {_final(index, sid) for sid in touched}
            for sid in touched:
                self._refresh_story(sid, index, now)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if index is not None:
            index.merged.clear()
            _SYNCED[index] = (str(self.path), self._max_rowid())
        result.added += len(new)
        result.duplicates += len(batch) - len(new)
        for a, sid in zip(arts, story_ids, strict=True):
            result.stored.append(a)
            if sid is not None:
                result.story_of[a.id] = sid

    def _max_rowid(self) -> int:
        return int(self.conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM articles").fetchone()[0])

    def _refresh_story(self, sid: str, index: Any | None, now: float) -> None:
        size, first, last = self.conn.execute(
            "SELECT COUNT(*), MIN(published), MAX(published) FROM articles WHERE story_id = ?",
            (sid,),
        ).fetchone()
        title = ""
        state = index.stories.get(sid) if index is not None else None
        if state is not None:
            title = state.title
        if not title:
            row = self.conn.execute(
                "SELECT COALESCE(title, substr(text, 1, 120)) FROM articles WHERE story_id = ?"
                " ORDER BY published, id LIMIT 1",
                (sid,),
            ).fetchone()
            title = (row[0] or "").split("\n", 1)[0] if row else ""
        self.conn.execute(
            "INSERT INTO stories (id, title, first_seen, last_seen, size, updated_at)"
            " VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET title = excluded.title,"
            " first_seen = excluded.first_seen, last_seen = excluded.last_seen,"
            " size = excluded.size, updated_at = excluded.updated_at",
            (sid, title, first, last, size, now),
        )

    # -- reading -------------------------------------------------------------
    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def stories(self, limit: int | None = None) -> list[StoryInfo]:
        """Stories, largest and most recent first (two queries, whatever the number)."""
        order = "ORDER BY size DESC, last_seen DESC, id" + (f" LIMIT {int(limit)}" if limit else "")
        rows = self.conn.execute(
            f"SELECT id, title, size, first_seen, last_seen FROM stories {order}"
        ).fetchall()
        outlets: dict[str, list[str]] = {}
        for sid, outlet in self.conn.execute(
            "SELECT DISTINCT story_id, outlet FROM articles WHERE outlet IS NOT NULL"
            f" AND story_id IN (SELECT id FROM stories {order}) ORDER BY outlet"
        ):
            outlets.setdefault(sid, []).append(outlet)
        return [
            StoryInfo(sid, title, size, first, last, tuple(outlets.get(sid, ())))
            for sid, title, size, first, last in rows
        ]

    def story(self, story_id: str) -> Story | None:
        row = self.conn.execute(
            "SELECT title, first_seen, last_seen FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        if row is None:
            return None
        return Story(story_id, tuple(self.articles_of(story_id)), row[0], row[1], row[2])

    def articles_of(self, story_id: str) -> list[Article]:
        rows = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE story_id = ? ORDER BY published, id",
            (story_id,),
        )
        return [_article(r) for r in rows]

    def article(self, article_id: str) -> Article | None:
        row = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return _article(row) if row else None

    def iter_articles(self) -> Iterator[Article]:
        for row in self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY rowid"):
            yield _article(row)

    def story_of_article(self, article: Article) -> str | None:
        """The story of the stored article with this URL or text."""
        found = self._known(text_hash(article.text), article.url)
        if found is None:
            return None
        row = self.conn.execute("SELECT story_id FROM articles WHERE id = ?", (found,)).fetchone()
        return row[0] if row else None

    def vector(self, article_id: str, kind: str = "static") -> np.ndarray | None:
        row = self.conn.execute(
            "SELECT data FROM vectors WHERE article_id = ? AND kind = ?", (article_id, kind)
        ).fetchone()
        return np.frombuffer(row[0], dtype=np.float32) if row else None

    def sentence_count(self, article_id: str) -> int:
        return int(
            self.conn.execute(
                "SELECT COUNT(*) FROM sentences WHERE article_id = ?", (article_id,)
            ).fetchone()[0]
        )

    def index(self, params: Any | None = None, recent: int = 20_000) -> Any:
        """A ``StoryIndex`` holding the most recently updated stories, to keep growing them."""
        from crossread.grouping.index import StoryIndex

        idx = StoryIndex(params)
        rows = self.conn.execute(
            f"SELECT {_prefixed('a')}, a.story_id FROM articles a JOIN stories s"
            " ON a.story_id = s.id WHERE s.id IN (SELECT id FROM stories ORDER BY updated_at"
            " DESC, last_seen DESC LIMIT ?) ORDER BY a.published, a.rowid",
            (idx.params.max_stories,),
        ).fetchall()[-recent:]
        if rows:
            idx.seed([_article(r[:-1]) for r in rows], [r[-1] for r in rows])
        _SYNCED[idx] = (str(self.path), self._max_rowid())
        return idx


def _catch_up(store: Store, index: Any) -> None:
    """Seed ``index`` with what other writers stored since it last looked at this store."""
    path, after = _SYNCED.get(index, (str(store.path), None))
    if path != str(store.path):
        return  # an index of another store (or built by hand): nothing to catch up with
    if after is None:
        return
    rows = store.conn.execute(
        f"SELECT {_ARTICLE_COLUMNS}, story_id FROM articles WHERE rowid > ?"
        " AND story_id IS NOT NULL ORDER BY published, rowid",
        (after,),
    ).fetchall()
    rows = [r for r in rows if index.story_of(r[0]) is None]
    if rows:
        index.seed([_article(r[:-1]) for r in rows], [r[-1] for r in rows])


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


def _sentence_rows(arts: Sequence[Article]) -> list[tuple]:
    try:
        from crossread.ingest.split import split
    except ImportError:
        return []
    rows = []
    for a in arts:
        try:
            sents = split(a)
        except Exception:  # noqa: BLE001 - a splitter bug must not lose the article
            continue
        rows += [(a.id, s.index, s.paragraph, s.start, s.end, s.text) for s in sents]
    return rows


def _vector_rows(arts: Sequence[Article]) -> list[tuple]:
    from crossread.grouping.index import _embed_text, _load_encoder, default_params

    enc = _load_encoder()
    if enc is None:
        return []
    p = default_params()
    vecs = enc.encode([_embed_text(a, p) for a in arts])
    return [
        (a.id, "static", int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes())
        for a, v in zip(arts, vecs, strict=True)
    ]


def open_store(path: str | Path | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``path`` or the default one."""
    return Store(path)
