"""Sentence splitting survives news text and keeps exact spans."""

from __future__ import annotations

import pytest

from crossread.ingest.split import split, split_text
from crossread.model import Article


def sentences(text: str) -> list[str]:
    return [text[s:e] for _, s, e in split_text(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. Army said so on Monday. Gen. Smith arrived at 8 a.m. and left at 9 p.m. "
            "Rates rose 8.2% in the first quarter.",
            [
                "The U.S. Army said so on Monday.",
                "Gen. Smith arrived at 8 a.m. and left at 9 p.m.",
                "Rates rose 8.2% in the first quarter.",
            ],
        ),
        (
            '"Stop it!!!" he said. "Why?" she asked. Then he left.',
            ['"Stop it!!!" he said.', '"Why?" she asked.', "Then he left."],
        ),
        (
            "J.R.R. Tolkien wrote it. Mr. and Mrs. Smith went to Washington, D.C. on Friday. It rained.",
            [
                "J.R.R. Tolkien wrote it.",
                "Mr. and Mrs. Smith went to Washington, D.C. on Friday.",
                "It rained.",
            ],
        ),
        (
            "He lives in the U.S. The No. 2 man said no. Col.-Gen. Sergey Surovikin spoke at 9 p.m. ET today.",
            [
                "He lives in the U.S.",
                "The No. 2 man said no.",
                "Col.-Gen. Sergey Surovikin spoke at 9 p.m. ET today.",
            ],
        ),
        (
            "“I order the withdrawal,” Putin said. The Russian leader left. Was it over? Yes!",
            [
                "“I order the withdrawal,” Putin said.",
                "The Russian leader left.",
                "Was it over?",
                "Yes!",
            ],
        ),
        (
            "“I have taken a decision,” Putin told his troops. “‘I order the minister to start.”",
            [
                "“I have taken a decision,” Putin told his troops.",
                "“‘I order the minister to start.”",
            ],
        ),
    ],
)
def test_news_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_spans_point_back_into_the_article_with_paragraphs() -> None:
    text = "Headline here\n\nFirst sentence. Second one.\nThird line.\n\n\nLast."
    article = Article(id="a", text=text)
    got = split(article)
    assert [s.text for s in got] == [
        "Headline here",
        "First sentence.",
        "Second one.",
        "Third line.",
        "Last.",
    ]
    assert [s.paragraph for s in got] == [0, 1, 1, 2, 3]
    assert [s.index for s in got] == [0, 1, 2, 3, 4]
    for s in got:
        assert text[s.start : s.end] == s.text
        assert s.article_id == "a"


def test_empty_and_whitespace_give_no_sentences() -> None:
    assert split(Article(id="e", text="")) == []
    assert split(Article(id="w", text=" \n\n \t ")) == []


def test_example_articles_split_into_plausible_sentences(example_dir) -> None:
    for path in sorted(example_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        got = split(Article(id=path.stem, text=text))
        assert len(got) >= 8, path.name
        for s in got:
            assert text[s.start : s.end] == s.text
            # no sentence may end on a title abbreviation such as "Gen." or "Mr."
            assert not s.text.endswith((" Gen.", " Mr.", " Col.", " Dr."))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a rank abbreviation inside a name
            "The tribunal cleared Cmndr. Dragan Obrenovic of the charges. He walked free.",
            ["The tribunal cleared Cmndr. Dragan Obrenovic of the charges.", "He walked free."],
        ),
        (  # a time followed by a weekday goes on; one followed by another sentence ends
            "They gathered at 5 p.m. Sunday and waited to be rousted. Police came at 6 p.m. "
            "Nobody was hurt.",
            [
                "They gathered at 5 p.m. Sunday and waited to be rousted.",
                "Police came at 6 p.m.",
                "Nobody was hurt.",
            ],
        ),
        (  # an ellipsis inside a quotation is a pause, outside one it may end a sentence
            '"I don\'t know... We will see," he said. Then nothing... The end.',
            ['"I don\'t know... We will see," he said.', "Then nothing...", "The end."],
        ),
        (  # a scraping artefact: no space after the period
            "The man was shot four times.Around noon police arrived. "
            '"I should have stuck with my gut."Trent tells me so. It cost $3.5 million at '
            "www.CNN.com today.",
            [
                "The man was shot four times.",
                "Around noon police arrived.",
                '"I should have stuck with my gut."',
                "Trent tells me so.",
                "It cost $3.5 million at www.CNN.com today.",
            ],
        ),
        (  # newswire ``quotes''
            "Officials met on Monday. ``We will not back down,'' he said. ``It is over.'' "
            "Then he left.",
            [
                "Officials met on Monday.",
                "``We will not back down,'' he said.",
                "``It is over.''",
                "Then he left.",
            ],
        ),
        (
            "Lt. Gen. Ben Hodges and Sgt. Maj. John Doe spoke. Lt.-Col. Smith agreed.",
            ["Lt. Gen. Ben Hodges and Sgt. Maj. John Doe spoke.", "Lt.-Col. Smith agreed."],
        ),
    ],
)
def test_news_traps(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected
