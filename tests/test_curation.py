"""The user's corrections to stories, end to end: the real `crossread` command on a real store
file (subprocesses), then more articles arriving: the grouper respects what the user decided."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_stories import STORIES

from crossread.store import open_store

REPO = Path(__file__).resolve().parents[1]

MORE_ELECTION = [
    "Norland parties prepare for vote\n\nAfter Erik Sand resigned as prime minister of Norland "
    "when he lost the confidence vote 88 to 71, parliament set an early election for June.",
    "Sand's party picks new leader\n\nNorland's governing party will choose a successor to Erik "
    "Sand, who resigned as prime minister after losing the confidence vote in parliament 88-71.",
]
MORE_BRIDGE = (
    "Ferries replace Lakeford bridge\n\nWith the harbour bridge of Lakeford closed after "
    "engineers found cracks in its pillars, the council and Mayor Anna Berg said ferries will "
    "carry commuters for the six months of repairs."
)


def cr(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "crossread.cli.main", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    if ok:
        assert done.returncode == 0, done.stderr
    return done


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def listing(db: Path) -> dict[str, dict]:
    doc = json.loads(cr("stories", "--db", str(db), "--format", "json", "--limit", "0").stdout)
    return {s["id"]: s for s in doc["stories"]}


def story_with(stories: dict[str, dict], fragment: str) -> dict:
    return next(s for s in stories.values() if any(fragment in a for a in s["articles"]))


def test_curation_by_command_kept_and_respected_by_later_grouping(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    news = tmp_path / "news"
    for name, texts in STORIES.items():
        for i, text in enumerate(texts):
            write(news, f"{name}-{i}", text)
    cr("stories", str(news), "--db", str(db))
    stories = listing(db)
    assert len(stories) == 3
    bridge, pandas, election = (story_with(stories, k) for k in ("bridge", "pandas", "election"))

    # the listing: a table with headers, whole words, counts that match the store
    table = cr("stories", "--db", str(db)).stdout.splitlines()
    assert table[0].split() == [
        "id",
        "title",
        "articles",
        "outlets",
        "first",
        "seen",
        "last",
        "seen",
    ]
    assert table[-1] == "3 of 3 stories, largest first"
    end = table[0].index("articles") + len("articles")  # the column, right-aligned
    sizes = [int(line[:end].split()[-1]) for line in table[2:-1]]
    assert sizes == sorted(sizes, reverse=True)
    assert all(len(line) <= 140 for line in table)

    # merge two stories: the first survives and keeps its numbers; the others follow
    before = {a["id"]: a["n"] for a in cr_numbers(db, pandas["id"])}
    merged = cr("story", "merge", pandas["id"], election["id"], "--db", str(db)).stdout.strip()
    assert merged == pandas["id"]
    after = {a["id"]: a["n"] for a in cr_numbers(db, merged)}
    assert {k: after[k] for k in before} == before
    assert sorted(after.values()) == [1, 2, 3, 4, 5, 6]
    assert len(listing(db)) == 2

    # split them apart again: the named articles leave for a new story (numbered from 1)
    election_ids = [a for a in after if "election" in a]
    split = cr("story", "split", merged, *election_ids, "--db", str(db), "--format", "json")
    new_id = json.loads(split.stdout)["story"]
    stories = listing(db)
    assert set(stories[new_id]["articles"]) == set(election_ids)
    assert sorted(a["n"] for a in cr_numbers(db, new_id)) == [1, 2, 3]

    # one election article: the user says it belongs elsewhere (a story of its own)
    lone = election_ids[-1]
    lone_story = cr("story", "split", new_id, lone, "--db", str(db)).stdout.strip()
    cr("story", "rename", new_id, "Norland:", "the", "government", "falls", "--db", str(db))
    cr("story", "rename", bridge["id"], "Lakeford bridge closed", "--db", str(db))
    bridge_numbers = {a["id"]: a["n"] for a in cr_numbers(db, bridge["id"])}

    # more articles arrive, in a new process: the grouper keeps every decision
    for i, text in enumerate(MORE_ELECTION):
        write(tmp_path / "more", f"more-election-{i}", text)
    write(tmp_path / "more", "more-bridge", MORE_BRIDGE)
    cr("stories", str(tmp_path / "more"), "--db", str(db))
    stories = listing(db)
    assert stories[new_id]["title"] == "Norland: the government falls"
    assert stories[bridge["id"]]["title"] == "Lakeford bridge closed"
    assert stories[lone_story]["articles"][0] == lone  # never pulled back by the grouper
    assert lone not in stories[new_id]["articles"]
    assert set(election_ids) - {lone} <= set(stories[new_id]["articles"])
    assert not set(stories[new_id]["articles"]) & set(stories[merged]["articles"])
    assert "more-bridge" in " ".join(stories[bridge["id"]]["articles"])
    numbers = {a["id"]: a["n"] for a in cr_numbers(db, bridge["id"])}
    assert {k: numbers[k] for k in bridge_numbers} == bridge_numbers  # unchanged by the add
    assert max(numbers.values()) == len(bridge_numbers) + 1  # the new one got a new number

    # move an article, delete one, delete a story
    moved = next(a for a in stories[new_id]["articles"] if "more-election" in a)
    cr("story", "move", moved, lone_story, "--db", str(db))
    assert moved in listing(db)[lone_story]["articles"]
    cr("story", "rm", "--article", moved, "--db", str(db))
    assert moved not in json.dumps(listing(db))
    out = cr("story", "rm", merged, "--db", str(db), "--format", "json").stdout
    assert json.loads(out)["articles_removed"] == 3
    stories = listing(db)
    assert merged not in stories
    with open_store(db) as store:
        assert store.count() == sum(s["size"] for s in stories.values())
        assert store.story_count() == len(stories)

    # mistakes are one-line messages, not tracebacks
    bad = cr("story", "merge", "nosuch", bridge["id"], "--db", str(db), ok=False)
    assert bad.returncode != 0 and "nosuch" in bad.stderr and "Traceback" not in bad.stderr


def cr_numbers(db: Path, story_id: str) -> list[dict]:
    with open_store(db) as store:
        return [{"id": k, "n": v} for k, v in store.numbers(story_id).items()]


def test_same_text_again_with_date_url_outlet_fills_them_in(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    text = STORIES["pandas"][0]
    cr("stories", str(write(tmp_path / "a", "undated", text)), "--db", str(db))
    rows = tmp_path / "dated.jsonl"
    title, body = text.split("\n\n", 1)
    rows.write_text(
        json.dumps(
            {
                "id": "dated",
                "title": title,
                "text": body,
                "published": "2024-03-03",
                "url": "https://news.example/pandas",
                "outlet": "Vellmar Post",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    done = cr("stories", str(rows), "--db", str(db))
    assert "0 article(s) added, 1 already stored (1 filled in" in done.stderr
    (story,) = listing(db).values()
    assert (story["first_seen"], story["outlets"]) == ("2024-03-03", ["Vellmar Post"])
    with open_store(db) as store:
        (art,) = store.articles_of(story["id"])
        assert art.url == "https://news.example/pandas"
    brief = json.loads(
        cr("summarize", "--story", story["id"], "--db", str(db), "-f", "json").stdout
    )
    assert brief["story"] == {"id": story["id"], "title": story["title"]}  # one title everywhere


def test_search_covers_text_and_names_with_accents_and_case_folded(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    cr("stories", str(REPO / "examples" / "putin-syria-2017"), "--db", str(db))
    extra = write(
        tmp_path / "x",
        "sp",
        "Floods in São Paulo\n\nHeavy rain flooded streets of São Paulo on Monday, the city's "
        "mayor Ricardo Nunes said, and schools in the south of the city were closed.",
    )
    cr("stories", str(extra), "--db", str(db))

    def found(q: str) -> list[str]:
        doc = json.loads(cr("stories", "--db", str(db), "--search", q, "--format", "json").stdout)
        return [s["title"] for s in doc["stories"]]

    assert len(found("Shoigu")) == 1 and "Syria" in found("Shoigu")[0]  # a name in the text
    assert found("sao paulo") == found("SÃO PAULO") == ["Floods in São Paulo"]
    assert found("nunes") == ["Floods in São Paulo"]
    assert found("moscow times") and "Syria" in found("moscow times")[0]  # an outlet
    assert found("zzzz-nothing") == []
    assert found('" OR 1') == []  # operators are never interpreted
