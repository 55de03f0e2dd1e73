"""The public API: the CLI, the web app and the batch engines all call these.

    import crossread
    result = crossread.read(["examples/putin-syria-2017/"])
    brief = crossread.summarize(result.articles, crossread.Options(words=120))
    print(crossread.render(brief, "md"))

Everything here is a thin composition of the stage modules; no I/O happens
outside ``read`` (which reads its inputs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from crossread.ingest.identity import dedupe
from crossread.model import Article, Brief
from crossread.options import DEFAULT, Options

if TYPE_CHECKING:  # pragma: no cover
    from crossread.ingest.sources import ReadResult


def read(
    inputs: Sequence[str], options: Options = DEFAULT, on_error: Callable[[str], None] | None = None
) -> ReadResult:
    """Read files, folders, URLs, JSONL, feeds, WARC files or ``-`` (stdin) into cleaned articles.

    Problems with single inputs do not stop the others: they are listed in
    ``ReadResult.errors`` (and passed to ``on_error`` as they happen).
    """
    from crossread.ingest.sources import read as _read

    return _read(inputs, options, on_error=on_error)


def summarize(articles: Sequence[Article], options: Options = DEFAULT) -> Brief:
    """A cited extractive summary of one story (plus its cross-check when ``options.check``)."""
    from crossread.summary.summarizer import summarize as _summarize

    articles = dedupe(articles)
    brief = _summarize(articles, options)
    if options.check and len(articles) > 0:
        from crossread.crosscheck.report import check as _check  # already deduplicated

        brief = replace(brief, check=_check(articles, options))
    return brief


def check(articles: Sequence[Article], options: Options = DEFAULT) -> Any:
    """The cross-check of one story: reuse, entities, quantities, conflicts, quotes, attributions."""
    from crossread.crosscheck.report import check as _check

    return _check(dedupe(articles), options)


def render(brief: Brief, fmt: str = "md", **kwargs: Any) -> str:
    """Render a brief as ``terminal``, ``md``, ``json`` or ``html``."""
    from crossread.present import render as _render

    return _render(brief, fmt, **kwargs)


def summarize_records(
    records: Iterable[tuple[str, Sequence[Article]]], options: Options = DEFAULT
) -> Iterator[dict[str, Any]]:
    """Batch: summarise a partition of stories; yields one JSON-ready dict per story.

    Free of global state (models are per-process caches), so the same
    function runs in a process pool or on a distributed engine unchanged.
    """
    from crossread.batch.partition import summarize_partition

    return summarize_partition(records, options)
