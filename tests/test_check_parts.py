"""Parts of the cross-check on real sentences (labelled sets in tests/data/check)."""

from __future__ import annotations

import json
from pathlib import Path

from crossread.crosscheck.compare import compare
from crossread.crosscheck.context import prepare, prepare_all
from crossread.crosscheck.entities import Mention, merge
from crossread.crosscheck.quantities import conversion_errors, extract, find_quantities
from crossread.crosscheck.report import check
from crossread.crosscheck.reuse import candidate_pairs
from crossread.model import Article
from crossread.options import Options

DATA = Path(__file__).parent / "data" / "check"


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text().splitlines() if line]


def test_same_length_in_other_units_agrees() -> None:
    # from ../shared/eval_data/mds/dev.jsonl, one stated in miles and one in kilometers
    a = "The PCT starts near Campo, California, and stretches 2,650 miles through California, Oregon and Washington."
    b = "The PCT starts near Campo, California, and stretches 4,265 kilometers through California, Oregon and Washington."
    d = check([Article(id="a", text=a), Article(id="b", text=b)], Options()).to_dict()
    assert d["conflicts"] == []
    assert [f["status"] for f in d["facts"]] == ["agreed"]


def test_correct_stated_conversion_is_consistent() -> None:
    text = "It stretches 2,650 miles (4,264 kilometers) through California, Oregon and Washington."
    qs = extract(text, "a", 0)
    assert [q.family for q in qs] == ["length", "length"]
    assert conversion_errors(qs, text) == []


def test_counted_nouns_and_dates() -> None:
    text = "For the last two years, Russia had been helping al-Assad with upwards of 10,000 troops, since 2011."
    got = {(q.family, q.value if q.family != "date" else q.unit) for q in extract(text, "a", 0)}
    assert got == {("duration", 2.0), ("count:troop", 10000.0), ("date", "2011")}


def test_no_conflict_precision_on_labelled_pairs() -> None:
    """Every conflict found on the labelled pairs is a labelled conflict (precision first)."""
    for row in _rows("compare.jsonl"):
        docs = prepare_all(
            [
                Article(id="a", text=row["a"], published=row.get("published_a")),
                Article(id="b", text=row["b"], published=row.get("published_b")),
            ]
        )
        qs, _ = find_quantities(docs)
        _, conflicts = compare(qs, docs, {"a": 0, "b": 1})
        assert {c.family for c in conflicts} <= set(row["conflicts"]), row


def test_different_names_are_never_merged() -> None:
    for row in _rows("entity_merges.jsonl"):
        if row["same"]:
            continue
        a, b = row["a"], row["b"]
        ents = merge([Mention("1", 0, a["text"], a["kind"]), Mention("2", 0, b["text"], b["kind"])],
                     {"1": 0, "2": 1})  # fmt: skip
        assert all(len(e.articles) == 1 for e in ents), row


def test_lsh_candidates_keep_the_rewrite(example_dir: Path) -> None:
    arts = [Article(id=p.stem[:3], text=p.read_text()) for p in sorted(example_dir.iterdir())]
    docs = [prepare(a) for a in arts]
    pairs = candidate_pairs(docs, all_pairs_up_to=0)
    assert (0, 1) in pairs
