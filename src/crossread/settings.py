"""The JSON data files shipped under ``crossread/data/`` (word lists, rules, thresholds, weights)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_json(*parts: str) -> Any:
    """``crossread/data/<parts...>`` parsed as UTF-8 JSON, once per process.

    The result is shared between callers: treat it as read-only.
    """
    path = resources.files("crossread.data")
    for part in parts:
        path = path.joinpath(part)
    return json.loads(path.read_text(encoding="utf-8"))
