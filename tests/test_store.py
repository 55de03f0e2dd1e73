"""The SQLite store: real files, a real child process killed mid-write."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from crossread.grouping.index import StoryIndex
from crossread.model import Article
from crossread.store import MIGRATIONS, SCHEMA_VERSION, open_store

BRIDGE = (
    "The city council of Lakeford voted on Tuesday to close the old harbour bridge after "
    "engineers found deep cracks in two of its pillars. Mayor Anna Berg said the bridge would "
    "stay closed for six months."
)
BRIDGE2 = (
    "Lakeford's harbour bridge is closed: Mayor Anna Berg said engineers found cracks in the "
    "pillars, and the council voted on Tuesday to shut it for six months while repairs go on."
)
ZOO = (
    "Twin panda cubs were born at the Vellmar zoo on Sunday, keeper Tomas Ruiz said. The cubs, "
    "a male and a female, weigh about 150 grams each and are in good health, the zoo said."
)


def art(i: str, text: str, url: str | None = None, day: str = "2024-03-05") -> Article:
    return Article(id=i, text=text, title=None, url=url, published=day, source=i)


def test_same_article_twice_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with open_store(db) as store:
        first = store.add_articles([art("a", BRIDGE, "https://x.example/a"), art("b", ZOO)])
        assert first.added == 2
    with open_store(db) as store:
        again = store.add_articles(
            [
                art("a", BRIDGE, "https://x.example/a"),  # same id
                art("other-id", "different text entirely " * 5, "https://x.example/a"),  # same URL
                art("c", "  " + ZOO.upper() + " "),  # same text (case and spacing aside)
            ]
        )
        assert (again.added, again.duplicates) == (0, 3)
        assert store.count() == 2
        assert store.article("a") == art("a", BRIDGE, "https://x.example/a")


def test_grouping_is_stored_and_grows_across_runs(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with open_store(db) as store:
        res = store.add_articles([art("b1", BRIDGE), art("z1", ZOO)], index=store.index())
        bridge_story = res.story_of["b1"]
        assert res.story_of["z1"] != bridge_story
    with open_store(db) as store:  # a new process would do exactly this
        res = store.add_articles([art("b2", BRIDGE2)], index=store.index())
        assert res.story_of["b2"] == bridge_story
        infos = {s.id: s for s in store.stories()}
        assert infos[bridge_story].size == 2
        assert [a.id for a in store.articles_of(bridge_story)] == ["b1", "b2"]
        story = store.story(bridge_story)
        assert story is not None and story.first_seen == "2024-03-05"
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        assert "vectors" not in tables and "sentences" not in tables  # nobody read them


def test_wal_mode_and_schema_version(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_old_schema_is_migrated_keeping_data(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    for sql in MIGRATIONS[0]:
        conn.execute(sql)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO articles (id, text_hash, text, added_at) VALUES ('old', 'h', 'old text', 0)"
    )
    conn.commit()
    conn.close()
    with open_store(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.article("old") is not None
        assert store.add_articles([art("new", ZOO)]).added == 1
        assert store.count() == 2


def test_newer_schema_is_refused_with_a_message(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    from crossread.errors import CrossreadError

    with pytest.raises(CrossreadError, match="schema version"):
        open_store(db)


CHILD = textwrap.dedent(
    """
    import sys
    from crossread.model import Article
    from crossread.grouping.index import StoryIndex
    from crossread.store import open_store

    def articles():
        for i in range(10_000):
            town = f"Town{i % 40}"
            yield Article(
                id=f"art-{i:05d}",
                text=f"The council of {town} met on day {i}. It voted on budget item {i * 7}. "
                f"Residents of {town} spoke about road number {i % 13}.",
                published=f"2024-03-{1 + i % 28:02d}",
                source="child",
            )

    store = open_store(sys.argv[1])
    store.add_articles(
        articles(), index=StoryIndex(embed=False), batch_size=200,
        on_batch=lambda n: print(n, flush=True),
    )
    print("done", flush=True)
    """
)


@pytest.mark.slow
def test_killed_child_leaves_consistent_store_with_every_committed_article(
    tmp_path: Path,
) -> None:
    db = tmp_path / "kill.db"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    committed = 0
    for line in child.stdout:
        committed = int(line)
        if committed >= 1000:  # several batches are in, the next one is being written
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    with open_store(db) as store:
        conn = store.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = store.count()
        assert n >= committed and n % 200 == 0 and n < 10_000
        ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
        assert ids == [f"art-{i:05d}" for i in range(n)]
        # every committed article is complete: searchable, numbered, in a story that exists
        # whose saved grouping state holds it
        assert conn.execute("SELECT COUNT(*) FROM search").fetchone() == (n,)
        assert conn.execute("SELECT COUNT(*) FROM articles WHERE n IS NULL").fetchone() == (0,)
        index = store.index()
        assert len(index.article_story) == n
        assert sum(s.n for s in index.stories.values()) == n
        assert conn.execute(
            "SELECT COUNT(*) FROM articles a LEFT JOIN stories s ON a.story_id = s.id"
            " WHERE s.id IS NULL"
        ).fetchone() == (0,)
        assert conn.execute("SELECT SUM(size) FROM stories").fetchone()[0] == n

    # running the whole job again completes it; nothing is added twice
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(db)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    with open_store(db) as store:
        assert store.count() == 10_000


def test_index_from_store_is_bounded(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        store.add_articles([art("b1", BRIDGE), art("z1", ZOO)], index=StoryIndex(embed=False))
        idx = store.index()
        assert set(idx.article_story) == {"b1", "z1"}


def test_removed_lines_are_stored_and_returned(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    cleaned = Article(
        id="r",
        text=BRIDGE,
        url="https://x.example/r",
        published="2024-03-05",
        source="r",
        removed=("Sign up for our newsletter", "Share this: Ünïcode ✓"),
    )
    with open_store(db) as store:
        res = store.add_articles([cleaned], index=store.index())
        assert res.added == 1
    with open_store(db) as store:  # a new process reads it back
        assert [a.removed for a in store.articles_of(res.story_of["r"])] == [cleaned.removed]
        got = store.article("r")
        assert got is not None and got.removed == cleaned.removed
        assert got.meta == ()
        assert next(store.iter_articles()).removed == cleaned.removed


def test_version_2_store_gets_removed_column_and_old_meta_workaround_moves_over(
    tmp_path: Path,
) -> None:
    db = tmp_path / "v2.db"
    conn = sqlite3.connect(db)
    for migration in MIGRATIONS[:2]:
        for sql in migration:
            conn.execute(sql)
    conn.execute("PRAGMA user_version = 2")
    legacy_meta = (
        '[["lang", "en"], ["crossread.removed", "[\\"Advertisement\\", \\"Read more\\"]"]]'
    )
    conn.execute(
        "INSERT INTO articles (id, text_hash, text, meta, added_at) VALUES ('web', 'h1', 't', ?, 0)",
        (legacy_meta,),
    )
    conn.execute(
        "INSERT INTO articles (id, text_hash, text, added_at) VALUES ('plain', 'h2', 'u', 0)"
    )
    conn.commit()
    conn.close()
    with open_store(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        web = store.article("web")
        assert web is not None
        assert web.removed == ("Advertisement", "Read more")
        assert web.meta == (("lang", "en"),)
        plain = store.article("plain")
        assert plain is not None and plain.removed == () and plain.meta == ()
