"""Do summary citations name every article that carries a sentence, and only those? Per encoder.

    .venv/bin/python bench/citations.py        # writes bench/results/citations.md

Gold: tests/data/citations.jsonl (32 sentences of the example story, hand-labelled with the other
articles that carry the same information; see tests/data/citations.md). For each encoder, each
labelled sentence is cited the way a summary sentence is (crossread.summarize), and the cited
articles are compared with the gold ones (micro precision and recall over (sentence, article)
pairs; "optional" articles count neither way). The threshold sweep is in-sample (the same 32
sentences), so it shows the shape, not a tuned figure.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from crossread import Options, read  # noqa: E402
from crossread.summarize import cite, score_story  # noqa: E402

GOLD = REPO / "tests" / "data" / "citations.jsonl"
EXAMPLE = REPO / "examples" / "putin-syria-2017"
OUT = REPO / "bench" / "results" / "citations.md"


def load_gold(articles: list) -> list[tuple[int, set[str], set[str]]]:
    """(sentence number in the scored story, gold articles, optional articles) per item."""
    by_prefix = {a.id[:3]: a.id for a in articles}
    scored = score_story(articles)
    out = []
    for line in GOLD.read_text().splitlines():
        item = json.loads(line)
        article = by_prefix[item["article"]]
        index = next(
            i
            for i, s in enumerate(scored.matrix.sentences)
            if s.article_id == article and s.text.startswith(item["starts"])
        )
        gold = {by_prefix[p] for p in item["carriers"]}
        optional = {by_prefix[p] for p in item["optional"]}
        out.append((index, gold, optional))
    return out


def score(articles: list, gold: list, options: Options) -> tuple[float, float, float, float]:
    scored = score_story(articles)
    start = time.perf_counter()
    chosen = [i for i, _, _ in gold]
    by_sentence = cite(scored, chosen, options)
    sentences = scored.matrix.sentences
    cited = [
        {sentences[j].article_id for j, _ in by_sentence[i]} - {sentences[i].article_id}
        for i in chosen
    ]
    seconds = time.perf_counter() - start
    tp = fp = fn = 0
    for (_, truth, optional), found in zip(gold, cited, strict=True):
        found = found - optional
        tp += len(found & truth)
        fp += len(found - truth)
        fn += len(truth - found)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, seconds


def main() -> None:
    articles = list(read([str(EXAMPLE)]).articles)
    gold = load_gold(articles)
    default = Options()
    rows, sweep = [], []
    for encoder in ("tfidf", "static", "minilm"):
        options = default.with_(encoder=encoder)
        score(articles, gold, options)  # load the encoder first: time the citing, not the loading
        p, r, f, seconds = score(articles, gold, options)
        rows.append(f"| {encoder} | {p:.2f} | {r:.2f} | {f:.2f} | {seconds * 1000:.0f} ms |")
        cells = []
        for threshold in (0.45, 0.5, 0.55, 0.6, 0.65, 0.7):
            p, r, f, _ = score(articles, gold, options.with_(cite_threshold=threshold))
            cells.append(f"{f:.2f} ({p:.2f}/{r:.2f})")
        sweep.append(f"| {encoder} | " + " | ".join(cells) + " |")
    n_pairs = sum(len(g) for _, g, _ in gold)
    lines = [
        "# Citations: precision and recall per encoder",
        "",
        "Command: `.venv/bin/python bench/citations.py`. Gold: `tests/data/citations.jsonl`, "
        f"{len(gold)} sentences of the example story, {n_pairs} (sentence, carrying article) pairs.",
        "",
        f"At the default threshold (`cite_threshold` = {default.cite_threshold}); time = citing all "
        f"{len(gold)} sentences, encoder loaded:",
        "",
        "| encoder | precision | recall | F1 | time |",
        "|---|---|---|---|---|",
        *rows,
        "",
        "F1 (precision/recall) by threshold, in-sample:",
        "",
        "| encoder | 0.45 | 0.50 | 0.55 | 0.60 | 0.65 | 0.70 |",
        "|---|---|---|---|---|---|---|",
        *sweep,
        "",
    ]
    OUT.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
