"""Headline, outlet, publication date and dates in the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossread.ingest.metadata import masthead, outlet_from_url, split_header, split_title_suffix
from crossread.ingest.sources import read
from crossread.text.dates import date_line, find_dates, parse_date, resolve_relative_dates


@pytest.fixture(scope="module")
def example(example_dir: Path) -> dict:
    result = read([str(example_dir)])
    assert result.errors == []
    return {a.id[:3]: a for a in result.articles}


def test_headlines_of_the_examples(example: dict) -> None:
    assert example["003"].title == (
        "Putin Orders Russian Military to Withdraw During Surprise Syria Visit"
    )
    assert example["004"].title.startswith("Putin orders partial troop withdrawal from Syria")
    # 001 carries two headlines: the first is the title, the second is dropped from the body
    assert example["001"].title.startswith("During Surprise Syria Visit, President Putin")
    assert "Putin orders troops withdrawal from Syria" in example["001"].removed
    assert example["001"].text.startswith("Russia’s president Vladimir Putin made")
    # 000 and 002 open with a full sentence: no headline invented, body untouched
    assert example["000"].title is None
    assert example["002"].text.startswith("Russian troops stationed in Syria will start")


def test_outlet_of_003_is_the_moscow_times(example: dict) -> None:
    assert example["003"].outlet == "The Moscow Times"
    # outlets only cited in the story ("according to Russia Today", "reports Reuters") are not
    assert example["000"].outlet is None
    assert example["002"].outlet is None


def test_date_of_004_from_its_dateline(example: dict) -> None:
    assert example["004"].published == "2017-12-11"
    assert "December 11, 2017" not in example["004"].text
    assert example["004"].text.startswith("Russian leader Vladimir Putin first embroiled")


def test_on_monday_resolves_against_the_publication_date(example: dict) -> None:
    a = example["004"]
    resolved = resolve_relative_dates(a.text, a.published)
    assert resolved[0][1] == "on Monday"
    assert resolved[0][2] == "2017-12-11"
    start, end = resolved[0][0]
    assert a.text[start:end] == "on Monday"


def test_relative_dates_of_several_kinds() -> None:
    text = (
        "The ministry said last week that the war was over. Russia this month said so too. "
        "Putin met Erdogan on Monday night; yesterday he flew to Cairo. Two days ago he was "
        "in Sochi, and last month Mattis spoke. He will visit Ankara on Thursday. "
        "According to Russia Today, the pullout starts."
    )
    got = {phrase: iso for _, phrase, iso in resolve_relative_dates(text, "2017-12-11")}
    assert got == {
        "last week": "2017-W49",
        "this month": "2017-12",
        "on Monday night": "2017-12-11",
        "yesterday": "2017-12-10",
        "Two days ago": "2017-12-09",
        "last month": "2017-11",
        "on Thursday": "2017-12-14",
    }
    assert resolve_relative_dates(text, None) == []


def test_absolute_dates() -> None:
    found = find_dates(
        "On Dec. 13 he left. Report of 11 December 2017, filed 2017-12-11, about March 2016.",
        "2018-01-02",
    )
    assert [(d.text, d.iso, d.kind) for d in found] == [
        ("Dec. 13", "2017-12-13", "absolute"),
        ("11 December 2017", "2017-12-11", "absolute"),
        ("2017-12-11", "2017-12-11", "absolute"),
        ("March 2016", "2016-03", "absolute"),
    ]
    assert find_dates("Police may 5 times ask") == []  # "may" the verb is no month


def test_date_lines_and_metadata_dates() -> None:
    assert date_line("December 11, 2017") == "2017-12-11"
    assert date_line("Published: Dec. 11, 2017 10:30 AM EST") == "2017-12-11"
    assert date_line("Putin visited Syria on December 11, 2017") is None
    assert parse_date("2017-12-11T09:30:00Z") == "2017-12-11"
    assert parse_date("Mon, 11 Dec 2017 09:30:00 GMT") == "2017-12-11"
    assert parse_date("soon") is None


def test_header_needs_a_body_and_no_sentence_punctuation() -> None:
    assert split_header("Just one short line").title is None
    h = split_header("A Headline Here\n\nThe story begins with a sentence that is long enough.")
    assert h.title == "A Headline Here"
    assert h.body.startswith("The story begins")
    assert split_header("He left.\n\nThen more.").title is None


def test_outlets_from_urls_wire_tags_and_title_suffixes() -> None:
    assert outlet_from_url("https://www.themoscowtimes.com/2017/12/11/putin") == "The Moscow Times"
    assert outlet_from_url("https://edition.cnn.com/x") == "CNN"
    assert outlet_from_url("https://news.example.org/a") == "news.example.org"
    assert masthead("MOSCOW (Reuters) - Putin ordered a withdrawal.") == "Reuters"
    assert masthead("(CNN) Sen. John McCain said Thursday that he might seek a subpoena.") == "CNN"
    assert masthead("Putin ordered it, according to Reuters.") is None
    assert split_title_suffix("Putin orders withdrawal | Reuters") == (
        "Putin orders withdrawal",
        "Reuters",
    )
    assert split_title_suffix("Iran-Iraq war - a history") == ("Iran-Iraq war - a history", None)


def test_a_photo_credit_or_caption_above_the_text_is_never_its_headline(tmp_path: Path) -> None:
    """Credits and labels at the top of real Multi-News sources ('Getty Images Elon Musk',
    'Image copyright Getty Images', '(Metropolitan Nashville Police Department)') became story
    titles; they are page furniture: dropped with the header, and a real headline under one
    is still found."""
    from crossread import read

    body = (
        "Several independent directors of Tesla's board said on Wednesday that they have met "
        "several times over the last week to discuss taking the company private."
    )
    cases = {
        "credit.txt": (f"Getty Images Elon Musk\n\n{body}\n", None),
        "copyright.txt": (
            f"Image copyright Getty Images\n\nTesla board weighs going private\n\n{body}\n",
            "Tesla board weighs going private",
        ),
        "bracketed.txt": (f"(Metropolitan Nashville Police Department)\n\n{body}\n", None),
        "headline.txt": (
            f"Tesla board weighs going private\n\n{body}\n",
            "Tesla board weighs going private",
        ),
    }
    for k, (name, (text, _)) in enumerate(cases.items()):  # texts differ: none is a duplicate
        (tmp_path / name).write_text(text.replace("several times", f"{k + 2} times"), "utf-8")
    got = {Path(a.source).name: a for a in read([str(tmp_path)]).articles}
    for name, (_, title) in cases.items():
        assert got[name].title == title, name
        assert got[name].text.startswith("Several independent directors"), name
        assert "Getty" not in got[name].text and "Metropolitan" not in got[name].text
