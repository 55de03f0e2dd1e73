"""Story grouping benchmark: crossread (online) against the TF-IDF + average-link peer.

    .venv/bin/python bench/stories.py [--stream 100000] [--out bench/results/stories.md]

B-cubed precision/recall/F1 and ARI on every file of ../shared/eval_data/clustering,
each file grouped whole (all its articles at once), crossread in its online mode
(articles join stories one by one; nothing is regrouped).  Then the throughput of
a 100,000-article stream made by repeating and perturbing the dev articles, with
peak RSS.  Writes bench/results/stories.md.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from crossread.grouping.index import StoryIndex, StoryParams, default_params
from crossread.model import Article

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval_data" / "clustering"

Row = dict
Labels = list[str]


def load(name: str) -> list[Row]:
    with open(DATA / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def to_article(r: Row) -> Article:
    return Article(
        id=r["id"],
        text=r["text"],
        title=r.get("title") or None,
        published=r.get("publish_date") or r.get("published") or None,
        url=r.get("url") or None,
        source=r["id"],
    )


def gold(rows: Sequence[Row]) -> Labels:
    """Gold labels; the mmds noise label becomes one singleton per article."""
    return [f"noise:{r['id']}" if r.get("is_noise_cluster") else str(r["label"]) for r in rows]


def bcubed(pred: Sequence[str], true: Sequence[str]) -> tuple[float, float, float]:
    pc, tc, both = Counter(pred), Counter(true), Counter(zip(pred, true, strict=True))
    p = float(np.mean([both[(a, b)] / pc[a] for a, b in zip(pred, true, strict=True)]))
    r = float(np.mean([both[(a, b)] / tc[b] for a, b in zip(pred, true, strict=True)]))
    return p, r, 2 * p * r / (p + r)


def ari(pred: Sequence[str], true: Sequence[str]) -> float:
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score(true, pred))


# ---------------------------------------------------------------- systems


def crossread_system(params: StoryParams | None = None, embed: bool = True) -> Callable:
    def run(rows: Sequence[Row]) -> Labels:
        index = StoryIndex(params, embed=embed)
        return index.add_many([to_article(r) for r in rows])

    return run


def peer(rows: Sequence[Row]) -> Labels:
    """TF-IDF (English stop words, sublinear tf) + average-link agglomerative, cosine distance 0.85."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(rows) < 2:
        return ["0"] * len(rows)
    texts = [((r.get("title") or "") + "\n" + r["text"]).strip() for r in rows]
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts).toarray()
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=0.85
    )
    return [str(v) for v in model.fit_predict(x)]


# ---------------------------------------------------------------- the sets


def evaluate(system: Callable[[Sequence[Row]], Labels]) -> dict[str, dict[str, float]]:
    res: dict[str, dict[str, float]] = {}

    def score(name: str, pred: Labels, true: Labels) -> None:
        p, r, f = bcubed(pred, true)
        res[name] = {"P": p, "R": r, "F1": f, "ARI": ari(pred, true), "n": len(true)}

    mmds = load("mmds2025_dev.jsonl")
    en = [r for r in mmds if r.get("lang_guess") == "en"]
    score("mmds2025_dev English", system(en), gold(en))
    score("mmds2025_dev all", system(mmds), gold(mmds))

    ecb = load("ecbplus_dev.jsonl")
    whole = system(ecb)
    topics = sorted({r["topic"] for r in ecb})
    per_w: list[tuple[float, float, float, float]] = []
    per_t: list[tuple[float, float, float, float]] = []
    for t in topics:
        idx = [i for i, r in enumerate(ecb) if r["topic"] == t]
        sub = [ecb[i] for i in idx]
        pw = [f"{t}:{whole[i]}" for i in idx]
        pt = [f"{t}:{x}" for x in system(sub)]
        g = [f"{t}:{x}" for x in gold(sub)]
        per_w.append((*bcubed(pw, g), ari(pw, g)))
        per_t.append((*bcubed(pt, g), ari(pt, g)))
    for name, per in (("file grouped whole", per_w), ("each topic alone", per_t)):
        m = np.mean(np.array(per), axis=0)
        res[f"ecbplus_dev within topic ({name})"] = {
            "P": m[0],
            "R": m[1],
            "F1": m[2],
            "ARI": m[3],
            "n": len(ecb),
        }
    score("ecbplus_dev whole", whole, gold(ecb))

    mn = load("multinews_mixed_dev.jsonl")
    score("multinews_mixed_dev", system(mn), gold(mn))
    return res


