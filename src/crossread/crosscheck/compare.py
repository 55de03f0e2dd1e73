"""Facts grouped by what they are about: agreed, conflicting, single-source.

Two stated quantities are about the same thing only when they are of the same family (same
counted noun, or same physical dimension) and the words around them overlap. Only then can
their values agree or conflict; values agree within rounding (wider when hedged: "about",
"more than"). A conflict needs a direct, close match of contexts: a wrong conflict costs trust.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from crossread.crosscheck.context import Doc
from crossread.crosscheck.quantities import Quantity, dates_overlap
from crossread.crosscheck.similarity import overlap
from crossread.crosscheck.wording import content, data, sort_ids, stem

_FAMILY_NAMES = {
    "area": "area",
    "length": "distance",
    "duration": "duration",
    "mass": "weight",
    "volume": "volume",
    "speed": "speed",
    "temperature": "temperature",
    "percent": "percentage",
    "date": "date",
}


@dataclass(frozen=True)
class Value:
    value: str  # as written by the first source ("on Monday (2017-12-11)" for a date)
    text: str  # the sentence it is stated in (first source)
    articles: tuple[str, ...]
    mentions: tuple[tuple[str, int, str], ...]  # (article, sentence, sentence text)
    resolved: str | None = None  # dates: the ISO value compared ("2017-12-11", "2017-W49")

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "text": self.text,
            "articles": list(self.articles),
            "evidence": [{"article": a, "sentence": s, "text": t} for a, s, t in self.mentions],
            **({"resolved": self.resolved} if self.resolved else {}),
        }


@dataclass(frozen=True)
class Fact:
    about: str
    status: str  # "agreed" | "conflict" | "single" | "unclear"
    values: tuple[Value, ...]
    sources: int  # number of articles stating it
    family: str = ""  # "area", "duration", "count:terrorist", "date", ...
    independent: int = 0  # sources left when an article derived from another counts once with it

    def to_dict(self) -> dict[str, Any]:
        return {
            "about": self.about,
            "family": self.family,
            "status": self.status,
            "sources": self.sources,
            "independent": self.independent or self.sources,
            "values": [v.to_dict() for v in self.values],
        }


@dataclass(frozen=True)
class Conflict:
    about: str
    values: tuple[Value, ...]
    family: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "about": self.about,
            "family": self.family,
            "values": [v.to_dict() for v in self.values],
        }


def _cfg() -> dict[str, Any]:
    return data("thresholds.json")["quantities"]


def _context(q: Quantity, text: str, others: Sequence[Quantity] = ()) -> list[str]:
    """Content words near the quantity, nearest first (numbers and other quantities left out)."""
    for o in sorted(others, key=lambda o: -o.start):
        if o is not q and o.end <= len(text):
            text = text[: o.start] + " " * (o.end - o.start) + text[o.end :]
    before = content(text[: q.start])[-8:]
    after = content(text[q.end :])[:8]
    unit_words = {stem(w) for w in re.findall(r"[A-Za-z]+", q.text)}
    near: list[str] = []
    for k in range(8):
        for side in (after, before[::-1]):
            if k < len(side):
                near.append(side[k])
    return [w for w in near if w not in unit_words and not w[:1].isdigit()]


def _agree(a: Quantity, b: Quantity) -> bool:
    if a.family == "date":  # compared on the resolved value: "on Monday" = "December 11"
        return dates_overlap(a, b)
    cfg = _cfg()
    tol = float(cfg["hedged_rounding"] if (a.hedged or b.hedged) else cfg["relative_rounding"])
    big = max(abs(a.base), abs(b.base))
    if big == 0:
        return True
    slack = max(_rounding(a), _rounding(b))
    return abs(a.base - b.base) <= max(tol * big, slack)


def _rounding(q: Quantity) -> float:
    """Half the last significant place of a round number, in base units (70,000 -> 5,000)."""
    if not q.value or q.value != int(q.value):
        return 0.0
    v, place = int(abs(q.value)), 1
    while v and v % 10 == 0:
        v //= 10
        place *= 10
    if place == 1:
        return 0.0
    return place / 2 * abs(q.base / q.value)


def compare(
    quantities: Sequence[Quantity], docs: Sequence[Doc], order: dict[str, int]
) -> tuple[list[Fact], list[Conflict]]:
    cfg = _cfg()
    texts = {d.id: d.texts for d in docs}
    qs = [q for q in quantities if q.converts is None]
    converted = {(q.article, q.sentence, q.start): q for q in quantities if q.converts is not None}
    same_sentence: dict[tuple[str, int], list[Quantity]] = defaultdict(list)
    for q in quantities:
        same_sentence[(q.article, q.sentence)].append(q)
    ctx = [
        _context(q, texts[q.article][q.sentence], same_sentence[(q.article, q.sentence)])
        for q in qs
    ]
    n = len(qs)
    # edges between mentions about the same thing, in different articles
    edges: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for i in range(n):
        for j in range(i + 1, n):
            a, b = qs[i], qs[j]
            if a.article == b.article or a.family != b.family:
                continue
            sim = overlap(ctx[i], ctx[j])
            if sim >= float(cfg["context_overlap"]):
                edges[i].append((j, sim))
                edges[j].append((i, sim))
    # connected groups
    seen: set[int] = set()
    facts: list[Fact] = []
    conflicts: list[Conflict] = []
    for i in range(n):
        if i in seen:
            continue
        group, stack = [], [i]
        seen.add(i)
        while stack:
            k = stack.pop()
            group.append(k)
            for j, _ in edges[k]:
                if j not in seen:
                    seen.add(j)
                    stack.append(j)
        group.sort(key=lambda k: (order.get(qs[k].article, 0), qs[k].sentence, qs[k].start))
        about = _about([qs[k] for k in group], [ctx[k] for k in group], texts)
        buckets: list[list[int]] = []
        for k in group:
            for bucket in buckets:
                if all(_agree(qs[k], qs[b]) for b in bucket):
                    bucket.append(k)
                    break
            else:
                buckets.append([k])
        members = [[qs[k] for k in b] for b in buckets]
        for conv in converted.values():  # "A (B)": B joins the value it agrees with
            primary = [qs[k] for k in group if _is_primary(qs[k], conv)]
            if primary:
                for m in members:
                    if conv.article not in {x.article for x in m} and _agree(conv, m[0]):
                        m.append(conv)
        values = tuple(_value(m, texts, order) for m in members)
        articles = {qs[k].article for k in group}
        if len(buckets) > 1 and _real_conflict(buckets, qs, edges):
            status = "conflict"
            conflicts.append(Conflict(about, values, qs[i].family))
        elif len(articles) > 1 and len(buckets) == 1:
            status = "agreed"
        elif len(articles) == 1:
            status = "single"
        else:
            status = "unclear"  # related mentions, values differ, contexts not close enough
        facts.append(Fact(about, status, values, len(articles), qs[i].family))
    rank = {"conflict": 0, "agreed": 1, "unclear": 2, "single": 3}
    facts.sort(key=lambda f: (rank[f.status], -f.sources))
    return facts, conflicts


def _real_conflict(
    buckets: list[list[int]], qs: Sequence[Quantity], edges: dict[int, list[tuple[int, float]]]
) -> bool:
    """Two disagreeing mentions directly linked by a close context (not through a chain)."""
    where = {k: bi for bi, b in enumerate(buckets) for k in b}
    close = float(_cfg()["conflict_overlap"])
    for k, links in edges.items():
        for j, sim in links:
            if k in where and j in where and where[k] != where[j] and sim >= close:
                a, b = qs[k], qs[j]
                if a.family == "date" and a.precision != b.precision:
                    continue
                return True
    return False


def _is_primary(q: Quantity, conv: Quantity) -> bool:
    return q.article == conv.article and q.sentence == conv.sentence and q.end <= conv.start


def _value(group: Sequence[Quantity], texts: dict[str, list[str]], order: dict[str, int]) -> Value:
    first = group[0]
    mentions = tuple(
        dict.fromkeys((q.article, q.sentence, texts[q.article][q.sentence]) for q in group)
    )
    return Value(
        first.shown,
        texts[first.article][first.sentence],
        tuple(sort_ids({q.article for q in group}, order)),
        mentions,
        first.unit if first.family == "date" else None,
    )


def _about(
    group: Sequence[Quantity], ctxs: Sequence[list[str]], texts: dict[str, list[str]]
) -> str:
    q = group[0]
    family = q.family
    if family.startswith("count:"):
        what = q.unit.lower()
    elif family.startswith("money:"):
        what = f"amount ({family.split(':')[1]})"
    else:
        what = _FAMILY_NAMES.get(family, family)
    others = [set(c) for c in ctxs[1:]]
    shared = [w for w in ctxs[0] if not others or any(w in o for o in others)]
    text = texts[q.article][q.sentence]
    after = set(content(text[q.end :])[:6])
    shared = [w for w in shared if w in after] + [w for w in shared if w not in after]
    surface = {stem(w.lower()): w.lower() for w in re.findall(r"[A-Za-z][A-Za-z’'\-]*", text)}
    words = list(dict.fromkeys(surface.get(w, w) for w in shared))[:4]
    return f"{what}: {' '.join(words)}" if words else what


def count_independent(facts: Sequence[Fact], derived: Sequence[tuple[str, str]]) -> list[Fact]:
    """Each fact with ``independent`` set: its articles, counting an article that copies
    another (``derived`` holds (article, source) pairs) as one with its source."""
    out = []
    for fact in facts:
        arts = {a for v in fact.values for a in v.articles}
        parent = {a: a for a in arts}

        def root(a: str, parent: dict[str, str] = parent) -> str:
            while parent[a] != a:
                a = parent[a]
            return a

        for article, source in derived:
            if article in parent and source in parent:
                parent[root(article)] = root(source)
        out.append(replace(fact, independent=len({root(a) for a in arts})))
    return out
