"""API docs that work offline: the OpenAPI schema rendered server-side as one HTML page.

(FastAPI's own /docs loads Swagger UI from a CDN, so it is switched off.)
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from crossread.server.views import templates


def _ref_name(schema: dict[str, Any]) -> str:
    ref = schema.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref else ""


def type_of(schema: dict[str, Any] | None) -> str:
    """A short human reading of a JSON schema: ``list[StoryOut]``, ``string | null``."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return _ref_name(schema)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return " | ".join(type_of(s) for s in schema[key])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"list[{type_of(schema.get('items'))}]"
    if kind == "object" and "additionalProperties" in schema:
        extra = schema["additionalProperties"]
        return f"dict[string, {type_of(extra if isinstance(extra, dict) else None)}]"
    if schema.get("format") == "binary":
        return "file"
    return str(kind)


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p.get("name", ""),
                    "in": p.get("in", ""),
                    "type": type_of(p.get("schema")),
                    "required": bool(p.get("required")),
                    "description": p.get("description")
                    or p.get("schema", {}).get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            body = None
            content = op.get("requestBody", {}).get("content", {})
            for media, spec_body in content.items():
                body = {"media": media, "type": type_of(spec_body.get("schema"))}
            responses = []
            for code, resp in op.get("responses", {}).items():
                schema = next(iter(resp.get("content", {}).values()), {}).get("schema")
                responses.append(
                    {
                        "code": code,
                        "description": resp.get("description", ""),
                        "type": type_of(schema) if schema else "",
                    }
                )
            out.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "params": params,
                    "body": body,
                    "responses": responses,
                }
            )
    return out


def schemas(spec: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        props = [
            {
                "name": prop,
                "type": type_of(value),
                "required": prop in required,
                "description": value.get("description", ""),
            }
            for prop, value in schema.get("properties", {}).items()
        ]
        out.append({"name": name, "props": props})
    return out


def docs_page(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    return templates.TemplateResponse(
        request,
        "apidocs.html",
        {
            "info": spec.get("info", {}),
            "operations": operations(spec),
            "schemas": schemas(spec),
            "openapi_url": request.app.openapi_url,
        },
    )
