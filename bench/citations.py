"""Do summary citations name every article that carries a sentence, and only those? Per encoder.

Also: is the evidence sentence shown the one that carries it (held-in set: labelled evidence),
and is an article that states another value ever cited (held-in set: `conflicting`)?

    .venv/bin/python bench/citations.py        # writes bench/results/citations.md

Two hand-labelled sets (see tests/data/citations.md), each sentence with the other articles that
carry the same information:
- example: tests/data/citations.jsonl, 32 sentences of examples/putin-syria-2017;
- dev: tests/data/citations_dev.jsonl, 42 sentences of 3 Multi-News dev stories, read from
  ../shared/eval_data/mds/dev.jsonl (skipped with a message when absent).
The dev set was labelled before the system's output was looked at. The default cite_threshold
(0.48) was then chosen on both sets (highest recall with precision >= 0.94 on each), so both are
in-sample for that one number; the earlier default, 0.56, chosen on the example alone, measured
0.92 / 0.31 on dev.
Each labelled sentence is cited the way a summary sentence is (crossread.summary.summarizer.cite) and the
cited articles are compared with the gold ones: micro precision and recall over (sentence,
article) pairs; "optional" articles count neither way.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from crossread import Article, Options, read  # noqa: E402
from crossread.ingest.sources import iter_story_records  # noqa: E402
from crossread.summary.summarizer import Scored, cite, score_story  # noqa: E402

DATA = REPO / "tests" / "data"
EXAMPLE = REPO / "examples" / "putin-syria-2017"
DEV = REPO.parent / "shared" / "eval_data" / "mds" / "dev.jsonl"
OUT = REPO / "bench" / "results" / "citations.md"
THRESHOLDS = (0.4, 0.44, 0.46, 0.48, 0.5, 0.52, 0.56, 0.6, 0.7)

# sentence number in the scored story, carriers, optional, conflicting, evidence opening per carrier
Item = tuple[int, set[str], set[str], set[str], dict[str, str]]
Case = tuple[Scored, list[Item]]  # one story and its labelled sentences


def case(articles: list[Article], items: list[dict]) -> Case:
    """Score the story and find its labelled sentences. Articles are named by id or, in the
    example set, by the file name's three-digit prefix."""
    ids = {a.id: a.id for a in articles} | {a.id[:3]: a.id for a in articles if a.id[:3].isdigit()}
    scored = score_story(articles)
    sentences = scored.matrix.sentences
    gold = [
        (
            next(
                i
                for i, s in enumerate(sentences)
                if s.article_id == ids[it["article"]] and s.text.startswith(it["starts"])
            ),
            {ids[a] for a in it["carriers"]},
            {ids[a] for a in it["optional"]},
            {ids[a] for a in it.get("conflicting", ())},
            {ids[a]: text for a, text in it.get("evidence", {}).items()},
        )
        for it in items
        if any(  # a sentence the splitter cuts elsewhere cannot be looked up: counted below
            s.article_id == ids[it["article"]] and s.text.startswith(it["starts"])
            for s in sentences
        )
    ]
    return scored, gold


def load_sets() -> dict[str, list[Case]]:
    lines = (DATA / "citations.jsonl").read_text().splitlines()
    sets = {"example": [case(list(read([str(EXAMPLE)]).articles), [json.loads(x) for x in lines])]}
    if not DEV.exists():
        print(f"dev set skipped: {DEV} is missing (the shared evaluation data)")
        return sets
    for name, path in (("dev", "citations_dev.jsonl"), ("heldin", "citations_heldin.jsonl")):
        items: dict[str, list[dict]] = {}
        for line in (DATA / path).read_text().splitlines():
            item = json.loads(line)
            items.setdefault(item["story"], []).append(item)
        with DEV.open() as lines:  # only the labelled stories are read
            wanted = io.StringIO("".join(x for x in lines if json.loads(x)["id"] in items))
        sets[name] = [case(arts, items[sid]) for sid, arts in iter_story_records(wanted)]
    return sets


def _same_sentence(shown: str, gold: str) -> bool:
    """The evidence shown is the labelled sentence (its opening, whitespace folded)."""
    a, b = " ".join(shown.split()), " ".join(gold.split())
    return b[:40] in a or a[:40] in b


