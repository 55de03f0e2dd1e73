"""Peak memory of summarising one pile of many short articles (issue 16: 11 GB at 5,000 before).

    .venv/bin/python bench/memory.py                 # 5,000 articles; writes bench/results/memory.md
    .venv/bin/python bench/memory.py --articles 2000 --out -

The pile: the first N documents of ../shared/eval_data/mds/train.jsonl (short, truncated news
texts), each cut to its first 80 words, all given to one ``summarize`` call (no cross-check:
this measures the summary). Each size runs in a fresh child process; peak = its maximum
resident set size (``resource.getrusage``), so model loading is included. A baseline of the
same child without the summarize call (imports and reading only) is shown beside it.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TRAIN = REPO.parent / "shared" / "eval_data" / "mds" / "train.jsonl"
OUT = REPO / "bench" / "results" / "memory.md"


def child(n: int, summarise: bool) -> None:
    from crossread.model import Article
    from crossread.options import Options
    from crossread.summary.summarizer import summarize

    arts: list[Article] = []
    with TRAIN.open(encoding="utf-8") as fh:
        for line in fh:
            for doc in json.loads(line)["documents"]:
                if len(arts) < n:
                    arts.append(Article(id=f"a{len(arts)}", text=" ".join(doc.split()[:80])))
            if len(arts) >= n:
                break
    start = time.perf_counter()
    words = 0
    if summarise:
        brief = summarize(arts, Options(words=250, check=False))
        words = sum(len(s.text.split()) for s in brief.summary)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps({"articles": len(arts), "peak_mb": peak_mb, "seconds": seconds, "words": words})
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", default="2000,5000", help="comma-separated pile sizes")
    ap.add_argument("--out", default=str(OUT), help="results file ('-' for none)")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        child(args.child, summarise=not args.baseline)
        return 0
    if not TRAIN.exists():
        print(f"skipped: {TRAIN} is missing (the shared evaluation data)")
        return 0
    rows = []
    for n in [int(x) for x in args.articles.split(",")]:
        got = {}
        for baseline in (True, False):
            cmd = [sys.executable, __file__, "--child", str(n)] + (
                ["--baseline"] if baseline else []
            )
            got[baseline] = json.loads(
                subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            )
        r, b = got[False], got[True]
        rows.append(
            f"| {r['articles']} | {r['peak_mb']:.0f} MB | {b['peak_mb']:.0f} MB | "
            f"{r['seconds']:.1f} s | {r['words']} |"
        )
        print(rows[-1], file=sys.stderr)
    lines = [
        "# Peak memory of summarising one pile of short articles",
        "",
        f"Command: `.venv/bin/python bench/memory.py --articles {args.articles}` (first N documents of "
        "`../shared/eval_data/mds/train.jsonl`, each cut to 80 words, one `summarize` call, "
        "250 words, no cross-check; peak RSS of a fresh child process; target < 1 GB at 5,000, "
        "was 11 GB with the dense sentence x sentence matrix).",
        "",
        "| articles | peak RSS | same process without summarising | summarise time | summary words |",
        "|---|---|---|---|---|",
        *rows,
        "",
    ]
    if args.out != "-":
        Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
