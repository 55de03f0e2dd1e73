"""Batch summarisation over a partition of stories: pure, streaming, engine-agnostic.

``summarize_partition`` takes an iterable of ``(story_id, articles)`` and
yields one JSON-ready record per story. It keeps no state between stories
(only the per-process model caches), so a process pool or Ray runs the very
same function.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from crossread.errors import CrossreadError
from crossread.model import Article, Brief
from crossread.options import Options


def brief_record(story_id: str, brief: Brief) -> dict[str, Any]:
    """The batch output line: ``{"id", "summary", "sentences"}``."""
    return {
        "id": story_id,
        "summary": "\n".join(s.text for s in brief.summary),
        "sentences": [
            {
                "text": s.text,
                "citations": list(s.article_ids),
                "from": [s.source.article_id, s.source.index],
            }
            for s in brief.summary
        ],
    }


def summarize_partition(
    records: Iterable[tuple[str, Sequence[Article]]], options: Options
) -> Iterator[dict[str, Any]]:
    """Summarise each story of a partition; a story that fails yields ``{"id", "error"}``."""
    from crossread.ingest.identity import dedupe
    from crossread.summary.summarizer import summarize

    for story_id, articles in records:
        try:
            brief = summarize(dedupe(articles), options)
        except CrossreadError as exc:
            yield {"id": story_id, "error": str(exc)}
            continue
        except Exception as exc:  # one bad story never stops a batch
            yield {"id": story_id, "error": f"{type(exc).__name__}: {exc}"}
            continue
        yield brief_record(story_id, brief)