def score(cases: list[Case], options: Options) -> dict[str, float]:
    """Micro precision, recall, F1 over (sentence, other article) pairs; the same for the
    evidence sentence shown (right when it is the labelled sentence of a carrier); conflicting
    articles cited; seconds spent citing."""
    tp = fp = fn = 0
    ev_right = ev_shown = ev_gold = conflicts = 0
    labelled = any(it[4] for _, gold in cases for it in gold)  # sets with evidence labels
    seconds = 0.0
    for scored, gold in cases:
        chosen = [i for i, *_ in gold]
        start = time.perf_counter()
        found = cite(scored, chosen, options)
        seconds += time.perf_counter() - start
        sents = scored.matrix.sentences
        for i, truth, optional, conflicting, evidence in gold:
            shown = {sents[j].article_id: sents[j].text for j, _ in found[i][1:]}
            cited = set(shown) - optional
            tp, fp, fn = tp + len(cited & truth), fp + len(cited - truth), fn + len(truth - cited)
            conflicts += len(set(shown) & conflicting)
            right = sum(
                1 for a in cited & truth if a in evidence and _same_sentence(shown[a], evidence[a])
            )
            ev_right += right
            ev_shown += len(cited)
            ev_gold += len(truth)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "p": p,
        "r": r,
        "f": f,
        "ev_p": ev_right / ev_shown if ev_shown and labelled else None,
        "ev_r": ev_right / ev_gold if ev_gold and labelled else None,
        "conflicts": conflicts,
        "seconds": seconds,
    }


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def main() -> None:
    sets = load_sets()
    default = Options()
    rows, sweep = [], []
    for encoder in ("tfidf", "static", "minilm"):
        options = default.with_(encoder=encoder)
        for name, cases in sets.items():
            score(cases, options)  # load the encoder first: time the citing, not the loading
            m = score(cases, options)
            rows.append(
                f"| {name} | {encoder} | {m['p']:.2f} | {m['r']:.2f} | {m['f']:.2f} | "
                f"{_num(m['ev_p'])} | {_num(m['ev_r'])} | {m['conflicts']} | "
                f"{m['seconds'] * 1000:.0f} ms |"
            )
            cells = []
            for threshold in THRESHOLDS:
                m = score(cases, options.with_(cite_threshold=threshold))
                cells.append(f"{m['f']:.2f} ({m['p']:.2f}/{m['r']:.2f})")
            sweep.append(f"| {name} | {encoder} | " + " | ".join(cells) + " |")
    sizes = "; ".join(
        f"{name}: {len(cases)} stor{'y' if len(cases) == 1 else 'ies'}, "
        f"{sum(len(g) for _, g in cases)} sentences, "
        f"{sum(len(it[1]) for _, g in cases for it in g)} (sentence, carrying article) pairs"
        for name, cases in sets.items()
    )
    lines = [
        "# Citations: precision and recall per encoder",
        "",
        "Command: `.venv/bin/python bench/citations.py`. Gold (`tests/data/citations.md`): "
        "`example` = `tests/data/citations.jsonl` (the example story); `dev` = "
        "`tests/data/citations_dev.jsonl` (Multi-News dev stories from "
        "`../shared/eval_data/mds/dev.jsonl`, labelled before looking at the output). The default "
        "threshold, 0.48, was chosen on both sets (highest recall with precision >= 0.94 on each); "
        "the earlier 0.56, chosen on the example alone, measured 0.92 / 0.31 on dev. "
        "`heldin` = `tests/data/citations_heldin.jsonl`: 8 more dev stories labelled by another "
        "person from the sources alone, with the evidence sentence of each carrier and the "
        "articles that state a conflicting value; only measured, nothing was chosen on it. "
        "Since issue 13 an article is cited only when its distinguishing names (those found in at "
        "most half of the articles) are near the evidence and no other figure is given there "
        "(crossread.summary.citation), at threshold 0.46. Before (0.48, similarity alone), static: "
        "example 0.94 / 0.87, dev 0.95 / 0.53, heldin 0.81 / 0.52 with evidence precision 0.52, "
        "recall 0.33 and 3 conflicting articles cited. Evidence precision = share of the cited "
        "carriers (optional ones left out) whose evidence shown is the labelled sentence; evidence "
        "recall = share of the labelled carriers cited with the labelled sentence. "
        f"{sizes}.",
        "",
        f"At the default threshold (`cite_threshold` = {default.cite_threshold}); time = citing all "
        "labelled sentences of the set, encoder loaded:",
        "",
        "| set | encoder | precision | recall | F1 | evidence precision | evidence recall | "
        "conflicting cited | time |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        "F1 (precision/recall) by threshold:",
        "",
        "| set | encoder | " + " | ".join(f"{t:.2f}" for t in THRESHOLDS) + " |",
        "|---|---|" + "---|" * len(THRESHOLDS),
        *sweep,
        "",
    ]
    OUT.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
