"""Shapes of lines and sentences, defined once: what ends like a sentence, what looks like
a headline, what is Title Case. The marks, limits and rules are in ``data/text.json``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from crossread.settings import load_json
from crossread.text.dates import date_line
from crossread.text.script import count_words
from crossread.text.words import stop_words


@cache
def _end(kind: str) -> re.Pattern[str]:
    cfg = load_json("text.json")
    marks = cfg["ends"][kind]
    return re.compile(f"[{re.escape(marks)}][{re.escape(cfg['closers'])}]*$")


def ends_like(line: str, kind: str = "sentence") -> bool:
    """Whether ``line`` ends with a final mark of ``kind`` ('sentence': . ! ?; 'paragraph':
    also ':'; 'clause': . ! : ; ,), closing quotes and brackets after it allowed."""
    return _end(kind).search(line.rstrip()) is not None


def headline_like(line: str) -> bool:
    """A short capitalised line without clause-final punctuation that is not a date
    (a headline, deck or subhead such as 'What Was Russia Doing in Syria?')."""
    lim = load_json("text.json")["headline"]
    n_words = count_words(line)
    return (
        "\n" not in line
        and 2 <= n_words <= lim["max_words"]
        and len(line) <= lim["max_chars"]
        and not ends_like(line, "clause")
        and (line[:1].isupper() or not line[:1].islower())  # scripts without case pass
        and not line[:1].isdigit()
        and date_line(line) is None
    )


def header_furniture(line: str) -> bool:
    """A short line at the top of a page that is furniture, not its headline: a photo credit
    or caption ('Getty Images Elon Musk'), a label ('Story highlights'), or a line wholly in
    brackets ('(Metropolitan Nashville Police Department)'); ``data/text.json`` headline."""
    text = line.strip()
    if "\n" in text or not text:
        return False
    if text[0] in "([" and text[-1] in ")]" and text.count(text[0]) == 1:
        return True
    low = text.lower()
    return any(m in low for m in load_json("text.json")["headline"]["furniture"])


def title_case(words: Iterable[str], rule: str) -> bool:
    """Whether words are (mostly) capitalised by the named rule of ``data/text.json``
    ('heading': a summary subheading; 'caption': a Title Case line in the cross-check)."""
    r = load_json("text.json")["title_case"][rule]
    stop = stop_words(r["skip_stop"]) if r["skip_stop"] else frozenset()
    counted = [
        w for w in words if w[:1].isalpha() and len(w) >= r["min_len"] and w.lower() not in stop
    ]
    n = len(counted)
    if not n or (r["max_words"] and n > r["max_words"]):
        return False
    caps = sum(1 for w in counted if w[:1].isupper())
    return caps >= r["min_caps"] and n - caps <= max(r["min_lower"], r["max_lower_share"] * n)
