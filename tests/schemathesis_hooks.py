"""Schemathesis hooks for the API tests: how to send the bulk endpoint's JSON Lines body."""

from __future__ import annotations

import json

import schemathesis


@schemathesis.serializer("application/x-ndjson", "application/jsonl")
def ndjson(ctx, value):  # type: ignore[no-untyped-def]
    """A JSON Lines body: text as its UTF-8 bytes; any other value as one line of JSON."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    return json.dumps(value).encode("utf-8") + b"\n"
