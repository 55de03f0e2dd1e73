"""Remove web-page debris from article text, line by line, without touching the story.

Debris is what a scraper drags in around a news story: donation appeals, newsletter
sign-ups, "Read more" links, share bars, photo captions and credits, paywall notices,
wire credits, menu buttons. The rules are general classes of debris kept in
``data/clean_patterns.json``; removed lines go to ``Article.removed`` so nothing is
lost silently. ``clean`` is idempotent: cleaning a cleaned article changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from crossread.model import Article
from crossread.settings import load_json
from crossread.text.script import count_words
from crossread.text.shapes import ends_like

_HAS_LETTER = re.compile(r"[^\W\d_]")
_EDGE = 200  # line-wide patterns look only at a line's first/last characters
_EDGE_END = 100
_END_TRIGGER = re.compile(r"[(:/\[—–]")  # every end-anchored pattern needs one of these


@dataclass(frozen=True)
class _Rules:
    exact: frozenset[str]
    short_max_words: int
    short_line: _Matcher
    line_start: re.Pattern[str]
    line_end: re.Pattern[str]
    credit: _Matcher
    credit_max_words: int
    appeal_start: _Matcher
    appeal_pronoun: re.Pattern[str]
    appeal_vocab: re.Pattern[str]
    appeal_short_words: int
    menu_max_words: int
    menu_min_run: int


def _union(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", flags)


class _Matcher:
    """Many patterns, fast: '^'-anchored ones are tried at the start only; the others are
    matched on the lower-cased line with their leading word boundary checked by hand
    (Python's regex engine cannot skip ahead in an alternation that starts with ``\\b``)."""

    def __init__(self, patterns: list[str]) -> None:
        anchored = [p for p in patterns if p.startswith(("^", "(?-i:^"))]
        floating = [p.removeprefix("\\b") for p in patterns if p not in anchored]
        self._anchored = _union(anchored)
        self._floating = _union(floating, 0)

    def search(self, line: str) -> bool:
        if self._anchored.match(line):
            return True
        low = line.lower()
        pos = 0
        while (m := self._floating.search(low, pos)) is not None:
            start = m.start()
            if start == 0 or not (low[start - 1].isalnum() and low[start].isalnum()):
                return True
            pos = start + 1
        return False


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The cleaning rules, loaded once from ``data/clean_patterns.json``."""
    raw = load_json("clean_patterns.json")
    return _Rules(
        exact=frozenset(_norm(x) for x in raw["exact_lines"]),
        short_max_words=raw["short_line_max_words"],
        short_line=_Matcher(raw["short_line_patterns"]),
        line_start=_union([p for p in raw["any_line_patterns"] if p.startswith("^")]),
        line_end=_union([p for p in raw["any_line_patterns"] if not p.startswith("^")]),
        credit=_Matcher(raw["credit_line"]["patterns"]),
        credit_max_words=raw["credit_line"]["max_words"],
        appeal_start=_Matcher(raw["appeal"]["start"]),
        appeal_pronoun=re.compile(raw["appeal"]["pronoun"], re.IGNORECASE),
        appeal_vocab=re.compile(raw["appeal"]["vocab"], re.IGNORECASE),
        appeal_short_words=raw["appeal"]["short_words"],
        menu_max_words=raw["menu_run"]["max_words"],
        menu_min_run=raw["menu_run"]["min_run"],
    )


_PUNCT = re.compile(r"[^\w\s'’+-]")
_EXACT_MAX_WORDS = 4  # the exact-line list holds button labels of a few words


def _norm(line: str) -> str:
    return " ".join(_PUNCT.sub(" ", line.lower()).split())


def _words(s: str) -> int:
    """Words in a line, in any script (a Japanese sentence is not a one-word menu item)."""
    if not s:
        return 0
    return s.count(" ") + 1 if s.isascii() else count_words(s)


def _squash(line: str) -> str:
    """One line with single plain spaces (cheap when it already is)."""
    if "  " in line or "\t" in line or "\u00a0" in line or line != line.strip():
        return " ".join(line.split())
    return line


def _junk(s: str) -> bool:
    r = rules()
    if not s or not _HAS_LETTER.search(s):
        return True
    n_words = _words(s)
    if n_words <= _EXACT_MAX_WORDS and _norm(s) in r.exact:
        return True
    if r.line_start.match(s[:_EDGE]):
        return True
    tail = s[-_EDGE_END:]
    if _END_TRIGGER.search(tail) and r.line_end.search(tail):
        return True
    if n_words <= r.short_max_words and r.short_line.search(s):
        return True
    return bool(n_words <= r.credit_max_words and not ends_like(s) and r.credit.search(s))


def _is_menu_item(s: str, n_words: int) -> bool:
    return n_words <= rules().menu_max_words and not ends_like(s) and s[-1:] != ":"


def boilerplate(line: str) -> bool:
    """Is this line (or sentence) page furniture on its own, without its neighbours: a
    newsletter or donation appeal, a share button, a credit line, ...? Stages that meet
    uncleaned text (``summarize`` on articles read with ``clean=False``) use it."""
    return _junk(line.strip())


def junk_flags(lines: list[str]) -> list[bool]:
    """Per line: is it debris? Adds the context rules (appeal boxes, menu rows)."""
    r = rules()
    squashed = [_squash(x) for x in lines]
    n_words = [_words(x) for x in squashed]
    flags = [_junk(x) for x in squashed]
    i = 0
    while i < len(lines):  # appeal boxes: a start line, then lines that keep speaking to "you"
        if n_words[i] > r.short_max_words or not r.appeal_start.search(squashed[i]):
            i += 1
            continue
        flags[i] = True
        j = i + 1
        while j < len(lines):
            s = squashed[j]
            appeal_like = bool(r.appeal_pronoun.search(s) and r.appeal_vocab.search(s))
            if not (appeal_like or flags[j] or n_words[j] <= r.appeal_short_words):
                break
            flags[j] = True
            j += 1
        i = j
    run: list[int] = []
    for k in range(len(lines) + 1):
        if k < len(lines) and _is_menu_item(squashed[k], n_words[k]):
            run.append(k)
            continue
        if len(run) >= r.menu_min_run:
            for m in run:
                flags[m] = True
        run = []
    return flags


def split_units(text: str) -> list[list[str]]:
    """Paragraphs (separated by blank lines), each a list of its non-empty lines."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        lines = [x.strip() for x in block.split("\n") if x.strip()]
        if lines:
            paragraphs.append(lines)
    return paragraphs


def clean_text(text: str) -> tuple[str, list[str]]:
    """(cleaned text with paragraphs joined by a blank line, removed lines in order)."""
    paragraphs = split_units(text)
    flat = [line for para in paragraphs for line in para]
    flags = junk_flags(flat)
    kept_paragraphs: list[str] = []
    removed: list[str] = []
    k = 0
    for para in paragraphs:
        kept = []
        for line in para:
            (removed if flags[k] else kept).append(line)
            k += 1
        if kept:
            kept_paragraphs.append("\n".join(kept))
    return "\n\n".join(kept_paragraphs), removed


def clean(article: Article) -> Article:
    """The article with debris lines moved from ``text`` to ``removed``."""
    text, removed = clean_text(article.text)
    if not removed and text == article.text:
        return article
    return replace(article, text=text, removed=(*article.removed, *removed))
