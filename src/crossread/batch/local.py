"""``--engine local``: the batch stages on a process pool (spawn-safe) or in this process."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from crossread.batch.config import BatchConfig
from crossread.batch.output import ResultWriter
from crossread.batch.stages import (
    n_partitions,
    partition_of,
    read_shard,
    summarize_stories,
    warm,
)
from crossread.grouping.windows import group_articles
from crossread.ingest.identity import dedupe
from crossread.model import Article
from crossread.options import Options
from crossread.progress import progress

MapFn = Callable[..., Iterator[Any]]


@contextmanager
def _mapper(workers: int, options: Options) -> Iterator[MapFn]:
    """``map`` over a pool of ``workers`` spawned processes (models warmed once each)."""
    if workers <= 1:
        warm(options)
        yield map
        return
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=ctx, initializer=warm, initargs=(options,)
    ) as pool:
        yield pool.map


def run_local(
    shards: Sequence[str],
    writer: ResultWriter,
    options: Options,
    config: BatchConfig,
    workers: int,
    show_progress: bool = False,
) -> dict[str, int]:
    with _mapper(workers, options) as map_fn:
        for note in next(iter(map_fn(warm, [options]))):  # what a worker could not load
            writer.note(note)
        articles: list[Article] = []
        for got in map_fn(read_shard, range(len(shards)), shards, [options] * len(shards)):
            articles.extend(got.articles)
            for message in got.errors:
                writer.write_error("read", message)
        # one article per text across shards; a label two shards gave different texts is
        # made distinct (identity is content and source, never a file's stem)
        articles = dedupe(articles, lambda m: writer.write_error("read", m))
        stories = group_articles(
            articles, config, map_fn=map_fn, on_error=lambda m: writer.write_error("group", m)
        )
        n_parts = n_partitions(len(stories), config.stories_per_partition)
        parts: list[list[tuple[str, list[Article]]]] = [[] for _ in range(n_parts)]
        for sid, arts in stories.items():
            parts[partition_of(sid, n_parts)].append((sid, arts))
        done = map_fn(summarize_stories, parts, [options] * n_parts)
        for p, records in enumerate(progress(done, n_parts, "summarising", show_progress)):
            for record in records:
                if "error" in record:
                    writer.write_error("summarize", f"story {record['id']}: {record['error']}")
                writer.write_story(p, record)
    return {"articles": len(articles), "partitions_planned": n_parts}
