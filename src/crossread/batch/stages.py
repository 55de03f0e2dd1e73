"""The stage functions of a batch: the same objects run in the process pool and on Ray.

read_shard -> (windows.group_window -> windows.link) -> summarize_stories.
Each is pure apart from reading its shard, keeps no state between calls
(models are per-process caches, loaded once by :func:`warm`), and turns a
failure of one record into a reported error instead of losing the rest.
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from crossread.batch.records import article_to_dict
from crossread.model import Article
from crossread.options import Options

log = logging.getLogger("crossread.batch")


@dataclass
class ShardRead:
    """The cleaned articles of one shard, in input order, and one message per bad record."""

    shard: int
    articles: list[Article] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


SEQ_STRIDE = 1 << 32  # sequence number of an article: shard * SEQ_STRIDE + position


def read_shard(shard: int, path: str, options: Options) -> ShardRead:
    """Read one input (a file of any supported kind) into cleaned articles."""
    from crossread.ingest.sources import iter_read

    out = ShardRead(shard)
    try:
        out.articles.extend(iter_read([path], options, on_error=out.errors.append))
    except Exception as exc:  # the reader reports bad records itself; this is a last guard
        out.errors.append(f"{path}: could not be read ({type(exc).__name__}: {exc})")
    return out


def warm(options: Options) -> list[str]:
    """Load the models of every stage once in this process (a pool worker or a Ray actor).

    A model that cannot be loaded is not fatal here (each stage then falls back or reports
    its failure per story), but never silent: each is logged (once per process) and returned
    as a note, which the local runner writes into the manifest's ``notes``."""
    if options.encoder in _WARMED:
        return list(_WARMED[options.encoder])
    notes: list[str] = []

    def failed(what: str, exc: Exception) -> None:
        note = f"{what} could not be loaded ({type(exc).__name__}: {exc})"
        log.warning("warming a batch worker: %s", note)
        notes.append(note)

    from crossread.encoder import get_encoder

    wanted = ["static"] + ([options.encoder] if options.encoder not in ("static", "tfidf") else [])
    for name in wanted:
        try:
            get_encoder(name)
        except Exception as exc:  # noqa: BLE001 - missing extra, damaged model files, ...
            failed(f"the {name} encoder", exc)
    try:
        from crossread.summary.summarizer import load_scorer

        load_scorer()
    except Exception as exc:  # noqa: BLE001 - damaged data file, ...
        failed("the summary scorer", exc)
    _WARMED[options.encoder] = tuple(notes)
    return notes


_WARMED: dict[str, tuple[str, ...]] = {}  # encoder asked for -> notes of this process's warm-up


def partition_of(story_id: str, n_partitions: int) -> int:
    """Output partition of a story (stable across engines and runs)."""
    digest = hashlib.sha1(story_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % max(1, n_partitions)


def n_partitions(n_stories: int, stories_per_partition: int) -> int:
    return max(1, math.ceil(n_stories / stories_per_partition))


def _dates(articles: Sequence[Article]) -> list[str]:
    return sorted(a.published for a in articles if a.published)


def story_record(story_id: str, articles: Sequence[Article], options: Options) -> dict[str, Any]:
    """One output line: the story, its articles, its summary and its cross-check.

    When summarising or checking fails, the line still carries the story and
    its articles, with ``"error"`` saying why (and the batch reports it).
    """
    from crossread import api
    from crossread.batch.partition import brief_record

    articles = sorted(articles, key=lambda a: (a.published or "", a.id))
    dates = _dates(articles)
    title = next((a.title for a in articles if a.title), "") or ""
    record: dict[str, Any] = {"id": story_id, "title": title}
    try:
        brief = api.summarize(articles, options)
        record.update(brief_record(story_id, brief))
        record["title"] = brief.title or title
        report = brief.check
        record["check"] = report.to_dict() if report is not None else None
    except Exception as exc:  # one bad story never stops the batch
        record.update({"summary": "", "sentences": [], "check": None})
        record["error"] = f"{type(exc).__name__}: {exc}" if not str(exc).strip() else str(exc)
    record["first_seen"] = dates[0] if dates else None
    record["last_seen"] = dates[-1] if dates else None
    record["articles"] = [article_to_dict(a) for a in articles]
    return record


def summarize_stories(
    stories: Sequence[tuple[str, Sequence[Article]]], options: Options
) -> list[dict[str, Any]]:
    """Summarise and cross-check a partition of stories (sorted by story id)."""
    return [story_record(sid, arts, options) for sid, arts in sorted(stories, key=lambda s: s[0])]
