"""Numbers with their unit or counted noun, and dates, normalised so they can be compared.

"70,000 square kilometers" and "27,000 square miles" normalise to the same area (pint);
"32,000 ISIS terrorists" is a count of "terrorist"; "two years" a duration; "December 11,
2017" a date, and so is "on Monday" in an article published 2017-12-11 (dates come from
crossread.text.dates.find_dates, resolved against the article's publication date). A value followed by its own conversion in brackets ("70,000 square kilometers
(about 43,500 square miles)") is checked for consistency.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from crossread.crosscheck.context import Doc
from crossread.crosscheck.wording import data, stem
from crossread.text.dates import find_dates, month_day, period

# Years standing alone after a preposition ("since 2011", "in 2015"): crossread.text.dates.find_dates
# finds dates with a month or a relative phrase, not bare years, so this one rule stays here.
_YEAR = re.compile(
    r"\b(?:in|since|until|by|of|from|before|after|early|late|mid|during)\s+(?P<y>(?:19|20)\d\d)\b"
    r"(?![,.]?\d)"
)
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_RANGE = re.compile(
    rf"(?P<sep>\s*[-–]\s*|\s+to\s+|\s+and\s+)(?P<num2>{_NUM}|[a-z]+)(?:[\s-](?P<scale2>hundred"
    r"|thousand|million|billion|trillion)\b)?(?![\d,.]\d)"
)


@dataclass(frozen=True)
class Quantity:
    article: str
    sentence: int
    start: int  # span in the (whitespace-normalised) sentence text
    end: int
    text: str  # as written: "about 70,000 square kilometers"
    value: float  # as stated, in the stated unit
    unit: str  # the stated unit or counted noun ("square kilometers", "terrorists")
    family: str  # what kind of thing: "area", "duration", "count:terrorist", "money:USD", "date"
    base: float  # normalised value (SI base units; the count; for dates yyyymmdd)
    hedged: bool = False  # "about", "more than", ...
    precision: str = ""  # for dates: "day" | "week" | "month" | "year"
    converts: int | None = None  # index (in its article's list) of the value it converts
    relative: bool = False  # a date resolved from "on Monday", "last week", ...
    qualifier: str = ""  # "min" (at least, more than) | "max" (up to, as many as) | "approx" |
    # "range" (base to upper) | "within" (a duration framing a statement: "in the past 24 hours") | ""
    upper: float | None = None  # a range's top, in base units
    strict: bool = False  # "more than" / "fewer than": the bound itself is excluded
    modifiers: tuple[str, ...] = ()  # words that narrow what is counted or paid, lowercase:
    # "other" in "six other vehicles", "punitive" in "$25 million in punitive damages"
    what: str = ""  # the stemmed head of what is counted or paid for ("student", "damag")

    @property
    def shown(self) -> str:
        """The value as a reader sees it: dates with their resolved ISO value
        ("on Monday (2017-12-11)"), other quantities as written."""
        if self.family == "date" and self.text != self.unit and not self.unit.startswith("--"):
            return f"{self.text} ({self.unit})"
        return self.text

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "sentence": self.sentence,
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "family": self.family,
            "normalised": self.base,
            **({"resolved": self.unit, "relative": self.relative} if self.family == "date" else {}),
        }


@dataclass(frozen=True)
class Inconsistency:
    """An article that contradicts itself. ``kind``: "conversion" (a stated conversion that
    is wrong), "number" (a value that changes for one statement), "quote", "name", "total",
    "day", "time" (crossread.crosscheck.consistency); ``statements``: the sentences that disagree,
    as (index, text), when more than the one at ``sentence``."""

    article: str
    text: str
    explanation: str
    sentence: int = -1
    kind: str = "number"
    statements: tuple[tuple[int, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "sentence": self.sentence,
            "kind": self.kind,
            "text": self.text,
            "explanation": self.explanation,
            "statements": [
                {"sentence": i, "text": t}
                for i, t in self.statements or ((self.sentence, self.text),)
            ],
        }


@lru_cache(maxsize=1)
def _ureg() -> Any:
    import pint

    return pint.UnitRegistry()


@lru_cache(maxsize=1)
def _unit_re() -> re.Pattern[str]:
    units = sorted(data("units.json")["units"], key=len, reverse=True)
    alts = "|".join(re.escape(u) for u in units)
    return re.compile(rf"\s?(?P<unit>{alts})(?![A-Za-z])", re.I)


@lru_cache(maxsize=1)
def _number_re() -> re.Pattern[str]:
    words = data("words.json")
    numbers = [w for w, v in words["number_words"].items() if v is not None and w != "zero"]
    numbers = sorted(numbers, key=len, reverse=True)
    hedges = sorted(words["hedges"], key=len, reverse=True)
    scales = "hundred|thousand|million|billion|trillion|bn|mn"
    cur = r"(?:US\$|\$|€|£|¥)"
    return re.compile(
        rf"(?P<hedge>\b(?:{'|'.join(re.escape(h) for h in hedges)})\s+)?"
        rf"(?P<cur>{cur})?"
        rf"(?P<num>{_NUM}|\b(?:{'|'.join(numbers)})\b)"
        rf"(?:[\s-](?P<scale>{scales})\b)?",
        re.I,
    )


def _value(num: str, scale: str | None) -> float | None:
    words = data("words.json")
    n = num.lower().replace(",", "")
    value = words["number_words"].get(n) if not n[0].isdigit() else float(n)
    if value is None:
        return None
    if scale:
        value *= words["scales"][scale.lower()]
    return float(value)


def _date_quantity(
    iso: str, article: str, sentence: int, start: int, end: int, text: str, relative: bool
) -> Quantity | None:
    """A date fact from an ISO value: "2017-12-11" (day), "2017-W49" (week), "2017-11"
    (month) or "2017" (year); ``base`` is the first day of the period as yyyymmdd."""
    first = period(iso)
    if first is None:
        return None
    precision = {10: "day", 8: "week", 7: "month", 4: "year"}[len(iso)]
    day = first[0]
    base = float(day.year * 10000 + day.month * 100 + day.day)
    return Quantity(
        article, sentence, start, end, text, base, iso, "date", base,
        precision=precision, relative=relative,
    )  # fmt: skip


def dates_overlap(a: Quantity, b: Quantity) -> bool:
    """True when two date facts can name the same day ("2017-12-11" lies in "2017-W50")."""
    if a.unit.startswith("--") or b.unit.startswith("--"):  # a month and day without a year
        if a.precision != "day" or b.precision != "day":
            return True  # nothing to compare
        return a.unit[-5:] == b.unit[-5:]
    pa, pb = period(a.unit), period(b.unit)
    if pa is None or pb is None:
        return a.unit == b.unit
    return pa[0] <= pb[1] and pb[0] <= pa[1]


_STOPS = frozenset(
    [
        "of",
        "and",
        "or",
        "to",
        "a",
        "an",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "were",
        "was",
        "are",
        "is",
        "have",
        "has",
        "had",
        "will",
        "would",
        "been",
        "be",
    ]
)


def _counted_noun(after: str) -> tuple[str, int, tuple[str, ...]] | None:
    """The counted noun after a number, the characters up to its end and the words that narrow
    it: "64 high school swimmers" -> ("swimmers", 23, ("high", "school")); "six other
    vehicles" -> ("vehicles", ..., ("other",)); None when no noun follows. The head of a
    compound is its first plural (English plurals end the noun phrase); without one, the
    first noun ("25 aircraft")."""
    cfg = data("units.json")
    skip = set(cfg["counted_skip"])
    adjectives = set(cfg["counted_adjectives"])
    plurals = set(cfg["plural_nouns"])
    neutral = set(cfg["counted_neutral"])
    pos = 0
    mods: list[str] = []
    first: tuple[str, int, int] | None = None  # the first noun: word, end, modifiers so far
    for m in re.finditer(r"\s*([A-Za-z][A-Za-z\-’']*)", after):
        if m.start() != pos:
            break
        word = m.group(1)
        low = word.lower()
        if first is not None:  # looking for the plural that ends a compound
            if word[:1].isupper() or low in _STOPS or low in skip or pos > 50:
                break
            if low.endswith(("ly", "ed", "ing")) or len(mods) > 5:
                break
            pos = m.end()
            if _plural(low, plurals):
                return word, pos, tuple(mods)
            mods.append(low)
            continue
        pos = m.end()
        if word[:1].isupper() and low not in adjectives:
            continue  # "32,000 ISIS terrorists"
        if low in skip or low in adjectives:
            if low in _STOPS:
                return None
            if low not in neutral:
                mods.append(low)
            continue
        if pos > 40:
            return None
        if low.endswith("ly") or low.endswith("ed") or low.endswith("ing"):
            return None
        if _plural(low, plurals):
            return word, pos, tuple(mods)
        first = (word, pos, len(mods))
        mods.append(low)
    if first is None:
        return None
    return first[0], first[1], tuple(mods[: first[2]])


@lru_cache(maxsize=1)
def _plurals() -> set[str]:
    return set(data("units.json")["plural_nouns"])


def _plural(low: str, plurals: set[str]) -> bool:
    if low in plurals:
        return True
    return len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s"))


def extract(text: str, article: str, sentence: int, published: str | None = None) -> list[Quantity]:
    """Quantities and dates in one sentence (text already whitespace-normalised).

    Dates come from :func:`crossread.text.dates.find_dates`, relative ones ("on Monday",
    "last week") resolved against ``published`` (the article's publication date). A date
    that cannot be resolved (no publication date) gives no fact: it could only be compared
    wrongly. Its span is still taken, so "two days ago" is not read as a duration."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    dated: list[tuple[int, int]] = []
    for d in find_dates(text, published):
        taken.append((d.start, d.end))
        q = d.iso and _date_quantity(
            d.iso, article, sentence, d.start, d.end, d.text, d.kind == "relative"
        )
        if not q and d.kind == "absolute" and (md := month_day(d.text)):
            base = float(int(md[2:4]) * 100 + int(md[5:7]))  # "Oct. 30" with no year known
            q = Quantity(
                article, sentence, d.start, d.end, d.text, base, md, "date", base,
                precision="day",
            )  # fmt: skip
        if q:
            out.append(q)
            dated.append((d.start, d.end))
    for m in _YEAR.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        year = m.group("y")
        q = _date_quantity(year, article, sentence, m.start("y"), m.end(), year, False)
        if q:
            out.append(q)
        taken.append((m.start(), m.end()))
    for q in _times_and_weekdays(text, article, sentence, dated):
        out.append(q)
        taken.append((q.start, q.end))
    units = data("units.json")["units"]
    currencies = data("units.json")["currencies"]
    covered = bytearray(len(text) + 1)  # characters already taken (linear, not per pair)
    for s, e in taken:
        covered[s:e] = b"\x01" * (e - s)
    for m in _number_re().finditer(text):
        if covered[m.start("num")]:
            continue
        num = m.group("num")
        if re.fullmatch(r"(?:19|20)\d\d", num) and not m.group("scale"):
            continue  # a bare year
        value = _value(num, m.group("scale"))
        if value is None:
            continue
        end = m.end()
        rest = text[end:]
        upper = None  # a range: "130-170 degrees", "between 18 and 22 students", "nine to 33"
        rm = _RANGE.match(rest)
        if rm and (rm.group("sep").strip() != "and" or text[: m.start()].rstrip().endswith(
            ("between", "Between"))):  # fmt: skip
            upper = _value(rm.group("num2"), rm.group("scale2") or m.group("scale"))
            if upper is not None and upper > value:
                end += rm.end()
                rest = text[end:]
            else:
                upper = None
        if rest.startswith("-") and not re.match(r"-\s", rest):
            rest = " " + rest[1:]  # "two-year", "50-year"
        if re.match(r"\s*(?:st|nd|rd|th)\b|[-–/]\d|\.\d|:\d", rest):
            continue
        if rest[:1].isalnum() and not _attached_unit(rest):  # "30km" is a distance, "3D" not
            continue
        if re.match(r"\s*(?:a\.m\.|p\.m\.|am|pm)\b", rest, re.I):
            continue
        hedged = bool(m.group("hedge"))
        qualifier = _qualifier(m.group("hedge"))
        strict = bool(m.group("hedge")) and " ".join(m.group("hedge").lower().split()) in (
            "more than", "over", "fewer than", "less than", "just over", "just under", "under")  # fmt: skip
        start = m.start()
        cur = m.group("cur")
        um = _unit_re().match(rest)
        top = upper  # the range's top in base units
        modifiers: tuple[str, ...] = ()
        what = ""
        if cur:
            if re.search(r"[\d\w]\s*\(\s*$", text[:start]):
                continue  # "110 billion euros ($143 billion)": a conversion of the value before
            family, unit, base = f"money:{currencies[cur]}", cur, value
            modifiers, what = _paid_for(rest)
        elif um:
            unit = um.group("unit")
            pint_unit, fam = units[unit.lower()] if unit.lower() in units else units[unit]
            end += um.end()
            base = _normalise(value, pint_unit)
            top = _normalise(upper, pint_unit) if upper is not None else None
            family = fam
            if fam == "duration" and not qualifier and _WINDOW.search(text, 0, start):
                qualifier = "within"  # "in the past 24 hours": a window, not a measured time
            noun = re.match(r"\s+([a-z][a-z\-]*)", text[end:])
            if text[m.end() : m.end() + 1] == "-" and noun and noun.group(1) not in _STOPS:
                what = stem(noun.group(1))  # "a two-hour flight", "the 25-meter wreck"
            elif fam not in ("duration", "percent") and noun and _measured_noun(noun.group(1)):
                what = stem(noun.group(1))  # "115 mph winds" are not "at 14 mph"
            elif fam == "duration" and re.match(
                r"\s+(?:before|after|earlier|later|ago)\b", text[end:]
            ):
                what = "offset"  # "nine days before the inauguration": when, not how long
            elif fam == "duration" and (of := _paid_for(text[end:])[1]):
                what = f"of:{of}"  # "16 weeks of paid leave", "seven years in prison"
            old = re.match(r"[\s-]old\b", text[end:]) if fam == "duration" else None
            if old and pint_unit == "year":  # "a 49-year-old", "he was 49 years old": an age
                family, unit = "age", "years old"
                end += old.end()
        else:
            cur_word = re.match(r"\s*(dollars|euros|rubles|roubles|yuan|yen)\b", rest, re.I)
            if cur_word:
                unit = cur_word.group(1)
                family, base = f"money:{currencies[unit.lower()]}", value
                end += cur_word.end()
                modifiers, what = _paid_for(rest[cur_word.end() :])
            else:
                noun = _counted_noun(rest)
                if noun is None and _apposed_age(text[:start], rest, num, value):
                    out.append(Quantity(article, sentence, start, m.end(), num, value,
                                        "years old", "age", value * _YEAR_S))  # fmt: skip
                    taken.append((start, m.end()))
                    continue
                if noun is None:
                    noun = _tally_before(text[:start])  # "the death toll rose to 14"
                    if noun is None:
                        continue
                    noun = (noun[0], 0, noun[1])
                if re.match(r"\s*block\s+of\b", rest, re.I):
                    continue  # "the 5500 block of East 84th Street": an address
                unit, modifiers = noun[0], noun[2]
                if text[m.end() : m.end() + 1] == "-" and not _plural(unit.lower(), _plurals()):
                    continue  # "a six-game loss", "a 10-juror majority": an adjective
                family, base = f"count:{_count_stem(unit)}", value
                what = family[6:]
                end += noun[1]
        if not m.group("num")[0].isdigit() and m.group("num").lower() == "one":
            continue
        out.append(
            Quantity(
                article,
                sentence,
                start,
                end,
                text[start:end].strip(),
                value,
                unit,
                family,
                base,
                hedged,
                qualifier="range" if top is not None else qualifier,
                upper=top,
                strict=strict,
                modifiers=modifiers,
                what=what,
            )
        )
        taken.append((start, end))
        covered[start:end] = b"\x01" * (end - start)
    out.extend(_places(text, article, sentence, taken))
    out.sort(key=lambda q: q.start)
    return _link_conversions(text, out)


_TALLY = re.compile(
    r"\b(?:(?P<mod>[a-z]+)\s+)?(?P<noun>toll|tally|total|number)\b(?:\s+of\s+(?P<of>[a-z]+))?"
    r"(?:\s+[A-Za-z'’\-]+,?){0,7}\s+(?:to|at|of|was|is|reached|hit)\s*$"
)


def _tally_before(before: str) -> tuple[str, tuple[str, ...]] | None:
    """A bare number that a tally names just before it: "the death toll rose to 14" ->
    ("toll", ("death",)); "the number of dead stood at 9" -> ("dead", ())."""
    m = _TALLY.search(before[-80:])
    if m is None:
        return None
    if m.group("of"):
        return m.group("of"), ()
    mod = m.group("mod")
    return m.group("noun"), ((mod,) if mod and mod not in _STOPS and mod != "the" else ())


_YEAR_S = 31557600.0  # seconds in a Julian year: what "N-year-old" normalises to
_APPOSED = re.compile(r"[A-Z][\w'’\-]+,\s*$")


def _apposed_age(before: str, rest: str, num: str, value: float) -> bool:
    """ "Middleton, 28, was ...", "John Reis, 49, of Boston": an age set after a name."""
    return (
        num.isdigit()
        and 1 <= value <= 120
        and bool(_APPOSED.search(before))
        and bool(re.match(r"\s*[,)]\s*(?![\d\s])", rest))
    )


def _measured_noun(word: str) -> bool:
    """A noun a measure is set before ("115 mph winds"), not a word that ends the measure
    ("98 feet long", "12 miles away", "5 km north")."""
    return (
        word not in _STOPS
        and word not in data("units.json")["measure_words"]
        and not word.endswith(("ly", "ed", "ing"))
    )


def _attached_unit(rest: str) -> bool:
    """A unit abbreviation written onto its number ("30km", "5kg", "60mph")."""
    um = _unit_re().match(rest)
    return bool(um) and um.start("unit") == 0 and " " not in um.group("unit")


def _count_stem(noun: str) -> str:
    """The stem a counted noun is compared by ("persons" and "people" are one)."""
    low = noun.lower()
    same = data("units.json")["counted_same"]
    return stem(same.get(low, low))


def _paid_for(rest: str) -> tuple[tuple[str, ...], str]:
    """What an amount of money is for, from "in/of/for ... NOUN" right after it:
    "in punitive damages" -> (("punitive",), "damag"); nothing said -> ((), "")."""
    m = re.match(r"\s*(?:million|billion|thousand|bn|mn)?\s*(?:in|of|for)\s+((?:[a-z][a-z\-]*\s+){0,2}"
                 r"[a-z][a-z\-]*)", rest)  # fmt: skip
    if not m:
        return (), ""
    words = [
        w
        for w in m.group(1).split()
        if w not in _STOPS and w not in ("the", "his", "her", "their", "its")
    ]
    if not words or words[-1].endswith(("ly", "ing")):
        return (), ""
    return tuple(words[:-1]), stem(words[-1])


# a duration that frames a statement ("the third shooting in two days", "in the past 24 hours",
# "within a week"): it bounds when things happened, so two such windows never contradict
_WINDOW = re.compile(
    r"\b(?:in|within|over|during)\s+(?:just\s+)?(?:the\s+)?(?:past\s+|last\s+)?$", re.I
)


def _qualifier(hedge: str | None) -> str:
    """What a hedge says about the true value: at least ("min"), at most ("max"), near it."""
    if not hedge:
        return ""
    h = " ".join(hedge.lower().split())
    kinds = data("words.json")["qualifiers"]
    for kind in ("min", "max"):
        if h in kinds[kind]:
            return kind
    return "approx"


_TIME = re.compile(
    r"(?P<hedge>\b(?:about|around|approximately|roughly|shortly after|shortly before|just after"
    r"|just before|after|before|by)\s+)?\b(?P<h>[01]?\d)(?::(?P<m>[0-5]\d))?\s*"
    r"(?P<ap>a\.m\.|p\.m\.|am\b|pm\b)",
    re.I,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(
    r"(?<![\w-])(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![\w-])"
)


def _times_and_weekdays(
    text: str, article: str, sentence: int, taken: Sequence[tuple[int, int]]
) -> list[Quantity]:
    """Times of day ("9:06 a.m.", family "time", base = minutes after midnight) and days of
    the week named alone ("Saturday", family "weekday": compared only when no publication
    date turned them into dates)."""
    out: list[Quantity] = []
    for m in _TIME.finditer(text):
        hour, minute = int(m.group("h")), int(m.group("m") or 0)
        if not 1 <= hour <= 12:
            continue
        pm = m.group("ap").lower().startswith("p")
        minutes = (hour % 12 + (12 if pm else 0)) * 60 + minute
        hedge = (m.group("hedge") or "").strip().lower()
        qualifier = {"after": "min", "shortly after": "min", "just after": "min", "by": "max",
                     "before": "max", "shortly before": "max", "just before": "max"}.get(
            hedge, "approx" if hedge else "")  # fmt: skip
        start = m.start("h")
        out.append(
            Quantity(
                article,
                sentence,
                start,
                m.end(),
                text[start : m.end()],
                float(minutes),
                "time of day",
                "time",
                float(minutes),
                bool(hedge),
                qualifier=qualifier,
            )  # fmt: skip
        )
    for m in _WEEKDAY.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        index = _WEEKDAYS.index(m.group("day").lower())
        out.append(
            Quantity(
                article,
                sentence,
                m.start(),
                m.end(),
                m.group("day"),
                float(index),
                "weekday",
                "weekday",
                float(index),
                precision="weekday",
            )  # fmt: skip
        )
    return out


_PLACE = re.compile(
    r"\b(?:in|at|near|outside)\s+(?:the\s+)?(?P<name>(?:[A-Z][\w'’\-]*\.?\s+){0,3}"
    r"[A-Z][\w'’\-]*)"
)


_AND_PLACE = re.compile(
    r"\s+(?:and|or)\s+(?:the\s+)?(?P<name>(?:[A-Z][\w'’\-]*\.?\s+){0,3}[A-Z][\w'’\-]*)"
)


@lru_cache(maxsize=1)
def _place_levels() -> tuple[dict[str, str], frozenset[str]]:
    """Known place names (lowercase) -> level ("country", "state", "city"), and venue heads."""
    gaz, places = data("gazetteer.json"), data("places.json")
    levels: dict[str, str] = {}
    for level, names in (("city", gaz["cities"]), ("country", gaz["countries"]),
                         ("state", places["states"])):  # fmt: skip
        for name in names:
            levels[name.lower()] = level
    return levels, frozenset(h.lower() for h in places["venue_heads"])


def _places(
    text: str, article: str, sentence: int, taken: Sequence[tuple[int, int]]
) -> list[Quantity]:
    """Where something happened: "in Ontario", "at Logan Square" (family "place:<level>",
    unit = the name), only names a level is known for: a country, a state or province, a
    city of the gazetteer, or a venue named by its head word ("... Square", "... Theatre")."""
    levels, heads = _place_levels()
    out: list[Quantity] = []
    names = []  # (start of the name, its words): "in Oman and the United Arab Emirates" gives two
    for m in _PLACE.finditer(text):
        names.append((m.start("name"), m.group("name")))
        pos = m.end("name")
        while more := _AND_PLACE.match(text, pos):
            names.append((more.start("name"), more.group("name")))
            pos = more.end("name")
    for start, name_text in names:
        words = name_text.split()
        while words and words[-1].lower().rstrip(".") in ("on", "in", "and"):
            words.pop()
        found = None
        for n in range(len(words), 0, -1):  # the longest known name from the start
            name = " ".join(words[:n]).rstrip(".,")
            if name.lower() in levels:
                found = (name, f"place:{levels[name.lower()]}")
                break
            if n > 1 and words[n - 1].lower().rstrip(".,") in heads:
                found = (name, f"place:venue:{words[n - 1].lower().rstrip('.,')}")
                break
        if found is None:
            continue
        end = start + len(found[0])
        if any(s < end and start < e for s, e in taken):
            continue
        out.append(Quantity(article, sentence, start, end, found[0], 0.0, found[0].lower(),
                            found[1], 0.0))  # fmt: skip
    return out


def _factor(pint_unit: str) -> dict[str, float] | None:
    """The unit's shipped conversion (``data/check/unit_factors.json``, made with pint by
    bench/unit_factors.py): no pint registry to build at run time for the units we know."""
    return data("unit_factors.json")["units"].get(pint_unit)


def _normalise(value: float, pint_unit: str) -> float:
    f = _factor(pint_unit)
    if f is not None:
        return value * f["scale"] + f["offset"]
    ureg = _ureg()
    if pint_unit in ("degC", "degF"):
        return float(ureg.Quantity(value, ureg(pint_unit).units).to("kelvin").magnitude)
    return float(ureg.Quantity(value, pint_unit).to_base_units().magnitude)


def _link_conversions(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Mark "A (B)" / "A, or B," where B is A in another unit of the same family."""
    out = list(qs)
    for i in range(1, len(qs)):
        a, b = qs[i - 1], qs[i]
        if (
            a.family != b.family
            or a.family.startswith(("count:", "date", "place:"))
            or a.unit == b.unit
        ):
            continue
        between = text[a.end : b.start]
        if re.fullmatch(r"\s*(?:\(|,\s*or\s+|–\s*|-\s*|or\s+)\s*", between):
            out[i] = Quantity(**{**b.__dict__, "converts": i - 1})
    return out


def conversion_errors(qs: Sequence[Quantity], text: str) -> list[Inconsistency]:
    """A stated conversion that does not match the value it converts."""
    tol = float(data("thresholds.json")["quantities"]["conversion_tolerance"])
    out = []
    for q in qs:
        if q.converts is None:
            continue
        a = qs[q.converts]
        if a.base and abs(a.base - q.base) / max(abs(a.base), abs(q.base)) > tol:
            pint_unit = data("units.json")["units"][q.unit.lower()][0]
            expected = _convert(a.base, pint_unit)
            out.append(
                Inconsistency(
                    q.article,
                    text[a.start : q.end + (1 if text[q.end : q.end + 1] == ")" else 0)],
                    f"{_unhedge(a.text)} is about {_fmt(expected)} {q.unit}, not"
                    f" {_unhedge(q.text).split(' ')[0]} {q.unit}: the stated conversion is"
                    f" {_pct(q.base, a.base)} {'too high' if q.base > a.base else 'too low'}",
                    q.sentence,
                    "conversion",
                )
            )
    return out


def _convert(base: float, pint_unit: str) -> float:
    f = _factor(pint_unit)
    one = f["one"] if f is not None else _ureg().Quantity(1, pint_unit).to_base_units().magnitude
    return base / one


def _fmt(x: float) -> str:
    if x == 0:
        return "0"
    magnitude = int(math.floor(math.log10(abs(x))))
    rounded = round(x, 1 - magnitude)  # two significant figures
    if abs(rounded) >= 1:
        return f"{rounded:,.0f}"
    return f"{rounded:.{1 - magnitude}f}"


def _pct(stated: float, expected: float) -> str:
    return f"{abs(stated - expected) / abs(expected) * 100:.0f}%"


def _unhedge(text: str) -> str:
    m = _number_re().match(text)
    return text[m.start("cur") if m and m.group("cur") else m.start("num") :] if m else text


def find_quantities(docs: Sequence[Doc]) -> tuple[list[Quantity], list[Inconsistency]]:
    qs: list[Quantity] = []
    bad: list[Inconsistency] = []
    for d in docs:
        for i, text in enumerate(d.texts):
            found = extract(text, d.id, i, d.article.published)
            bad.extend(conversion_errors(found, text))
            qs.extend(found)
    return qs, bad
