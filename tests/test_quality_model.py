"""The trained sentence scorer: shipped in the package, loaded offline, ranks sensibly."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np

from crossread.model import Article
from crossread.options import Options
from crossread.summary.features import FEATURE_NAMES
from crossread.summary.summarizer import load_scorer, score_story, summarize


def test_scorer_ships_with_provenance_and_matches_the_features() -> None:
    raw = json.loads(resources.files("crossread.data").joinpath("scorer.json").read_text())
    assert "train.jsonl" in raw["_about"] and "licence" in raw["_about"].lower()
    assert raw["features"] == list(FEATURE_NAMES)
    assert len(raw["weights"]) == len(raw["mean"]) == len(raw["scale"]) == len(FEATURE_NAMES)
    scorer = load_scorer()
    assert np.all(np.isfinite(scorer.weights)) and np.any(scorer.weights != 0)


def test_scorer_loads_offline(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # no network and no model hub: the scorer is a JSON file inside the package
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr("socket.socket", None)
    load_scorer.cache_clear()
    assert load_scorer().weights.shape == (len(FEATURE_NAMES),)


LEAD_A = (
    "Flooding along the Danube forced the evacuation of 4,000 people in Passau on Monday, "
    "as the river rose to its highest level in 500 years."
)
LEAD_B = (
    "About 4,000 people were evacuated in Passau on Monday after the Danube rose to its "
    "highest level in 500 years, officials said."
)
LEAD_C = "The Danube reached its highest level in 500 years in Passau, where 4,000 people left their homes on Monday."
BOILER = (
    "Sign up for our newsletter to get the latest stories delivered to your inbox every morning."
)


def _flood_story() -> list[Article]:
    """Three reports of one flood, each ending with the same newsletter appeal (uncleaned)."""
    return [
        Article(id="a", text=f"{LEAD_A} Rescue boats moved through the old town. {BOILER}"),
        Article(id="b", text=f"{LEAD_B} Schools were closed across the district. {BOILER}"),
        Article(
            id="c", text=f"{LEAD_C} The army sent 600 soldiers to help fill sandbags. {BOILER}"
        ),
    ]


def test_boilerplate_never_reaches_a_summary_even_uncleaned() -> None:
    arts = _flood_story()
    scored = score_story(arts)
    texts = [s.text for s in scored.matrix.sentences]
    assert texts.count(BOILER) == 3  # the appeal reaches the scorer (it is in every article)
    summary = summarize(arts, Options(words=40, clean=False, check=False)).summary
    assert summary and "4,000" in summary[0].text
    assert len(summary[0].article_ids) == 3  # the lead is carried by all three reports
    assert all("newsletter" not in s.text for s in summary)


def test_supported_lead_sentence_outranks_the_other_news_sentences() -> None:
    scored = score_story(_flood_story())
    texts = [s.text for s in scored.matrix.sentences]
    leads = [scored.scores[texts.index(t)] for t in (LEAD_A, LEAD_B, LEAD_C)]
    others = [
        scored.scores[i] for i, t in enumerate(texts) if t not in (LEAD_A, LEAD_B, LEAD_C, BOILER)
    ]
    assert min(leads) > max(others)


def test_dev_story_summary_beats_lead_on_shared_data(shared_data: Path) -> None:
    """On a few real Multi-News stories the summary shares more bigrams with the
    human reference than the first article's opening does (same word budget)."""
    from collections import Counter

    def bigrams(text: str) -> Counter[tuple[str, str]]:
        w = [t.strip(".,;:\"“”'’()").lower() for t in text.split()]
        return Counter(zip(w, w[1:], strict=False))

    rows = [json.loads(line) for line in (shared_data / "mds" / "dev.jsonl").open()][:30]
    ours = lead = 0
    for row in rows:
        arts = [Article(id=str(i), text=d) for i, d in enumerate(row["documents"])]
        ref = bigrams(row["summary"])
        summ = " ".join(s.text for s in summarize(arts, Options(words=150, check=False)).summary)
        first = " ".join(row["documents"][0].split()[: len(summ.split())])
        ours += sum((bigrams(summ) & ref).values())
        lead += sum((bigrams(first) & ref).values())
    assert ours > lead
