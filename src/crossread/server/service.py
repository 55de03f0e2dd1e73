"""What the pages and the API share: look-ups that 404 cleanly, and the add flow."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from fastapi import Request, UploadFile
from starlette.exceptions import HTTPException

from crossread.model import Article
from crossread.present.sections import BriefView
from crossread.server.briefs import StoredBrief
from crossread.server.config import ServeOptions
from crossread.server.ingest import Pasted, Upload, ingest
from crossread.server.library import Library, StoryRow
from crossread.server.present import article_row


def library(request: Request) -> Library:
    return request.app.state.library


def serve_options(request: Request) -> ServeOptions:
    return request.app.state.serve


@dataclass(frozen=True)
class StoryPage:
    story: StoryRow
    articles: list[dict[str, Any]]  # article_row() with n = the source number
    brief: StoredBrief
    stored: list[Article]  # the story's articles as stored (they key the caches)

    @property
    def view(self) -> BriefView:
        return self.brief.view


def story_page(request: Request, story_id: str) -> StoryPage:
    lib = library(request)
    found = lib.story(story_id)
    if found is None:
        raise HTTPException(404, f"story {story_id!r} not found")
    row, articles = found
    brief = lib.brief(story_id, articles)
    # one title everywhere: the story's (chosen once, or the user's), not the first headline
    brief = StoredBrief(
        {
            **brief.data,
            "story": {**brief.data.get("story", {}), "id": story_id, "title": row.title},
        },
        replace(brief.view, title=row.title),
    )
    numbers = {s.id: s.n for s in brief.view.sources}
    rows = [article_row(a, numbers.get(a.id)) for a in articles]
    rows.sort(key=lambda r: (r["n"] is None, r["n"] or 0))
    return StoryPage(row, rows, brief, articles)


def article_data(request: Request, article_id: str) -> dict[str, Any]:
    """An article with its sentences; those the story's summary uses are marked (if computed)."""
    from crossread.ingest.split import split

    lib = library(request)
    found = lib.article(article_id)
    if found is None:
        raise HTTPException(404, f"article {article_id!r} not found")
    article, story_id = found
    used: set[int] = set()
    n = None
    if story_id is not None:
        story = lib.story(story_id)
        if story is not None:
            view = lib.brief(story_id, story[1]).view
            n = next((s.n for s in view.sources if s.id == article.id), None)
            used = {e.sentence for s in view.summary for e in s.evidence if e.n == n}
    data = article_row(article, n)
    data.update(
        story=story_id,
        text=article.text,
        removed=list(article.removed),
        sentences=[
            {
                "index": s.index,
                "paragraph": s.paragraph,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "used": s.index in used,
            }
            for s in split(article)
        ],
    )
    return data


async def read_uploads(request: Request, files: Sequence[UploadFile]) -> list[Upload]:
    """Uploaded files' bytes, each read up to one byte past the limit (so it can be refused)."""
    limit = serve_options(request).max_upload_bytes
    uploads = []
    for f in files:
        if not f.filename and not f.size:
            continue  # the empty file input of a form
        data = await f.read(limit + 1)
        await f.close()
        uploads.append(Upload(f.filename or "upload", data))
    return uploads


def add(
    request: Request,
    text: str,
    title: str,
    urls: Sequence[str],
    uploads: Sequence[Upload],
    pasted: Pasted | None = None,
) -> dict[str, Any]:
    """Read what was sent and store it; every article joins its story. JSON-ready result.
    ``pasted`` gives the pasted text's headline, outlet, date and URL."""
    serve = serve_options(request)
    result = ingest(text, title, uploads, urls, serve, pasted)
    errors = list(result.errors)
    if not result.articles and not errors:
        errors.append("nothing to add: paste text, choose files, or give URLs")
    lib = library(request)
    added = []
    if result.articles:
        titles: dict[str, str] = {}
        for item in lib.add(result.articles, on_error=errors.append):
            if item.story not in titles:
                story = lib.story(item.story)
                titles[item.story] = story[0].title if story else ""
            added.append(
                {
                    "id": item.kept.id,
                    "title": item.kept.title,
                    "outlet": item.kept.outlet,
                    "story": item.story,
                    "story_title": titles[item.story],
                    "duplicate": item.duplicate,
                }
            )
    return {"added": added, "errors": errors}


def example_dir() -> Path | None:
    """The example story of a source checkout (or of the working folder), when there is one."""
    import crossread

    for root in (Path(crossread.__file__).resolve().parents[2], Path.cwd()):
        folder = root / "examples" / "putin-syria-2017"
        if folder.is_dir():
            return folder
    return None


def add_example(request: Request) -> dict[str, Any]:
    folder = example_dir()
    if folder is None:
        return {"added": [], "errors": ["the example story is not here (examples/ of a checkout)"]}
    uploads = [Upload(p.name, p.read_bytes()) for p in sorted(folder.glob("*.txt"))]
    return add(request, "", "", [], uploads)


class Outcomes:
    """What a form just did, kept for the GET it redirects to (newest 256, in memory)."""

    def __init__(self, size: int = 256) -> None:
        import threading
        from collections import OrderedDict

        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def put(self, value: Any) -> str:
        import secrets

        token = secrets.token_urlsafe(12)
        with self._lock:
            self._items[token] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return token

    def get(self, token: str) -> Any | None:
        with self._lock:
            return self._items.get(token)


def outcomes(request: Request) -> Outcomes:
    return request.app.state.outcomes
