"""Story grouping: a pile of articles comes out as its stories, online and bounded."""

from __future__ import annotations

import dataclasses
import json
import random
import string
from collections import Counter
from pathlib import Path

import pytest

from crossread.grouping.index import StoryIndex, default_params, group
from crossread.model import Article

STORIES = {
    "bridge": [
        "Lakeford closes harbour bridge\n\nThe city council of Lakeford voted on Tuesday to close "
        "the old harbour bridge after engineers found deep cracks in two of its pillars. Mayor "
        "Anna Berg said the bridge would stay closed for at least six months.",
        "Cracks shut Lakeford bridge\n\nEngineers discovered cracks in the pillars of Lakeford's "
        "harbour bridge, and the council decided on Tuesday to shut it. Mayor Anna Berg expects "
        "repairs to take six months; ferries will replace the crossing.",
        "Harbour bridge out of service\n\nLakeford's 90-year-old harbour bridge is closed to traffic "
        "from Wednesday. Anna Berg, the mayor, told reporters the pillar cracks were too deep to "
        "risk keeping the bridge open while the council plans repairs.",
    ],
    "pandas": [
        "Twin pandas born at Vellmar zoo\n\nTwin panda cubs were born at the Vellmar zoo on Sunday, "
        "keeper Tomas Ruiz said. The cubs weigh about 150 grams each and are in good health.",
        "Vellmar celebrates panda twins\n\nThe Vellmar zoo announced the birth of twin giant panda "
        "cubs. Keeper Tomas Ruiz said mother Mei Lan is caring for both cubs, which weigh 150 grams.",
        "Panda cubs doing well\n\nThe two panda cubs born at Vellmar zoo on Sunday are feeding well, "
        "said Tomas Ruiz. Visitors will not see the twins before spring, the zoo said.",
    ],
    "election": [
        "Norland prime minister resigns\n\nNorland's prime minister Erik Sand resigned on Monday "
        "after his coalition lost a confidence vote in parliament by 88 votes to 71.",
        "Sand quits after confidence vote\n\nErik Sand stepped down as prime minister of Norland "
        "when parliament voted 88 to 71 against his government. Elections are expected in June.",
        "Norland heads for early election\n\nAfter Erik Sand's resignation, Norland's president "
        "asked parliament to prepare an early election. Sand lost the confidence vote 88-71, "
        "and his party will choose a new leader before the campaign starts.",
    ],
}
RECIPE = (
    "A simple lemon cake\n\nMix flour, sugar, butter and three eggs, add the zest of two lemons "
    "and bake for forty minutes. Drizzle with lemon syrup while warm."
)


def pile(day: str = "2024-03-05") -> list[Article]:
    arts = []
    for name, texts in STORIES.items():
        for i, text in enumerate(texts):
            title, body = text.split("\n\n", 1)
            arts.append(Article(id=f"{name}-{i}", text=body, title=title, published=day))
    arts.append(Article(id="recipe", text=RECIPE.split("\n\n", 1)[1], title="A simple lemon cake"))
    # interleave so the stories arrive mixed, as in a feed
    return [arts[i] for i in (0, 3, 6, 9, 1, 4, 7, 2, 5, 8)]


