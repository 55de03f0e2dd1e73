"""Dates in the cross-check: resolved against each article's publication date, compared on
the resolved day, never a conflict when a date cannot be resolved; reuse direction by date."""

from __future__ import annotations

import json
from pathlib import Path

from crossread import api
from crossread.crosscheck.quantities import extract
from crossread.crosscheck.report import check
from crossread.model import Article
from crossread.options import Options

DATA = Path(__file__).parent / "data" / "check"

# examples/putin-syria-2017/003 and 002: the same visit, "on Monday" in both
VISIT_A = (
    "President Vladimir Putin ordered Russian troops to withdraw from Syria during a surprise "
    "visit to a Russian airbase in the country on Monday morning, where he was greeted by "
    "Syrian President Bashar Assad."
)
VISIT_B = (
    "Putin paid a surprise visit to the Hmeymim air base in Syria {when} to share the good news "
    "with Russian forces and to speak with Syrian President Bashar al-Assad."
)


def _dates(report: dict) -> list[dict]:
    return [f for f in report["facts"] if f["family"] == "date"]


def _check(b_when: str, a_pub: str | None, b_pub: str | None) -> dict:
    arts = [
        Article(id="a", text=VISIT_A, published=a_pub),
        Article(id="b", text=VISIT_B.format(when=b_when), published=b_pub),
    ]
    return check(arts, Options()).to_dict()


def test_relative_date_shows_phrase_and_resolved_day() -> None:
    text = "In a surprise visit to Syria on Monday, Putin told his troops that the war was won."
    [q] = extract(text, "004", 0, "2017-12-11")
    assert (q.text, q.unit, q.precision) == ("on Monday", "2017-12-11", "day")
    d = check([Article(id="004", text=text, published="2017-12-11")], Options()).to_dict()
    [fact] = _dates(d)
    assert fact["values"][0]["value"] == "on Monday (2017-12-11)"
    assert fact["values"][0]["resolved"] == "2017-12-11"


def test_different_phrases_for_the_same_day_agree() -> None:
    # "on Monday" in a piece of Monday 2017-12-11; "yesterday" / "December 11" a day later
    for when in ("yesterday", "on December 11"):
        d = _check(when, "2017-12-11", "2017-12-12")
        assert d["conflicts"] == [], when
        [fact] = _dates(d)
        assert fact["status"] == "agreed", when
        assert fact["sources"] == 2
        assert {v["resolved"] for v in fact["values"]} == {"2017-12-11"}


def test_different_resolved_days_conflict() -> None:
    # "on Sunday" in a piece of 2017-12-12 is 2017-12-10, not Monday 2017-12-11
    d = _check("on Sunday", "2017-12-11", "2017-12-12")
    [conflict] = d["conflicts"]
    assert conflict["family"] == "date"
    shown = {v["value"] for v in conflict["values"]}
    assert shown == {"on Monday morning (2017-12-11)", "on Sunday (2017-12-10)"}


def test_unresolvable_relative_dates_are_never_a_date_conflict() -> None:
    # the same wording without publication dates: no date to compare; the days named are
    # attached to different words ("morning, where he was greeted" / "to share"): no conflict
    d = _check("on Sunday", None, None)
    assert d["conflicts"] == []
    assert _dates(d) == []


def test_days_of_the_week_named_for_the_same_act_conflict() -> None:
    # issue 12: "Saturday vs Sunday" for one event, no publication dates needed
    text = (
        "Putin visited the Hmeymim air base in Syria on {day}, meeting President Bashar al-Assad."
    )
    arts = [
        Article(id="a", text=text.format(day="Monday")),
        Article(id="b", text=text.format(day="Sunday")),
    ]
    d = check(arts, Options()).to_dict()
    [conflict] = d["conflicts"]
    assert conflict["family"] == "weekday"
    assert {v["value"] for v in conflict["values"]} == {"Monday", "Sunday"}
    # told on different days of the week, the same act is not a conflict
    said = "The visit to the Hmeymim air base was announced by the Kremlin, officials said {day}."
    arts = [
        Article(id="a", text=text.format(day="Monday")),
        Article(id="b", text=said.format(day="Tuesday")),
    ]
    assert check(arts, Options()).to_dict()["conflicts"] == []
    # one side known only: still nothing to compare it with
    d = _check("on Sunday", "2017-12-11", None)
    assert d["conflicts"] == []
    assert [f["status"] for f in _dates(d)] == ["single"]