# ---------------------------------------------------------------- robustness

TRAIN = ROOT.parent / "shared" / "eval_data" / "mds" / "train.jsonl"


def halves(rows: Sequence[Row], seed: int) -> list[Row]:
    """The articles of a random half of the gold clusters (noise articles count one by one)."""
    true = gold(rows)
    labels = sorted(set(true))
    keep = set(random.Random(seed).sample(labels, len(labels) // 2))
    return [r for r, g in zip(rows, true, strict=True) if g in keep]


def train_piles(n: int = 3, clusters: int = 110) -> list[list[Row]]:
    """Piles of ``clusters`` random Multi-News training clusters each, articles shuffled
    (that text is lowercased and truncated: no names by capitals, no headlines, no dates)."""
    with open(TRAIN, encoding="utf-8") as fh:
        rows = sorted((json.loads(x) for x in fh if x.strip()), key=lambda r: r["id"])
    piles = []
    for k in range(n):
        rng = random.Random(1000 + k)
        pile = [
            {"id": f"{c['id']}#{j}", "text": d, "label": c["id"]}
            for c in rng.sample(rows, clusters)
            for j, d in enumerate(c["documents"])
        ]
        rng.shuffle(pile)
        piles.append(pile)
    return piles


def robustness(systems: dict[str, Callable], seeds: int = 8) -> str:
    """Mean B-cubed P / R / F1 (and the F1 range) of each system over random halves of the
    dev files' gold clusters and over piles of Multi-News training clusters."""
    mm = [r for r in load("mmds2025_dev.jsonl") if r.get("lang_guess") == "en"]
    groups = {
        f"multinews_mixed_dev, {seeds} random halves": [
            halves(load("multinews_mixed_dev.jsonl"), s) for s in range(seeds)
        ],
        f"mmds2025_dev English, {seeds} random halves": [halves(mm, s) for s in range(seeds)],
        f"ecbplus_dev whole, {seeds} random halves": [
            halves(load("ecbplus_dev.jsonl"), s) for s in range(seeds)
        ],
    }
    if TRAIN.exists():
        piles = train_piles()
        groups[f"{len(piles)} piles of 110 Multi-News train clusters (lowercased)"] = piles
    lines = [
        "| resamples | system | B3 P | B3 R | B3 F1 (mean) | F1 min-max |",
        "|---|---|---|---|---|---|",
    ]
    for gname, samples in groups.items():
        for name, system in systems.items():
            scores = np.array([bcubed(system(rows), gold(rows)) for rows in samples])
            p, r, f = scores.mean(axis=0)
            lines.append(
                f"| {gname} ({sum(map(len, samples))} articles in all) | {name} | {p:.3f} |"
                f" {r:.3f} | **{f:.3f}** | {scores[:, 2].min():.3f}-{scores[:, 2].max():.3f} |"
            )
    return "\n".join(lines)


def without_recheck() -> StoryParams:
    raw = json.loads(json.dumps(default_params().raw))
    raw["recheck"]["threshold"] = 0.0
    return StoryParams.from_dict(raw)


# ---------------------------------------------------------------- order and IDF effects


def one_by_one(arts: list[Article], true: Labels, order: list[int], frozen: bool) -> float:
    """B-cubed F1 of adding ``arts`` one at a time in ``order``; ``frozen``: with the whole
    file's document frequencies instead of those learnt so far."""
    index = StoryIndex()
    if frozen:
        for a in arts:
            index._count(a)  # noqa: SLF001 - the whole file's document frequencies
    df, n = index.df.copy(), index.n_docs
    for i in order:
        index.add(arts[i])
        if frozen:
            index.df, index.n_docs = df.copy(), n
    pred = [index.story_of(a.id) or "" for a in arts]
    return bcubed(pred, true)[2]


def order_effects(seeds: int = 5) -> str:
    """How much the arrival order and an IDF learnt from the stream itself cost: each file
    (1) as one batch in five shuffled orders (IDF of the whole batch), (2) one article at a
    time in file order and (3) in time order, the IDF learnt as they come, (4) in time order
    with the whole file's IDF."""
    from crossread.grouping.features import days

    lines = [
        "| set | batch, 5 shuffles (min-max) | one by one, file order, stream IDF |"
        " one by one, time order, stream IDF | one by one, time order, whole-file IDF |",
        "|---|---|---|---|---|",
    ]
    sets = [
        ("multinews_mixed_dev", load("multinews_mixed_dev.jsonl")),
        (
            "mmds2025_dev English",
            [r for r in load("mmds2025_dev.jsonl") if r.get("lang_guess") == "en"],
        ),
        ("ecbplus_dev whole", load("ecbplus_dev.jsonl")),
    ]
    for name, rows in sets:
        true = gold(rows)
        arts = [to_article(r) for r in rows]
        shuffled = []
        for seed in range(seeds):
            idx = list(range(len(rows)))
            random.Random(seed).shuffle(idx)
            pred = StoryIndex().add_many([arts[i] for i in idx])
            shuffled.append(bcubed(pred, [true[i] for i in idx])[2])
        timed = sorted(
            range(len(arts)),
            key=lambda i: (days(arts[i].published) is None, days(arts[i].published) or 0.0, i),
        )

        lines.append(
            f"| {name} | {min(shuffled):.3f}-{max(shuffled):.3f} | "
            f"{one_by_one(arts, true, list(range(len(arts))), False):.3f} | "
            f"{one_by_one(arts, true, timed, False):.3f} | {one_by_one(arts, true, timed, True):.3f} |"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- throughput

_WORDS = ["reportedly", "officials", "meanwhile", "update", "local", "sources", "according"]


def stream(n: int, seed: int = 7) -> list[Article]:
    """n articles: dev articles repeated with perturbations (dropped/added words, shifted dates)."""
    rng = random.Random(seed)
    rows = (
        load("mmds2025_dev.jsonl") + load("ecbplus_dev.jsonl") + load("multinews_mixed_dev.jsonl")
    )
    start = date(2020, 1, 1)
    out = []
    for i in range(n):
        r = rows[rng.randrange(len(rows))]
        words = r["text"].split(" ")[:400]
        for _ in range(5):
            if words:
                words[rng.randrange(len(words))] = rng.choice(_WORDS)
        day = start + timedelta(days=i * 365 // max(1, n // 3))  # ~3 years of news
        out.append(
            Article(
                id=f"stream:{i}",
                text=" ".join(words),
                title=r.get("title"),
                published=day.isoformat(),
                source="stream",
            )
        )
    return out


def throughput(n: int, batch: int = 1000, params: StoryParams | None = None) -> dict[str, float]:
    arts = stream(n)
    index = StoryIndex(params)
    index.add(arts[0])  # load the encoder outside the timing
    t0 = time.perf_counter()
    for i in range(1, n, batch):
        index.add_many(arts[i : i + batch])
    dt = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "n": n,
        "seconds": dt,
        "per_s": (n - 1) / dt,
        "peak_rss_mb": rss,
        "active_stories": len(index.stories),
        "evicted": index.evicted,
    }


# ---------------------------------------------------------------- report


def table(results: dict[str, dict[str, dict[str, float]]]) -> str:
    lines = ["| set | system | B3 P | B3 R | B3 F1 | ARI |", "|---|---|---|---|---|---|"]
    sets = next(iter(results.values())).keys()
    for s in sets:
        for name, res in results.items():
            m = res[s]
            lines.append(
                f"| {s} ({int(m['n'])}) | {name} | {m['P']:.3f} | {m['R']:.3f} | **{m['F1']:.3f}** | {m['ARI']:.3f} |"
            )
    return "\n".join(lines)


def minilm_params() -> StoryParams | None:
    """The default parameters with the real MiniLM encoder (headline + first 60 words), or
    None when the 'minilm' extra is not installed."""
    try:
        from crossread.encoder import get_encoder

        get_encoder("minilm").encode(["probe"])
    except Exception as exc:  # noqa: BLE001 - report and go on without that row
        print(
            f"MiniLM encoder unavailable ({type(exc).__name__}); its rows are skipped",
            file=sys.stderr,
        )
        return None
    raw = json.loads(json.dumps(default_params().raw))
    raw["embedding"] = {"encoder": "minilm", "opening_words": 60}
    raw["embed_floor"] = 0.2
    raw["weights"]["embed"] = 0.5
    return StoryParams.from_dict(raw)


def numeric(raw: dict) -> dict:
    """The parameters without the word list (it lives in the data file)."""
    return {k: v for k, v in raw.items() if not k.startswith("_") and k != "stopwords"}


TRIED = """## What was tried

Each idea was measured on the dev files with the same scoring as the table (B-cubed F1;
mmEN = mmds2025_dev English, mmALL = all languages, ecbWT = ECB+ within topic with the file
grouped whole, ecbW = ECB+ whole, mn = multinews_mixed_dev). Previous parameters (turning
everything below off reproduces them exactly): mmEN 0.940, mmALL 0.841, ecbWT 0.875,
ecbW 0.899, mn 0.902. Before the re-check: mmEN 0.952, mmALL 0.856, ecbWT 0.892, ecbW 0.912,
mn 0.901. Final: mmEN 0.952, mmALL 0.856, ecbWT 0.891, ecbW 0.909, mn 0.908.

Kept (src/crossread/data/stories.json); the numbers are the final set with that one piece off:

- **Re-check after each batch** (issue 14; `recheck`: threshold 0.2, after every batch of 2+
  articles and every 1,000 articles of a stream): the held-out sets lost mostly recall (stories
  cut into fragments), and on random halves of the dev clusters crossread was behind the peer
  on multinews (0.909 against 0.922, 12 halves), so fragments were merged by the peer's own
  measure: average link over all member pairs' TF-IDF word cosines (from the story sums, so
  exact and cheap), faded by time like every score, never across a user's split. Off -> on:
  mmEN 0.952 -> 0.952, mmALL 0.856 -> 0.856, ecbWT 0.892 -> 0.891, ecbW 0.912 -> 0.909,
  mn 0.901 -> 0.908; 12 random halves: mn 0.909 -> 0.915, mmEN 0.972 -> 0.972, ecbW 0.954 ->
  0.958; 6 piles of Multi-News train clusters 0.783 -> 0.795. Threshold 0.2 is the lowest that
  is neutral on mmds English: 0.18: mn 0.911, mmALL 0.852; 0.17: mmEN 0.944; 0.15: mn 0.913
  (halves 0.933) but mmEN 0.931, ecbWT 0.885; 0.12: ecbWT 0.829. With the combined score
  (words, names, embedding) instead of words: 0.15: mmEN 0.946, mn 0.907, train piles 0.755;
  0.13: mmEN 0.911. Both at once (words >= 0.12-0.15 and combined >= 0.12-0.14): mmEN
  0.931-0.939, mn 0.903-0.913.

- **Year conflict** (`conflict`): when the article and the story name years in their first 200
  characters (dateline, lead) and share none, the score is halved: two events of one kind,
  years apart (Klitschko's 2008 and 2012 title defences). Off: ecbWT 0.892 -> 0.879,
  ecbW 0.912 -> 0.902, others unchanged. Years from the whole text: ecbWT about the same but
  mn 0.902 -> 0.879 (background years, "in 2016 ..."); 400 characters: mn 0.895; factor 0.3
  instead of 0.5: ecbWT 0.884.
- **Numbers as strong evidence** (`entities.number_weight` 1.5: numbers weigh 1.5x names in
  the entity vector). Off (1.0): mmEN 0.952 -> 0.940, mmALL 0.856 -> 0.850, ecbWT 0.892 -> 0.873,
  ecbW 0.912 -> 0.898. 2.0: mmALL 0.835, mn 0.893; 0.5 or 0: worse everywhere.
- **Few entities are weak evidence** (`entities.min_count` 6: below 6 names/numbers the entity
  overlap counts proportionally less). From the mmds noise-cluster false merges (idea 4): two
  unrelated Chinese articles (a doctor's case, a university ranking) were joined by one shared
  number ("11"), an entity cosine of 0.39 over 2-3 entities. Off: mmALL 0.856 -> 0.850, but
  ecbWT 0.892 -> 0.897 and ecbW 0.912 -> 0.915 (kept for the multilingual case; a close call).
  The other noise-label merges are a Malay and an English version of one report and two reports
  of the same Indonesian trial: the same story told twice, which the gold (all singletons)
  counts as errors.
- **Threshold 0.175, merge 0.16** (re-tuned after the above; 0.18/0.17 before): 0.18/0.17 gives
  mmEN 0.948, mmALL 0.851, ecbWT 0.888, ecbW 0.907, mn 0.902.
- Candidate keys with equal weights are now ordered by the key (entity sets iterate in a
  per-process hash order, so results differed slightly between processes).

Measured and not kept:

- **MiniLM** (real all-MiniLM-L6-v2 on headline + first 60 words, `embedding.encoder: "minilm"`,
  floor/weight 0.2/0.5, its best setting in the search; the MiniLM row of the table): worse than
  the static encoder on every set but multinews (0.902 against 0.901), because it rates topic
  similarity: ECB+'s two events of one kind are one topic (ecbWT 0.865), and precision falls on
  mmds. During the search, together with the cohesion check below, it had reached mmEN 0.957 and
  mn 0.904, still with ecbWT 0.885. Its throughput is a small fraction of the static encoder's
  (below). Not the default; an option in the parameter file. Weight 1.0: mmEN 0.895.
- **Cohesion calibration** (join only if the average-link score is at least half the story's own
  mean member-to-member similarity, exact from the sums): mmEN +0.005, nothing else; but it
  refuses a paraphrase joining a story of two near-identical reports (wire copies), which broke
  the small-pile test without embeddings. Removed.
- **Headline / lead name conflicts** (names in the article's headline or first 200-400
  characters that the story never mentions, and the other way round): ecbWT +0.002 at best,
  mn 0.902 -> 0.84-0.87 (Multi-News openings are captions and boilerplate).
- **Sharper entity IDF** (idf^1.5, idf^2: down-weight names the whole pile shares harder):
  ecbWT 0.864-0.868, ECB+ each-topic-alone 0.76-0.81. Entities from the first 1,500-3,000
  characters only: mn 0.872-0.889.
- **Best single member** mixed into average link (0.2-0.4 of the score, last 8 members): no
  change or worse (mn 0.892-0.902).
- **Margin against the second-best story** (0.03-0.06; or a lower threshold 0.14-0.16 taken only
  when the best story scores 2-3x the second): mn 0.888-0.902, ECB+ each topic 0.865-0.880.
- Lower thresholds (0.13-0.16) with or without a margin: mn never above 0.902 (precision falls as
  fast as recall rises); more TF-IDF terms (400), more candidates (40 keys / 32 stories), the lead
  repeated in the TF-IDF, body capped at 3,000-6,000 characters, other weight/floor mixes:
  within +-0.005 or worse.
- **End-of-batch merge of fragments** (average link between active stories, merged best pair
  first while the pair score reaches a threshold; measured, then removed): multinews reaches
  0.905-0.909 only at thresholds <= 0.155, where ECB+ each topic falls to 0.879 (one merge of the
  2005 and 2008 Qeshm earthquakes) or mmds English to <= 0.946.
- **Issue 14, measured before changing anything** (table "Arrival order and a stream-learnt
  IDF" above): shuffling a batch moves F1 by about +-0.005 (multinews) to +-0.01 (ECB+); one
  article at a time with the IDF learnt as they come costs multinews 0.017 against the
  whole-file IDF in the same order (0.881 against 0.898), mmds English 0.005; mmds English in
  file order rather than time order loses another 0.024. So for piles grouped whole (the benchmark, and the held-out
  sets) neither is the cause of the multinews gap; for a new store fed one article at a time
  the stream IDF is.
- **Background IDF from a word-frequency table** (the `wordfreq` package, code Apache-2.0,
  data CC BY-SA 4.0; M pseudo-documents whose document frequencies come from English word
  frequencies, 1 - exp(-400 f)): batch M=50: no change (mmEN 0.953); M=200: mmEN 0.944,
  mn 0.895; M=1000: mmEN 0.935, ecbW 0.899, mn 0.889. One article at a time (file order,
  scored on the story returned at arrival, so before later merges): mn 0.873 -> 0.878
  (M=200) / 0.880 (M=1000), mmEN 0.928 -> 0.919-0.923. Not kept (no dependency added).
- **Periodic re-check, first try** (an earlier session; after each batch and every N articles,
  the stories that grew against their candidate stories by average link over all member pairs,
  best pair first; never across a user's split): combined score 0.14: mmEN 0.946, ecbWT 0.894,
  mn 0.902; 0.15: mmEN 0.946, mn 0.902; 0.16: no change. TF-IDF-only 0.15: mmEN 0.946, mn 0.902.
  A TF-IDF-only join rule for one article (join when its word average link reaches 0.15-0.3
  even if the combined score does not): 0.15: mn 0.906 but mmEN 0.931, ecbW 0.906. Not kept then
  (judged on the four dev files alone). See the next section for what was kept.
- **Chain repair by re-assigning a batch's articles** (after the batch, each article is taken out
  of its story and put back where it now scores best, if that beats its own story; a margin of
  0-0.02): ecbW 0.912 -> 0.916, ecbWT 0.892 -> 0.896, train piles 0.771 -> 0.823, but mn 0.901
  -> 0.897 and mmALL 0.856 -> 0.854; with the re-check: ecbW 0.906, mn 0.904. Not kept.
- **Lowercased text** (the train piles): capitalised sentence openings become "names", and the
  entity overlap (weight 0.8) then joins unrelated reports: entity weight 0 on those piles gives
  0.885 against 0.771 (peer 0.931). Cased news (every dev and held-out set) is not affected;
  not changed.
- Why multinews_mixed_dev stays near 0.90: only 68% of same-cluster article pairs score above
  the join threshold while 33 different-cluster pairs do; the leftover fragments of split gold
  clusters score 0.05-0.16 with each other, and 20 fragment pairs of different clusters score in
  the same range (some gold clusters are follow-ups of one story, e.g. two Multi-News clusters
  on the Barry Sherman deaths). No parameter tried moved it past the peer's 0.905.
"""


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stream", type=int, default=100_000)
    ap.add_argument("--minilm-stream", type=int, default=500)
    ap.add_argument("--no-minilm", dest="minilm", action="store_false")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "stories.md"))
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"{DATA} is missing", file=sys.stderr)
        return 1
    # the stream first, so that its peak RSS is not the MiniLM model's (ru_maxrss is a process peak)
    tp = throughput(args.stream) if args.stream else None
    results = {
        "crossread (online)": evaluate(crossread_system()),
        "crossread (online, no re-check)": evaluate(crossread_system(without_recheck())),
        "crossread (online, no embeddings)": evaluate(crossread_system(embed=False)),
    }
    mini = minilm_params() if args.minilm else None
    if mini is not None:
        results["crossread (online, MiniLM encoder)"] = evaluate(crossread_system(mini))
    results["peer TF-IDF + average link 0.85"] = evaluate(peer)
    md = table(results)
    print(md)
    effects = order_effects()
    print(effects)
    robust = robustness(
        {
            "crossread (online)": crossread_system(),
            "crossread (online, no re-check)": crossread_system(without_recheck()),
            "peer TF-IDF + average link 0.85": peer,
        }
    )
    print(robust)
    tp_mini = None
    if mini is not None and args.minilm_stream:
        from crossread.encoder import get_encoder

        get_encoder("minilm")._cache.clear()  # noqa: SLF001 - time real encoding, not cache hits
        tp_mini = throughput(args.minilm_stream, batch=100, params=mini)
    extra = []
    if args.stream != 100_000:
        extra.append(f"--stream {args.stream}")
    if args.minilm_stream != 500:
        extra.append(f"--minilm-stream {args.minilm_stream}")
    if not args.minilm:
        extra.append("--no-minilm")
    cmd = "    .venv/bin/python bench/stories.py" + "".join(" " + e for e in extra)
    params = json.dumps(numeric(default_params().raw))
    parts = [
        "# Story grouping: crossread vs peer",
        "",
        "Command (from the repository root):",
        "",
        cmd,
        "",
        "Each file is grouped whole (all its articles at once) except the 'each topic alone' ECB+ row.",
        "crossread runs online: document frequencies come from the batch, then articles join stories one",
        "by one, oldest first; nothing is regrouped. After the batch, the re-check merges fragments: each",
        "story that grew is compared with the stories sharing its index keys by average link over all",
        "member pairs' TF-IDF word cosines, best pair first, while a pair reaches `recheck.threshold`",
        "(the 'no re-check' row turns it off). mmds2025 noise-label articles count as singletons.",
        "ECB+ 'within topic' scores each topic's articles against its two gold events (B-cubed P, R, F1",
        "and ARI averaged over the 22 topics, as the peer figures of eval_data/README.md).",
        "One parameter set, src/crossread/data/stories.json (its numbers below; the stop-word list is",
        "in that file):",
        "",
        f"    {params}",
        "",
        "The MiniLM row uses the same parameters with the real all-MiniLM-L6-v2 encoder on headline",
        "+ first 60 words (embed floor 0.2, weight 0.5; its best setting); it is an option, not the default.",
        "",
        md,
        "",
        "## Arrival order and a stream-learnt IDF (issue 14: measured first)",
        "",
        "B-cubed F1 of the default parameters. Files without dates (multinews_mixed) are taken in",
        "file order either way. A store learns its IDF from every article it holds, so the stream-IDF",
        "cost applies to the first few hundred articles of a new store.",
        "",
        effects,
        "",
        "## Robustness: random halves and a second mixed pile",
        "",
        "So that one parameter set is not fitted to four dev files: each system on 8 random halves of",
        "the gold clusters of three dev files (a half keeps every article of its clusters; seeds 0-7)",
        "and on 3 piles of 110 random Multi-News training clusters each (../shared/eval_data/mds/",
        "train.jsonl, seeds 1000-1002, articles shuffled). That text is lowercased and truncated (no",
        "names by capitals, no headlines, no dates), so the piles check trends of recall and",
        "precision, not the figures a cased pile would give.",
        "",
        robust,
        "",
    ]
    if tp:
        print(tp)
        parts += [
            "## Throughput",
            "",
            f"A stream of {tp['n']:,} articles (dev articles repeated with 5 words replaced each, dated",
            "over ~3 years), added in batches of 1,000 to one StoryIndex:",
            f"**{tp['per_s']:.0f} articles/s** ({tp['seconds']:.1f} s), peak RSS {tp['peak_rss_mb']:.0f} MB",
            f"(whole process), {tp['active_stories']:,} stories in the active window at the end,",
            f"{tp['evicted']:,} evicted, with the default (static) encoder. Machine: 2 shared cores;",
            "timings are noisy.",
            "",
        ]
    if tp_mini:
        print(tp_mini)
        parts += [
            f"With the MiniLM encoder, a stream of {tp_mini['n']:,} of the same articles (fewer: MiniLM",
            f"encodes every new text, so 100,000 would take hours), batches of 100: **{tp_mini['per_s']:.1f}",
            f"articles/s** ({tp_mini['seconds']:.1f} s; the encoder's cache emptied first) — affordable for",
            "a pile of a few hundred articles, not for a stream.",
            "",
        ]
    parts.append(TRIED)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(parts), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
