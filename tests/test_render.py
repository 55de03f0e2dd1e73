"""Renderers show every citation, escape hostile text, and follow the documented JSON schema."""

from __future__ import annotations

import json

import pytest

from crossread.model import Article, Brief, Citation, Sentence, SummarySentence
from crossread.present import render


def _brief() -> Brief:
    a = Article(id="a1", text="Rain fell <script>alert(1)</script>.", title="Storm", outlet="Daily")
    b = Article(id="b2", text="It rained hard.", published="2017-12-11")
    s = Sentence(article_id="a1", index=0, paragraph=0, start=0, end=len(a.text), text=a.text)
    summary = SummarySentence(
        text=a.text,
        source=s,
        citations=(
            Citation(article_id="a1", sentence_index=0, text=a.text),
            Citation(article_id="b2", sentence_index=0, text=b.text, similarity=0.8),
        ),
    )
    return Brief(articles=(a, b), summary=(summary,), title="Storm <b>news</b>")


def test_markdown_numbers_every_citing_source() -> None:
    md = render(_brief(), "md")
    assert "[1, 2]" in md
    assert "1. Daily: Storm" in md
    assert "2. source 2, 2017-12-11: “It rained hard.”" in md
    # the header counts articles per outlet (never "2 articles from Daily")
    assert "2 articles: Daily 1, outlet unknown 1" in md


def test_json_follows_schema() -> None:
    data = json.loads(render(_brief(), "json"))
    assert set(data) >= {"articles", "summary", "story", "notes"}
    assert {"id", "title", "outlet", "published", "source"} <= set(data["articles"][0])
    assert data["summary"][0]["citations"] == ["a1", "b2"]
    assert data["summary"][0]["from"] == {"article": "a1", "sentence": 0, "start": 0, "end": 36}
    assert data["summary"][0]["evidence"][1]["similarity"] == 0.8


def test_html_escapes_article_text_and_title() -> None:
    html = render(_brief(), "html")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>news</b>" not in html
    assert html.count("<blockquote") == 2


def test_terminal_lists_sources() -> None:
    out = render(_brief(), "terminal", width=80)
    assert "[1,2]" in out
    assert "Sources" in out and "Daily: Storm" in out


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(_brief(), "pdf")


def test_html_brief_of_the_example_draws_who_copied_whom(example_dir) -> None:
    import crossread

    articles = crossread.read([str(example_dir)]).articles
    html = render(crossread.summarize(articles, crossread.Options()), "html")
    assert "<h2>Who copied whom</h2>" in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count("<line") >= 1  # 001 copies 000
    assert "takes" in svg and "(wholly)" in svg


def test_terminal_shows_brackets_in_titles_literally() -> None:
    from dataclasses import replace

    brief = _brief()
    odd = replace(brief.articles[0], title="[Video] Storm [bold]hits[/bold]")
    out = render(
        replace(brief, articles=(odd, brief.articles[1]), title="[Live] Storm"), "terminal"
    )
    assert "[Video] Storm [bold]hits[/bold]" in out
    assert "[Live] Storm" in out
