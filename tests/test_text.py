"""crossread.text: tokens and stop words, sentence and headline shapes, dates; each defined
once, and no stage keeps a copy of its own."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

import crossread
from crossread.text.dates import parse_date, parse_datetime, period
from crossread.text.shapes import ends_like, headline_like, title_case
from crossread.text.words import stop_words, tokens

SRC = Path(crossread.__file__).parent


def test_each_stage_has_its_named_word_pattern() -> None:
    text = "Putin’s well-known U.S. visit in 2017, 8.2% of 北京人"
    assert tokens(text, "summary") == ["putin's", "well", "known", "u", "s", "visit", "in"] + [
        "2017",
        "8",
        "2",
        "of",
    ]
    assert tokens(text, "crosscheck")[:3] == ["putin's", "well-known", "u"]
    grouping = tokens(text, "grouping")
    assert "8.2" in grouping and "北京人" in grouping and "putin's" in grouping
    with pytest.raises(KeyError):
        tokens(text, "nonsense")


def test_named_stop_word_lists_extend_one_base() -> None:
    english, summary, grouping = (stop_words(n) for n in ("english", "summary", "grouping"))
    assert english < summary and english < grouping
    assert {"said", "mr"} <= summary - english
    assert {"yang", "dan"} <= grouping - english
    assert "said" not in grouping
    short = stop_words("function_words")
    assert "the" in short and "fire" not in short and len(short) < len(english)


@pytest.mark.parametrize(
    ("line", "kind", "expected"),
    [
        ("He left.", "sentence", True),
        ('"We will stay," he said.”', "sentence", True),
        ("He asked why?)", "sentence", True),
        ("He said:", "sentence", False),
        ("He said:", "paragraph", True),
        ("Putin in Syria", "sentence", False),
        ("What Was Russia Doing in Syria?", "clause", False),
        ("First, the facts;", "clause", True),
    ],
)
def test_ends_like(line: str, kind: str, expected: bool) -> None:
    assert ends_like(line, kind) is expected


def test_headline_and_title_case_tests() -> None:
    assert headline_like("What Was Russia Doing in Syria?")
    assert not headline_like("Putin ordered the troops home.")
    assert not headline_like("December 11, 2017")  # a date line, not a headline
    assert not headline_like("putin in syria")
    assert title_case(["What", "Was", "Russia", "Doing", "in", "Syria?"], "heading")
    assert not title_case(["Putin", "ordered", "the", "troops", "home", "from", "Syria"], "heading")
    caption = ["Russian", "President", "Vladimir", "Putin", "Visits", "Hmeimim", "Air", "Base"]
    assert title_case(caption, "caption")
    assert not title_case(
        ["Putin", "visited", "the", "base", "in", "western", "Syria", "on", "Monday"], "caption"
    )


def test_dates_are_read_one_way() -> None:
    assert parse_date("2017-12-11T09:30:00Z") == "2017-12-11"
    assert parse_date("Mon, 11 Dec 2017 09:30:00 GMT") == "2017-12-11"
    assert parse_date("December 11, 2017") == "2017-12-11"
    assert parse_date("sometime next week") is None
    moment = parse_datetime("2017-12-11T09:30:00+03:00")
    assert moment == datetime(2017, 12, 11, 9, 30, tzinfo=timezone(timedelta(hours=3)))
    assert parse_datetime("2017-12-11") == datetime(2017, 12, 11)
    assert parse_datetime("not a date") is None
    assert period("2017-W50") == (date(2017, 12, 11), date(2017, 12, 17))
    assert period("2017-02") == (date(2017, 2, 1), date(2017, 2, 28))
    assert period("2017-13") is None


def test_no_stage_keeps_its_own_date_parser_or_word_lists() -> None:
    """ISO dates are parsed in crossread/text/dates.py only; stop words live in one data file."""
    for path in SRC.rglob("*.py"):
        if path == SRC / "text" / "dates.py":
            continue
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"fromisoformat|strptime", source), path
    for path in (SRC / "data").rglob("*.json"):
        if path.name != "stopwords.json":
            assert '"stopwords": [' not in path.read_text(encoding="utf-8"), path
