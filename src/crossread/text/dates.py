"""Dates, one home: every date in a text (``find_dates``), relative ones resolved against
the publication date, a metadata value or a date-only line read as YYYY-MM-DD
(``parse_date``, ``date_line``), a publication date as a moment (``parse_datetime``) and an
ISO value as the period it names (``period``). Dates come back as ISO 8601 strings at the
precision the text gives: ``2017-12-11``, ``2017-W49`` (a week), ``2017-11`` (a month) or
``2017`` (a year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

from crossread.settings import load_json

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


def as_date(published: str | date | None) -> date | None:
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


def month_day(text: str) -> str | None:
    """The "--MM-DD" form (ISO 8601, no year) of an absolute date written without a year
    ("Oct. 30", "July 8"), for comparing two such dates when no publication date gives the
    year; None for anything else."""
    m = _ABSOLUTE.fullmatch(text)
    if m is None:
        return None
    g = m.groupdict()
    month_name = g["m1"] or g["m2"] or g["m4"]
    day_s = g["d1"] or g["d2"] or g["d3"]
    if g["y1"] or g["y2"] or g["y3"] or g["y4"] or day_s is None:
        return None
    month = _MONTHS[month_name[:3].lower()] if month_name else int(g["m3"])
    try:
        date(2000, month, int(day_s))  # a leap year: Feb. 29 is a real day
    except ValueError:
        return None
    return f"--{month:02d}-{int(day_s):02d}"


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
    ref = as_date(published)
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
    if as_date(published) is None:
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
_DAY_NUMBER = re.compile(r"(?<!\d)(?:[0-2]?\d|3[01])(?!\d)")
_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


@lru_cache(maxsize=1)
def _month_names() -> frozenset[str]:
    """Month names and abbreviations, lower-cased, in ``date_languages`` (dateparser's data)."""
    from dateparser.languages.loader import default_loader

    names: set[str] = set()
    for lang in load_json("text.json")["date_languages"]:
        info = default_loader.get_locale(lang).info
        for month in _MONTH_KEYS:
            names.update(x.lower().rstrip(".") for x in info.get(month, []))
    return frozenset(names)


@lru_cache(maxsize=4096)
def _foreign_date(text: str) -> str | None:
    """A date written in another language ('19. November 2019', '3 de marzo de 2020',
    '19 ноября 2019'), by dateparser on a short text that is only a date (strict parsing,
    day, month and year all required; never ``search_dates``, which finds dates in words).
    Only a text with a year, a day number and a month name of ``date_languages`` gets that far
    (dateparser takes seconds on text that is not a date)."""
    text = text.strip(" ,.-|")
    words = re.sub(r"[\d\W_]+", " ", text).split()
    if (
        not _FOREIGN_GATE.search(text)
        or not _DAY_NUMBER.search(_FOREIGN_GATE.sub(" ", text))
        or not 1 <= len(words) <= 3  # a month name, perhaps a weekday and 'de'
        or len(text.split()) > 6
    ):
        return None
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a dependency of htmldate/trafilatura
        return None
    if not any(w.lower().rstrip(".") in _month_names() for w in words):
        return None
    try:
        found = dateparser.parse(
            text,
            languages=list(load_json("text.json")["date_languages"]),
            settings={
                "STRICT_PARSING": True,
                "REQUIRE_PARTS": ["day", "month", "year"],
                "PREFER_DATES_FROM": "past",
            },
        )
    except Exception:  # noqa: BLE001 - dateparser raises on odd input
        return None
    return found.date().isoformat() if found else None


_DATE_LINE = re.compile(
    r"^(?:(?:published|posted|updated|last updated|date|veröffentlicht|aktualisiert|publié|"
    r"mis à jour|publicado|actualizado|atualizado|pubblicato|aggiornato|gepubliceerd)"
    r"\s*(?:on|am|le|el|em|il|op|:)?\s*:?\s*)?(?P<date>.{6,40}?)"
    r"(?:\s*(?:at\s+)?\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?)?\s*$",
    re.IGNORECASE,
)


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


def parse_datetime(value: str | None, strict: bool = False) -> datetime | None:
    """A publication date as a datetime: with its time and zone when it has them, midnight
    (no zone) for a date-only value; None when it is not an ISO date. Not ``strict``, a
    value that only opens with an ISO date ('2017-12-11 09:30 GMT') gives that day."""
    if not value:
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        if strict:
            return None
    try:
        return datetime.combine(date.fromisoformat(text[:10]), datetime.min.time())
    except ValueError:
        return None


def period(iso: str) -> tuple[date, date] | None:
    """First and last day of the period an ISO value names ("2017-12-11", "2017-W49",
    "2017-11", "2017"), or None when malformed."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
            d = date.fromisoformat(iso)
            return d, d
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", iso):
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return monday, monday + timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", iso):
            y, mo = int(m.group(1)), int(m.group(2))
            nxt = date(y + mo // 12, mo % 12 + 1, 1)
            return date(y, mo, 1), nxt - timedelta(days=1)
        if re.fullmatch(r"\d{4}", iso):
            return date(int(iso), 1, 1), date(int(iso), 12, 31)
    except ValueError:
        return None
    return None
