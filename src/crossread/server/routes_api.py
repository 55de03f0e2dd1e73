"""The JSON API (``/api``), described by the OpenAPI schema at ``/api/openapi.json``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from crossread import __version__
from crossread.server import service
from crossread.server.apidocs import docs_page

router = APIRouter(prefix="/api", tags=["api"])


class StoryOut(BaseModel):
    id: str
    title: str
    size: int = Field(description="number of articles")
    outlets: list[str]
    first_seen: str | None = Field(None, description="earliest publication date (ISO)")
    last_seen: str | None = Field(None, description="latest publication date (ISO)")


class StoryList(BaseModel):
    stories: list[StoryOut]
    total: int = Field(description="stories matching the query, before paging")
    offset: int
    limit: int


class ArticleOut(BaseModel):
    n: int | None = Field(None, description="the source number shown in the story, [n]")
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    source: str = ""


class StoryDetail(BaseModel):
    story: StoryOut
    articles: list[ArticleOut]
    brief: dict[str, Any] = Field(
        description="summary with citations and the cross-check: the JSON of "
        "`crossread summarize --format json` (see the README)"
    )


class SentenceOut(BaseModel):
    index: int
    paragraph: int
    start: int = Field(description="character offset in `text`")
    end: int
    text: str
    used: bool = Field(description="taken into or cited by the story's summary")


class ArticleDetail(ArticleOut):
    story: str | None = Field(None, description="id of the story the article belongs to")
    text: str = Field(description="the cleaned article text")
    removed: list[str] = Field(description="lines the cleaner removed")
    sentences: list[SentenceOut]


class AddedOut(BaseModel):
    id: str
    title: str | None = None
    outlet: str | None = None
    story: str
    story_title: str | None = None
    duplicate: bool = Field(
        False,
        description="already in the store (same id, URL or text): not added again; what the "
        "stored copy lacked (date, URL, outlet, headline) was filled in from this one",
    )


class AddResult(BaseModel):
    added: list[AddedOut]
    errors: list[str] = Field(description="one line per input that could not be used")


class Health(BaseModel):
    status: str
    version: str
    db: str


@router.get("/health", response_model=Health, summary="Is the server up, and on which store")
def health(request: Request) -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "db": str(service.library(request).db_path)}


@router.get("/stories", response_model=StoryList, summary="Stories, newest first")
def list_stories(
    request: Request,
    q: Annotated[
        str,
        Query(
            max_length=200,
            description="full-text search: every word in the story title or an article's "
            "headline, outlet or text (accents and case ignored); best match first",
        ),
    ] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    rows, total = service.library(request).stories(q, limit, offset)
    return {
        "stories": [r.to_dict() for r in rows],
        "total": total,
        "offset": offset,
        "limit": limit,
    }


@router.get(
    "/stories/{story_id}",
    response_model=StoryDetail,
    summary="One story: its articles, cited summary and cross-check",
    responses={404: {"description": "no such story"}},
)
def get_story(request: Request, story_id: str) -> dict[str, Any]:
    found = service.story_page(request, story_id)
    return {"story": found.story.to_dict(), "articles": found.articles, "brief": found.brief}


@router.get(
    "/articles/{article_id:path}",
    response_model=ArticleDetail,
    summary="One article: cleaned text, sentences (those used in the summary marked), removed lines",
    responses={404: {"description": "no such article"}},
)
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    return service.article_data(request, article_id)


@router.post(
    "/articles",
    response_model=AddResult,
    summary="Add articles: pasted text, uploaded files and/or URLs; each joins its story",
    responses={
        400: {"model": AddResult, "description": "nothing usable was sent"},
        413: {"description": "request body too large"},
    },
)
async def add_articles(
    request: Request,
    text: Annotated[str, Form(description="pasted article text")] = "",
    title: Annotated[str, Form(max_length=500, description="headline of the pasted text")] = "",
    outlet: Annotated[str, Form(max_length=200, description="outlet of the pasted text")] = "",
    published: Annotated[
        str, Form(max_length=40, description="publication date of the pasted text (YYYY-MM-DD)")
    ] = "",
    url: Annotated[str, Form(max_length=2000, description="address of the pasted text")] = "",
    urls: Annotated[str, Form(description="URLs to fetch, one per line")] = "",
    files: Annotated[list[UploadFile] | None, File(description="article files")] = None,
) -> JSONResponse:
    uploads = await service.read_uploads(request, files or [])
    pasted = service.Pasted(title, outlet, published, url)
    result = await run_in_threadpool(
        service.add, request, text, title, urls.splitlines(), uploads, pasted
    )
    status = 200 if result["added"] else 400
    return JSONResponse(result, status_code=status)


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    return docs_page(request)


def not_found(what: str) -> HTTPException:
    return HTTPException(404, f"{what} not found")
