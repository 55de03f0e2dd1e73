"""What a rewrite changed (issue 12): the example's 001 rewrites 000 and strengthens a
quantifier, adds a magnitude and drops an attribution; a faithful copy shows no change."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossread import api
from crossread.crosscheck.changes import changes_between
from crossread.crosscheck.report import check
from crossread.model import Article
from crossread.options import Options
from crossread.present.crosscheck import check_markdown

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "putin-syria-2017"


@pytest.fixture(scope="module")
def copy_pair() -> dict:
    arts = list(api.read([str(EXAMPLE)], Options()).articles)
    d = check(arts, Options()).to_dict()
    [pair] = [r for r in d["reuse"] if r["kind"] != "not"]
    assert pair["article"].split("/")[-1].startswith("001")
    assert pair["source"].split("/")[-1].startswith("000")
    return pair


def test_the_example_rewrite_has_the_three_kinds_of_change(copy_pair: dict) -> None:
    changes = copy_pair["changes"]
    by = {(c["kind"], c["source_text"], c["text"]) for c in changes}
    assert any(
        k == "quantifier" and "significant portion" in s and t.startswith("most") for k, s, t in by
    )
    assert any(k == "number" and "refugees" in s and "millions" in t for k, s, t in by)
    assert any(k == "modality" and "were returning" in s and "can now" in t for k, s, t in by)
    assert any(k == "attribution" and "according to the commander" in s for k, s, _ in by)
    for c in changes:  # every change says what changed in words, with both spans
        assert set(c) >= {"kind", "source_text", "text", "explanation"}
        assert c["explanation"] and c["source_text"] and c["text"]


def test_a_faithful_copy_shows_no_change() -> None:
    sentence = (
        "Russian special forces, military police and 25 aircraft will leave Syria, and a field "
        "hospital will be removed, according to the commander of the Russian forces in Syria."
    )
    assert changes_between(sentence, sentence) == []
    reworded = (
        "According to the commander of the Russian forces in Syria, 25 aircraft, military police "
        "and Russian special forces will leave Syria and a field hospital will be removed."
    )
    assert changes_between(sentence, reworded) == []
    text = "\n\n".join([sentence] * 3 + ["Putin made a surprise visit to the Khmeimim airbase."])
    d = check([Article(id="a", text=text), Article(id="b", text=text)], Options()).to_dict()
    assert all(r["changes"] == [] for r in d["reuse"])


def test_changes_are_shown_in_markdown(copy_pair: dict) -> None:
    arts = list(api.read([str(EXAMPLE)], Options()).articles)
    md = check_markdown(check(arts, Options()))
    assert "changed: quantifier" in md and "significant portion" in md
    assert "changed: attribution" in md


def test_hedge_and_negation_and_name_changes() -> None:
    [c] = changes_between(
        "Officials said roughly 300 homes were destroyed in the fire.",
        "Officials said 300 homes were destroyed in the fire.",
    )
    assert c.kind == "quantifier" and "roughly" in c.source_text
    [c] = changes_between(
        "The Liberty couple was shot and robbed on Wednesday night near the lot.",
        "A Kansas City couple was shot and robbed on Wednesday night near the lot.",
    )
    assert c.kind == "name"
    [c] = changes_between(
        "The company said it would not close the plant in Ohio next year.",
        "The company said it would close the plant in Ohio next year.",
    )
    assert c.kind == "negation"


def test_a_hedge_dropped_from_a_fraction_in_words() -> None:
    src = "Rebels once held roughly one-third of the province, officials said."
    [c] = changes_between(src, "Rebels once held one third of the province, officials said.")
    assert c.kind == "quantifier" and c.source_text == "roughly one-third"
    assert "roughly" in c.explanation
    [c] = changes_between(
        src, "Rebels once held roughly two-thirds of the province, officials said."
    )
    assert c.kind == "number" and c.text == "roughly two-thirds"
    assert changes_between(src, src) == []
    assert changes_between(src, "Officials said rebels once held about a third of it.") == []


def test_a_quotation_given_to_someone_else() -> None:
    story = [
        "Flood waters reached the second floor of the Millbrook library on Friday night.",
        "Volunteers carried more than four thousand books to the town hall before dawn.",
        "Crews expect to pump out the basement by the middle of next week.",
    ]
    said = "“We saved almost every rare book in the collection,” said librarian Ana Ruiz."
    source = Article(id="s", text="\n\n".join([*story, said]))
    moved = "“We saved almost every rare book in the collection,” said Mayor Tom Beck."
    for text, expected in ((said, []), (moved, ["name"])):
        copy = Article(id="c", text="\n\n".join([*story, text]))
        d = check([source, copy], Options()).to_dict()
        [r] = [r for r in d["reuse"] if r["kind"] != "not"]
        assert [c["kind"] for c in r["changes"]] == expected
        if expected:
            assert "Tom Beck" in r["changes"][0]["explanation"]
            assert "Ana Ruiz" in r["changes"][0]["explanation"]
