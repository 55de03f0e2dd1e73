"""Speed and memory of the foundation path, against sumy LexRank in the same run.

    .venv/bin/python bench/speed.py            # writes bench/results/speed.md

Measures (each in a fresh process, so imports and model loading count where they should):
- `crossread --help` and the CLI's cold start on the example story;
- summarising the example story with models already loaded (median of repeated runs);
- the batch path over ../shared/eval_data/mds/dev.jsonl (whole process: imports, reading, summaries),
  stories/s and peak RSS, next to sumy LexRank run the same way over the same stories.
Absolute times are noisy on a shared machine; the ratio to the peer is the figure to read.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "eval_data" / "mds" / "dev.jsonl"
EXAMPLE = REPO / "examples" / "putin-syria-2017"
OUT = REPO / "bench" / "results" / "speed.md"
CLI = [sys.executable, "-m", "crossread.cli.main"]

LEXRANK = r"""
import json, sys
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words
import re
class Tok:
    language = "english"
    def to_sentences(self, text):
        return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    def to_words(self, sentence):
        return re.findall(r"\w+", sentence)
summarizer = LexRankSummarizer(Stemmer("english"))
summarizer.stop_words = get_stop_words("english")
n = 0
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    for line in f:
        story = json.loads(line)
        parser = PlaintextParser.from_string("\n\n".join(story["documents"]), Tok())
        words, picked = 0, []
        for s in summarizer(parser.document, 30):
            picked.append(str(s)); words += len(str(s).split())
            if words >= 250: break
        out.write(json.dumps({"id": story["id"], "summary": "\n".join(picked)}) + "\n"); n += 1
print(n)
"""


_WRAP = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
    "print('peak_kib', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(r.returncode)"
)


def timed(cmd: list[str], **kwargs: object) -> tuple[float, int, subprocess.CompletedProcess[str]]:
    """Wall seconds, the command's own peak RSS (KiB), and the result."""
    start = time.perf_counter()
    result = subprocess.run(  # type: ignore[call-overload]
        [sys.executable, "-c", _WRAP, *cmd], capture_output=True, text=True, **kwargs
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stderr[-2000:]}")
    peak = int(result.stderr.rsplit("peak_kib", 1)[1].split()[0])
    return wall, peak, result


def warm_example() -> float:
    """Median seconds to summarise the example with models loaded (in this process)."""
    sys.path.insert(0, str(REPO / "src"))
    import crossread

    options = crossread.Options(check=False)
    articles = crossread.read([str(EXAMPLE)], options).articles
    crossread.summarize(articles, options)  # load models, fill caches
    times = []
    for _ in range(20):
        start = time.perf_counter()
        crossread.summarize(articles, options)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    rows = []
    wall, _, _ = timed([*CLI, "--help"], env=env)
    rows.append(("`crossread --help`", f"{wall:.2f} s", ""))
    wall, _, _ = timed([*CLI, "summarize", str(EXAMPLE), "--format", "md"], env=env)
    rows.append(("CLI cold start: example story, summary + cross-check", f"{wall:.2f} s", ""))
    rows.append(
        (
            "example story, models loaded (median of 20)",
            f"{warm_example() * 1000:.1f} ms",
            "< 100 ms",
        )
    )

    if DEV.exists():
        n = sum(1 for _ in DEV.open())
        with tempfile.TemporaryDirectory() as tmp:
            ours = Path(tmp) / "ours.jsonl"
            wall, rss, _ = timed(
                [*CLI, "summarize", "--jsonl", str(DEV), "--out", str(ours), "--words", "250"],
                env=env,
            )
            rows.append(
                (
                    f"batch over dev ({n} stories), whole process",
                    f"{wall:.2f} s = {n / wall:.1f} stories/s, peak {rss / 1024:.0f} MB",
                    ">= 20 stories/s, < 2 GB",
                )
            )
            peer = Path(tmp) / "lexrank.jsonl"
            pwall, prss, _ = timed([sys.executable, "-c", LEXRANK, str(DEV), str(peer)])
            rows.append(
                (
                    "peer: sumy LexRank over dev, whole process",
                    f"{pwall:.2f} s = {n / pwall:.1f} stories/s, peak {prss / 1024:.0f} MB",
                    f"crossread is {pwall / wall:.1f}x as fast",
                )
            )
    else:
        rows.append(("batch over dev", "skipped: ../shared/eval_data is missing", ""))

    lines = [
        "# Speed and memory",
        "",
        "Command: `.venv/bin/python bench/speed.py` "
        f"({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}).",
        "",
        "| what | measured | bar / comparison |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines))
    print("\n".join(lines))
    print(json.dumps({"written": str(OUT)}))


if __name__ == "__main__":
    main()
