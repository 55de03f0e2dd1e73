"""crossread: many reports of one event in, one short sourced account out.

The public API (imports are lazy so that ``crossread --help`` stays instant)::

    import crossread
    result = crossread.read(["examples/putin-syria-2017/"])
    brief = crossread.summarize(result.articles, crossread.Options(words=120))
    print(crossread.render(brief, "md"))
"""

from __future__ import annotations

from typing import Any

from crossread.model import Article, Brief, Citation, Sentence, Story, SummarySentence
from crossread.options import Options

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Brief",
    "Citation",
    "Options",
    "Sentence",
    "Story",
    "SummarySentence",
    "__version__",
    "check",
    "read",
    "render",
    "summarize",
    "summarize_records",
]

_API = ("read", "summarize", "check", "render", "summarize_records", "dedupe")


def __getattr__(name: str) -> Any:  # lazy public functions: importing crossread stays cheap
    if name in _API:
        import importlib

        return getattr(importlib.import_module("crossread.api"), name)
    raise AttributeError(f"module 'crossread' has no attribute {name!r}")