def test_relative_phrase_is_not_read_as_a_duration() -> None:
    text = "The Defense Ministry said two days ago that the country had been liberated."
    assert extract(text, "a", 0) == []
    [q] = extract(text, "a", 0, "2017-12-11")
    assert (q.family, q.unit) == ("date", "2017-12-09")


def test_week_contains_its_days() -> None:
    # "last week" of a piece of 2017-12-11 is ISO week 49 (Dec 4-10): Dec 6 agrees
    a = "The Defense Ministry said last week that the country had been completely liberated."
    b = "The Defense Ministry said on December 6 that the country had been completely liberated."
    arts = [Article(id="a", text=a, published="2017-12-11"), Article(id="b", text=b,
            published="2017-12-11")]  # fmt: skip
    d = check(arts, Options()).to_dict()
    assert d["conflicts"] == []
    [fact] = _dates(d)
    assert fact["status"] == "agreed"


def test_dated_example_article_gets_its_monday(example_dir: Path) -> None:
    arts = api.read([str(example_dir)], Options()).articles
    dated = next(a for a in arts if a.id.startswith("004"))
    assert dated.published == "2017-12-11"
    values = [v for f in _dates(check(arts, Options()).to_dict()) for v in f["values"]]
    assert any(v["value"] == "on Monday (2017-12-11)" and dated.id in v["articles"] for v in values)


def _reuse(example_dir: Path, pub_000: str | None, pub_001: str | None) -> tuple[str, ...]:
    texts = {p.stem[:3]: p.read_text() for p in sorted(example_dir.iterdir())}
    arts = [
        Article(id="000", text=texts["000"], published=pub_000),
        Article(id="001", text=texts["001"], published=pub_001),
    ]
    [r] = check(arts, Options()).reuse
    assert r.kind == "wholly"
    return r.article, r.source, r.direction


def test_reuse_direction_follows_publication_dates(example_dir: Path) -> None:
    # 001 is a rewrite of 000 (shorter, nearly all of it aligned); without dates the
    # shares decide that
    article, source, direction = _reuse(example_dir, None, None)
    assert (article, source) == ("001", "000") and direction != "dates"
    # when both dates are known the earlier article is the source, whatever the shares say
    assert _reuse(example_dir, "2017-12-12", "2017-12-11") == ("000", "001", "dates")
    assert _reuse(example_dir, "2017-12-10", "2017-12-11") == ("001", "000", "dates")
    # full timestamps in different zones: 09:00+03:00 is before 08:00Z of the same day
    assert _reuse(example_dir, "2017-12-11T08:00:00Z", "2017-12-11T09:00:00+03:00") == (
        "000",
        "001",
        "dates",
    )


def test_reuse_direction_needs_both_dates(example_dir: Path) -> None:
    # one date unknown, or the same day without comparable times: the shares decide, as
    # without dates (a later date on 000 alone would make 000 the derived one)
    for pub_000, pub_001 in (("2017-12-12", None), ("2017-12-12", "2017-12-12T10:00:00Z")):
        article, source, direction = _reuse(example_dir, pub_000, pub_001)
        assert (article, source) == ("001", "000") and direction != "dates"


def test_labelled_dates_are_resolved_without_wrong_values() -> None:
    """tests/data/check/dates.jsonl: real sentences with their publication date (null when
    unknown). Every date found carries the labelled ISO value (precision first), relative
    ones included (a coarser true value counts: "2016" for "October of 2016"); none comes
    from a sentence whose date cannot be resolved."""
    rows = [json.loads(line) for line in (DATA / "dates.jsonl").read_text().splitlines() if line]
    found_relative = 0
    for row in rows:
        got = [q for q in extract(" ".join(row["text"].split()), "x", 0, row["published"])]
        dates = [q for q in got if q.family == "date"]
        gold = [d["iso"] for d in row["dates"]]
        assert all(any(g.startswith(q.unit) for g in gold) for q in dates), row
        if row["published"] is None:
            assert not any(q.relative for q in dates), row
        found_relative += sum(q.relative for q in dates)
    assert found_relative == sum(d["relative"] for row in rows for d in row["dates"])
