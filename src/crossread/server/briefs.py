"""Briefs kept in the store: computed once per version of a story, read back on every view.

A story's brief (summary + cross-check, as the JSON of ``summarize --format json`` and as
the typed :class:`~crossread.present.sections.BriefView` every page draws) is stored in a
``briefs`` table of the same SQLite file, keyed by a fingerprint of the story's exact
article set and of the crossread version. A story that gains, loses or swaps an article
(adding, curation) has a new fingerprint, so a stale brief is never served; the row is
replaced when the new one is computed.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crossread import __version__
from crossread.model import Article
from crossread.present.sections import BriefView

_SCHEMA = """CREATE TABLE IF NOT EXISTS briefs (
    story_id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    computed REAL NOT NULL,
    data TEXT NOT NULL
)"""


_PAGES = """CREATE TABLE IF NOT EXISTS pages (
    story_id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    html TEXT NOT NULL
)"""


@dataclass(frozen=True)
class StoredBrief:
    data: dict[str, Any]  # the documented JSON of a brief
    view: BriefView  # what the pages draw


def fingerprint(articles: Sequence[Article], salt: str = "") -> str:
    """Changes whenever the story's articles change: which ones, their order (source numbers),
    their details (headline, outlet, date, URL: edits fill them in), or crossread or its options."""
    h = hashlib.sha256(f"{__version__}\0{salt}".encode())
    for a in articles:
        for part in (a.id, str(len(a.text)), a.title, a.outlet, a.published, a.url):
            h.update(b"\0" + (part or "").encode())
    return h.hexdigest()[:32]


class BriefStore:
    """The ``briefs`` table (one connection per thread; SQLite serialises the writers)."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._local = threading.local()
        with self._conn() as conn:
            conn.execute(_SCHEMA)
            conn.execute(_PAGES)

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.db_path, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 30000")
            self._local.conn = conn
        return conn

    def get(self, story_id: str, key: str) -> StoredBrief | None:
        row = (
            self._conn()
            .execute(
                "SELECT data FROM briefs WHERE story_id = ? AND fingerprint = ?", (story_id, key)
            )
            .fetchone()
        )
        if row is None:
            return None
        try:
            stored = json.loads(row[0])
            return StoredBrief(stored["brief"], BriefView.from_dict(stored["view"]))
        except (ValueError, KeyError, TypeError):
            return None  # written by another version: computed again

    def put(self, story_id: str, key: str, brief: StoredBrief) -> None:
        import time

        data = json.dumps({"brief": brief.data, "view": brief.view.to_dict()}, ensure_ascii=False)
        with self._conn() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO briefs (story_id, fingerprint, computed, data) "
                "VALUES (?, ?, ?, ?)",
                (story_id, key, time.time(), data),
            )

    def stale(self, limit: int) -> list[str]:
        """Stories with no brief, or one computed before the story last changed (articles
        added or curated by the command line or another process), newest first: what the
        app computes in the background so that a first view only reads."""
        rows = self._conn().execute(
            "SELECT s.id FROM stories s LEFT JOIN briefs b ON b.story_id = s.id"
            " WHERE b.story_id IS NULL OR b.computed < s.updated_at"
            " ORDER BY COALESCE(s.last_seen, s.first_seen, '') DESC, s.updated_at DESC, s.id"
            " LIMIT ?",
            (limit,),
        )
        return [str(r[0]) for r in rows]

    def stored(self) -> int:
        return int(self._conn().execute("SELECT count(*) FROM briefs").fetchone()[0])

    def page(self, story_id: str, key: str) -> str | None:
        """The story page rendered from this brief (``key`` also covers the title)."""
        row = (
            self._conn()
            .execute(
                "SELECT html FROM pages WHERE story_id = ? AND fingerprint = ?", (story_id, key)
            )
            .fetchone()
        )
        return None if row is None else str(row[0])

    def put_page(self, story_id: str, key: str, html: str) -> None:
        with self._conn() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO pages (story_id, fingerprint, html) VALUES (?, ?, ?)",
                (story_id, key, html),
            )
