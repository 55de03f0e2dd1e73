"""The HTML pages: Stories, Story (and its downloads), Article, Add.

Every form is POST-then-redirect: the page a form leads to is a GET, so a reload
or the back button shows a page, never a resubmission or an error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from crossread.model import Article
from crossread.present.graph import graph_of
from crossread.present.sections import SHOWN
from crossread.present.view import MARK_PREFIX, MARKS_LEGEND
from crossread.server import service
from crossread.server.briefs import StoredBrief
from crossread.server.library import StoryRow
from crossread.server.present import segments
from crossread.server.views import templates

router = APIRouter(include_in_schema=False)

# Items a cross-check section draws on the page (a 50-copy story has thousands of pairs): the
# rest are counted and are in the downloads.
PAGE_ITEMS = 40


@router.get("/", response_class=HTMLResponse)
def stories_page(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    size = service.serve_options(request).page_size
    rows, total = service.library(request).stories(q, size, (page - 1) * size)
    return templates.TemplateResponse(
        request,
        "stories.html",
        {
            "stories": rows,
            "q": q,
            "total": total,
            "page": page,
            "pages": max(1, (total + size - 1) // size),
            "example": service.example_dir() is not None,
        },
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    lib = service.library(request)
    found = lib.story(story_id)
    if found is None:
        raise HTTPException(404, f"story {story_id!r} not found")
    return HTMLResponse(lib.page(story_id, *found))


def render_story(row: StoryRow, stored: Sequence[Article], brief: StoredBrief) -> str:
    """The story page's HTML (no request in it: it is rendered in the background and kept)."""
    from crossread.present.markdown import summary_with_sources
    from crossread.server.present import article_row

    view = brief.view
    numbers = {s.id: s.n for s in view.sources}
    rows = [article_row(a, numbers.get(a.id)) for a in stored]
    rows.sort(key=lambda r: (r["n"] is None, r["n"] or 0))
    context = {
        "story": row,
        "articles": rows,
        "view": view,
        "numbers": numbers,
        "graph": graph_of(view),
        "shown": SHOWN,
        "page_items": PAGE_ITEMS,
        "copy_text": summary_with_sources(view),  # the page's address is added by app.js
        "mark_prefix": MARK_PREFIX,
        "marks_legend": MARKS_LEGEND,
    }
    return templates.env.get_template("story.html").render(context)


_MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}


@router.get("/stories/{story_id}/brief.{fmt}")
def story_download(request: Request, story_id: str, fmt: Literal["md", "html", "json"]) -> Response:
    """The brief as a file to take away: Markdown, a self-contained HTML page, or JSON."""
    found = service.story_page(request, story_id)
    if fmt == "json":
        import json

        body = json.dumps(found.brief.data, ensure_ascii=False, indent=2)
    elif fmt == "md":
        from crossread.present.escape import safe_brief
        from crossread.present.markdown import markdown

        body = markdown(safe_brief(found.view, "md"))  # article HTML shown as text, never run
    else:
        from crossread.present.html import html

        body = html(found.view)
    name = re.sub(r"[^a-z0-9]+", "-", found.view.title.lower()).strip("-")[:60] or "brief"
    return Response(
        body,
        media_type=_MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(
    request: Request, article_id: str, s: Annotated[int | None, Query(ge=0)] = None
) -> HTMLResponse:
    data = service.article_data(request, article_id)
    from crossread.model import Sentence

    sentences = [
        Sentence(data["id"], **{k: v for k, v in x.items() if k != "used"})
        for x in data["sentences"]
    ]
    used = [x["index"] for x in data["sentences"] if x["used"]]
    story_title = None
    if data["story"]:
        found = service.library(request).story(data["story"])
        story_title = found[0].title if found else None
    return templates.TemplateResponse(
        request,
        "article.html",
        {
            "article": data,
            "segments": segments(data["text"], sentences, used, s),
            "used_count": len(used),
            "story_title": story_title,
        },
    )


@router.post("/example")
async def add_example(request: Request) -> RedirectResponse:
    result = await run_in_threadpool(service.add_example, request)
    return _after_post(request, result, None)


@router.get("/example")
def example_again() -> RedirectResponse:
    """A reload or bookmark of the old POST target: back to the stories."""
    return RedirectResponse("/", status_code=303)


@router.get("/add", response_class=HTMLResponse)
def add_form(
    request: Request, done: Annotated[str | None, Query(max_length=64)] = None
) -> HTMLResponse:
    outcome = service.outcomes(request).get(done) if done else None
    gone = bool(done) and outcome is None
    result, form = outcome if outcome is not None else (None, None)
    return _add_page(request, result, form, gone=gone)


@router.post("/add")
async def add_submit(
    request: Request,
    text: Annotated[str, Form()] = "",
    title: Annotated[str, Form(max_length=500)] = "",
    outlet: Annotated[str, Form(max_length=200)] = "",
    published: Annotated[str, Form(max_length=40)] = "",
    url: Annotated[str, Form(max_length=2000)] = "",
    urls: Annotated[str, Form()] = "",
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> RedirectResponse:
    uploads = await service.read_uploads(request, files or [])
    pasted = service.Pasted(title, outlet, published, url)
    result = await run_in_threadpool(
        service.add, request, text, title, urls.splitlines(), uploads, pasted
    )
    form = {"text": text, "title": title, "outlet": outlet, "published": published, "url": url}
    return _after_post(request, result, {**form, "urls": urls})


def _after_post(
    request: Request, result: dict[str, Any], form: dict[str, str] | None
) -> RedirectResponse:
    """Keep the outcome for one GET and redirect to it (303: the browser GETs it)."""
    # keep what was typed when nothing could be added, so nothing is lost
    kept = form if form and not result["added"] else {}
    token = service.outcomes(request).put((result, kept))
    return RedirectResponse(f"/add?done={token}", status_code=303)


def _add_page(
    request: Request,
    result: dict[str, Any] | None,
    form: dict[str, str] | None,
    gone: bool = False,
) -> HTMLResponse:
    serve = service.serve_options(request)
    status = 200
    return templates.TemplateResponse(
        request,
        "add.html",
        {"result": result, "form": form or {}, "limits": serve, "gone": gone},
        status_code=status,
    )
