"""One options object for every stage. Its defaults are in ``data/options.json`` (layered
with a user settings file, see ``crossread.settings``), its ranges checked there too."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

from crossread.settings import SettingsError, check_object, default

Encoder = Literal["tfidf", "static", "minilm"]

OptionsError = SettingsError  # an option has a value crossread cannot use


def _default(key: str) -> Any:
    return field(default_factory=lambda: default("options.json", key))


@dataclass(frozen=True)
class Options:
    # reading
    max_bytes: int = _default("max_bytes")  # an input larger than this is refused
    url_timeout: float = _default("url_timeout")  # seconds for fetching one URL
    allow_private_urls: bool = _default("allow_private_urls")  # off in the web app

    # cleaning
    clean: bool = _default("clean")

    # summarising
    words: int = _default("words")  # word budget of the summary
    encoder: Encoder = _default("encoder")  # similarity for citations, redundancy, check
    cite_threshold: float = _default("cite_threshold")  # another article "carries" a sentence
    # (names and numbers must agree too: crossread.summary.citation)
    redundancy_threshold: float = _default("redundancy_threshold")  # too similar: dropped
    compress: bool = _default("compress")  # deletion-only trimming of datelines, tails, ...

    # cross-check
    check: bool = _default("check")  # add the cross-check to summarize output

    # progress
    progress: bool | None = _default("progress")  # None: a bar only when stderr is a terminal

    def __post_init__(self) -> None:
        check_object(self, "options.json")

    def with_(self, **changes: object) -> Options:
        """A copy with some fields changed (validated again)."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise OptionsError(f"unknown option(s): {', '.join(sorted(unknown))}")
        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULT = Options()
