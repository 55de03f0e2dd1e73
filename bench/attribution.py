"""Who said what (issue 11): quote groups and speakers against the exhaustive cross-check gold,
and what the attribution layer costs in time.

    .venv/bin/python bench/attribution.py                 # writes bench/results/attribution.md
    .venv/bin/python bench/attribution.py --baseline /work/main    # also score another checkout

1. Runs ../shared/eval_data/crosscheck/score.py (the annotators' own scorer, unchanged) on the 24
   dev clusters with this checkout's `crossread check`, and reports its quote parts: qgroup_p
   (groups of renderings that are one gold statement), qgroup_r (gold statements quoted by two or
   more outlets that a right group covers), qspeaker_p (named speakers that are right) and
   qspeaker_given (matched quotes that name a speaker).
2. Times the attribution layer (crossread.attribution.quotations over every article) against the
   whole summary of the same stories (Multi-News dev) and against the example's check, in one
   process, so the share it adds can be read from one run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "eval_data"
if not SHARED.exists():
    SHARED = Path("/work/shared/eval_data")
CROSSCHECK = SHARED / "crosscheck"
RESULTS = REPO / "bench" / "results" / "attribution.md"
PARTS = ("qgroup_p", "qgroup_r", "qspeaker_p", "qspeaker_given")
TARGETS = {"qgroup_p": 0.90, "qgroup_r": 0.60, "qspeaker_p": 0.95, "qspeaker_given": 0.80}


def score(checkout: Path) -> dict[str, dict]:
    """score.py's figures for `crossread check` of one checkout (its src and its .venv)."""
    env = dict(os.environ, PYTHONPATH=str(checkout / "src"))
    out = subprocess.run(
        [
            sys.executable,
            "score.py",
            "--gold",
            "gold.jsonl",
            "--clusters",
            ".",
            "--crossread",
            str(checkout / ".venv" / "bin" / "crossread"),
            "--json",
        ],
        cwd=CROSSCHECK,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def timings(repeats: int = 3) -> dict[str, float]:
    """Seconds: attribution over the dev stories vs their summaries; over the example vs its check."""
    sys.path.insert(0, str(REPO / "bench"))
    from quality import DEV, load

    import crossread
    from crossread.attribution import quotations
    from crossread.crosscheck.report import check
    from crossread.ingest.split import split
    from crossread.options import Options
    from crossread.summary.summarizer import summarize

    stories = load(DEV)
    options = Options(words=250, check=False)
    example = crossread.read([str(REPO / "examples" / "putin-syria-2017")]).articles
    summarize(stories[0][1], options)  # load the encoder and scorer once
    check(example)

    def best(fn) -> float:  # type: ignore[no-untyped-def]
        runs = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t0)
        return min(runs)

    splits = [[(a, split(a)) for a in arts] for _, arts, _ in stories]
    ex_splits = [(a, split(a)) for a in example]
    return {
        "summaries": best(lambda: [summarize(arts, options) for _, arts, _ in stories]),
        "attribution_in_summaries": best(
            lambda: [quotations(a, ss) for story in splits for a, ss in story]
        ),
        "example_check": best(lambda: check(example)),
        "attribution_in_check": best(lambda: [quotations(a, ss) for a, ss in ex_splits]),
        "stories": len(stories),
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline", type=Path, help="another checkout to score in the same run")
    ap.add_argument("--out", type=Path, default=RESULTS, help="results file ('-' for none)")
    args = ap.parse_args(argv)
    rows = [("this checkout", score(REPO))]
    if args.baseline:
        rows.append((f"baseline {args.baseline}", score(args.baseline)))
    t = timings()
    lines = [
        "# Who said what (issue 11)",
        "",
        "Command: `.venv/bin/python bench/attribution.py"
        + (f" --baseline {args.baseline}" if args.baseline else "")
        + "`  ",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores (shared), Python"
        f" {platform.python_version()}.",
        "",
        "## Quotes against the exhaustive gold (../shared/eval_data/crosscheck, 24 dev clusters)",
        "",
        "Scored by the annotators' `score.py` (unchanged), which runs `crossread check cNN"
        " --format json`.",
        "",
        "| checkout | " + " | ".join(PARTS) + " |",
        "|---|" + "---|" * len(PARTS),
    ]
    for name, res in rows:
        cells = [f"{res[p]['ratio']:.2f} ({res[p]['ok']}/{res[p]['n']})" for p in PARTS]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append(
        "| target (held-out) | " + " | ".join(f">= {TARGETS[p]:.2f}" for p in PARTS) + " |"
    )
    # what the layer adds to the rest of the work
    share_s = 100 * t["attribution_in_summaries"] / (t["summaries"] - t["attribution_in_summaries"])
    share_c = 100 * t["attribution_in_check"] / (t["example_check"] - t["attribution_in_check"])
    lines += [
        "",
        "## What the attribution layer costs (best of 3, one process)",
        "",
        "| work | whole | attribution layer alone | added to the rest |",
        "|---|---|---|---|",
        f"| summaries of {t['stories']} Multi-News dev stories (250 words) |"
        f" {t['summaries']:.2f} s | {t['attribution_in_summaries']:.2f} s | {share_s:.1f} % |",
        f"| check of examples/putin-syria-2017 | {1000 * t['example_check']:.0f} ms |"
        f" {1000 * t['attribution_in_check']:.1f} ms | {share_c:.1f} % |",
        "",
        "The summary and the check run the layer once per article (the check shares it between"
        " quotes and attributions; attributions add one scan for reported speech). Bar: at most"
        " +10 %.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if str(args.out) != "-":
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
