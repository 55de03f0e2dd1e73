"""Plain-JSON forms of articles and result lines (what crosses process and node borders)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from crossread.model import Article, Story

RESULT_GLOB = "part-*.jsonl"
ERRORS_FILE = "errors.jsonl"
MANIFEST_FILE = "manifest.json"


def article_to_dict(article: Article) -> dict[str, Any]:
    d = asdict(article)
    d["removed"] = list(article.removed)
    d["meta"] = [list(kv) for kv in article.meta]
    return d


def article_from_dict(d: dict[str, Any]) -> Article:
    return Article(
        id=d["id"],
        text=d["text"],
        title=d.get("title"),
        outlet=d.get("outlet"),
        published=d.get("published"),
        url=d.get("url"),
        source=d.get("source") or "",
        language=d.get("language"),
        removed=tuple(d.get("removed") or ()),
        meta=tuple((str(k), str(v)) for k, v in d.get("meta") or ()),
    )


def dumps_articles(articles: list[Article]) -> str:
    return json.dumps([article_to_dict(a) for a in articles], ensure_ascii=False)


def loads_articles(text: str) -> list[Article]:
    return [article_from_dict(d) for d in json.loads(text)]


def iter_results(out_dir: str | Path) -> Iterator[dict[str, Any]]:
    """Every story line of a batch output folder, partition by partition (for importers)."""
    for path in sorted(Path(out_dir).glob(RESULT_GLOB)):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def story_from_result(record: dict[str, Any]) -> Story:
    """The :class:`Story` of one result line (its articles included)."""
    return Story(
        id=record["id"],
        articles=tuple(article_from_dict(a) for a in record.get("articles", ())),
        title=record.get("title") or "",
        first_seen=record.get("first_seen"),
        last_seen=record.get("last_seen"),
    )
