"""HTML to an Article through trafilatura: precision first, then a fallback chain.

trafilatura's precision mode keeps page boxes out, but on some pages it keeps nothing or a
stub (the article sits in a table, or in markup the precision rules distrust). When the
precision text is short (under ``extraction.stub_words`` words, counted in any script), the
next modes are tried in order: precision with tables, balanced (the library's default) with
tables, recall with tables; a later mode is taken only when it keeps at least
``extraction.gain`` times as many words. Pages with a long precision text cost one pass. The
mode used goes into ``Article.meta`` (``extraction``), a note into ``meta`` (``reading``), and
the log.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from crossread.errors import InputError
from crossread.ingest.metadata import limits, page_outlet
from crossread.ingest.plaintext import normalize_text
from crossread.model import Article
from crossread.text.dates import parse_date
from crossread.text.script import count_words

log = logging.getLogger(__name__)

_STRONG_HTML = re.compile(
    r"<(?:html|head|body|p|div|span|a|article|section|table|li|br|meta|script|title)\b", re.I
)

#: The extraction modes, in the order they are tried (name, trafilatura options).
MODES: tuple[tuple[str, dict[str, bool]], ...] = (
    ("precision", {"favor_precision": True, "include_tables": False}),
    ("precision+tables", {"favor_precision": True, "include_tables": True}),
    ("balanced+tables", {"include_tables": True}),
    ("recall+tables", {"favor_recall": True, "include_tables": True}),
)


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or any(
        tag in head for tag in ("<html", "<body", "<head", "<article", "<p>", "<div")
    )


def is_html_document(text: str) -> bool:
    """Markup rather than text that mentions a tag: a page saved under any name (``.txt``)."""
    head = text[:5000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    return looks_like_html(text) and len(_STRONG_HTML.findall(head)) >= 5


def _extract(html: str, url: str | None, options: dict[str, bool], metadata: bool) -> dict | None:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_images=False,
        with_metadata=metadata,
        deduplicate=False,
        **options,
    )
    if doc is None:
        return None
    return doc if isinstance(doc, dict) else doc.as_dict()


def extract(html: str, source: str, url: str | None = None) -> tuple[dict[str, Any], str, str]:
    """(metadata, main text, mode used) of a page, through the fallback chain."""
    lim = limits()["extraction"]
    meta: dict[str, Any] = {}
    best_text, best_mode, best_words = "", MODES[0][0], 0
    tried: list[str] = []
    for name, opts in MODES:
        if tried and best_words >= lim["stub_words"]:
            break
        try:
            doc = _extract(html, url, opts, metadata=not meta)
        except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
            if not tried:
                raise InputError(
                    source, f"could not parse the HTML ({type(exc).__name__})"
                ) from None
            break
        if doc and not meta:
            meta = doc
        text = normalize_text((doc or {}).get("text") or "")
        words = count_words(text)
        tried.append(f"{name} {words}")
        if words and (not best_words or words >= lim["gain"] * best_words):
            best_text, best_mode, best_words = text, name, words
    if len(tried) > 1:
        log.info(
            "%s: extraction modes tried (words kept): %s; took %s",
            source,
            ", ".join(tried),
            best_mode,
        )
    return meta, best_text, best_mode


def html_article(html: str, article_id: str, source: str, url: str | None = None) -> Article:
    """The main text and metadata (title, site name, date, URL) of a web page."""
    meta, text, mode = extract(html, source, url)
    if not text:
        raise InputError(source, "no article text found in the page")
    page_url = url or meta.get("url") or None
    title = meta.get("title") or None
    outlet = page_outlet(meta.get("sitename"), page_url, title)
    extra = [
        (key, str(meta[key])) for key in ("author", "description", "language") if meta.get(key)
    ]
    if mode != MODES[0][0]:
        extra.append(("extraction", mode))
        extra.append(
            ("reading", f"text taken in trafilatura's {mode} mode (precision mode kept too little)")
        )
    return Article(
        id=article_id,
        text=text,
        title=title,
        outlet=outlet,
        published=parse_date(meta.get("date")),
        url=page_url,
        source=source,
        language=meta.get("language") or None,
        meta=tuple(extra),
    )
