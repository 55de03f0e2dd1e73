"""Batch runs over many inputs, on one machine (process pool) or a Ray cluster.

    from crossread.batch.runner import run_batch
    result = run_batch(["crawl/"], "out/", Options(), engine="ray", workers=8)

Both engines run the same stage functions (``crossread.batch.stages`` and
``crossread.grouping.windows``): read -> clean -> split -> group (time windows
in parallel, then linked) -> summarise/check, and write one JSONL file per
partition (``part-NNNNN.jsonl``: one story per line with its articles,
summary and cross-check), ``errors.jsonl`` and ``manifest.json``.
Read results back with :func:`iter_results` / :func:`story_from_result`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from crossread.batch.config import BatchConfig, default_config
from crossread.batch.output import ResultWriter
from crossread.batch.records import iter_results, story_from_result
from crossread.errors import CrossreadError, InputError
from crossread.options import DEFAULT, Options

Engine = Literal["local", "ray"]


@dataclass
class BatchResult:
    """What a batch run did."""

    out_dir: Path
    engine: str
    workers: int
    articles: int
    stories: int
    files: list[Path]
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0


def expand_inputs(inputs: Sequence[str], on_error: Callable[[str], None]) -> list[str]:
    """The shards of a batch: files as given, folders as their files (sorted), URLs as given."""
    from crossread.ingest.fetch import is_url
    from crossread.ingest.sources import _walk

    shards: list[str] = []
    for item in inputs:
        if item == "-":
            on_error(str(InputError("-", "standard input cannot be sharded; name files")))
            continue
        path = Path(item)
        if is_url(item) or path.is_file():
            shards.append(item)
        elif path.is_dir():
            files = _walk(path)
            if not files:
                on_error(str(InputError(item, "folder has no files")))
            shards.extend(str(f) for f in files)
        else:
            on_error(str(InputError(item, "no such file, folder or URL")))
    return shards


def run_batch(
    inputs: Sequence[str],
    out_dir: str | Path,
    options: Options = DEFAULT,
    engine: Engine = "local",
    workers: int = 2,
    ray_address: str | None = None,
    *,
    config: BatchConfig | None = None,
    on_error: Callable[[str], None] | None = None,
    show_progress: bool = False,
) -> BatchResult:
    """Run the whole pipeline over ``inputs`` and write partitioned results to ``out_dir``.

    Problems with single records (a bad line, an unreadable file, a story that
    cannot be summarised) are reported through ``on_error`` and in
    ``BatchResult.errors`` (and ``errors.jsonl``); the rest goes on.
    """
    if engine not in ("local", "ray"):
        raise CrossreadError(f"unknown engine {engine!r}: use local or ray")
    if workers < 1:
        raise CrossreadError(f"workers must be at least 1, got {workers}")
    config = config or default_config()
    errors: list[str] = []

    def report(message: str) -> None:
        errors.append(message)
        if on_error is not None:
            on_error(message)

    t0 = time.perf_counter()
    writer = ResultWriter(out_dir, on_error=report)
    shards = expand_inputs(inputs, lambda message: writer.write_error("input", message))
    stats: dict[str, int] = {"articles": 0}
    try:
        if shards and engine == "local":
            from crossread.batch.local import run_local

            stats = run_local(shards, writer, options, config, workers, show_progress)
        elif shards:
            from crossread.batch.ray_runner import run_ray

            stats = run_ray(shards, writer, options, config, workers, ray_address, show_progress)
    finally:
        seconds = time.perf_counter() - t0
        writer.close(
            {
                "engine": engine,
                "workers": workers,
                "shards": len(shards),
                "articles": stats.get("articles", 0),
                "errors": writer.n_errors,
                "seconds": round(seconds, 3),
                "config": config.__dict__,
            }
        )
    return BatchResult(
        out_dir=Path(out_dir),
        engine=engine,
        workers=workers,
        articles=stats.get("articles", 0),
        stories=writer.stories,
        files=writer.files(),
        errors=errors,
        seconds=seconds,
    )


__all__ = [
    "BatchConfig",
    "BatchResult",
    "default_config",
    "expand_inputs",
    "iter_results",
    "run_batch",
    "story_from_result",
]
