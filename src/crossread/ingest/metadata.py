"""Headline, outlet and publication date of an article; dates in its text.

Pure functions over strings and Articles. Word lists (outlets, limits) are in
``data/outlets.json`` and ``data/read.json``. Dates come back as ISO 8601
strings at the precision the text gives: ``2017-12-11``, ``2017-W49`` (a week),
``2017-11`` (a month) or ``2017`` (a year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal
from urllib.parse import urlsplit

from crossread.model import Article
from crossread.settings import load_json
from crossread.text.script import count_words

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
    if known:
        return known
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


# ---------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|JAN(?:UARY)?|FEB(?:RUARY)?"
    r"|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|SEP(?:T(?:EMBER)?)?|OCT(?:OBER)?"
    r"|NOV(?:EMBER)?|DEC(?:EMBER)?)\.?"
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "a few": 3,
}  # fmt: skip

_ABSOLUTE = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?:"
    rf"(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?(?P<m2>{_MONTH}),?\s+(?P<y2>(?:19|20)\d\d)"
    rf"|(?P<y3>(?:19|20)\d\d)-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)"
    rf"|(?P<m4>{_MONTH})\s+(?P<y4>(?:19|20)\d\d)"
    rf")(?!\d)"
)
_RELATIVE = re.compile(
    rf"\b(?:(?P<on>on\s+)?(?P<wmod>last\s+|this\s+|next\s+|this\s+past\s+)?(?P<wd>{_WEEKDAY})(?:'s)?"
    r"(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?P<day>yesterday|today|tomorrow|tonight|last\s+night|this\s+morning|this\s+afternoon)"
    r"|(?P<pmod>last|this|next|earlier\s+this|later\s+this)\s+(?P<period>week|month|year)"
    r"|(?P<n>\d{1,2}|a couple of|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"\s+(?P<unit>day|week|month|year)s?\s+ago)\b",
    re.IGNORECASE,
)
_FUTURE_CUE = re.compile(
    r"\b(?:will|would|shall|to be|scheduled|expected|plans?|planned|due|set to|next)\b[^.!?]{0,40}$",
    re.IGNORECASE,
)


_NAME_BEFORE = re.compile(r"\b[A-Z]\w*[ \t]+$")


@dataclass(frozen=True)
class DateMention:
    """A date in a text: an absolute one ('December 11, 2017') or a relative one ('on Monday')."""

    start: int
    end: int
    text: str
    iso: str | None
    kind: Literal["absolute", "relative"]


def _as_date(published: str | date | None) -> date | None:
    if published is None:
        return None
    if isinstance(published, date):
        return published
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _absolute_iso(m: re.Match[str], ref: date | None) -> str | None:
    g = m.groupdict()
    month_name = g["m1"] or g["m2"] or g["m4"]
    month = _MONTHS[month_name[:3].lower()] if month_name else int(g["m3"])
    year_s = g["y1"] or g["y2"] or g["y3"] or g["y4"]
    day_s = g["d1"] or g["d2"] or g["d3"]
    if day_s is None:
        return f"{int(year_s):04d}-{month:02d}"
    day = int(day_s)
    if year_s:
        year = int(year_s)
    elif ref is not None:  # "Dec. 13" in a piece published 2018-01-02 is 2017-12-13
        year = ref.year
        try:
            if date(year, month, day) > ref + timedelta(days=31):
                year -= 1
        except ValueError:
            return None
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _shift_month(d: date, months: int) -> str:
    total = d.year * 12 + d.month - 1 + months
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _relative_iso(m: re.Match[str], ref: date, before: str) -> str | None:
    g = {k: (v.lower() if v else v) for k, v in m.groupdict().items()}
    if g["wd"]:
        target = _WEEKDAYS.index(g["wd"])
        back = (ref.weekday() - target) % 7
        mod = " ".join((g["wmod"] or "").split())
        if mod == "next" or (not mod and _FUTURE_CUE.search(before)):
            ahead = (target - ref.weekday()) % 7 or (7 if mod == "next" else 0)
            return (ref + timedelta(days=ahead)).isoformat()
        if mod in ("last", "this past") and back == 0:
            back = 7
        return (ref - timedelta(days=back)).isoformat()
    if g["day"]:
        day = " ".join(g["day"].split())
        offset = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(day, 0)
        return (ref + timedelta(days=offset)).isoformat()
    if g["period"]:
        step = {"last": -1, "next": 1}.get(g["pmod"], 0)
        if g["period"] == "week":
            return _iso_week(ref + timedelta(weeks=step))
        if g["period"] == "month":
            return _shift_month(ref, step)
        return f"{ref.year + step:04d}"
    n = int(g["n"]) if g["n"].isdigit() else _NUM_WORDS[" ".join(g["n"].split())]
    unit = g["unit"]
    if unit in ("day", "week"):
        return (ref - timedelta(days=n * (7 if unit == "week" else 1))).isoformat()
    if unit == "month":
        return _shift_month(ref, -n)
    return f"{ref.year - n:04d}"


def find_dates(text: str, published: str | date | None = None) -> list[DateMention]:
    """Every date mention in ``text``, in order. Relative ones ('on Monday', 'last week',
    'yesterday', 'two days ago') get an ``iso`` only when ``published`` is known; absolute
    ones without a year ('Dec. 13') take the year from ``published``."""
    ref = _as_date(published)
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in _ABSOLUTE.finditer(text):
        out.append(DateMention(m.start(), m.end(), m.group(0), _absolute_iso(m, ref), "absolute"))
        taken.append(m.span())
    for m in _RELATIVE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if m.group("wd") and re.match(r",?\s+" + _MONTH, text[m.end() :]):
            continue
        if m.group(0)[:1].isupper() and _NAME_BEFORE.search(
            text, max(0, m.start() - 40), m.start()
        ):
            continue  # "Russia Today", "USA TODAY": part of a name
        iso = _relative_iso(m, ref, text[max(0, m.start() - 60) : m.start()]) if ref else None
        out.append(DateMention(m.start(), m.end(), m.group(0), iso, "relative"))
    out.sort(key=lambda d: d.start)
    return out


def resolve_relative_dates(
    text: str, published: str | date | None
) -> list[tuple[tuple[int, int], str, str]]:
    """Relative date phrases resolved against the publication date:
    ``[((start, end), "on Monday", "2017-12-11"), ...]``; empty when the date is unknown."""
    if _as_date(published) is None:
        return []
    return [
        ((d.start, d.end), d.text, d.iso)
        for d in find_dates(text, published)
        if d.kind == "relative" and d.iso
    ]


def parse_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from a metadata value ('2017-12-11T09:30:00Z',
    'December 11, 2017', 'Mon, 11 Dec 2017 09:30:00 GMT'), or None."""
    if not value:
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    for d in find_dates(value):
        if d.kind == "absolute" and d.iso and len(d.iso) == 10:
            return d.iso
    m = _NUMERIC_DATE.search(value)
    if m:
        return _numeric_iso(m)
    return _foreign_date(value) if len(value) <= 60 else None


