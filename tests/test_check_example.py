"""The cross-check of the example story: what a fact-checker must see in those five reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossread.crosscheck.report import CheckReport, check
from crossread.model import Article
from crossread.options import Options


def _articles(folder: Path) -> list[Article]:
    return [Article(id=p.stem.split("_")[0], text=p.read_text()) for p in sorted(folder.iterdir())]


@pytest.fixture(scope="module")
def report(example_dir: Path) -> CheckReport:
    return check(_articles(example_dir), Options())


def test_json_has_exactly_the_documented_sections(report: CheckReport) -> None:
    assert list(report.to_dict()) == [
        "reuse", "entities", "facts", "conflicts", "inconsistencies", "quotes", "attributions",
        "notes",
    ]  # fmt: skip


def test_rewrite_is_caught_with_direction_and_evidence(report: CheckReport) -> None:
    derived = [r for r in report.reuse if r.kind != "not"]
    assert [(r.article, r.source, r.kind) for r in derived] == [("001", "000", "wholly")]
    texts = [p.text for p in derived[0].pairs]
    assert any(t.startswith("Vladimir Putin was briefed about the 43,500") for t in texts)
    assert any("As per a report via Russia Today" in t for t in texts)


def test_shared_speech_quotes_are_not_called_reuse(report: CheckReport) -> None:
    # 003 and 004 quote the same Putin speech as 000, in other translations
    for r in report.reuse:
        if {r.article, r.source} != {"000", "001"}:
            assert r.kind == "not", r


def test_the_only_conflict_is_the_liberated_area(report: CheckReport) -> None:
    assert len(report.conflicts) == 1
    conflict = report.conflicts[0]
    assert conflict.family == "area"
    values = {v.value: set(v.articles) for v in conflict.values}
    assert any("70,000 square kilometers" in k and a == {"000"} for k, a in values.items())
    assert any("43,500 square miles" in k and "001" in a for k, a in values.items())


def test_wrong_conversion_inside_one_article(report: CheckReport) -> None:
    [bad] = report.inconsistencies
    assert bad.article == "000"
    assert "43,500 square miles" in bad.text
    assert "27,000 square miles" in bad.explanation


def test_agreed_figures_count_their_sources(report: CheckReport) -> None:
    agreed = {f.values[0].value: f.sources for f in report.facts if f.status == "agreed"}
    assert agreed.get("25 aircraft") == 2
    assert any("32,000" in v for v in agreed)


def test_spelling_variants_are_merged(report: CheckReport) -> None:
    by_name = {e.name: e for e in report.entities}
    base = next(e for e in report.entities if "Khmeimim" in {v.text for v in e.variants})
    assert {"Khmeimim", "Hmeymim", "Hmeimim"} <= {v.text for v in base.variants}
    assert base.kind == "place"
    assad = by_name["Bashar al-Assad"]
    assert {"Bashar al-Assad", "Assad", "al-Assad", "Bashar Assad"} <= {
        v.text for v in assad.variants
    }
    assert assad.kind == "person" and len(assad.articles) == 5
    sisi = by_name["Abdel Fattah al-Sisi"]
    assert {v.text for v in sisi.variants} == {"Abdel Fattah al-Sisi", "Abdel Fattah el-Sisi"}
    assert "Putin" in {v.text for v in by_name["Vladimir Putin"].variants}


def test_one_statement_in_three_translations_is_one_quote(report: CheckReport) -> None:
    order = next(q for q in report.quotes if q.variants[0].text.startswith("I order"))
    assert order.speaker == "Vladimir Putin"
    assert set(order.articles) == {"000", "001", "003", "004"}
    assert len(order.variants) == 3  # 000 and 001 share one rendering


def test_cited_sources(report: CheckReport) -> None:
    cited = {a.source: set(a.articles) for a in report.attributions}
    assert cited["Russia Today"] == {"000", "001"}
    assert "003" in cited["TASS"] and "002" in cited["Pentagon"]


def test_evidence_points_into_the_sources(report: CheckReport, example_dir: Path) -> None:
    arts = {a.id: " ".join(a.text.split()) for a in _articles(example_dir)}
    for conflict in report.conflicts:
        for value in conflict.values:
            for article, _, text in value.mentions:
                assert text in arts[article]


def test_agreement_counts_a_copy_once(example_dir) -> None:
    """001 copies 000: a figure only the two of them give is one independent source."""
    from crossread import read
    from crossread.crosscheck.report import check

    report = check(read([str(example_dir)]).articles).to_dict()
    terrorists = [f for f in report["facts"] if "32,000" in str(f["values"][0]["value"])]
    assert terrorists and terrorists[0]["sources"] == 2
    assert terrorists[0]["independent"] == 1
    assert all(1 <= f["independent"] <= f["sources"] for f in report["facts"])
