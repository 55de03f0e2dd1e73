"""Plain text to an Article: normalised whitespace, one paragraph per line or block."""

from __future__ import annotations

import re

from crossread.model import Article
from crossread.settings import load_json
from crossread.text.shapes import ends_like

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # icon-font glyphs scraped from pages


def _is_hard_wrapped(lines: list[str]) -> bool:
    """A block whose lines were wrapped at a fixed width (DUC/newswire style)."""
    if len(lines) < 3:
        return False
    cfg = load_json("text.json")["hard_wrap"]
    lo, hi = cfg["min_chars"], cfg["max_chars"]
    body = lines[:-1]
    long_open = sum(1 for x in body if lo <= len(x) <= hi and not ends_like(x, "paragraph"))
    return long_open >= cfg["open_share"] * len(body)


def normalize_text(text: str) -> str:
    """Unicode spaces to plain spaces, no zero-width or icon characters, paragraphs
    separated by one blank line. A line is a paragraph unless its block is hard-wrapped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _PRIVATE_USE.sub("", _ZERO_WIDTH.sub("", text))
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t\u00a0]*\n", text):
        lines = [" ".join(x.split()) for x in block.split("\n")]  # all Unicode spaces
        lines = [x for x in lines if x]
        if not lines:
            continue
        if _is_hard_wrapped(lines):
            paragraphs.append(" ".join(lines))
        else:
            paragraphs.extend(lines)
    return "\n\n".join(paragraphs)


def text_article(text: str, article_id: str, source: str, **fields: str | None) -> Article:
    """An Article from plain text (the headline is found later by ``metadata.enrich``)."""
    return Article(id=article_id, text=normalize_text(text), source=source, **fields)