# '2019-11-19', '2019/11/19', '2019年11月19日', '2019년 11월 19일', '19.11.2019', '11/19/19'
_NUMERIC_DATE = re.compile(
    r"(?<![\d.])(?:(?P<y>(?:19|20)\d\d)\s*[./年년-]\s*(?P<m>\d{1,2})\s*[./月월-]\s*(?P<d>\d{1,2})"
    r"\s*[日일]?|(?P<a>\d{1,2})\s*(?P<sep>[./-])\s*(?P<b>\d{1,2})\s*(?P=sep)\s*"
    r"(?P<yy>(?:19|20)\d\d|\d\d))(?![\d])"
)


def _numeric_iso(m: re.Match[str]) -> str | None:
    """The date of a numeric match. Day and month are told apart by a number over 12; else
    slashes are read month first (US: 11/19/19) and dots or dashes day first (19.11.2019)."""
    if m.group("y"):
        year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    else:
        a, b, yy = int(m.group("a")), int(m.group("b")), m.group("yy")
        year = int(yy) if len(yy) == 4 else 2000 + int(yy) if int(yy) < 70 else 1900 + int(yy)
        month_first = b > 12 or (m.group("sep") == "/" and a <= 12)
        month, day = (a, b) if month_first else (b, a)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


_FOREIGN_GATE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _foreign_date(text: str) -> str | None:
    """A date written in another language ('19. November 2019', '3 de marzo de 2020',
    '19 ноября 2019'), by dateparser on a short text that is only a date (strict parsing,
    day, month and year all required; never ``search_dates``, which finds dates in words)."""
    text = text.strip(" ,.-|")
    if not _FOREIGN_GATE.search(text) or len(text.split()) > 6 or not re.search(r"[^\W\d_]", text):
        return None
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a dependency of htmldate/trafilatura
        return None
    try:
        found = dateparser.parse(
            text,
            settings={
                "STRICT_PARSING": True,
                "REQUIRE_PARTS": ["day", "month", "year"],
                "PREFER_DATES_FROM": "past",
            },
        )
    except Exception:  # noqa: BLE001 - dateparser raises on odd input
        return None
    return found.date().isoformat() if found else None


# ---------------------------------------------------------------- headline block

_DATE_LINE = re.compile(
    r"^(?:(?:published|posted|updated|last updated|date|veröffentlicht|aktualisiert|publié|"
    r"mis à jour|publicado|actualizado|atualizado|pubblicato|aggiornato|gepubliceerd)"
    r"\s*(?:on|am|le|el|em|il|op|:)?\s*:?\s*)?(?P<date>.{6,40}?)"
    r"(?:\s*(?:at\s+)?\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?)?\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!:;,。！：；，、][\"'”’)\]」』）]*$")


def date_line(line: str) -> str | None:
    """The ISO date of a line that is only a date ('December 11, 2017', 'Published: ...')."""
    m = _DATE_LINE.match(line.strip())
    if not m:
        return None
    candidate = m.group("date")
    found = [d for d in find_dates(candidate) if d.kind == "absolute"]
    if len(found) == 1 and found[0].iso and len(found[0].iso) == 10:
        rest = candidate.replace(found[0].text, "").strip(" ,.-|")
        if not rest or (rest.isalpha() and candidate.startswith(rest)):  # 'Dienstag, 19. ...'
            return found[0].iso
    numeric = _NUMERIC_DATE.fullmatch(candidate.strip(" ,-|"))
    if numeric:
        return _numeric_iso(numeric)
    return _foreign_date(candidate) if not found else None


def headline_like(line: str) -> bool:
    """A short line without sentence punctuation (a headline, deck or subhead such as
    'What Was Russia Doing in Syria?'); other stages can use it to skip subheads."""
    lim = limits()
    n_words = count_words(line)
    return (
        "\n" not in line
        and 2 <= n_words <= lim["headline_max_words"]
        and len(line) <= lim["headline_max_chars"]
        and not _SENTENCE_END.search(line)
        and (line[:1].isupper() or not line[:1].islower())
        and not line[:1].isdigit()
        and date_line(line) is None
    )


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
