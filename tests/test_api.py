"""The library API of the README works as written."""

from __future__ import annotations

import crossread
import crossread.crosscheck.report  # importing stage modules must not shadow the public functions
import crossread.summary.summarizer
from crossread.summary.summarizer import summarize as stage_summarize


def test_readme_library_example(example_dir) -> None:
    result = crossread.read([str(example_dir)])
    assert len(result.articles) == 5 and not result.errors
    options = crossread.Options(words=80)
    brief = crossread.summarize(result.articles, options)
    for name in ("read", "summarize", "check", "render"):  # still the functions
        assert callable(getattr(crossread, name)) and not hasattr(
            getattr(crossread, name), "__path__"
        )
    assert brief.summary and brief.check is not None
    assert stage_summarize(result.articles, options.with_(check=False)).check is None
    for sentence in brief.summary:
        assert sentence.article_ids
    assert crossread.render(brief, "md").startswith("# ")
    report = crossread.check(result.articles, options)
    assert set(report.to_dict()) >= {"reuse", "entities", "facts", "conflicts", "quotes"}
    records = list(crossread.summarize_records([("s1", result.articles)], options))
    assert records[0]["id"] == "s1" and records[0]["summary"]


def test_duplicate_articles_count_once(example_dir) -> None:
    articles = crossread.read([str(example_dir)]).articles
    assert len(crossread.dedupe([*articles, articles[0]])) == 5
