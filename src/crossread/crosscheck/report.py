"""The cross-check: what the sources agree on, where they differ, and who copied whom.

    report = check(articles, options)
    report.to_dict()  # {"reuse", "entities", "facts", "conflicts", "inconsistencies",
                      #  "quotes", "attributions", "notes"}

Parts (one module each): ``reuse`` (sentence alignment, MinHash LSH candidates),
``changes`` (what each copy changed in the sentences it took),
``entities`` (rule-based names with spelling variants merged), ``quantities`` (numbers with
units or counted nouns, dates, stated conversions), ``compare`` (agreed / conflicting /
single-source facts), ``quotes`` (speakers and variants), ``attributions`` (who is cited).
Every finding carries the article ids and sentence indexes a person can check in the sources.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from crossread.attribution import quotations
from crossread.crosscheck.attributions import Attribution, find_attributions
from crossread.crosscheck.changes import Change, with_changes
from crossread.crosscheck.compare import (
    Conflict,
    Fact,
    compare,
    count_independent,
    internal_clashes,
)
from crossread.crosscheck.consistency import find_inconsistencies, vetted_clashes
from crossread.crosscheck.context import Doc, prepare_all
from crossread.crosscheck.entities import Entity, find_mentions, merge
from crossread.crosscheck.quantities import Inconsistency, find_quantities
from crossread.crosscheck.quotes import Quote, align_quotes, find_quote_mentions
from crossread.crosscheck.reuse import Reuse, find_reuse
from crossread.crosscheck.similarity import EncoderFailed
from crossread.crosscheck.wording import article_order
from crossread.model import Article
from crossread.options import Options

log = logging.getLogger("crossread")
T = TypeVar("T")

__all__ = [
    "Attribution",
    "Change",
    "CheckReport",
    "Conflict",
    "Entity",
    "Fact",
    "Inconsistency",
    "Quote",
    "Reuse",
    "check",
]


@dataclass(frozen=True)
class CheckReport:
    articles: tuple[str, ...]
    reuse: tuple[Reuse, ...]
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]
    conflicts: tuple[Conflict, ...]
    inconsistencies: tuple[Inconsistency, ...]
    quotes: tuple[Quote, ...]
    attributions: tuple[Attribution, ...]
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "reuse": [r.to_dict() for r in self.reuse],
            "entities": [e.to_dict() for e in self.entities],
            "facts": [f.to_dict() for f in self.facts],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "inconsistencies": [i.to_dict() for i in self.inconsistencies],
            "quotes": [q.to_dict() for q in self.quotes],
            "attributions": [a.to_dict() for a in self.attributions],
            "notes": list(self.notes),
        }


def check(articles: Sequence[Article], options: Options | None = None) -> CheckReport:
    """Cross-check the articles of one story (pure: no I/O)."""
    options = options or Options()
    unique: dict[str, Article] = {}
    for a in articles:
        unique.setdefault(a.id, a)
    arts = list(unique.values())
    notes: list[str] = []
    if not arts:
        return CheckReport((), (), (), (), (), (), (), (), ("no articles: nothing to check",))
    if len(arts) == 1:
        notes.append("one article: nothing to compare (no reuse, agreement or conflicts)")
    order = article_order(arts)
    docs = prepare_all(arts)
    similarity = _Similarity(_encoder_name(options.encoder, notes), docs, notes)
    empty = [d.id for d in docs if not d.texts]
    if empty:
        notes.append(f"no text to check in: {', '.join(empty)}")
    reuse, _ = similarity.run(lambda enc: find_reuse(docs, enc)) if len(docs) > 1 else ([], 0)
    reuse = with_changes(reuse, {d.id: d for d in docs})
    mentions = find_mentions(docs)
    entities = merge(mentions, order)
    said = {d.id: quotations(d.article, d.sentences) for d in docs}  # who said what, once
    quantities, inconsistencies = find_quantities(docs)
    inconsistencies = _in_article_order(
        inconsistencies
        + vetted_clashes(internal_clashes(quantities, docs), docs, quantities)
        + find_inconsistencies(docs, mentions, said, quantities),
        order,
    )
    facts, conflicts = compare(quantities, docs, order)
    derived = [(r.article, r.source) for r in reuse if r.kind in ("wholly", "partially")]
    facts = count_independent(facts, derived)
    quote_mentions = find_quote_mentions(docs, said)
    quotes = similarity.run(lambda enc: align_quotes(quote_mentions, order, enc))
    attributions = find_attributions(docs, order, said)
    return CheckReport(
        articles=tuple(order),
        reuse=tuple(reuse),
        entities=tuple(entities),
        facts=tuple(facts),
        conflicts=tuple(conflicts),
        inconsistencies=tuple(inconsistencies),
        quotes=tuple(quotes),
        attributions=tuple(attributions),
        notes=tuple(notes),
    )


def _in_article_order(found: Sequence[Inconsistency], order: dict[str, int]) -> list[Inconsistency]:
    """Inconsistencies by article, then sentence; one per article and set of sentences."""
    out: list[Inconsistency] = []
    seen: set[tuple[str, tuple[int, ...]]] = set()
    for i in sorted(found, key=lambda i: (order.get(i.article, len(order)), i.sentence)):
        key = (i.article, tuple(sorted(s for s, _ in i.statements)) or (i.sentence,))
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def _encoder_name(wanted: str, notes: list[str]) -> str:
    """The encoder the check will use: the one asked for, or its fallback (noted)."""
    if wanted == "tfidf":
        return "tfidf"
    from crossread.encoder import load_with_fallback

    encoder, note = load_with_fallback(wanted, "cross-check")
    if note:
        notes.append(note)
    return encoder.name if encoder is not None else "tfidf"


class _Similarity:
    """Runs the parts that compare sentences by similarity; an encoder that fails while
    encoding is a decision too: TF-IDF from then on, logged and noted."""

    def __init__(self, encoder: str, docs: Sequence[Doc], notes: list[str]) -> None:
        self.encoder, self.docs, self.notes = encoder, docs, notes

    def run(self, part: Callable[[str], T]) -> T:
        try:
            return part(self.encoder)
        except EncoderFailed as exc:  # the encoder broke: the check still completes
            note = (
                f"cross-check: the {self.encoder} encoder failed ({exc}); "
                "TF-IDF similarity was used instead"
            )
            log.warning(note)
            self.notes.append(note)
            self.encoder = "tfidf"
            for d in self.docs:
                d.vectors = None  # every vector from one method
            return part(self.encoder)
