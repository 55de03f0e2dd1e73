"""The reading room: a local web app and JSON API over a crossread store.

    from crossread.server import create_app
    app = create_app("stories.db")          # a FastAPI app; run it with uvicorn

or, from a terminal, ``crossread serve``.
"""

from __future__ import annotations

from typing import Any


def create_app(db_path: Any, options: Any = None) -> Any:
    """See :func:`crossread.server.app.create_app` (imported lazily: FastAPI is an extra)."""
    from crossread.server.app import create_app as _create_app

    return _create_app(db_path, options)
