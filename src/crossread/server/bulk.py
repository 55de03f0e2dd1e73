"""Bulk ingest: a JSON Lines body read as it arrives, stored in batches, one result per line.

Lines go through the one JSONL reader (``crossread.ingest.jsonl``) and the same
finishing as every other input (cleaning, dates, the minimum length); a bad line is a
result naming its number, never the end of the request.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool

from crossread.server import service

BATCH = 200  # lines parsed and stored together


TOO_LONG = b"\0too-long"


async def _lines(request: Request, cap: int) -> AsyncIterator[bytes]:
    """The body's lines as they arrive; a line over ``cap`` bytes comes as ``TOO_LONG``
    (and is skipped without being held in memory)."""
    pending = b""
    skipping = False
    async for chunk in request.stream():
        if skipping:
            if b"\n" not in chunk:
                continue
            chunk = chunk.split(b"\n", 1)[1]
            skipping = False
        pending += chunk
        *done, pending = pending.split(b"\n")
        for line in done:
            yield line if len(line) <= cap else TOO_LONG
        if len(pending) > cap:
            yield TOO_LONG
            pending, skipping = b"", True
    if pending and not skipping:
        yield pending


def _store(request: Request, batch: list[tuple[int, bytes]]) -> list[dict[str, Any]]:
    """Parse and store one batch; a result per non-blank line."""
    from crossread.errors import InputError
    from crossread.ingest.jsonl import article_from_record, iter_records
    from crossread.ingest.metadata import limits
    from crossread.ingest.sources import finish

    serve = service.serve_options(request)
    results: dict[int, dict[str, Any]] = {}
    articles = []
    for n, raw in batch:
        if raw == TOO_LONG:
            results[n] = {"line": n, "status": "error", "error": "line over the size limit"}
            continue
        problems: list[str] = []
        records = list(iter_records([raw], "body", problems.append, serve.options.max_bytes))
        if not records:
            if problems:
                results[n] = {"line": n, "status": "error", "error": _strip(problems[0])}
            continue
        record = records[0][1]
        default_id = "bulk-" + hashlib.sha1(raw).hexdigest()[:16]
        try:
            raw_article = article_from_record(record, default_id, f"body:{n}", problems.append)
        except InputError as exc:
            results[n] = {"line": n, "status": "error", "error": _strip(str(exc))}
            continue
        article = finish(raw_article, serve.options)
        if len(article.text.split()) < limits()["min_article_words"]:
            results[n] = {"line": n, "status": "error", "error": "no article text (too short)"}
            continue
        results[n] = {"line": n, "status": "added", "id": article.id}
        articles.append((n, article))
    if articles:
        added = service.library(request).add([a for _, a in articles])
        story_of = {a.article.id: a for a in added}
        for n, article in articles:
            got = story_of.get(article.id)
            if got is None:
                results[n] = {"line": n, "status": "error", "error": "not stored"}
                continue
            status = "duplicate" if got.duplicate else "added"
            results[n].update(id=got.kept.id, story=got.story, status=status)
    return [results[n] for n in sorted(results)]


def _strip(message: str) -> str:
    """``body:12: not valid JSON`` -> ``not valid JSON`` (the result names the line)."""
    head, _, rest = message.partition(": ")
    return rest if head.startswith("body:") and rest else message


async def bulk_add(request: Request) -> dict[str, Any]:
    cap = service.serve_options(request).options.max_bytes
    results: list[dict[str, Any]] = []
    batch: list[tuple[int, bytes]] = []
    n = 0
    async for line in _lines(request, cap):
        n += 1
        if not line.strip():
            continue
        batch.append((n, line))
        if len(batch) >= BATCH:
            results += await run_in_threadpool(_store, request, batch)
            batch = []
    if batch:
        results += await run_in_threadpool(_store, request, batch)
    notes = [] if results else ["the body had no lines"]
    count = {s: sum(r["status"] == s for r in results) for s in ("added", "duplicate", "error")}
    return {
        "lines": len(results),
        "added": count["added"],
        "duplicates": count["duplicate"],
        "failed": count["error"],
        "results": results,
        "notes": notes,
    }
