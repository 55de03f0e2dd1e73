"""Headline, outlet and publication date of an article (``enrich``).

Pure functions over strings and Articles. Word lists (outlets, limits) are in
``data/outlets.json`` and ``data/read.json``; dates are read by ``crossread.text.dates``
and headline-like lines told by ``crossread.text.shapes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import urlsplit

from crossread.model import Article
from crossread.settings import load_json
from crossread.text.dates import date_line
from crossread.text.shapes import headline_like

# ---------------------------------------------------------------- data files


def limits() -> dict:
    """Reader limits from ``data/read.json``."""
    return load_json("read.json")


@lru_cache(maxsize=1)
def _outlets() -> tuple[dict[str, str], re.Pattern[str] | None, dict[str, str]]:
    by_domain: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for o in load_json("outlets.json")["outlets"]:
        for dom in o["domains"]:
            by_domain[dom.lower()] = o["name"]
        if o.get("masthead_in_text", True):
            for n in (o["name"], *o["aliases"]):
                by_name[n] = o["name"]
    names = sorted(by_name, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    return by_domain, pattern if names else None, by_name


# ---------------------------------------------------------------- outlet


def outlet_from_url(url: str) -> str | None:
    """The outlet a URL belongs to: a known outlet's name, else the site's host name."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    by_domain = _outlets()[0]
    parts = host.split(".")
    for i in range(len(parts) - 1):
        name = by_domain.get(".".join(parts[i:]))
        if name:
            return name
    return host


def known_outlet(name: str | None) -> str | None:
    """A known outlet's canonical name for a name or alias ('Russia Today' -> 'RT')."""
    if not name:
        return None
    return _outlets()[2].get(name.strip()) or None


_WIRE_TAG = re.compile(
    r"^\W{0,3}(?:[A-Z][A-Za-z .,'-]{0,60}?\s*)?\(([A-Z][A-Za-z .&-]{1,30})\)\s*[-—–:]?"
)


def masthead(text: str, removed: tuple[str, ...] = ()) -> str | None:
    """An outlet named by the page itself: a wire tag opening the text ('(CNN) --',
    'MOSCOW (Reuters) -') or the known masthead named most often in its boilerplate
    (the lines the cleaner removed: 'Support The Moscow Times!'). Outlets merely cited
    in the story ('according to Reuters') do not count."""
    _, pattern, by_name = _outlets()
    m = _WIRE_TAG.match(text[:120])
    if m and m.group(1) in by_name:
        return by_name[m.group(1)]
    if pattern is None or not removed:
        return None
    counts: dict[str, int] = {}
    for line in removed:
        for hit in pattern.findall(line):
            name = by_name[hit]
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda n: counts[n]) if counts else None


def split_title_suffix(title: str) -> tuple[str, str | None]:
    """'Headline | Reuters' -> ('Headline', 'Reuters') when the suffix is a known outlet."""
    m = re.match(r"^(.{8,}?)\s+[|–—-]\s+([^|–—-]{2,40})$", title.strip())
    if m and known_outlet(m.group(2)):
        return m.group(1).strip(), known_outlet(m.group(2))
    return title.strip(), None


# ---------------------------------------------------------------- headline block


@dataclass(frozen=True)
class Header:
    """What the top of an article's text says about it."""

    title: str | None
    body: str  # the text without the header lines
    dropped: tuple[str, ...]  # other header lines (second headline, date line)
    published: str | None


def split_header(text: str) -> Header:
    """Split a headline block off the top of a text: a first short line without final
    punctuation is the headline; right after it, a date-only line ('December 11, 2017')
    gives the date and a second headline-like line (a deck) is dropped."""
    paragraphs = text.split("\n\n")
    title: str | None = None
    published: str | None = None
    dropped: list[str] = []
    i = 0
    max_lines = limits()["header_max_lines"]
    while i < len(paragraphs) - 1 and i < max_lines:
        para = paragraphs[i].strip()
        iso = date_line(para) if "\n" not in para else None
        if iso and published is None:
            published = iso
            dropped.append(para)
        elif headline_like(para) and title is None:
            title = para
        elif headline_like(para) and title is not None and not headline_like(paragraphs[i + 1]):
            dropped.append(para)  # a second headline / deck right under the first
        else:
            break
        i += 1
    if i == 0:
        return Header(None, text, (), None)
    return Header(title, "\n\n".join(paragraphs[i:]), tuple(dropped), published)


def published_from_lines(lines: tuple[str, ...] | list[str]) -> str | None:
    """A publication date from boilerplate lines ('Published: Dec. 11, 2017')."""
    for line in lines:
        if len(line) < 80:
            iso = date_line(line)
            if iso:
                return iso
    return None


def _fold(s: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", s.lower()).split())


def enrich(article: Article) -> Article:
    """Fill in a missing title, outlet and publication date from the article itself,
    taking the headline block off the top of the text. Fields already set stay."""
    header = split_header(article.text)
    same_title = bool(
        article.title
        and header.title
        and _fold(header.title)
        in (_fold(article.title), _fold(split_title_suffix(article.title)[0]))
    )
    if article.title and not same_title:
        header = Header(None, article.text, (), None)  # keep a body that opens with a subhead
    text = header.body
    title = article.title or header.title
    outlet = article.outlet
    if title:
        title, suffix_outlet = split_title_suffix(title)
        outlet = outlet or suffix_outlet
    outlet = outlet or masthead(text, article.removed)
    if not outlet and article.url:
        outlet = outlet_from_url(article.url)
    published = article.published or header.published or published_from_lines(article.removed)
    return replace(
        article,
        text=text,
        title=title,
        outlet=outlet,
        published=published,
        removed=(*article.removed, *header.dropped),
    )
