"""Bad input gives empty sections and notes, never an error."""

from __future__ import annotations

from crossread.crosscheck.report import check
from crossread.model import Article
from crossread.options import Options

# a real sentence from examples/putin-syria-2017/003
ONE = "Putin made the surprise visit en route to planned meetings in Cairo and Ankara."


def test_one_article_says_there_is_nothing_to_compare() -> None:
    d = check([Article(id="a", text=ONE)], Options()).to_dict()
    assert d["reuse"] == [] and d["conflicts"] == [] and d["facts"] == []
    assert any("nothing to compare" in n for n in d["notes"])


def test_no_articles() -> None:
    d = check([], Options()).to_dict()
    assert d["entities"] == [] and d["notes"]


def test_no_numbers_no_quotes_single_sentence() -> None:
    d = check([Article(id="a", text=ONE), Article(id="b", text="Cairo.")], Options()).to_dict()
    assert d["quotes"] == [] and d["facts"] == [] and d["inconsistencies"] == []
    assert {e["name"] for e in d["entities"]} >= {"Cairo", "Ankara"}


def test_empty_and_whitespace_articles() -> None:
    d = check([Article(id="a", text=""), Article(id="b", text="  \n\n ")], Options()).to_dict()
    assert d["reuse"] == [] or all(r["kind"] == "not" for r in d["reuse"])
    assert any("no text" in n for n in d["notes"])


def test_duplicate_ids_count_once() -> None:
    d = check([Article(id="a", text=ONE), Article(id="a", text=ONE)], Options()).to_dict()
    assert any("nothing to compare" in n for n in d["notes"])
