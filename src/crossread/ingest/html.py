"""HTML to an Article through trafilatura, precision-first so page boxes stay out."""

from __future__ import annotations

from crossread.errors import InputError
from crossread.ingest.metadata import known_outlet, outlet_from_url
from crossread.ingest.plaintext import normalize_text
from crossread.model import Article
from crossread.text.dates import parse_date


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or any(
        tag in head for tag in ("<html", "<body", "<head", "<article", "<p>", "<div")
    )


def _outlet(sitename: str | None, url: str | None) -> str | None:
    """The site name from the page's metadata (canonical when it is a known outlet;
    a bare domain is mapped like a URL), else the URL's site."""
    name = (sitename or "").strip()
    if name and "." in name and " " not in name:
        return outlet_from_url(f"http://{name}")
    if name:
        return known_outlet(name) or name
    return outlet_from_url(url) if url else None


def html_article(html: str, article_id: str, source: str, url: str | None = None) -> Article:
    """The main text and metadata (title, site name, date, URL) of a web page."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            with_metadata=True,
            deduplicate=False,
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise InputError(source, f"could not parse the HTML ({type(exc).__name__})") from None
    if doc is None:
        raise InputError(source, "no article text found in the page")
    meta = doc if isinstance(doc, dict) else doc.as_dict()
    text = normalize_text(meta.get("text") or "")
    if not text:
        raise InputError(source, "no article text found in the page")
    page_url = url or meta.get("url") or None
    outlet = _outlet(meta.get("sitename"), page_url)
    extra = tuple(
        (key, str(meta[key])) for key in ("author", "description", "language") if meta.get(key)
    )
    return Article(
        id=article_id,
        text=text,
        title=(meta.get("title") or None),
        outlet=outlet,
        published=parse_date(meta.get("date")),
        url=page_url,
        source=source,
        language=meta.get("language") or None,
        meta=extra,
    )
