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
from crossread.text.script import count_words
from crossread.text.shapes import header_furniture, headline_like

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


def _ascii_fold(s: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", s.lower())
    return re.sub(r"[^a-z0-9]", "", s)


def _host_of(url: str | None) -> str:
    return (urlsplit(url or "").hostname or "").lower().removeprefix("www.")


def names_host(name: str, url: str | None) -> bool:
    """Does a site name agree with the URL's host ('The Hill' ~ thehill.com, 'Kabar tentang
    Dunia Islam' ~ kabarislamia.com, 'Neue Zürcher Zeitung' ~ nzz.ch)?"""
    host = _host_of(url)
    if not host:
        return False
    labels = [x for x in host.split(".") if x not in ("com", "co", "org", "net", "www")]
    folded_host = "".join(labels)
    whole = _ascii_fold(name)
    if whole and (whole in folded_host or any(len(x) >= 3 and x in whole for x in labels)):
        return True
    words = [_ascii_fold(w) for w in re.split(r"[\s_.-]+", name)]
    words = [w for w in words if w]
    if any(len(w) >= 4 and w in folded_host for w in words):
        return True
    initials = "".join(w[0] for w in words if w)
    return len(initials) >= 2 and any(x.startswith(initials) for x in labels)


_SITE_PARTS = re.compile(r"\s+[|–—:·»-]\s+|\s*\|\s*")
_NOT_A_NAME = re.compile(
    r"©|\bcopyright\b|all rights reserved|\b(?:19|20)\d\d\b|\btel\.|\bfax\b|https?:|@",
    re.IGNORECASE,
)
_SMALL_WORDS = {
    "of", "the", "and", "de", "da", "do", "la", "le", "el", "di", "del", "der", "die", "das",
    "des", "du", "en", "y", "e", "et", "&", "för", "van", "von",
}  # fmt: skip


def _name_shaped(name: str, lim: dict) -> bool:
    """A masthead rather than a slogan, title or notice: a few words, capitalised (words in
    scripts without case pass), no copyright line, year, phone number or handle."""
    words = name.split()
    if not words or count_words(name) > lim["outlet_max_words"] or _NOT_A_NAME.search(name):
        return False
    return all(not w[:1].islower() or w.lower() in _SMALL_WORDS or w.isupper() for w in words if w)


def page_outlet(
    sitename: str | None, url: str | None, title: str | None = None, strict: bool = False
) -> str | None:
    """The outlet of a page from its metadata site name, checked against the URL's host.

    A site name that is itself a URL or domain is read as one (never 'https'); a known
    outlet's name or alias gives its canonical name; a name in parts ('Autoracing | F1 |
    Indy') keeps the part that names the host; a name that agrees with the host is kept; one
    that does not is kept only when it is shaped like a masthead, not the page title, a
    slogan, a copyright line or a handle (``strict``, for feed titles such as 'heise developer
    neueste Meldungen': always). Otherwise the URL's outlet (known outlet or host)."""
    from_url = outlet_from_url(url) if url else None
    name = " ".join((sitename or "").split()).strip(" |-–—:")
    if not name or "_" in name or name[:1] in "#@":
        return from_url  # none, or a social-media handle ('Sndk_Nyheder', '@Reuters')
    if "://" in name or ("." in name and " " not in name and not name.endswith(".")):
        site = outlet_from_url(name if "://" in name else f"http://{name}")
        if site and site not in ("http", "https"):
            return from_url if from_url and not names_host(site, url) else site
        return from_url
    known = known_outlet(name)
    host_known = from_url if from_url and from_url != _host_of(url) else None
    if known:  # a known outlet's name on another known outlet's site: the site is the outlet
        return host_known if host_known and host_known != known else known
    parts = [p.strip() for p in _SITE_PARTS.split(name) if p.strip()]
    if len(parts) > 1:
        agreeing = [p for p in parts if names_host(p, url)]
        name = agreeing[0] if agreeing else parts[0]
        known = known_outlet(name)
        if known:
            return known
    if title and (_fold(name) == _fold(title) or (len(name) >= 20 and title.startswith(name))):
        return name if names_host(name, url) else (from_url or None)
    if names_host(name, url) and not _NOT_A_NAME.search(name) and not strict:
        return name
    if _name_shaped(name, limits()):
        return name
    return from_url


def known_outlet(name: str | None) -> str | None:
    """A known outlet's canonical name for a name or alias ('Russia Today' -> 'RT')."""
    if not name:
        return None
    return _outlets()[2].get(name.strip()) or None


_WIRE_TAG = re.compile(
    r"^\W{0,3}(?:[A-Z][A-Za-z .,'-]{0,60}?\s*)?\(([A-Z][A-Za-z .&-]{1,30})\)\s*[-—–:]?"
)


_CREDIT = re.compile(
    r"\w\s*/\s*(?:[A-Z]|\w+\s+\w+)|\b(?:photo|photograph|picture|image|file|credit|getty|"
    r"via|illustration|video|pool)\b|©",
    re.IGNORECASE,
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
        if _CREDIT.search(line):
            continue  # '(Chris Helgren/Reuters)', 'Photo: AFP': a picture's source, not the page's
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
        elif header_furniture(para) and headline_like(para.strip("()[]")):
            dropped.append(para)  # a photo credit or caption above the headline: never the title
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
    if not outlet and article.url:
        outlet = outlet_from_url(article.url)  # the page's own host before any name in its text
    outlet = outlet or masthead(text, article.removed)
    published = article.published or header.published or published_from_lines(article.removed)
    return replace(
        article,
        text=text,
        title=title,
        outlet=outlet,
        published=published,
        removed=(*article.removed, *header.dropped),
    )
