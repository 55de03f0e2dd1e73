"""Citations name the articles that carry a sentence (hand-labelled sets, see tests/data/citations.md)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from crossread import Article, Options, read
from crossread.ingest.sources import iter_story_records
from crossread.summary.summarizer import cite, score_story

DATA = Path(__file__).parent / "data"


def _precision_recall(
    stories: list[tuple[list[Article], list[dict]]], options: Options
) -> tuple[float, float]:
    """Micro precision and recall of the cited other articles over (sentence, article) pairs.
    Articles are named by id or, in the example set, by the file name's three-digit prefix."""
    tp = fp = fn = 0
    for articles, items in stories:
        ids = {a.id: a.id for a in articles} | {
            a.id[:3]: a.id for a in articles if a.id[:3].isdigit()
        }
        scored = score_story(articles)
        sentences = scored.matrix.sentences
        chosen = [
            next(
                i
                for i, s in enumerate(sentences)
                if s.article_id == ids[it["article"]] and s.text.startswith(it["starts"])
            )
            for it in items
        ]
        found = cite(scored, chosen, options)
        for item, i in zip(items, chosen, strict=True):
            assert found[i][0][0] == i  # the sentence itself comes first
            cited = {sentences[j].article_id for j, _ in found[i]} - {sentences[i].article_id}
            cited -= {ids[a] for a in item["optional"]}
            gold = {ids[a] for a in item["carriers"]}
            tp, fp, fn = tp + len(cited & gold), fp + len(cited - gold), fn + len(gold - cited)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


@pytest.mark.parametrize("encoder", ["tfidf", "static"])
def test_citations_are_precise_and_find_most_carriers(example_dir: Path, encoder: str) -> None:
    articles = list(read([str(example_dir)]).articles)
    items = [json.loads(line) for line in (DATA / "citations.jsonl").read_text().splitlines()]
    precision, recall = _precision_recall([(articles, items)], Options(encoder=encoder))
    assert precision >= 0.9  # a wrong citation misleads: precision first
    assert recall >= 0.6


def test_citations_hold_up_on_unseen_stories(shared_data: Path) -> None:
    """Out-of-sample: 42 labelled sentences of 3 Multi-News dev stories, default options."""
    items: dict[str, list[dict]] = {}
    for line in (DATA / "citations_dev.jsonl").read_text().splitlines():
        item = json.loads(line)
        items.setdefault(item["story"], []).append(item)
    with (shared_data / "mds" / "dev.jsonl").open() as lines:
        wanted = io.StringIO("".join(x for x in lines if json.loads(x)["id"] in items))
    stories = [(arts, items[sid]) for sid, arts in iter_story_records(wanted)]
    assert len(stories) == len(items)
    precision, recall = _precision_recall(stories, Options())
    # measured 0.95 / 0.53 at cite_threshold 0.48 (bench/results/citations.md)
    assert precision >= 0.85
    assert recall >= 0.45


def test_citations_say_how_strong_they_are_everywhere(example_dir: Path) -> None:
    """JSON gives a strength and a support label per evidence; Markdown, HTML and the terminal
    mark a partial citation "~n" and explain the marks."""
    from crossread import render, summarize
    from crossread.present.view import MARKS_LEGEND

    brief = summarize(list(read([str(example_dir)]).articles), Options(check=False))
    data = json.loads(render(brief, "json"))
    evidence = [e for s in data["summary"] for e in s["evidence"]]
    assert all(0.0 <= e["strength"] <= 1.0 for e in evidence)
    assert {e["support"] for e in evidence} <= {"strong", "partial"}
    # the sentence's own source is the strongest evidence there is
    assert all(s["evidence"][0]["strength"] == 1.0 for s in data["summary"])
    partial = [
        (i, e)
        for i, s in enumerate(data["summary"])
        for e in s["evidence"]
        if e["support"] == "partial"
    ]
    md = render(brief, "md")
    html = render(brief, "html")
    assert MARKS_LEGEND in md and "Citation marks" in html
    if partial:
        n = {a["id"]: a["n"] for a in data["articles"]}[partial[0][1]["article"]]
        assert f"~{n}" in md and f"~{n}" in html


def test_an_article_that_gives_another_figure_is_not_cited_but_flagged() -> None:
    """Same event, same names, another number: never cited, listed as disputed."""
    from crossread.summary.summarizer import summarize

    base = (
        "The city council of Springfield approved the new budget on Tuesday after a long debate. "
        "Mayor Ann Loomis said the vote was a relief for the city's schools."
    )
    articles = [
        Article(
            id="a",
            text="A 550-member delegation from Springfield arrived in Shelbyville on Monday for "
            "the trade fair, officials said. " + base,
        ),
        Article(
            id="b",
            text="A 400-member delegation from Springfield arrived in Shelbyville on Monday for "
            "the trade fair, officials said. " + base,
        ),
        Article(
            id="c",
            text="A 550-member delegation from Springfield arrived in Shelbyville on Monday for "
            "the annual trade fair, organisers said. " + base,
        ),
    ]
    brief = summarize(articles, Options(check=False, words=60))
    delegation = [s for s in brief.summary if "delegation" in s.text]
    assert delegation
    s = delegation[0]
    figure = "550" if "550" in s.text else "400"
    other = {"550": "b", "400": "a"}[figure]
    assert other not in s.article_ids
    assert other in [c.article_id for c in s.disputed]


def test_citations_on_the_set_labelled_from_the_sources_alone(shared_data: Path) -> None:
    """97 sentences of 8 dev stories labelled by another person before any output was seen
    (tests/data/citations_heldin.jsonl): precise, and articles with another figure not cited."""
    items: dict[str, list[dict]] = {}
    for line in (DATA / "citations_heldin.jsonl").read_text().splitlines():
        item = json.loads(line)
        items.setdefault(item["story"], []).append(item)
    with (shared_data / "mds" / "dev.jsonl").open() as lines:
        wanted = io.StringIO("".join(x for x in lines if json.loads(x)["id"] in items))
    stories = []
    for sid, arts in iter_story_records(wanted):
        sentences = score_story(arts).matrix.sentences
        found = [  # the splitter cuts two labelled sentences elsewhere (see bench/citations.py)
            it
            for it in items[sid]
            if any(
                s.article_id == it["article"] and s.text.startswith(it["starts"]) for s in sentences
            )
        ]
        stories.append(
            (arts, [dict(it, optional=it["optional"] + it["conflicting"]) for it in found])
        )
    precision, recall = _precision_recall(stories, Options())
    # measured 0.91 / 0.44 (bench/results/citations.md); the old 0.48 rule: 0.81 / 0.52
    assert precision >= 0.88
    assert recall >= 0.35