def partition(assign: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for art, sid in assign.items():
        groups.setdefault(sid, set()).add(art)
    return {frozenset(g) for g in groups.values()}


EXPECTED = {frozenset(f"{n}-{i}" for i in range(3)) for n in STORIES} | {frozenset({"recipe"})}


@pytest.mark.parametrize("embed", [True, False])
def test_a_pile_comes_out_as_its_stories(embed: bool) -> None:
    grouping = group(pile(), state=StoryIndex(embed=embed))
    assert partition(grouping.assignments) == EXPECTED
    biggest = grouping.stories[0]
    assert len(biggest.articles) == 3 and biggest.first_seen == "2024-03-05"
    assert biggest.title  # the headline of a member


def test_online_one_by_one_and_growing_state() -> None:
    index = StoryIndex()
    arts = pile()
    ids = {a.id: index.add(a) for a in arts[:-1]}
    assert index.add(arts[0]) == ids[arts[0].id]  # same article again: same story, no growth
    later = dataclasses.replace(arts[-1], id="election-late")
    grown = group([later], state=index)
    assert grown.assignments["election-late"] == ids["election-0"]
    assert index.stories[ids["election-0"]].members == ["election-0", "election-1", "election-late"]


def test_similar_events_weeks_apart_are_different_stories() -> None:
    march = pile("2024-03-05")[:1]
    may = [dataclasses.replace(a, id=a.id + "-may", published="2024-05-20") for a in march]
    same_week = [dataclasses.replace(a, id=a.id + "-b", published="2024-03-07") for a in march]
    g = group(march + may + same_week)
    a = g.assignments
    assert a["bridge-0"] != a["bridge-0-may"]
    assert a["bridge-0"] == a["bridge-0-b"]


FIGHTS = {
    "2008-a": "December 13 , 2008 . Ivo Marek defended his IBF heavyweight title by stopping Hasan "
    "Rahmi in the seventh round in Mannheim on Saturday. Marek hit the shorter Rahmi at will and "
    "the referee stopped the fight after a second knockdown.",
    "2012-a": "July 7 , 2012 . Ivo Marek stopped Tom Tomson in the sixth round in Bern on Saturday to "
    "keep his IBF and WBA heavyweight belts. Tomson, 40, was knocked down twice and his corner "
    "threw in the towel.",
    "2008-b": "Mannheim , December 13 , 2008 - Heavyweight champion Ivo Marek kept his IBF belt with "
    "a seventh-round stoppage of Hasan Rahmi on Saturday night, his tenth straight win. Rahmi was "
    "down twice before the referee waved it off.",
    "2012-b": "Bern , July 7 , 2012 - Ivo Marek retained his heavyweight titles on Saturday night, "
    "beating the American Tom Tomson in six rounds. Marek said he wants to fight again before the "
    "end of the year; Tomson thanked the crowd of 25,000.",
}


@pytest.mark.parametrize("embed", [True, False])
def test_same_kind_of_event_years_apart_without_dates_is_two_stories(embed: bool) -> None:
    # no publication dates: only the years in the datelines tell the two title defences apart
    arts = [Article(id=k, text=v) for k, v in FIGHTS.items()]
    grouping = group(arts, state=StoryIndex(embed=embed))
    assert partition(grouping.assignments) == {
        frozenset({"2008-a", "2008-b"}),
        frozenset({"2012-a", "2012-b"}),
    }


def test_memory_stays_bounded_by_the_window() -> None:
    params = dataclasses.replace(default_params(), max_stories=5)
    index = StoryIndex(params, embed=False)
    rng = random.Random(5)
    for i in range(60):
        words = " ".join("".join(rng.choices(string.ascii_lowercase, k=7)) for _ in range(12))
        index.add(Article(id=f"x{i}", text=words))
    assert len(index.stories) <= 5 and index.evicted >= 55
    assert len(index.article_story) <= 5


def test_cli_stories_json_and_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from crossread.cli.main import main

    folder = tmp_path / "news"
    folder.mkdir()
    for a in pile():
        (folder / f"{a.id}.txt").write_text(f"{a.title}\n\n{a.text}\n", encoding="utf-8")
    db = tmp_path / "s.db"
    assert main(["stories", str(folder), "--db", str(db), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    got = {frozenset(s["articles"]) for s in doc["stories"]}
    assert got == EXPECTED
    assert set(doc["stories"][0]) >= {"id", "title", "articles", "first_seen", "last_seen"}

    story_id = next(s["id"] for s in doc["stories"] if "pandas-0" in s["articles"])
    assert main(["summarize", "--story", story_id, "--db", str(db), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert {a["id"] for a in summary["articles"]} == {"pandas-0", "pandas-1", "pandas-2"}

    src = tmp_path / "in.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for a in pile():
            fh.write(json.dumps({"id": a.id, "title": a.title, "text": a.text}) + "\n")
        fh.write("{not json\n")
    out = tmp_path / "out.jsonl"
    assert main(["stories", "--jsonl", str(src), "--out", str(out)]) == 0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert partition({r["id"]: r["story"] for r in lines}) == EXPECTED
    assert "in.jsonl:11" in capsys.readouterr().err


def _bcubed_f1(pred: list[str], gold: list[str]) -> float:
    pc, gc, both = Counter(pred), Counter(gold), Counter(zip(pred, gold, strict=True))
    p = sum(both[(a, b)] / pc[a] for a, b in zip(pred, gold, strict=True)) / len(gold)
    r = sum(both[(a, b)] / gc[b] for a, b in zip(pred, gold, strict=True)) / len(gold)
    return 2 * p * r / (p + r)


@pytest.mark.shared
def test_multinews_mixed_dev_grouping_quality(shared_data: Path) -> None:
    rows = [
        json.loads(x)
        for x in (shared_data / "clustering" / "multinews_mixed_dev.jsonl").read_text().splitlines()
    ]
    arts = [Article(id=r["id"], text=r["text"]) for r in rows]
    pred = StoryIndex().add_many(arts)
    assert _bcubed_f1(pred, [str(r["label"]) for r in rows]) >= 0.88
