"""The HTML pages: Stories, Story, Article, Add."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from crossread.present.graph import layout
from crossread.server import service
from crossread.server.present import check_view, chips, segments
from crossread.server.views import templates

router = APIRouter(include_in_schema=False)


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
    found = service.story_page(request, story_id)

    def render() -> str:
        brief = found.brief
        numbers = {a["id"]: a["n"] for a in brief.get("articles", [])}
        labels = {a["id"]: a["label"] for a in found.articles}
        summary = [
            {"text": s["text"], "chips": chips(s, numbers)} for s in brief.get("summary", [])
        ]
        check = brief.get("check")
        context = {
            "story": found.story,
            "articles": found.articles,
            "numbers": numbers,
            "labels": labels,
            "summary": summary,
            "check": check_view(check),
            "graph": layout((check or {}).get("reuse", []), numbers, labels),
            "notes": brief.get("notes", []),
        }
        return templates.env.get_template("story.html").render(context)

    lib = service.library(request)
    # keyed by the title too: a rename changes the page, not the articles
    return HTMLResponse(lib.rendered(f"story:{found.story.title}", story_id, found.stored, render))


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


@router.post("/example", response_class=HTMLResponse)
async def add_example(request: Request) -> HTMLResponse:
    result = await run_in_threadpool(service.add_example, request)
    return _add_page(request, result, 200 if result["added"] else 400)


@router.get("/add", response_class=HTMLResponse)
def add_form(request: Request) -> HTMLResponse:
    return _add_page(request, None)


@router.post("/add", response_class=HTMLResponse)
async def add_submit(
    request: Request,
    text: Annotated[str, Form()] = "",
    title: Annotated[str, Form(max_length=500)] = "",
    outlet: Annotated[str, Form(max_length=200)] = "",
    published: Annotated[str, Form(max_length=40)] = "",
    url: Annotated[str, Form(max_length=2000)] = "",
    urls: Annotated[str, Form()] = "",
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> HTMLResponse:
    uploads = await service.read_uploads(request, files or [])
    pasted = service.Pasted(title, outlet, published, url)
    result = await run_in_threadpool(
        service.add, request, text, title, urls.splitlines(), uploads, pasted
    )
    status = 200 if result["added"] else 400
    form = {"text": text, "title": title, "outlet": outlet, "published": published, "url": url}
    return _add_page(request, result, status, {**form, "urls": urls})


def _add_page(
    request: Request,
    result: dict[str, Any] | None,
    status: int = 200,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    serve = service.serve_options(request)
    return templates.TemplateResponse(
        request,
        "add.html",
        {
            "result": result,
            # keep what was typed when nothing could be added, so nothing is lost
            "form": form if form and result and not result["added"] else {},
            "limits": serve,
        },
        status_code=status,
    )
