"""The JSON API (``/api``), described exactly by the OpenAPI schema at ``/api/openapi.json``.

Every operation declares every status it can answer with and the body of each; every
error has one shape, :class:`ErrorOut` (``{"error": "one line", "details": [...]}``).
Request bodies are closed: a form field or query the schema does not name is refused
with 422, so what the schema allows is exactly what the server accepts.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from crossread import __version__
from crossread.server import service
from crossread.server.apidocs import docs_page

router = APIRouter(prefix="/api", tags=["api"])


class ErrorOut(BaseModel):
    """The one shape of every error the API sends."""

    error: str = Field(description="one line saying what was wrong")
    details: list[str] = Field(
        description="one line per problem (a field, an input, a line of a bulk body)"
    )


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    what = {
        400: "the body could not be parsed (e.g. broken multipart data)",
        404: "no such resource",
        409: "the change conflicts with the resource as it is",
        413: "request body over the server's limit",
        415: "the body is not of a media type this operation reads",
        422: "a parameter or form field is missing, unknown or out of range",
        500: "internal error (logged on the server; never a traceback)",
    }
    return {c: {"model": ErrorOut, "description": what[c]} for c in (*codes, 500)}


class StoryOut(BaseModel):
    id: str
    title: str
    size: int = Field(description="number of articles")
    outlets: list[str]
    first_seen: str | None = Field(None, description="earliest publication date (ISO)")
    last_seen: str | None = Field(None, description="latest publication date (ISO)")


class Page(BaseModel):
    total: int = Field(description="items matching, before paging")
    offset: int
    limit: int
    next_offset: int | None = Field(description="offset of the next page; null on the last")


class StoryList(Page):
    stories: list[StoryOut]


class ArticleOut(BaseModel):
    n: int | None = Field(None, description="the source number shown in the story, [n]")
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    source: str = ""
    label: str = Field("", description='"Outlet, date: headline" as the pages show it')


class ArticleList(Page):
    articles: list[ArticleOut]


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
    added: list[AddedOut] = Field(description="articles stored (or already there), in order")
    errors: list[str] = Field(description="one line per input that could not be used")


class LineResult(BaseModel):
    line: int = Field(description="1-based line number in the body")
    status: str = Field(description='"added", "duplicate" or "error"')
    id: str | None = None
    story: str | None = None
    error: str | None = None


class BulkResult(BaseModel):
    lines: int = Field(description="non-blank lines read")
    added: int
    duplicates: int
    failed: int
    results: list[LineResult] = Field(description="one per non-blank line, in order")
    notes: list[str] = Field(description="messages that are not about one line")


class Health(BaseModel):
    status: str
    version: str
    db: str


class AddForm(BaseModel):
    """Pasted text, uploaded files and/or URLs (at least one of them)."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, description="pasted article text")
    title: str = Field("", description="headline of the pasted text")
    outlet: str = Field("", description="outlet of the pasted text")
    published: str = Field("", description="publication date of the pasted text (YYYY-MM-DD)")
    url: str = Field("", description="address of the pasted text")
    urls: str | None = Field(None, description="URLs to fetch, one per line")
    files: list[UploadFile] = Field(default_factory=list, description="article files")


def _page(total: int, offset: int, limit: int) -> dict[str, Any]:
    nxt = offset + limit
    return {
        "total": total,
        "offset": offset,
        "limit": limit,
        "next_offset": nxt if nxt < total else None,
    }


Limit = Annotated[int, Query(ge=1, le=500, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]


@router.get(
    "/health",
    response_model=Health,
    operation_id="health",
    summary="Is the server up, and on which store",
    responses=errors(),
)
def health(request: Request) -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "db": str(service.library(request).db_path)}


@router.get(
    "/stories",
    response_model=StoryList,
    operation_id="list_stories",
    summary="Stories, newest first (paged)",
    responses={
        200: {
            "description": "a page of stories",
            "links": {
                "get_story": {
                    "operationId": "get_story",
                    "parameters": {"story_id": "$response.body#/stories/0/id"},
                },
                "list_story_articles": {
                    "operationId": "list_story_articles",
                    "parameters": {"story_id": "$response.body#/stories/0/id"},
                },
            },
        },
        **errors(422),
    },
)
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
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    rows, total = service.library(request).stories(q, limit, offset)
    return {"stories": [r.to_dict() for r in rows], **_page(total, offset, limit)}


StoryId = Annotated[str, Path(description="a story id, as listed by GET /api/stories")]


@router.get(
    "/stories/{story_id}",
    response_model=StoryDetail,
    operation_id="get_story",
    summary="One story: its articles, cited summary and cross-check",
    responses=errors(404),
)
def get_story(request: Request, story_id: StoryId) -> dict[str, Any]:
    found = service.story_page(request, story_id)
    return {"story": found.story.to_dict(), "articles": found.articles, "brief": found.brief.data}


