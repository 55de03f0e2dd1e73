"""Citations name the articles that carry a sentence (hand-labelled set: tests/data/citations.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crossread import Options, read
from crossread.summarize import cite, score_story

GOLD = Path(__file__).parent / "data" / "citations.jsonl"


@pytest.mark.parametrize("encoder", ["tfidf", "static"])
def test_citations_are_precise_and_find_most_carriers(example_dir: Path, encoder: str) -> None:
    articles = list(read([str(example_dir)]).articles)
    ids = {a.id[:3]: a.id for a in articles}
    scored = score_story(articles)
    sentences = scored.matrix.sentences
    items = [json.loads(line) for line in GOLD.read_text().splitlines()]
    chosen = [
        next(
            i
            for i, s in enumerate(sentences)
            if s.article_id == ids[item["article"]] and s.text.startswith(item["starts"])
        )
        for item in items
    ]
    found = cite(scored, chosen, Options(encoder=encoder))
    tp = fp = fn = 0
    for item, i in zip(items, chosen, strict=True):
        cited = {sentences[j].article_id for j, _ in found[i]} - {sentences[i].article_id}
        cited -= {ids[p] for p in item["optional"]}
        gold = {ids[p] for p in item["carriers"]}
        tp, fp, fn = tp + len(cited & gold), fp + len(cited - gold), fn + len(gold - cited)
        assert found[i][0][0] == i  # the sentence itself comes first
    assert tp / (tp + fp) >= 0.9  # a wrong citation misleads: precision first
    assert tp / (tp + fn) >= 0.6
