"""Work bounded in input size, and the CPU a command costs (issue 16), with peers in the same run.

    .venv/bin/python bench/reliability.py            # writes bench/results/reliability.md
    .venv/bin/python bench/reliability.py --quick    # smaller sizes, to see it work

Every measurement runs in a fresh child process; CPU is user + system time of the children
(``resource.getrusage(RUSAGE_CHILDREN)``), peak memory their maximum resident set size.

1. Start-up: ``python -c pass`` (the floor), ``crossread --help``, a process that only imports
   the modules ``crossread summarize`` of the example loads (the start-up a command pays before
   any work), and the whole ``summarize`` of the example; sumy's LexRank over the same five
   texts as the peer.
2. ``crossread batch`` CPU per article over the articles of ../shared/eval_data/mds/dev.jsonl
   (one worker), with the cross-check and with ``--no-check``.
3. The cross-check's growth: ``crossread.check`` over 5, 10, 20, 40, 80 distinct articles (the
   first documents of successive dev stories), CPU in-process after a warm-up; log-log slope.
4. One single-line article without sentence punctuation, 200 KB and 1 MB: ``summarize --format
   json`` (with the check): wall time, CPU, peak memory, output size.
5. Peak memory of summarising 5,000 short articles: ``bench/memory.py`` (the summary's own
   benchmark), run here in the same session.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "eval_data" / "mds" / "dev.jsonl"
EXAMPLE = REPO / "examples" / "putin-syria-2017"
OUT = REPO / "bench" / "results" / "reliability.md"
PY = sys.executable
ENV = dict(os.environ, PYTHONPATH=str(REPO / "src"), NO_COLOR="1")

LEXRANK = r"""
import sys, re
from pathlib import Path
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words
class Tok:
    language = "english"
    def to_sentences(self, text):
        return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    def to_words(self, sentence):
        return re.findall(r"\w+", sentence)