@router.get(
    "/stories/{story_id}/articles",
    response_model=ArticleList,
    operation_id="list_story_articles",
    summary="A story's articles in source-number order (paged)",
    responses=errors(404, 422),
)
def list_story_articles(
    request: Request, story_id: StoryId, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    found = service.story_page(request, story_id)
    rows = found.articles
    return {"articles": rows[offset : offset + limit], **_page(len(rows), offset, limit)}


BULK_MEDIA = ("application/x-ndjson", "application/jsonl")


@router.post(
    "/articles/bulk",
    response_model=BulkResult,
    operation_id="add_articles_bulk",
    summary="Add many articles: JSON Lines in the body (streamed), one result per line",
    description=(
        'One article per line: `{"text": ..., "title"?, "url"?, "outlet"?, '
        '"published"?, "id"?}` (also `body`/`content`, `headline`, `source`, '
        "`publish_date`/`date`). The body is read as it arrives and stored in batches; a "
        "bad line is reported in `results` with its number and every other line is kept."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                media: {"schema": {"description": "JSON Lines: bytes, one JSON object a line"}}
                for media in BULK_MEDIA
            },
        }
    },
    responses=errors(413, 415),
)
async def add_articles_bulk(request: Request) -> JSONResponse:
    from crossread.server.bulk import bulk_add

    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in BULK_MEDIA:
        raise HTTPException(415, f"send JSON Lines as {' or '.join(BULK_MEDIA)}")
    return JSONResponse(await bulk_add(request))


@router.get(
    "/articles/{article_id:path}",
    response_model=ArticleDetail,
    operation_id="get_article",
    summary="One article: cleaned text, sentences (those used in the summary marked), removed lines",
    responses=errors(404),
)
def get_article(
    request: Request,
    article_id: Annotated[str, Path(description="an article id (URL-encode any '/')")],
) -> dict[str, Any]:
    return service.article_data(request, article_id)


_LINKS = {
    "get_article": {
        "operationId": "get_article",
        "parameters": {"article_id": "$response.body#/added/0/id"},
        "description": "the first article added (every `added[i].id` works the same way)",
    },
    "get_story": {
        "operationId": "get_story",
        "parameters": {"story_id": "$response.body#/added/0/story"},
        "description": "the story the first article joined",
    },
}


# Form values are text on the wire whatever they look like ("false", "12", "[]"), so the
# fields carry no JSON type: any value is read as its text.
_FIELDS = {
    "text": {"description": "pasted article text"},
    "title": {"description": "headline of the pasted text (at most 500 characters)"},
    "outlet": {"description": "outlet of the pasted text (at most 200 characters)"},
    "published": {"description": "publication date of the pasted text (YYYY-MM-DD)"},
    "url": {"description": "address of the pasted text (http or https)"},
    "urls": {"description": "URLs to fetch, one per line"},
}


FORM_MEDIA = ("multipart/form-data", "application/x-www-form-urlencoded")
_FORM_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "title": "AddForm",
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    **_FIELDS,
                    "files": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": "string", "format": "binary"},
                        "description": "article files (text, HTML, JSONL, RSS/Atom, WARC)",
                    },
                },
            }
        },
        "application/x-www-form-urlencoded": {
            "schema": {
                "title": "AddFormNoFiles",
                "type": "object",
                "additionalProperties": False,
                "properties": _FIELDS,
            }
        },
    },
}


@router.post(
    "/articles",
    response_model=AddResult,
    operation_id="add_articles",
    summary="Add articles: pasted text, uploaded files and/or URLs; each joins its story",
    description=(
        "Send any of `text` (with its `title`, `outlet`, `published` and `url`), `urls` and "
        "`files`. Every input is read on its own: "
        "the answer lists the articles stored (each with the story it joined) and one line "
        "per input that could not be used (an empty file, a page that could not be fetched, "
        "text too short to be an article, a date or headline that cannot be used, or nothing "
        "sent at all), so a request can add "
        "some inputs and report the rest."
    ),
    openapi_extra={"x-request-body": _FORM_BODY},  # replaces FastAPI's (see app._error_schema)
    responses={
        200: {"description": "each input read; see `added` and `errors`", "links": _LINKS},
        **errors(400, 413, 415, 422),
    },
)
async def add_articles(request: Request, form: Annotated[AddForm, Form()]) -> JSONResponse:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in FORM_MEDIA:
        raise HTTPException(415, f"send a form: {' or '.join(FORM_MEDIA)}")
    uploads = await service.read_uploads(request, form.files)
    urls = (form.urls or "").splitlines()
    pasted = service.Pasted(form.title, form.outlet, form.published, form.url)
    result = await run_in_threadpool(
        service.add, request, form.text or "", form.title, urls, uploads, pasted
    )
    return JSONResponse(result)


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    return docs_page(request)
