"""crossread: many reports of one event in, one short sourced account out.

The public API (imports are lazy so that ``crossread --help`` stays instant)::

    import crossread
    result = crossread.read(["examples/putin-syria-2017/"])
    brief = crossread.summarize(result.articles, crossread.Options(words=120))
    print(crossread.render(brief, "md"))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
]

if TYPE_CHECKING:  # pragma: no cover
    pass


def __getattr__(name: str) -> Any:  # lazy public functions
    from crossread import api

    if hasattr(api, name):
        return getattr(api, name)
    raise AttributeError(f"module 'crossread' has no attribute {name!r}")
