"""The user's corrections to stories: JSON API under ``/api`` and the story's edit page.

Every change goes through the store (``crossread.store``: merge_stories, split_story,
move_article, rename_story, remove_article, remove_story) with the grouping state
the app keeps, so it is kept and respected by later grouping: stories split apart
are never merged again by the grouper, and a renamed story keeps its title.
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import quote, unquote

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from crossread.errors import CrossreadError, NotFound
from crossread.server import service
from crossread.server.routes_api import errors
from crossread.server.views import templates

api = APIRouter(prefix="/api", tags=["curation"])
pages = APIRouter(include_in_schema=False)


class Changed(BaseModel):
    story: str | None = Field(description="the story that holds the result (surviving, new)")
    title: str | None = None
    size: int | None = Field(None, description="its number of articles")


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")  # the schema's fields and only those
    stories: list[str] = Field(min_length=1, description="stories folded into this one")


class SplitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")  # the schema's fields and only those
    articles: list[str] = Field(min_length=1, description="articles that leave for a new story")


class MoveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")  # the schema's fields and only those
    article: str = Field(description="the article that moves into this story")


class RenameIn(BaseModel):
    model_config = ConfigDict(extra="forbid")  # the schema's fields and only those
    title: str = Field(min_length=1, max_length=300)


async def _apply(request: Request, change: Any) -> str | None:
    """Run ``change(store, index)`` in the library; a refused change is a 409 (it conflicts
    with the story as it is: an article not in it, a story merged into itself) or a 404."""
    lib = service.library(request)
    try:
        return await run_in_threadpool(lib.curate, change)
    except CrossreadError as exc:
        raise HTTPException(404 if isinstance(exc, NotFound) else 409, str(exc)) from None


def _changed(request: Request, story_id: str | None) -> dict[str, Any]:
    found = service.library(request).story(story_id) if story_id else None
    if found is None:
        return {"story": story_id, "title": None, "size": None}
    return {"story": story_id, "title": found[0].title, "size": found[0].size}


_ERRORS: dict[int | str, dict[str, Any]] = errors(400, 404, 409, 422)
_ERRORS[409] = {**_ERRORS[409], "description": "the change is not possible (named in `error`)"}
_ERRORS[404] = {**_ERRORS[404], "description": "no such story or article"}


@api.post(
    "/stories/{story_id}/merge",
    response_model=Changed,
    summary="Merge stories into this one (it keeps its id, title and source numbers)",
    responses=_ERRORS,
)
async def merge(request: Request, story_id: str, body: MergeIn) -> dict[str, Any]:
    ids = [story_id, *body.stories]
    sid = await _apply(request, lambda store, index: store.merge_stories(ids, index))
    return _changed(request, sid)


@api.post(
    "/stories/{story_id}/split",
    response_model=Changed,
    summary="The named articles leave for a new story, kept apart from this one from now on",
    responses=_ERRORS,
)
async def split(request: Request, story_id: str, body: SplitIn) -> dict[str, Any]:
    sid = await _apply(
        request, lambda store, index: store.split_story(story_id, body.articles, index)
    )
    return _changed(request, sid)


@api.post(
    "/stories/{story_id}/move",
    response_model=Changed,
    summary="Move an article into this story (it gets the next source number here)",
    responses=_ERRORS,
)
async def move(request: Request, story_id: str, body: MoveIn) -> dict[str, Any]:
    await _apply(request, lambda store, index: store.move_article(body.article, story_id, index))
    return _changed(request, story_id)


@api.patch(
    "/stories/{story_id}",
    response_model=Changed,
    summary="Rename a story (the grouper never replaces a user's title)",
    responses=_ERRORS,
)
async def rename(request: Request, story_id: str, body: RenameIn) -> dict[str, Any]:
    await _apply(request, lambda store, index: store.rename_story(story_id, body.title))
    return _changed(request, story_id)


@api.delete(
    "/stories/{story_id}",
    response_model=Changed,
    summary="Delete a story and its articles",
    responses=_ERRORS,
)
async def delete_story(request: Request, story_id: str) -> dict[str, Any]:
    await _apply(request, lambda store, index: store.remove_story(story_id, index))
    return {"story": None, "title": None, "size": None}


@api.delete(
    "/articles/{article_id:path}",
    response_model=Changed,
    summary="Delete one article (its story goes too when it empties)",
    responses=_ERRORS,
)
async def delete_article(request: Request, article_id: str) -> dict[str, Any]:
    sid = await _apply(request, lambda store, index: store.remove_article(article_id, index))
    return _changed(request, sid)


# ---------------------------------------------------------------- the edit page


# Every edit form posts, then redirects (303) back to a page: a refused change comes back to
# the edit page with its reason shown once (a "flash" kept in a short-lived cookie), so a reload
# or the back button never resubmits, and no page of the app is a bare error for a user's slip.
FLASH = "crossread_flash"


def _flash(response: Response, kind: str, text: str) -> Response:
    """Say ``text`` on the next page (``kind``: "error" or "done")."""
    value = quote(json.dumps({"kind": kind, "text": text[:500]}, ensure_ascii=False))
    response.set_cookie(FLASH, value, max_age=120, httponly=True, samesite="strict")
    return response


def _read_flash(request: Request) -> tuple[str, str]:
    raw = request.cookies.get(FLASH, "")
    try:
        doc = json.loads(unquote(raw)) if raw else {}
        return str(doc.get("kind", "")), str(doc.get("text", ""))
    except (ValueError, AttributeError):
        return "", ""


@pages.get("/stories/{story_id}/edit", response_class=HTMLResponse)
def edit_page(request: Request, story_id: str) -> HTMLResponse:
    lib = service.library(request)
    found = lib.story(story_id)
    if found is None:
        raise HTTPException(404, f"story {story_id!r} not found")
    row, articles = found
    others, _ = lib.stories("", 500, 0)
    from crossread.server.present import article_row

    kind, text = _read_flash(request)
    response = templates.TemplateResponse(
        request,
        "edit.html",
        {
            "story": row,
            "articles": [article_row(a, i) for i, a in enumerate(articles, start=1)],
            "others": [s for s in others if s.id != story_id],
            "flash": {"kind": kind, "text": text} if text else None,
        },
    )
    if FLASH in request.cookies:
        response.delete_cookie(FLASH, httponly=True, samesite="strict")  # said once
    return response


async def _form_change(
    request: Request, story_id: str, change: Any, after: str | None, done: str = ""
) -> Response:
    """Apply a form's change and redirect: to ``after`` (or the resulting story) when it is
    made, back to the edit page with the reason when it is refused."""
    back = f"/stories/{story_id}/edit"
    try:
        target = await _apply(request, change)
    except HTTPException as exc:
        if exc.status_code == 404 and service.library(request).story(story_id) is None:
            raise  # the story itself is gone: its edit page is a 404 too
        return _flash(RedirectResponse(back, status_code=303), "error", str(exc.detail))
    where = after if after is not None else f"/stories/{target or story_id}"
    response = RedirectResponse(where, status_code=303)
    return _flash(response, "done", done) if done and where == back else response


@pages.post("/stories/{story_id}/edit/rename")
async def rename_form(
    request: Request, story_id: str, title: Annotated[str, Form(max_length=300)] = ""
) -> Response:
    return await _form_change(
        request, story_id, lambda store, index: store.rename_story(story_id, title), None
    )


@pages.post("/stories/{story_id}/edit/merge")
async def merge_form(
    request: Request, story_id: str, other: Annotated[str, Form()] = ""
) -> Response:
    return await _form_change(
        request,
        story_id,
        lambda store, index: store.merge_stories([story_id, other], index),
        None,
    )


@pages.post("/stories/{story_id}/edit/split")
async def split_form(
    request: Request, story_id: str, articles: Annotated[list[str] | None, Form()] = None
) -> Any:
    chosen = articles or []
    if not chosen:
        back = RedirectResponse(f"/stories/{story_id}/edit", status_code=303)
        return _flash(back, "error", "tick the articles to split off into a new story first")
    return await _form_change(
        request, story_id, lambda store, index: store.split_story(story_id, chosen, index), None
    )


@pages.post("/stories/{story_id}/edit/move")
async def move_form(
    request: Request,
    story_id: str,
    article: Annotated[str, Form()] = "",
    to: Annotated[str, Form()] = "",
) -> Any:
    if not to:
        back = RedirectResponse(f"/stories/{story_id}/edit", status_code=303)
        return _flash(back, "error", "choose the story to move the article to")
    lib = service.library(request)
    where = lib.story(to)
    return await _form_change(
        request,
        story_id,
        lambda store, index: store.move_article(article, to, index),
        f"/stories/{story_id}/edit",
        f"moved {article} to “{where[0].title}”" if where else "",
    )


@pages.post("/stories/{story_id}/edit/remove-article")
async def remove_article_form(
    request: Request, story_id: str, article: Annotated[str, Form()] = ""
) -> Any:
    def change(store: Any, index: Any) -> None:
        store.remove_article(article, index)

    lib = service.library(request)
    response = await _form_change(
        request, story_id, change, f"/stories/{story_id}/edit", f"deleted {article}"
    )
    if lib.story(story_id) is None and isinstance(response, RedirectResponse):
        return RedirectResponse("/", status_code=303)  # the story emptied and went
    return response


@pages.post("/stories/{story_id}/edit/delete")
async def delete_form(
    request: Request, story_id: str, confirm: Annotated[str, Form()] = ""
) -> Response:
    if confirm != "yes":  # the box the browser requires; a form sent without it deletes nothing
        back = RedirectResponse(f"/stories/{story_id}/edit", status_code=303)
        return _flash(back, "error", "tick “Yes, delete” to delete the story")
    return await _form_change(
        request, story_id, lambda store, index: store.remove_story(story_id, index), "/"
    )
