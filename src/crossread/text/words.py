"""Words: tokens and stop words, one home for every stage.

``tokens(text, name)`` lowercases the text, straightens curly apostrophes and finds the
word pattern ``name`` of ``data/text.json`` ('summary', 'grouping', 'crosscheck': each
stage's notion of a word, kept apart on purpose and documented there).
``stop_words(name)`` is a named list of ``data/stopwords.json``.
"""

from __future__ import annotations

import re
from functools import cache

from crossread.settings import load_json


@cache
def _pattern(name: str) -> re.Pattern[str]:
    patterns = load_json("text.json")["tokens"]
    if name not in patterns:
        raise KeyError(f"data/text.json: no token pattern {name!r} (have {sorted(patterns)})")
    return re.compile(patterns[name])


def normalize(text: str) -> str:
    """Lowercase, curly apostrophes straightened: what every tokeniser reads."""
    return text.lower().replace("’", "'")


def tokens(text: str, name: str = "summary") -> list[str]:
    """The word tokens of ``text`` by the named pattern (lowercase, straight apostrophes)."""
    return _pattern(name).findall(normalize(text))


@cache
def stop_words(name: str) -> frozenset[str]:
    """A named stop-word list of ``data/stopwords.json`` (lowercase)."""
    lists = load_json("stopwords.json")
    spec = lists.get(name)
    if spec is None or name.startswith("_"):
        raise KeyError(f"data/stopwords.json: no list {name!r}")
    if isinstance(spec, dict):
        return stop_words(spec["extends"]) | frozenset(w.lower() for w in spec.get("add", ()))
    return frozenset(w.lower() for w in spec)
