"""``--engine ray``: the same stage functions as a Ray Data pipeline.

read (one task per shard) -> window (a column) -> group (``map_groups`` over
windows, on actors) -> link (in the driver, over small story states only) ->
summarise/check (``map_groups`` over output partitions, on actors that load
the encoder and the scorer once each) -> lines streamed back to the driver,
which writes the partition files.
"""

from __future__ import annotations

import json
import logging
import pickle
from collections.abc import Sequence
from typing import Any

import numpy as np

from crossread.batch.config import BatchConfig
from crossread.batch.output import ResultWriter
from crossread.batch.records import article_to_dict, dumps_articles, loads_articles
from crossread.batch.stages import (
    SEQ_STRIDE,
    n_partitions,
    partition_of,
    read_shard,
    summarize_stories,
    warm,
)
from crossread.errors import CrossreadError
from crossread.grouping.features import days as _days
from crossread.grouping.windows import (
    WindowStory,
    group_window,
    link,
    undated_buckets,
    window_key,
)
from crossread.ingest.identity import plan as plan_ids
from crossread.ingest.identity import text_hash
from crossread.model import Article
from crossread.options import Options

# ---------------------------------------------------------------- stage adapters (rows <-> objects)


def _read_rows(row: dict[str, Any], options: Options) -> list[dict[str, Any]]:
    got = read_shard(int(row["shard"]), str(row["path"]), options)
    base = int(row["shard"]) * SEQ_STRIDE
    out = [
        {
            "kind": "article",
            "seq": base + i,
            "undated": int(_days(a.published) is None),
            "id": a.id,
            "hash": text_hash(a.text),
            "published": a.published or "",
            "article": json.dumps(article_to_dict(a), ensure_ascii=False),
        }
        for i, a in enumerate(got.articles)
    ]
    out += [
        {
            "kind": "error",
            "seq": -1,
            "undated": 0,
            "id": "",
            "hash": "",
            "published": "",
            "article": msg,
        }
        for msg in got.errors
    ]
    return out


def _articles_of(batch: dict[str, np.ndarray]) -> list[Article]:
    order = np.argsort(batch["seq"], kind="stable")
    return loads_articles("[" + ",".join(str(batch["article"][i]) for i in order) + "]")


def _apply_ids(batch: dict[str, np.ndarray], fixes: Any) -> dict[str, np.ndarray]:
    """Drop the rows planned away (same text) and rename the ids planned distinct."""
    import ray

    fixes = ray.get(fixes) if isinstance(fixes, ray.ObjectRef) else fixes
    keep = []
    for i, seq in enumerate(batch["seq"]):
        if int(seq) not in fixes:
            keep.append(i)
            continue
        new_id = fixes[int(seq)]
        if new_id is None:
            continue
        d = json.loads(str(batch["article"][i]))
        d["id"] = new_id
        batch["article"][i] = json.dumps(d, ensure_ascii=False)
        batch["id"][i] = new_id
        keep.append(i)
    index = np.array(keep, dtype=np.int64)
    return {k: v[index] for k, v in batch.items()}


def _with_window(
    batch: dict[str, np.ndarray], config: BatchConfig, buckets: int
) -> dict[str, np.ndarray]:
    keys = [
        window_key(str(i), str(p) or None, config, buckets)
        for i, p in zip(batch["id"], batch["published"], strict=True)
    ]
    batch["window"] = np.array(keys, dtype=object)
    return batch


class GroupWindows:
    """Actor: groups one window per call with the online grouper (encoder loaded once)."""

    def __init__(self, config: BatchConfig, options: Options) -> None:
        self.config = config
        warm(options)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, list[Any]]:
        window = str(batch["window"][0])
        articles = _articles_of(batch)
        by_id = {a.id: a for a in articles}
        stories = group_window(window, articles, self.config)
        return {
            "window": [window] * len(stories),
            "local": [s.local_id for s in stories],
            "state": [pickle.dumps(s) for s in stories],
            "articles": [dumps_articles([by_id[i] for i in s.article_ids]) for s in stories],
        }


def _assign(batch: dict[str, np.ndarray], plan: Any) -> dict[str, np.ndarray]:
    import ray

    mapping = ray.get(plan) if isinstance(plan, ray.ObjectRef) else plan
    keys = [f"{w}/{s}" for w, s in zip(batch["window"], batch["local"], strict=True)]
    return {
        "story": np.array([mapping[k][0] for k in keys], dtype=object),
        "partition": np.array([mapping[k][1] for k in keys], dtype=np.int64),
        "articles": batch["articles"],
    }


class SummarizePartitions:
    """Actor: summarises and cross-checks one output partition per call (models loaded once)."""

    def __init__(self, options: Options) -> None:
        self.options = options
        warm(options)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, list[Any]]:
        stories: dict[str, list[Article]] = {}
        for sid, arts in zip(batch["story"], batch["articles"], strict=True):
            stories.setdefault(str(sid), []).extend(loads_articles(str(arts)))
        records = summarize_stories(list(stories.items()), self.options)
        partition = int(batch["partition"][0])
        return {
            "partition": [partition] * len(records),
            "error": [str(r.get("error", "")) for r in records],
            "line": [json.dumps(r, ensure_ascii=False) for r in records],
        }