text = "\n\n".join(p.read_text() for p in sorted(Path(sys.argv[1]).glob("*.txt")))
s = LexRankSummarizer(Stemmer("english"))
s.stop_words = get_stop_words("english")
print("\n".join(str(x) for x in s(PlaintextParser.from_string(text, Tok()).document, 6)))
"""


_WRAPPER = r"""
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.run(json.loads(sys.argv[1]), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
wall = time.perf_counter() - t0
r = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.buffer.write(proc.stderr[-2000:])
print(json.dumps({"wall": wall, "cpu": r.ru_utime + r.ru_stime, "rss": r.ru_maxrss / 1024,
                  "out": len(proc.stdout), "rc": proc.returncode}))
"""


def measure(cmd: list[str]) -> dict[str, float]:
    """Run ``cmd`` in a fresh wrapper process (so its peak RSS is its own): wall s, CPU s
    (user + system, children included), peak RSS MB, bytes written to standard output."""
    proc = subprocess.run(
        [PY, "-c", _WRAPPER, json.dumps(cmd)], capture_output=True, env=ENV, cwd=REPO, text=True
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if result["rc"] not in (0, 1):
        sys.stderr.write(proc.stderr[-2000:])
    return result


def best(cmd: list[str], runs: int) -> dict[str, float]:
    results = [measure(cmd) for _ in range(runs)]
    return min(results, key=lambda r: r["cpu"])


def loaded_modules() -> list[str]:
    """The modules ``crossread summarize`` of the example imports (python -X importtime)."""
    proc = subprocess.run(
        [PY, "-X", "importtime", "-m", "crossread.cli.main", "summarize", str(EXAMPLE)],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=REPO,
    )
    names = []
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name and not name.startswith("encodings"):
                names.append(name)
    return names


def startup(runs: int) -> list[str]:
    modules = loaded_modules()
    importer = (
        "import importlib\nfor m in %r:\n    try:\n        importlib.import_module(m)\n"
        "    except Exception:\n        pass\n"
    ) % [m for m in modules if "." not in m or m.startswith("crossread")]
    rows = {
        "python -c pass (floor)": best([PY, "-c", "pass"], runs),
        "crossread --help": best([PY, "-m", "crossread.cli.main", "--help"], runs),
        "imports of `summarize` (start-up before work)": best([PY, "-c", importer], runs),
        "crossread summarize example (whole)": best(
            [PY, "-m", "crossread.cli.main", "summarize", str(EXAMPLE)], runs
        ),
    }
    rows["(context) import model2vec: what the encoder no longer imports"] = best(
        [PY, "-c", "import model2vec"], runs
    )
    rows["(context) import pint + its registry: paid when a text has units"] = best(
        [PY, "-c", "import pint; pint.UnitRegistry()"], runs
    )
    try:
        import sumy  # noqa: F401

        rows["sumy LexRank, same texts (peer, whole)"] = best(
            [PY, "-c", LEXRANK, str(EXAMPLE)], runs
        )
    except ImportError:
        pass
    floor = rows["python -c pass (floor)"]["cpu"]
    out = [
        f"## 1. Start-up CPU (example story; best of {runs} runs)",
        "",
        "| command | CPU s | beyond `python -c pass` | wall s | peak MB |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in rows.items():
        out.append(
            f"| {name} | {r['cpu']:.2f} | {r['cpu'] - floor:.2f} | {r['wall']:.2f} | {r['rss']:.0f} |"
        )
    out.append("")
    out.append(f"`summarize` loads {len(modules)} modules.")
    return out


def dev_stories(limit: int | None = None) -> list[list[str]]:
    stories = []
    with DEV.open(encoding="utf-8") as f:
        for line in f:
            stories.append(json.loads(line)["documents"])
            if limit and len(stories) >= limit:
                break
    return stories


def batch_cpu(n_stories: int, tmp: Path) -> list[str]:
    src = tmp / "dev.jsonl"
    n_articles = 0
    with src.open("w", encoding="utf-8") as f:
        for s, docs in enumerate(dev_stories(n_stories)):
            for d, text in enumerate(docs):
                f.write(json.dumps({"id": f"s{s}d{d}", "text": text}) + "\n")
                n_articles += 1
    out = ["## 2. `crossread batch` CPU per article", ""]
    out.append(
        f"{n_articles} articles (the documents of the first {n_stories} dev stories), one worker."
    )
    out.append("")
    out.append("| run | CPU s | ms per article | wall s |")
    out.append("|---|---:|---:|---:|")
    for label, extra in (("with the cross-check", []), ("--no-check", ["--no-check"])):
        r = measure(
            [PY, "-m", "crossread.cli.main", "batch", str(src), "--out", str(tmp / f"out{len(extra)}"),
             "--workers", "1", "--no-progress", *extra]
        )  # fmt: skip
        out.append(
            f"| {label} | {r['cpu']:.1f} | {1000 * r['cpu'] / n_articles:.1f} | {r['wall']:.1f} |"
        )
    out.append("")
    out.append("Target: under 15 ms of one core per article with the cross-check.")
    return out


CHECK_GROWTH = r"""
import json, sys, time
from crossread import api
from crossread.model import Article
from crossread.options import Options
docs = json.loads(sys.stdin.read())
arts = [Article(id=f"a{i}", text=t, source=f"a{i}") for i, t in enumerate(docs)]
opts = Options()
api.check(arts[:3], opts)  # warm: models and word lists loaded
for n in json.loads(sys.argv[1]):
    t = time.process_time()
    api.check(arts[:n], opts)
    print(n, time.process_time() - t, flush=True)
"""


def check_growth(sizes: list[int]) -> list[str]:
    docs = [d[0] for d in dev_stories()][: max(sizes)]
    proc = subprocess.run(
        [PY, "-c", CHECK_GROWTH, json.dumps(sizes)],
        input=json.dumps(docs),
        capture_output=True,
        text=True,
        env=ENV,
        cwd=REPO,
    )
    points = [tuple(map(float, line.split())) for line in proc.stdout.split("\n") if line.strip()]
    out = ["## 3. The cross-check's growth with distinct articles", ""]
    if proc.returncode != 0:
        return [*out, "failed: " + proc.stderr[-500:]]
    out += ["| articles | CPU s |", "|---:|---:|"]
    out += [f"| {int(n)} | {t:.2f} |" for n, t in points]
    if len(points) >= 2:
        (n0, t0), (n1, t1) = points[0], points[-1]
        slope = math.log(max(t1, 1e-3) / max(t0, 1e-3)) / math.log(n1 / n0)
        out += ["", f"Log-log slope {int(n0)} -> {int(n1)}: {slope:.2f} (1.0 is linear)."]
    return out


def long_line(sizes: list[int], tmp: Path) -> list[str]:
    words = ["the", "minister", "said", "the", "agreement", "covers", "trade", "and", "energy", "and", "the", "talks", "will", "go", "on", "while", "officials", "in", "both", "capitals", "review", "the", "numbers", "for", "the", "coming", "year"]  # fmt: skip
    out = [
        "## 4. One single-line article without sentence punctuation (`summarize --format json`, with the check)",
        "",
        "| size | wall s | CPU s | peak MB | JSON out |",
        "|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        text, i, length = [], 0, 0
        while length < size:
            text.append(words[i % len(words)] + (str(i) if i % 7 == 0 else ""))
            length += len(text[-1]) + 1
            i += 1
        path = tmp / f"line{size}.txt"
        path.write_text("Headline of the long line\n\n" + " ".join(text) + "\n", encoding="utf-8")
        r = measure([PY, "-m", "crossread.cli.main", "summarize", str(path), "--format", "json"])
        out.append(
            f"| {size // 1000:,} KB | {r['wall']:.1f} | {r['cpu']:.1f} | {r['rss']:.0f} | "
            f"{r['out'] / 1e6:.2f} MB |"
        )
    out += ["", "Target: 1 MB summarised and checked in under 10 s."]
    return out


def memory(articles: int) -> list[str]:
    proc = subprocess.run(
        [PY, str(REPO / "bench" / "memory.py"), "--articles", str(articles), "--out", "-"],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=REPO,
    )
    body = proc.stdout if proc.returncode == 0 else "failed: " + proc.stderr[-500:]
    return [
        f"## 5. Peak memory of summarising {articles:,} short articles (bench/memory.py)",
        "",
        body,
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--sections", default="1,2,3,4,5", help="which sections to run (1-5)")
    args = ap.parse_args()
    quick = args.quick
    lines = [
        "# Reliability benchmarks: start-up, batch CPU, check growth, long lines, memory",
        "",
        f"Command: `.venv/bin/python bench/reliability.py{' --quick' if quick else ''}` "
        f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores shared with other work: compare rows of one run, not runs).",
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        sections = [
            lambda: startup(2 if quick else 3),
            lambda: batch_cpu(5 if quick else 112, tmp),
            lambda: check_growth([5, 10, 20] if quick else [5, 10, 20, 40, 80]),
            lambda: long_line([50_000] if quick else [200_000, 1_000_000], tmp),
            lambda: memory(500 if quick else 5000),
        ]
        wanted = {int(x) for x in args.sections.split(",")}
        for number, make in enumerate(sections, start=1):
            if number not in wanted:
                continue
            t = time.perf_counter()
            section = make()
            lines += [*section, "", f"_({time.perf_counter() - t:.0f} s to measure)_", ""]
            print("\n".join(section), flush=True)
    text = "\n".join(lines).rstrip() + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
