"""One options object for every stage, with every default in one place."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Literal

from crossread.errors import CrossreadError

Encoder = Literal["tfidf", "static", "minilm"]


class OptionsError(CrossreadError, ValueError):
    """An option has a value crossread cannot use."""


@dataclass(frozen=True)
class Options:
    # reading
    max_bytes: int = 5_000_000  # an input larger than this is refused with a message
    url_timeout: float = 15.0  # seconds for fetching one URL
    allow_private_urls: bool = True  # the web app turns this off for user-given URLs

    # cleaning
    clean: bool = True

    # summarising
    words: int = 120  # word budget of the summary
    encoder: Encoder = "static"  # similarity for citations and redundancy
    cite_threshold: float = 0.46  # mean(encoder, TF-IDF) cosine at which another article "carries" a sentence  # (names and numbers must agree too: crossread.summary.citation)
    redundancy_threshold: float = (
        0.35  # TF-IDF cosine: a candidate this similar to a chosen one is dropped
    )
    compress: bool = True  # deletion-only trimming of datelines, attribution tails, ...

    # cross-check
    check: bool = True  # add the cross-check to summarize output

    # progress
    progress: bool | None = None  # None: a bar only when stderr is a terminal

    def __post_init__(self) -> None:
        if self.words < 1:
            raise OptionsError(f"words must be at least 1, got {self.words}")
        if self.max_bytes < 1:
            raise OptionsError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.url_timeout <= 0:
            raise OptionsError(f"url_timeout must be positive, got {self.url_timeout}")
        if self.encoder not in ("tfidf", "static", "minilm"):
            raise OptionsError(f"encoder must be tfidf, static or minilm, got {self.encoder!r}")
        for name in ("cite_threshold", "redundancy_threshold"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise OptionsError(f"{name} must be between 0 and 1, got {value}")

    def with_(self, **changes: object) -> Options:
        """A copy with some fields changed (validated again)."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise OptionsError(f"unknown option(s): {', '.join(sorted(unknown))}")
        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULT = Options()
