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
        yield
        library.close()

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

    from crossread.server.routes_api import router as api_router
    from crossread.server.routes_curation import api as curation_api
    from crossread.server.routes_curation import pages as curation_pages
    from crossread.server.routes_pages import router as pages_router

    app.include_router(api_router)
    app.include_router(curation_api)
    app.include_router(pages_router)
    app.include_router(curation_pages)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    hosts = list(serve.allowed_hosts) or ["*"]
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    app.add_middleware(BodyLimitMiddleware, max_bytes=serve.max_request_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    _error_handlers(app)
    _error_schema(app)
    return app


def _error_schema(app: FastAPI) -> None:
    """Document errors as they are sent: ``{"error": "one line"}`` (validation errors included)."""
    from fastapi.openapi.utils import get_openapi

    error = {
        "title": "Error",
        "type": "object",
        "properties": {"error": {"type": "string", "description": "one line, naming the input"}},
        "required": ["error"],
    }
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        spec = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=app.routes
        )
        for methods in spec.get("paths", {}).values():
            for op in methods.values():
                for code, response in op.get("responses", {}).items():
                    schema = next(iter(response.get("content", {}).values()), {}).get("schema", {})
                    if code.startswith(("4", "5")) and (
                        not schema or "HTTPValidationError" in str(schema)
                    ):
                        response["content"] = ref
                        if code == "422":
                            response["description"] = "invalid parameters"
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        schemas["Error"] = error
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
    return request.url.path.startswith("/api/") or "text/html" not in request.headers.get(
        "accept", ""
    )


def _error_page(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        return _error_page(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return _error_page(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:  # no traceback to users
        import logging

        logging.getLogger("crossread.server").exception("internal error on %s", request.url.path)
        return _error_page(request, 500, f"internal error ({type(exc).__name__})")
