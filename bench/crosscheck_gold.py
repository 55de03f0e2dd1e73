"""Score `crossread check` against every cross-check gold set we have, in one run.

    .venv/bin/python bench/crosscheck_gold.py [--crossread .venv/bin/crossread]

Sets:
- ``dev``: ../shared/eval_data/crosscheck (24 clusters, annotated exhaustively from the sources
  alone; the set the cross-check is tuned on);
- ``extra``: bench/data/crosscheck_extra/*.jsonl, 40 more Multi-News dev clusters annotated by
  helpers following the same PROTOCOL.md from the sources alone, before any output was seen
  (quotes not annotated). Only their labels live in the repository: the articles are taken from
  ../shared/eval_data/mds/dev.jsonl at run time by the cluster id each row carries. Nobody tunes on
  this set: it is a check that what works on ``dev`` carries over.

The scorer is the gold's own ``score.py`` (run as a child process with ``--json``). Writes
bench/results/crosscheck_gold.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval_data"
GOLD_DIR = SHARED / "crosscheck"
EXTRA_DIR = ROOT / "bench" / "data" / "crosscheck_extra"
PARTS = (
    "reuse_p",
    "reuse_r",
    "wholly_p",
    "direction_p",
    "conflict_p",
    "conflict_r",
    "incons_p",
    "incons_r",
    "qgroup_p",
    "qgroup_r",
    "qspeaker_p",
    "qspeaker_given",
)
NO_QUOTES = {"qgroup_p", "qgroup_r", "qspeaker_p", "qspeaker_given"}


def materialise(gold_files: list[Path], dest: Path) -> int:
    """Write cNN/dK.txt folders for the extra gold rows from the Multi-News dev file."""
    docs = {}
    with open(SHARED / "mds" / "dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            docs[row["id"]] = row["documents"]
    count = 0
    for gold in gold_files:
        for line in gold.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            folder = dest / row["cluster"]
            folder.mkdir(parents=True, exist_ok=False)
            for k, text in enumerate(docs[row["id"]]):
                (folder / f"d{k}.txt").write_text(text, encoding="utf-8")
            count += 1
    return count


def score(gold_files: list[Path], clusters: Path, crossread: str) -> dict:
    # the gold's own scorer, through bench/gold_score.py: it reads a list-valued gold
    # inconsistency text as its spans joined (score.py itself stops on one)
    shim = ROOT / "bench" / "gold_score.py"
    cmd = [sys.executable, str(shim), str(GOLD_DIR / "score.py"), "--gold", *map(str, gold_files)]
    cmd += ["--clusters", str(clusters), "--crossread", crossread, "--json"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def fmt(cell: dict | None) -> str:
    if not cell or not cell["n"]:
        return "n/a (0/0)"
    return f"{cell['ok'] / cell['n']:.2f} ({cell['ok']}/{cell['n']})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--crossread", default=str(ROOT / ".venv" / "bin" / "crossread"))
    args = ap.parse_args()
    if not GOLD_DIR.is_dir():
        sys.exit(f"crosscheck_gold: {GOLD_DIR} is missing (../shared beside the repository)")
    extra = sorted(EXTRA_DIR.glob("*.jsonl"))
    started = time.perf_counter()
    results = {"dev (24 clusters)": score([GOLD_DIR / "gold.jsonl"], GOLD_DIR, args.crossread)}
    with tempfile.TemporaryDirectory() as tmp:
        n = materialise(extra, Path(tmp))
        results[f"extra ({n} clusters)"] = score(extra, Path(tmp), args.crossread)
    took = time.perf_counter() - started

    names = list(results)
    lines = [
        "# Cross-check against gold made from the sources alone",
        "",
        "Command: `.venv/bin/python bench/crosscheck_gold.py` (from the repository root; "
        f"{took:.0f} s). Scorer: `../shared/eval_data/crosscheck/score.py`, run through "
        "`bench/gold_score.py` (a gold inconsistency whose text is a list of spans is read as "
        "the spans joined; score.py itself stops with an AttributeError on it).",
        "",
        "- **dev**: `../shared/eval_data/crosscheck`, the set the cross-check is tuned on.",
        "- **extra**: `bench/data/crosscheck_extra/` (labels only; articles from "
        "`../shared/eval_data/mds/dev.jsonl`), 40 other dev clusters labelled by helpers from the "
        "sources alone by the same protocol before any output was seen; not tuned on. Quotes were "
        "not annotated there, so its quote rows are left out. Small: read the counts.",
        "",
        "| part | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for part in PARTS:
        cells = [
            "—"
            if (part in NO_QUOTES and name.startswith("extra"))
            else fmt(results[name].get(part))
            for name in names
        ]
        lines.append(f"| {part} | " + " | ".join(cells) + " |")
    out = ROOT / "bench" / "results" / "crosscheck_gold.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
