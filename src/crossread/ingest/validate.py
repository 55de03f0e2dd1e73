"""Every article checked at the edge: fields coerced to what the pipeline expects, or the
article skipped, with a one-line message naming it. One bad record never aborts a run.

``checked(article)`` re-checks an Article someone else built (the readers, the library API,
the store) and returns ``None`` (after reporting why) only when there is no usable text.
Records become Articles in one place, ``ingest.jsonl.article_from_record``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from crossread.model import Article

OnError = Callable[[str], None]

# A publication date outside these years is a placeholder ("0001-01-01") or a typo: ignored.
FIRST_YEAR, LAST_YEAR = 1800, 2200
_TEXT_FIELDS = ("title", "outlet", "url", "language")


def _ignore(_: str) -> None:
    return None


def unicode_safe(value: str) -> str:
    """``value`` with lone surrogates (a file name that is not UTF-8, a bad JSON escape)
    replaced by U+FFFD, so it can be stored, printed and written as UTF-8."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _text_field(name: str, value: Any, where: str, on_error: OnError) -> str | None:
    if value is None or isinstance(value, str):
        return unicode_safe(value).strip() or None if isinstance(value, str) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        on_error(f"{where}: '{name}' is a {type(value).__name__}, not text; ignored")
        return None
    if isinstance(value, float) and not math.isfinite(value):
        on_error(f"{where}: '{name}' is {value}; ignored")
        return None
    return str(value)


def published_date(value: Any, where: str, on_error: OnError = _ignore) -> str | None:
    """An ISO date (or datetime) string from a ``published`` value, or None (reported) when
    it is not a plausible date. Numbers are Unix times (seconds, or milliseconds)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        on_error(f"{where}: 'published' is a {type(value).__name__}, not a date; ignored")
        return None
    if isinstance(value, int | float):
        seconds = float(value) / (1000.0 if abs(value) > 1e11 else 1.0)
        try:
            when = datetime.fromtimestamp(seconds, UTC).date()
        except (OverflowError, OSError, ValueError):
            on_error(f"{where}: 'published' {str(value)[:40]} is not a date; ignored")
            return None
        return _in_range(when, str(value), where, on_error)
    text = value.strip()[:100]
    from crossread.text.dates import as_date, parse_date, parse_datetime

    when = parse_datetime(text, strict=True)
    if when is not None:
        return _in_range(when.date(), text, where, on_error) and text

    try:
        iso = parse_date(text)
    except (ValueError, OverflowError):
        iso = None
    if iso is None:
        on_error(f"{where}: 'published' {text[:40]!r} is not a date; ignored")
        return None
    day = as_date(iso)
    assert day is not None  # parse_date gives YYYY-MM-DD
    return _in_range(day, text, where, on_error)


def _in_range(when: date, shown: str, where: str, on_error: OnError) -> str | None:
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        on_error(f"{where}: 'published' {shown[:40]!r} is not a plausible date; ignored")
        return None
    return when.isoformat()


def checked(a: Article, on_error: OnError = _ignore) -> Article | None:
    """``a`` with every field of the type the pipeline expects (coerced, reported), or None
    when it has no text."""
    where = unicode_safe(str(a.source or a.id))
    if not isinstance(a.text, str) or not a.text.strip():
        on_error(f"{where}: no article text; skipped")
        return None
    changes: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        value = getattr(a, name)
        if value is not None and (not isinstance(value, str) or unicode_safe(value) != value):
            changes[name] = _text_field(name, value, where, on_error)
    for name in ("text", "source"):
        value = str(getattr(a, name))
        if unicode_safe(value) != value or value is not getattr(a, name):
            changes[name] = unicode_safe(value)
    if not isinstance(a.id, str) or not a.id.strip() or unicode_safe(a.id) != a.id:
        changes["id"] = unicode_safe(str(a.id)).strip() if a.id not in (None, "") else ""
    if a.published is not None:
        fixed = published_date(a.published, where, on_error)
        if fixed != a.published and not (isinstance(a.published, str) and fixed is not None):
            changes["published"] = fixed
    if a.meta and not all(
        isinstance(kv, tuple) and len(kv) == 2 and all(isinstance(x, str) for x in kv)
        for kv in a.meta
    ):
        changes["meta"] = tuple(
            (str(kv[0]), str(kv[1]))
            for kv in a.meta
            if isinstance(kv, tuple | list) and len(kv) == 2
        )
    if not changes:
        return a
    out = replace(a, **changes)
    if not out.id:
        from crossread.ingest.identity import content_id

        out = replace(out, id=content_id(out))
    return out
