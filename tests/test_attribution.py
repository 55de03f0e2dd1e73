"""Who said what: the attribution layer on the example's real sentences and on hard cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import crossread
from crossread.attribution import Quotation, quotation_units, quotations, readability
from crossread.ingest.split import split
from crossread.model import Article
from crossread.options import Options
from crossread.summary.summarizer import summarize


def _quotes(text: str) -> tuple[Quotation, ...]:
    return quotations(Article(id="t", text=text))


def _one(text: str, words: str) -> Quotation:
    return next(q for q in _quotes(text) if words in q.text)


@pytest.fixture(scope="module")
def example(example_dir: Path) -> dict[str, Article]:
    return {a.id[:3]: a for a in crossread.read([str(example_dir)]).articles}


def test_example_speakers_and_cues(example: dict[str, Article]) -> None:
    by = {q.text[:30]: q for q in quotations(example["003"])}
    order = next(q for t, q in by.items() if t.startswith("I order the Defense"))
    assert order.speaker is not None and order.speaker.name == "Vladimir Putin"  # "was cited as"
    assad = next(q for t, q in by.items() if t.startswith("On behalf of all"))
    assert assad.speaker is not None and assad.speaker.name.endswith("Assad")  # "TASS cited Assad"
    trenin = next(q for t, q in by.items() if t.startswith("Putin’s announcement"))
    assert trenin.speaker is not None and trenin.speaker.name == "Dmitri Trenin"
    assert trenin.speaker.role == "Director of the Carnegie Moscow Center"
    assert trenin.cue == "wrote"


def test_example_he_concluded_is_putin(example: dict[str, Article]) -> None:
    q = next(q for q in quotations(example["004"]) if q.text.startswith("Our homeland"))
    assert q.pronoun and q.cue == "concluded"
    assert q.speaker is not None and q.speaker.name == "Vladimir Putin"
    assert len(q.sentences) == 3  # three sentences inside one pair of marks


def test_example_quote_whose_speaker_comes_after_it(example: dict[str, Article]) -> None:
    article = example["002"]
    sents = split(article)
    quotes = quotations(article, sents)
    q = next(q for q in quotes if q.text.startswith("The conditions for a political solution"))
    assert q.speaker is not None and q.speaker.name == "Vladimir Putin"
    assert q.cue_sentence == q.sentences[-1] and len(q.sentences) == 2
    # its first sentence says nothing of who speaks: a summary must never take it alone
    assert readability(quotes, sents)[q.sentences[0]] == "never"


def test_quotation_running_over_paragraphs() -> None:
    text = (
        "The mayor spoke at length on Tuesday.\n\n"
        "“We will rebuild every house on this street. It will take years.\n\n"
        "“But we will not leave anyone behind,” Mayor Jane Porter said."
    )
    q = _one(text, "rebuild every house")
    assert q.kind == "continued"
    assert "leave anyone behind" in q.text and "It will take years" in q.text
    assert q.speaker is not None and q.speaker.name == "Jane Porter"
    marks = readability(_quotes(text), split(Article(id="t", text=text)))
    assert marks[q.sentences[0]] == "never" and marks[q.sentences[1]] == "never"


def test_newswire_quotes() -> None:
    text = "``The bill is dead on arrival,'' Sen. Mitch Brown told reporters on Monday."
    q = _one(text, "dead on arrival")
    assert q.text == "The bill is dead on arrival,"
    assert q.speaker is not None and q.speaker.name == "Mitch Brown" and q.cue == "told"


def test_he_or_she_said_is_the_named_person_before_it() -> None:
    text = (
        "Hospital spokeswoman Mary Alvarez described the night to reporters. Her colleague, "
        "Dr. Tom Reyes, had treated the first patients.\n\n"
        "“We had never seen so many people come in at once,” she said."
    )
    q = _one(text, "never seen so many")
    assert q.pronoun
    assert q.speaker is not None and q.speaker.name == "Mary Alvarez"
    assert q.speaker.role == "Hospital spokeswoman"
    # nobody named before it: unknown, not guessed
    lone = _one("“It was a long night for all of us,” he said.", "long night")
    assert lone.speaker is None


def test_interview_questions_and_answers_are_different_speakers() -> None:
    text = (
        "HOLT: Were you surprised by the result of the vote on Friday?\n\n"
        "TRUMP: I was not surprised at all, we expected to win it easily.\n\n"
        "Q: What happens to the people who lose their coverage next year?\n\n"
        "A: Nobody is going to lose anything, believe me, nobody at all."
    )
    turns = _quotes(text)
    assert [q.kind for q in turns] == ["transcript"] * 4
    assert turns[0].speaker is not None and turns[0].speaker.name == "HOLT"
    assert turns[1].speaker is not None and turns[1].speaker.name == "TRUMP"
    assert turns[2].speaker is None and turns[3].speaker is None  # not said who asks or answers


def test_block_quote_after_a_colon_and_embedded_post() -> None:
    text = (
        "The White House said in a statement on Monday:\n\n"
        "The president will not sign any bill that raises taxes on working families.\n\n"
        "Others weighed in online.\n\n"
        "Proud of the team tonight, what a game! — Jane Fielding (@janefielding) May 3, 2017"
    )
    block = _one(text, "will not sign")
    assert block.kind == "block" and block.cue == ":"
    assert block.speaker is not None and block.speaker.name == "White House"
    assert block.speaker.kind == "org"
    post = _one(text, "Proud of the team")
    assert post.kind == "embedded" and post.speaker is not None
    assert post.speaker.name == "Jane Fielding"


def test_speakers_are_names_never_fragments() -> None:
    text = (
        "“This changes how we think about sleep,” said senior study author Dr. Ana Ruiz.\n\n"
        "“We are reviewing the footage right now,” Pentagon spokesman Eric Pahon said.\n\n"
        "MORE: “Nobody told us anything about the closure,” a resident said."
    )
    ruiz = _one(text, "changes how we think")
    assert ruiz.speaker is not None and ruiz.speaker.name == "Ana Ruiz"
    assert ruiz.speaker.role == "senior study author Dr."
    pahon = _one(text, "reviewing the footage")
    assert pahon.speaker is not None and pahon.speaker.name == "Eric Pahon"
    assert pahon.speaker.role == "Pentagon spokesman"
    resident = _one(text, "Nobody told us")
    assert resident.speaker is None and resident.cue == "said"  # attributed, to nobody named


def test_summary_of_the_example_never_prints_a_bare_quote(example_dir: Path) -> None:
    articles = crossread.read([str(example_dir)]).articles
    brief = summarize(articles, Options(words=120, check=False))
    cue = re.compile(r"\b(said|says|told|added|warned|according to|wrote|concluded)\b")
    for s in brief.summary:
        if re.search(r"[“”\"]", s.text):
            assert cue.search(s.text), s.text
            assert s.text.count("“") <= s.text.count("”") + s.text.count('"'), s.text
    assert not any(s.text.startswith("“The conditions for a political") for s in brief.summary)


@pytest.mark.parametrize(
    "text, first, span",
    [
        # the speaker named in the quotation's second (last) sentence
        ("Floods hit the town.\n\n“A wall broke. We will fix it,” Mayor Jane Porter said.", 1, 2),
        # named in its first sentence, the quotation going on after it
        ("Floods hit the town.\n\nMayor Jane Porter said: “A wall broke. We will fix it.”", 1, 2),
        # three sentences, named in the third
        (
            "Floods hit the town.\n\n“A wall broke. The quay went under. We will fix it,” "
            "Mayor Jane Porter said.",
            1,
            3,
        ),
    ],
)
def test_quotation_units_run_from_the_opening_to_the_speaker(
    text: str, first: int, span: int
) -> None:
    units = quotation_units(_quotes(text), longest=4)
    assert units == {first: tuple(range(first, first + span))}


def test_quotation_named_by_pronoun_or_too_long_is_no_unit() -> None:
    he = "Floods hit the town.\n\n“A wall broke. We will fix it,” he said."
    assert quotation_units(_quotes(he), longest=4) == {}
    three = (
        "Floods hit the town.\n\n“A wall broke. The quay went under. It rained,” Jane Porter said."
    )
    assert quotation_units(_quotes(three), longest=2) == {}
