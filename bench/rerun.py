"""A re-run of `crossread stories` on an existing store: how much grouping work it costs.

    .venv/bin/python bench/rerun.py [--articles 4000] [--out bench/results/rerun.md]

Builds a store of ``--articles`` articles (the dev clustering articles, repeated with small
perturbations as in bench/stories.py, dated over ``--days`` days so that every story is in the
active window: the most state to load) with the real grouping, then
measures, in one process and one run:

- loading the saved grouping state (``Store.index()``: what every run does now),
- the old way, rebuilding the grouper from the stored text (``Store._rebuild_state``; what
  every run did before the state was saved), as the peer,
- adding one new article to the loaded state (grouping + one transaction),
- the whole command, ``crossread stories NEW.txt --db DB``, in a fresh process (wall time,
  which includes Python start-up, imports and loading the encoder).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stories import stream  # noqa: E402

from crossread.grouping.index import StoryIndex  # noqa: E402
from crossread.model import Article  # noqa: E402
from crossread.store import open_store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NEW = (
    "Lakeford closes harbour bridge\n\nThe city council of Lakeford voted on Tuesday to close the "
    "old harbour bridge after engineers found deep cracks in two of its pillars."
)


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=4000)
    ap.add_argument("--days", type=int, default=20)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "rerun.md"))
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "s.db"
        arts = [
            replace(
                a,
                published=(
                    date(2024, 1, 1) + timedelta(days=i * args.days // len(arts0))
                ).isoformat(),
            )
            for arts0 in [stream(args.articles)]
            for i, a in enumerate(arts0)
        ]
        t0 = time.perf_counter()
        with open_store(db) as store:
            store.add_articles(arts, index=store.index())
        build = time.perf_counter() - t0
        copy = Path(tmp) / "copy.db"
        shutil.copy(db, copy)
        with open_store(copy) as other:  # the old path, as the peer, on a copy of the store

            def old_way() -> StoryIndex:
                fresh = StoryIndex()
                other._rebuild_state(fresh)  # noqa: SLF001
                return fresh

            rebuild, _ = timed(old_way, repeat=1)
        with open_store(db) as store:
            n_articles, n_stories = store.count(), store.story_count()
            load, idx = timed(store.index)
            active = len(idx.stories)

            new = Article(id="new-bridge", text=NEW.split("\n\n", 1)[1], title="Lakeford bridge")
            if idx.encoder is not None:
                idx.encoder.encode(["warm up"])  # loading the model is not grouping work
            t0 = time.perf_counter()
            store.add_articles([new], index=idx)
            add_one = time.perf_counter() - t0
        path = Path(tmp) / "new.txt"
        path.write_text(NEW + "\n", encoding="utf-8")
        cmd = [sys.executable, "-m", "crossread.cli.main", "stories", str(path), "--db", str(db)]
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        command = time.perf_counter() - t0
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import crossread.cli.main"], check=True, cwd=ROOT)
        startup = time.perf_counter() - t0
    lines = [
        "# Re-running `crossread stories` on an existing store",
        "",
        f"Command: `.venv/bin/python bench/rerun.py --articles {args.articles} --days {args.days}`."
        " Machine: 2 shared",
        "cores, noisy; every figure below is from one run of this script.",
        "",
        f"Store: {n_articles:,} articles in {n_stories:,} stories ({active:,} in the active window), "
        f"built with the real grouping in {build:.1f} s.",
        "",
        "| step | seconds |",
        "|---|---|",
        f"| load the saved grouping state (`Store.index()`, median of 3) | **{load:.3f}** |",
        f"| peer: rebuild the grouper from stored text (the old way) | {rebuild:.2f} |",
        f"| add one article to the loaded state (group + one transaction) | {add_one:.3f} |",
        f"| whole command `crossread stories NEW.txt --db DB`, fresh process | {command:.2f} |",
        f"| of which Python start-up + `import crossread.cli.main` alone | {startup:.2f} |",
        "",
        "The whole command also loads the static encoder and reads the input; the grouping",
        "work of a re-run is the first and third rows.",
        "",
    ]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
