"""Stories added by the command line open as fast in the web app as those added in it: the real
`crossread serve` computes their briefs in the background, at start-up and while it runs, before
anyone opens them (the `briefs` table of the real SQLite file is read to see it)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import serving
from test_curation import MORE_BRIDGE, cr, write
from test_stories import STORIES

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def briefs(db: Path) -> dict[str, float]:
    with sqlite3.connect(db, timeout=30) as conn:
        try:
            return dict(conn.execute("SELECT story_id, computed FROM briefs").fetchall())
        except sqlite3.OperationalError:  # no table yet
            return {}


def stories(db: Path) -> dict[str, float]:
    with sqlite3.connect(db, timeout=30) as conn:
        return dict(conn.execute("SELECT id, updated_at FROM stories").fetchall())


def wait_for(check, seconds: float = 120.0) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.25)
    return False


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    db = tmp_path / "s.db"
    news = tmp_path / "news"
    for name in ("pandas", "election"):
        for i, text in enumerate(STORIES[name]):
            write(news, f"{name}-{i}", text)
    cr("stories", str(news), "--db", str(db))  # by the command line, before the server starts
    with serving(db) as address:
        yield db, address, tmp_path


def test_briefs_of_stories_added_by_the_command_line_are_computed_before_a_view(
    served: tuple[Path, str, Path],
) -> None:
    db, _, tmp = served
    before = stories(db)
    assert len(before) == 2
    # at start-up: both stories get their brief without being opened
    assert wait_for(lambda: set(briefs(db)) >= set(before)), briefs(db)

    # while it runs: the command line adds a story and grows another; both are computed again
    write(tmp / "more", "bridge-0", STORIES["bridge"][0])
    write(tmp / "more", "bridge-1", MORE_BRIDGE)
    write(tmp / "more", "pandas-3", STORIES["pandas"][0].replace("Sunday", "Sunday night"))
    cr("stories", str(tmp / "more"), "--db", str(db))
    after = stories(db)
    assert len(after) == 3

    def current() -> bool:
        done = briefs(db)
        return all(sid in done and done[sid] >= changed for sid, changed in after.items())

    assert wait_for(current), (briefs(db), after)
