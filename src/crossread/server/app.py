"""The reading room: ``create_app(db_path, options)`` builds the FastAPI app.

Pages (HTML, Jinja2 with autoescape; only files shipped in the package, no
CDN) and a JSON API under ``/api`` with its OpenAPI schema at
``/api/openapi.json`` and offline docs at ``/api/docs``.  Article text is
hostile: it is escaped everywhere, and the Content-Security-Policy allows
scripts and styles from this server only, so even a slip could not run an
article's script.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from crossread import __version__
from crossread.server.config import ServeOptions
from crossread.server.guards import BodyLimitMiddleware, SecurityHeadersMiddleware
from crossread.server.library import Library
from crossread.server.views import templates

HERE = Path(__file__).parent


def create_app(db_path: str | Path | None, options: ServeOptions | None = None) -> FastAPI:
    """The web app over the SQLite store at ``db_path`` (None: the default store)."""
    serve = options or ServeOptions()
    serve = _with_pipeline_limits(serve)
    library = Library(db_path, serve)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        library.start()  # background briefs: the backfill of stories added elsewhere first
        yield
        library.close()

    from crossread.server.views import warm_templates

    warm_templates()  # compiled at start-up: a reader's first view does not pay for it

    app = FastAPI(
        title="crossread",
        version=__version__,
        summary="Read many news reports of one event: a cited summary and a cross-check.",
        docs_url=None,  # FastAPI's /docs loads Swagger UI from a CDN: see /api/docs instead
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.library = library
    app.state.serve = serve
    from crossread.server.service import Outcomes

    app.state.outcomes = Outcomes()

    from crossread.server.routes_api import router as api_router
    from crossread.server.routes_curation import api as curation_api
    from crossread.server.routes_curation import pages as curation_pages
    from crossread.server.routes_pages import render_story
    from crossread.server.routes_pages import router as pages_router

    library.page_renderer = render_story
    app.include_router(api_router)
    app.include_router(curation_api)
    app.include_router(pages_router)
    app.include_router(curation_pages)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    hosts = list(serve.allowed_hosts) or ["*"]
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    app.add_middleware(BodyLimitMiddleware, max_bytes=serve.max_request_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(ReadersFirst, library=library)
    _error_handlers(app)
    _error_schema(app)
    return app


class ReadersFirst:
    """Marks every request, so that the background backfill of briefs waits while readers are
    here (plain ASGI: request bodies stream through untouched)."""

    def __init__(self, app: Any, library: Library) -> None:
        self.app, self.library = app, library

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.library.touch()
        await self.app(scope, receive, send)


def _error_schema(app: FastAPI) -> None:
    """Errors in the schema as they are sent: ``ErrorOut`` everywhere.

    Routes declare their error statuses themselves (``routes_api.errors``); the 422 that
    FastAPI adds on its own to every operation with parameters is dropped where the route
    did not declare it (a plain path parameter cannot fail validation), and the framework's
    ``HTTPValidationError`` schemas never appear.
    """
    import json

    from fastapi.openapi.utils import get_openapi

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        spec = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=app.routes
        )
        for methods in spec.get("paths", {}).values():
            for op in methods.values():
                if "x-request-body" in op:  # a body the route describes itself, exactly
                    op["requestBody"] = op.pop("x-request-body")
                responses = op.get("responses", {})
                auto = responses.get("422", {})
                if "HTTPValidationError" in str(auto):
                    del responses["422"]
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        used = json.dumps(spec["paths"]) + json.dumps(schemas)
        for name in list(schemas):  # drop the schemas nothing refers to any more
            if name != "ErrorOut" and f'"#/components/schemas/{name}"' not in used:
                del schemas[name]
        app.openapi_schema = spec
        return spec

    app.openapi = build  # type: ignore[method-assign]


def _with_pipeline_limits(serve: ServeOptions) -> ServeOptions:
    """Readers called by the app obey the app's URL policy (a feed's links included)."""
    from dataclasses import replace

    pipeline = serve.options.with_(
        allow_private_urls=serve.allow_private_urls,
        url_timeout=serve.fetch_timeout,
        max_bytes=min(serve.options.max_bytes, serve.max_upload_bytes),
        progress=False,
    )
    return replace(serve, options=pipeline)


def _wants_json(request: Request) -> bool:
    """The API answers JSON; pages answer a page (unless only JSON is accepted)."""
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _error_page(
    request: Request,
    status: int,
    message: str,
    details: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if _wants_json(request):
        body = {"error": message, "details": details or []}
        return JSONResponse(body, status_code=status, headers=headers)
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "message": message, "details": details or []},
        status_code=status,
        headers=headers,
    )


def _allowed(request: Request) -> str:
    """The methods the schema gives this request's path, across routers (Starlette names only
    the first route's when several share a path, e.g. GET and DELETE from two routers)."""
    import re

    path = request.url.path
    spec = request.app.openapi()
    # a literal path first (/api/articles/bulk), then one segment per id, then ids with "/"
    for param in (None, r"[^/]+", r".+"):
        methods: set[str] = set()
        for template, ops in spec.get("paths", {}).items():
            parts = re.split(r"\{[^}]+\}", template)
            if param is None:
                if template == path:
                    methods |= {m.upper() for m in ops}
                continue
            if re.fullmatch(param.join(re.escape(p) for p in parts), path):
                methods |= {m.upper() for m in ops}
        if methods:
            if "GET" in methods:
                methods.add("HEAD")
            return ", ".join(sorted(methods))
    return ""


_REASONS = {404: "not found", 405: "method not allowed", 413: "request body too large"}


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # every method of every route on this path (RFC 9110)
            headers["Allow"] = _allowed(request) or headers.get("Allow", "")
        if message in ("Not Found", "Method Not Allowed"):  # the framework's own words
            message = _REASONS[exc.status_code]
            if exc.status_code == 405:
                message += f" (allowed: {headers['Allow']})"
        return _error_page(request, exc.status_code, message, headers=headers or None)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors()[:20]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            msg = str(err.get("msg", "invalid"))
            if err.get("type") == "extra_forbidden":
                msg = "not a field of this form"
            elif "UploadFile" in msg:
                msg = "expected a file upload"
            parts.append(f"{where}: {msg}" if where else msg)
        return _error_page(request, 422, "invalid request", parts)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:  # no traceback to users
        import logging

        logging.getLogger("crossread.server").exception("internal error on %s", request.url.path)
        return _error_page(request, 500, f"internal error ({type(exc).__name__})", [])
