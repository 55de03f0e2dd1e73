"""The re-check of the active stories after a batch: fragments of one story that the online
pass left apart are merged, and what the user decided (a split, a title) survives it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from test_stories import pile

from crossread.grouping.index import StoryIndex, StoryParams, default_params
from crossread.model import Article
from crossread.store import open_store

DAY = "2024-03-05"
# One event told twice: the B reports name nobody, the A reports name the mayor, the town and
# the year the bridge was built. An A report scores about 0.1 against the B story (its names
# are not there; the join threshold is 0.175), so when the B reports come first the online
# pass starts a second story for A; their words (average link 0.3 over all pairs) say it is one.
B_REPORTS = [
    (
        "Harbour bridge closed over cracked pillars",
        "The harbour bridge is closed after inspectors found cracked and corroded steel pillars"
        " under the deck. Buses and lorries are being sent along the ring road while engineers"
        " plan repairs, and ferries will run extra crossings.",
    ),
    (
        "Cracked pillars close harbour bridge",
        "Corroded steel pillars with cracks forced the closure of the harbour bridge, inspectors"
        " said. Until repairs to the deck are done, lorries and buses take the ring road and extra"
        " ferries will carry commuters across.",
    ),
]
A_REPORTS = [
    (
        "Lakeford shuts harbour bridge",
        "Mayor Anna Berg of Lakeford ordered the harbour bridge shut on Tuesday after inspectors"
        " found cracks in its corroded steel pillars. Berg told the Lakeford council that the 1931"
        " bridge would stay closed until repairs are finished.",
    ),
    (
        "Berg closes Lakeford crossing",
        "Anna Berg, mayor of Lakeford, closed the harbour bridge on Tuesday. The 1931 bridge has"
        " cracks in its corroded steel pillars, inspectors told the council, and Berg said it stays"
        " closed until repairs are finished.",
    ),
]


def reports(prefix: str, texts: list[tuple[str, str]]) -> list[Article]:
    return [
        Article(id=f"{prefix}{i}", title=t, text=x, published=DAY, source=f"{prefix}{i}")
        for i, (t, x) in enumerate(texts)
    ]


def others() -> list[Article]:
    """Two unrelated stories and a recipe (the bridge story of the shared pile left out)."""
    return [a for a in pile(DAY) if not a.id.startswith("bridge")]


def without_recheck() -> StoryParams:
    raw = json.loads(json.dumps(default_params().raw))
    raw["recheck"]["threshold"] = 0.0
    return StoryParams.from_dict(raw)


def groups(index: StoryIndex, ids: list[str]) -> set[frozenset[str]]:
    out: dict[str, set[str]] = {}
    for a in ids:
        out.setdefault(index.story_of(a) or a, set()).add(a)
    return {frozenset(g) for g in out.values()}


@pytest.mark.parametrize("embed", [True, False])
def test_a_story_the_online_pass_fragments_is_joined_by_the_recheck(embed: bool) -> None:
    arts = reports("b", B_REPORTS) + reports("a", A_REPORTS) + others()
    ids = [a.id for a in arts]
    bridge = frozenset({"a0", "a1", "b0", "b1"})

    online = StoryIndex(without_recheck(), embed=embed)
    online.add_many(arts)
    assert frozenset({"b0", "b1"}) in groups(online, ids)  # the online pass alone: two pieces
    assert frozenset({"a0", "a1"}) in groups(online, ids)

    index = StoryIndex(embed=embed)
    returned = index.add_many(arts)
    found = groups(index, ids)
    assert bridge in found
    assert len({returned[ids.index(a)] for a in bridge}) == 1  # the ids returned say so too
    # the unrelated stories stay as they were
    assert found - {bridge} == groups(online, ids) - {
        frozenset({"b0", "b1"}),
        frozenset({"a0", "a1"}),
    }


def test_a_long_stream_is_rechecked_every_few_articles() -> None:
    params = dataclasses.replace(default_params(), recheck_every=4)
    index = StoryIndex(params, embed=False)
    story = {a.id: index.add(a) for a in reports("b", B_REPORTS) + reports("a", A_REPORTS)}
    assert story["a0"] != story["b0"]  # at their arrival: two stories
    assert index.story_of("a0") == index.story_of("b0")  # after the fourth: one


def _store_story(db: Path, article_id: str) -> str:
    with open_store(db) as store:
        sid = store.story_of_article_id(article_id)
        assert sid is not None
        return sid


def test_the_recheck_never_merges_stories_a_user_split(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with open_store(db) as store:
        store.add_articles(
            reports("b", B_REPORTS) + reports("a", A_REPORTS) + others(), index=store.index()
        )
    joined = _store_story(db, "a0")
    assert _store_story(db, "b0") == joined  # the re-check made one story of the two pieces
    with open_store(db) as store:
        apart = store.split_story(joined, ["a0", "a1"])  # the user: these are different
    more_b = reports("b", B_REPORTS + B_REPORTS[:1])[2:]  # a third B report (same wording)
    more_b = [dataclasses.replace(a, text=a.text + " Traffic police were on site.") for a in more_b]
    more_a = [
        Article(
            id="a2",
            title="Lakeford bridge stays shut",
            text="Anna Berg said the 1931 harbour bridge of Lakeford stays shut: the corroded steel"
            " pillars have cracks, and repairs will take months.",
            published=DAY,
        )
    ]
    with open_store(db) as store:  # a later run: its batch is re-checked
        store.add_articles(more_b + more_a, index=store.index())
        assert store.story_of_article_id("a0") == store.story_of_article_id("a1") == apart
        assert store.story_of_article_id("b0") == store.story_of_article_id("b1") == joined
        assert store.story_of_article_id("a2") == apart
        assert store.story_of_article_id("b2") == joined


def test_a_users_title_survives_the_recheck_merging_its_story(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with open_store(db) as store:
        store.add_articles(reports("b", B_REPORTS) + others(), index=store.index())
    named = _store_story(db, "b0")
    with open_store(db) as store:
        store.rename_story(named, "Harbour bridge (my title)")
        store.add_articles(reports("a", A_REPORTS), index=store.index())
        sid = store.story_of_article_id("a0")
        assert sid is not None
        assert {a.id for a in store.articles_of(sid)} == {"a0", "a1", "b0", "b1"}
        story = store.story(sid)
        assert story is not None and story.title == "Harbour bridge (my title)"
        assert store.story_count() == 4  # the bridge, the pandas, the election, the recipe