# ---------------------------------------------------------------- the pipeline


def _init_ray(address: str | None, workers: int) -> bool:
    """Start Ray locally (no address) or join a cluster; False when already running."""
    try:
        import ray
    except ImportError:
        raise CrossreadError(
            "--engine ray needs Ray: pip install 'crossread[ray]' (or use --engine local)"
        ) from None
    if ray.is_initialized():
        return False
    kwargs: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": logging.WARNING,
    }
    if address:
        ray.init(address=address, **kwargs)
    else:
        ray.init(num_cpus=max(2, workers), **kwargs)
    return True


def run_ray(
    shards: Sequence[str],
    writer: ResultWriter,
    options: Options,
    config: BatchConfig,
    workers: int,
    address: str | None = None,
    show_progress: bool = False,
) -> dict[str, int]:
    started = _init_ray(address, workers)
    import ray
    from ray.data.context import DataContext, ShuffleStrategy

    ctx = DataContext.get_current()
    ctx.enable_progress_bars = show_progress
    ctx.print_on_execution_start = False
    # sort-based shuffles run as tasks; hash shuffles need aggregator actors that
    # can starve next to the stage actors on a small machine
    ctx.shuffle_strategy = ShuffleStrategy.SORT_SHUFFLE_PULL_BASED
    try:
        return _pipeline(shards, writer, options, config, workers)
    finally:
        if started:
            ray.shutdown()


def _pipeline(
    shards: Sequence[str],
    writer: ResultWriter,
    options: Options,
    config: BatchConfig,
    workers: int,
) -> dict[str, int]:
    import ray
    from ray.data.expressions import col

    # a stage actor takes one CPU, but at least one CPU stays free for the read and
    # shuffle tasks that feed it (else a small cluster deadlocks)
    total = float(ray.cluster_resources().get("CPU", 1.0))
    actor_cpus = max(0.1, min(1.0, (total - 1.0) / workers))
    items = [{"shard": i, "path": str(p)} for i, p in enumerate(shards)]
    rows = (
        ray.data.from_items(items, override_num_blocks=max(1, len(items)))
        .flat_map(_read_rows, fn_kwargs={"options": options})
        .materialize()
    )
    for r in rows.filter(expr=col("kind") == "error").iter_rows():
        writer.write_error("read", str(r["article"]))
    articles = rows.filter(expr=col("kind") == "article").materialize()
    # one article per text across shards, and distinct ids (planned here from the small
    # id/hash columns, applied in the workers): identity is content, never a file's stem
    keys = sorted(
        (int(r["seq"]), str(r["id"]), str(r["hash"]))
        for r in articles.select_columns(["seq", "id", "hash"]).iter_rows()
    )
    fixes: dict[int, str | None] = {}
    for (seq, art_id, _), (new_id, message) in zip(
        keys, plan_ids((k[1], k[2]) for k in keys), strict=True
    ):
        if message:
            writer.write_error("read", f"{art_id}: {message}")
            fixes[seq] = new_id
    if fixes:
        articles = articles.map_batches(
            _apply_ids, fn_kwargs={"fixes": ray.put(fixes)}, batch_format="numpy"
        ).materialize()
    n_articles = articles.count()
    if n_articles == 0:
        return {"articles": 0, "partitions_planned": 0}
    buckets = undated_buckets(int(articles.sum("undated") or 0), config)

    windowed = articles.map_batches(_with_window, fn_kwargs={"config": config, "buckets": buckets})
    grouped = (
        windowed.groupby("window")
        .map_groups(
            GroupWindows,
            fn_constructor_kwargs={"config": config, "options": options},
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=actor_cpus,
            batch_format="numpy",
        )
        .materialize()
    )
    found: dict[str, list[WindowStory]] = {}
    for r in grouped.select_columns(["state"]).iter_rows():
        ws: WindowStory = pickle.loads(r["state"])
        if ws.error:
            writer.write_error("group", ws.error)
        found.setdefault(ws.window, []).append(ws)
    mapping = link(found.items(), config)
    n_parts = n_partitions(len(set(mapping.values())), config.stories_per_partition)
    plan = {k: (gid, partition_of(gid, n_parts)) for k, gid in mapping.items()}

    out = (
        grouped.map_batches(_assign, fn_kwargs={"plan": ray.put(plan)}, batch_format="numpy")
        .groupby("partition")
        .map_groups(
            SummarizePartitions,
            fn_constructor_kwargs={"options": options},
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=actor_cpus,
            batch_format="numpy",
        )
    )
    for r in out.iter_rows():
        line = str(r["line"])
        if r["error"]:
            sid = json.loads(line)["id"]
            writer.write_error("summarize", f"story {sid}: {r['error']}")
        writer.write_story(int(r["partition"]), line)
    return {"articles": int(n_articles), "partitions_planned": n_parts}
