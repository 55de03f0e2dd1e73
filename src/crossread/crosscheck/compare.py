"""Facts grouped by what they are about: agreed, conflicting, single-source.

Two stated quantities are about the same thing only when they are of the same family (same
counted noun, or same physical dimension) and the words around them overlap. Only then can
their values agree or conflict; values agree within rounding (wider when hedged: "about",
"more than"). A conflict needs a direct, close match of contexts: a wrong conflict costs trust.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from crossread.crosscheck.context import Doc
from crossread.crosscheck.quantities import Inconsistency, Quantity, dates_overlap
from crossread.crosscheck.similarity import overlap
from crossread.crosscheck.statements import (
    Statement,
    Tokens,
    act_words,
    aligned,
    same_thing,
    statement,
    tokens,
)
from crossread.crosscheck.wording import data, sort_ids, stem
from crossread.text.words import stop_words

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
    "time": "time of day",
    "weekday": "day of the week",
    "age": "age",
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
    note: str = ""  # "reported on different days (...): may be an update"

    def to_dict(self) -> dict[str, Any]:
        return {
            "about": self.about,
            "family": self.family,
            "values": [v.to_dict() for v in self.values],
            **({"note": self.note} if self.note else {}),
        }


def _cfg() -> dict[str, Any]:
    return data("thresholds.json")["quantities"]


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")


@dataclass(frozen=True)
class _Tokens:
    """A sentence's words with their spans, tokenised once (stem, or "" for function words)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    stems: tuple[str, ...]
    surface: tuple[str, ...]


def _tokens(text: str) -> _Tokens:
    stop = stop_words("function_words")
    starts, ends, stems, surface = [], [], [], []
    for m in _TOKEN.finditer(text):
        w = m.group().lower().replace("’", "'")
        starts.append(m.start())
        ends.append(m.end())
        keep = w not in stop and len(w) > 1 and not w[:1].isdigit()
        stems.append(stem(w) if keep else "")
        surface.append(m.group())
    return _Tokens(tuple(starts), tuple(ends), tuple(stems), tuple(surface))


def _masks(toks: _Tokens, qs: Sequence[Quantity]) -> list[int]:
    """For each token of a sentence, the id of the quantity it belongs to, or 0: one pass
    over the sentence for all its quantities."""
    owner = [0] * len(toks.starts)
    for q in qs:
        k = bisect_left(toks.starts, q.start)
        while k < len(toks.starts) and toks.starts[k] < q.end:
            owner[k] = id(q)
            k += 1
    return owner


def _context(
    q: Quantity, toks: _Tokens, others: Sequence[Quantity] = (), owner: list[int] | None = None
) -> list[str]:
    """Content words near the quantity, nearest first, alternating after/before (numbers,
    the unit and the spans of the sentence's other quantities left out). Linear in the
    window, not in the sentence: the sentence is tokenised once for all its quantities."""
    if owner is None:
        owner = _masks(toks, others)
    own = id(q)
    unit_words = {stem(w) for w in re.findall(r"[A-Za-z]+", q.text)}

    def ok(k: int) -> bool:
        st = toks.stems[k]
        if not st or st in unit_words:
            return False
        return owner[k] == 0 or owner[k] == own

    after: list[str] = []
    k = bisect_left(toks.starts, q.end)
    while k < len(toks.stems) and len(after) < 8:
        if ok(k):
            after.append(toks.stems[k])
        k += 1
    before: list[str] = []
    k = bisect_right(toks.ends, q.start) - 1
    while k >= 0 and len(before) < 8:
        if ok(k):
            before.append(toks.stems[k])
        k -= 1
    near: list[str] = []
    for i in range(8):
        for side in (after, before):
            if i < len(side):
                near.append(side[i])
    return near


@cache
def _tolerances() -> tuple[float, float, float]:
    cfg = _cfg()
    return (
        float(cfg["time_minutes_hedged"]),
        float(cfg["hedged_rounding"]),
        float(cfg["relative_rounding"]),
    )


def _interval(q: Quantity) -> tuple[float, float]:
    """The values a stated quantity allows, given its rounding and qualifier."""
    minutes, hedged, plain = _tolerances()
    v = q.base
    if q.family == "time":
        slack = minutes if q.qualifier == "approx" else 0.0
    elif q.family.startswith(("count:", "money:", "age")) and not q.qualifier:
        slack = _rounding(q)  # "64 swimmers" is 64, not 61 to 67; "70,000" is 65,000 to 75,000
    else:
        rel = hedged if q.qualifier == "approx" else plain
        slack = max(rel * abs(v), _rounding(q))
    tiny = 1e-9 * max(1.0, abs(v))
    if q.qualifier == "range" and q.upper is not None:
        return v, q.upper
    if q.qualifier == "min":  # "at least 3": 3 or more; "more than 300,000": above it
        return v + (tiny if q.strict else 0.0), math.inf
    if q.qualifier == "within":  # "in the past 24 hours": any time up to it
        return 0.0, v
    if q.qualifier == "max":  # "as many as 300,000": that or fewer
        return -math.inf, v - (tiny if q.strict else 0.0)
    return v - slack, v + slack


def _agree(a: Quantity, b: Quantity) -> bool:
    """Can both statements be right? ("at least 3" and "5" can; "at least six" and "at least
    three" for one total cannot; "as many as 300,000" and "more than 300,000" cannot.)"""
    if a.family == "date":  # compared on the resolved value: "on Monday" = "December 11"
        return dates_overlap(a, b)
    if a.family == "weekday":
        return a.base == b.base
    if a.family.startswith("place:"):
        return _same_place(a.unit, b.unit)
    if "within" in (a.qualifier, b.qualifier):
        return True  # a window ("in the past 24 hours") bounds when, it states no duration
    la, ha = _interval(a)
    lb, hb = _interval(b)
    one_figure = a.base == b.base or a.base == b.upper or b.base == a.upper
    if one_figure and "" in (a.qualifier, b.qualifier):
        return True  # "more than 150 pieces" and "150 pieces": one figure, told loosely
    if a.qualifier and a.qualifier == b.qualifier and a.qualifier in ("min", "max"):
        return la <= hb and lb <= ha and (a.base == b.base or _within(a, b))
    return la <= hb and lb <= ha


def _same_place(a: str, b: str) -> bool:
    """One place named two ways: "warsaw's krasinski square" and "krasinski square", or a
    misspelling ("episocopal" / "episcopal")."""
    if a == b or a.endswith(" " + b) or b.endswith(" " + a):
        return True
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= float(_cfg()["place_spelling"])


def _within(a: Quantity, b: Quantity) -> bool:
    big = max(abs(a.base), abs(b.base))
    slack = max(_rounding(a), _rounding(b), float(_cfg()["relative_rounding"]) * big)
    return abs(a.base - b.base) <= slack


def _rounding(q: Quantity) -> float:
    """Half the last significant place of a round number, in base units (70,000 -> 5,000;
    300 -> 50). A single trailing zero is not rounding: "10%" is not 5% to 15%, "30 people"
    not 25 to 35."""
    if not q.value or q.value != int(q.value) or q.family in ("time", "weekday", "date"):
        return 0.0
    v, place = int(abs(q.value)), 1
    while v and v % 10 == 0:
        v //= 10
        place *= 10
    if place < 100:
        return 0.0
    return place / 2 * abs(q.base / q.value)


def _comparable(a: Quantity, b: Quantity) -> bool:
    """Values that can conflict at all: same kind, and for dates the same precision (a year
    against a day says nothing; bare years are too often different events)."""
    if a.family != b.family:
        return False
    if a.family == "date":
        return a.precision == b.precision and a.precision in ("day", "month")
    return True


def _statements(
    quantities: Sequence[Quantity], qs: Sequence[Quantity], docs: Sequence[Doc]
) -> tuple[
    dict[tuple[str, int], _Tokens], list[list[str]], dict[str, Any], frozenset[str],
    Counter[tuple[str, int, str]],
]:  # fmt: skip
    """What tells whether two mentions state the same thing: the tokens of every sentence
    with a quantity, the context words of each mention in ``qs``, the sentence vectors, the
    story's too-common words and the values of each kind per sentence (rivals)."""
    texts = {d.id: d.texts for d in docs}
    same_sentence: dict[tuple[str, int], list[Quantity]] = defaultdict(list)
    for q in quantities:
        same_sentence[(q.article, q.sentence)].append(q)
    toks = {key: _tokens(texts[key[0]][key[1]]) for key in same_sentence}
    owners = {key: _masks(toks[key], same_sentence[key]) for key in same_sentence}
    ctx = [
        _context(q, toks[(q.article, q.sentence)], same_sentence[(q.article, q.sentence)],
                 owners[(q.article, q.sentence)])
        for q in qs
    ]  # fmt: skip
    vectors = _sentence_vectors(docs)
    common = _common_words(docs)
    rivals = Counter((q.article, q.sentence, q.family) for q in qs)
    return toks, ctx, vectors, common, rivals


def compare(
    quantities: Sequence[Quantity], docs: Sequence[Doc], order: dict[str, int]
) -> tuple[list[Fact], list[Conflict]]:
    """Facts and conflicts between articles. Two values are about the same thing (a fact)
    when they count or measure the same thing with overlapping words around them; they
    agree or conflict only when the articles make the same statement
    (:mod:`crossread.crosscheck.statements`). A clash is dropped when one of the two articles
    also states the other's value for that statement: it tells two facts apart (two legs of
    a fall, two doses), it does not contradict itself."""
    cfg = _cfg()
    texts = {d.id: d.texts for d in docs}
    published = {d.id: d.article.published for d in docs}
    qs = [q for q in quantities if q.converts is None]
    converted = [q for q in quantities if q.converts is not None]
    toks, stmts = _aligned_statements(quantities, qs, docs)
    ctx = [list(s.near) for s in stmts]
    common = _common_words(docs)
    by_family: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(qs):
        by_family[q.family].append(i)
    edges: dict[int, list[int]] = defaultdict(list)  # mentions about the same thing
    clashes: list[tuple[int, int]] = []  # the same statement with values that cannot both hold
    support: dict[int, list[int]] = defaultdict(list)  # the same statement, values that agree
    loose: dict[int, set[str]] = defaultdict(set)  # articles that state a value like i's
    linked = float(cfg["context_overlap"])
    for members in by_family.values():
        by_article: dict[str, list[int]] = defaultdict(list)
        for i in members:
            by_article[qs[i].article].append(i)
        groups = list(by_article.values())
        cross = (
            (i, j) for x, ga in enumerate(groups) for gb in groups[x + 1 :] for i in ga for j in gb
        )  # only pairs of mentions in different articles
        for i, j in cross:
            a, b = qs[i], qs[j]
            if not same_thing(a, stmts[i], b, stmts[j]):
                continue
            if overlap(ctx[i], ctx[j]) >= linked:
                edges[i].append(j)
                edges[j].append(i)
            if not _comparable(a, b):
                continue
            agree = _agree(a, b)
            if agree and aligned(a, stmts[i], b, stmts[j], common, loose=True):
                loose[i].add(b.article)
                loose[j].add(a.article)
            if aligned(a, stmts[i], b, stmts[j], common):
                if agree:
                    support[i].append(j)
                    support[j].append(i)
                else:
                    clashes.append((i, j))
    # an article that states both values tells two facts apart
    clashes = [
        (i, j)
        for i, j in clashes
        if qs[i].article not in loose[j] and qs[j].article not in loose[i]
    ]
    # facts: connected groups of mentions about the same thing
    seen: set[int] = set()
    facts: list[Fact] = []
    conflicts: list[Conflict] = []
    clash_at = defaultdict(set)
    for i, j in clashes:
        clash_at[i].add(j)
        clash_at[j].add(i)
    for i in range(len(qs)):
        if i in seen or i in clash_at:
            continue
        group = _component(i, edges, seen, skip=clash_at)
        group.sort(key=lambda k: (order.get(qs[k].article, 0), qs[k].sentence, qs[k].start))
        members = _buckets([qs[k] for k in group])
        articles = {qs[k].article for k in group}
        if len(articles) > 1 and len(members) == 1:
            status = "agreed"
        elif len(articles) == 1:
            status = "single"
        else:
            status = "unclear"  # related mentions, values differ, not the same statement
        if qs[i].family.startswith("place:"):
            continue  # places are compared for conflicts only: every "in X" is no fact
        about = _about(qs[group[0]], [ctx[k] for k in group], toks)
        values = tuple(_value(m, texts, order) for m in members)
        facts.append(Fact(about, status, values, len(articles), qs[i].family))
    # conflicts: the clashing statements, with the mentions that state the same thing
    done: set[int] = set()
    for i in sorted(clash_at, key=lambda k: (order.get(qs[k].article, 0), qs[k].sentence)):
        if i in done:
            continue
        group = _component(i, {k: sorted(v) for k, v in clash_at.items()}, done)
        group += [j for k in list(group) for j in support.get(k, ()) if j not in done]
        done.update(group)
        group = list(dict.fromkeys(group))
        group.sort(key=lambda k: (order.get(qs[k].article, 0), qs[k].sentence, qs[k].start))
        members = _buckets([qs[k] for k in group])
        if len(members) < 2:
            continue
        split = Counter(a for m in members for a in {q.article for q in m})
        if max(split.values()) > 1:  # an article gives two of the values: two facts, not one
            about = _about(qs[group[0]], [ctx[k] for k in group], toks)
            values = tuple(_value(m, texts, order) for m in members)
            arts = {qs[k].article for k in group}
            facts.append(Fact(about, "unclear", values, len(arts), qs[i].family))
            continue
        for conv in converted:  # "A (B)": B joins the value it agrees with
            if any(_is_primary(qs[k], conv) for k in group):
                for m in members:
                    if conv.article not in {x.article for x in m} and _agree(conv, m[0]):
                        m.append(conv)
        about = _about(qs[group[0]], [ctx[k] for k in group], toks)
        values = tuple(_value(m, texts, order) for m in members)
        note = _update_note(values, published)
        conflicts.append(Conflict(about, values, qs[i].family, note))
        arts = {qs[k].article for k in group}
        facts.append(Fact(about, "conflict", values, len(arts), qs[i].family))
    rank = {"conflict": 0, "agreed": 1, "unclear": 2, "single": 3}
    facts.sort(key=lambda f: (rank[f.status], -f.sources))
    return facts, conflicts


def _aligned_statements(
    quantities: Sequence[Quantity], qs: Sequence[Quantity], docs: Sequence[Doc]
) -> tuple[dict[tuple[str, int], Tokens], list[Statement]]:
    """The tokens of every sentence with a value, and the statement of each value in ``qs``."""
    texts = {d.id: d.texts for d in docs}
    same_sentence: dict[tuple[str, int], list[Quantity]] = defaultdict(list)
    for q in quantities:
        same_sentence[(q.article, q.sentence)].append(q)
    toks = {key: tokens(texts[key[0]][key[1]]) for key in same_sentence}
    rivals = Counter((q.article, q.sentence, q.family, q.precision) for q in qs)
    stmts = [
        statement(q, toks[(q.article, q.sentence)], same_sentence[(q.article, q.sentence)],
                  rivals[(q.article, q.sentence, q.family, q.precision)])
        for q in qs
    ]  # fmt: skip
    return toks, stmts


def _sentence_vectors(docs: Sequence[Doc]) -> dict[str, Any]:
    from crossread.crosscheck.context import ensure_vectors

    ensure_vectors(docs)
    return {d.id: d.vectors for d in docs}


def _same_statement(
    i: int,
    j: int,
    qs: Sequence[Quantity],
    ctx: Sequence[list[str]],
    rivals: Counter[tuple[str, int, str]],
    vectors: dict[str, Any],
    common: frozenset[str] = frozenset(),
) -> bool:
    """Two mentions in statements that say the same thing: the sentences are alike, the
    words next to the value are shared, and neither sentence holds another value of the
    kind that the other's could be paired with instead."""
    cfg = _cfg()
    a, b = qs[i], qs[j]
    window = int(cfg["statement_window"])
    near_a, near_b = ctx[i][:window], ctx[j][:window]
    # words next to one value that the other statement has too
    shared = ((set(near_a) & set(ctx[j])) | (set(ctx[i]) & set(near_b))) - common
    if len(shared) < int(cfg["statement_shared_words"]):
        return False
    if overlap(ctx[i], ctx[j]) < float(cfg["conflict_overlap"]):
        return False
    va, vb = vectors.get(a.article), vectors.get(b.article)
    if (
        va is not None
        and vb is not None
        and len(va) > a.sentence
        and len(vb) > b.sentence
        and float(va[a.sentence] @ vb[b.sentence]) < float(cfg["statement_cosine"])
    ):
        return False
    if a.family in ("weekday", "time") and not set(ctx[i][:2]) & set(ctx[j][:2]):
        return False  # a day or hour attaches to its nearest words ("crashed on Sunday")
    rivals_a = _rivals(a, rivals)
    rivals_b = _rivals(b, rivals)
    if rivals_a > 1 or rivals_b > 1:  # "nine to 33 years", lists: pair only on the nearest word
        return bool(ctx[i][:1]) and ctx[i][:1] == ctx[j][:1] and len(shared) > 2
    return True


def _rivals(q: Quantity, rivals: Counter[tuple[str, int, str]]) -> int:
    """Values of the same kind in the quantity's sentence (a stated conversion not counted)."""
    return rivals[(q.article, q.sentence, q.family)]


def _common_words(docs: Sequence[Doc]) -> frozenset[str]:
    """Words in so many of the story's sentences ("Russian", "Syria") that sharing them
    says nothing about two statements being the same."""
    counts: dict[str, int] = defaultdict(int)
    total = 0
    for d in docs:
        for ws in d.words:
            total += 1
            for w in set(ws):
                counts[w] += 1
    cfg = _cfg()
    least = max(float(cfg["statement_common_min"]), float(cfg["statement_common_share"]) * total)
    return frozenset(w for w, c in counts.items() if c > least)


def _component(
    start: int, links: dict[int, Any], seen: set[int], skip: dict[int, Any] | None = None
) -> list[int]:
    group, stack = [], [start]
    seen.add(start)
    while stack:
        k = stack.pop()
        group.append(k)
        for j in links.get(k, ()):
            if j not in seen and not (skip and j in skip):
                seen.add(j)
                stack.append(j)
    return group


def _buckets(group: Sequence[Quantity]) -> list[list[Quantity]]:
    buckets: list[list[Quantity]] = []
    for q in group:
        for bucket in buckets:
            # a small bucket must agree with every member; a big one with its first and last
            probe = bucket if len(bucket) <= 8 else (bucket[0], bucket[-1])
            if all(_agree(q, b) for b in probe):
                bucket.append(q)
                break
        else:
            buckets.append([q])
    return buckets


def _update_note(values: Sequence[Value], published: dict[str, str | None]) -> str:
    """Values from articles published on different days may be an update, not an error."""
    days = {(published.get(a) or "")[:10] for v in values for a in v.articles}
    days.discard("")
    if len(days) > 1:
        return f"reported on different days ({', '.join(sorted(days))}): may be an update"
    cues = data("statements.json")["update_cues"]
    for v in values:
        for _, _, text in v.mentions:
            low = f" {text.lower()} "
            said = next((c for c in cues if f" {c} " in low), None)
            if said:
                return f"one report says the figure changed ({said!r}): may be an update"
    return ""


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


def _about(q: Quantity, ctxs: Sequence[list[str]], toks: dict[tuple[str, int], _Tokens]) -> str:
    """A short label: what is counted or measured, and up to three words that the
    statements share next to it, in the order the first statement has them
    ("terrorists (killed)", "area (Syrian territory liberated)")."""
    family = q.family
    if family.startswith("count:"):
        what = " ".join((*q.modifiers[-2:], q.unit.lower()))  # "death toll", "other vehicles"
    elif family.startswith("money:"):
        what = f"amount ({family.split(':')[1]})"
    elif family.startswith("place:"):
        what = "place"
    else:
        what = _FAMILY_NAMES.get(family, family)
    near = set(ctxs[0][:6])
    if len(ctxs) > 1:
        near &= {w for c in ctxs[1:] for w in c[:6]}
    t = toks[(q.article, q.sentence)]
    centre = bisect_left(t.starts, q.start)
    acts = act_words()
    act = ""  # what happened, as the first statement words it: "people killed (Darfur)"
    picked: dict[str, int] = {}
    for k in sorted(range(len(t.stems)), key=lambda k: abs(k - centre)):
        st = t.stems[k]
        if not st or st not in near or st in picked or st == stem(what):
            continue
        if st in acts and not act:
            act = t.surface[k].lower()
            continue
        picked[st] = k
        if len(picked) == 3:
            break
    words = [
        t.surface[k]
        if t.surface[k][:1].isupper() and (k or _a_name(t.surface[k]))
        else t.surface[k].lower()
        for k in sorted(picked.values())
    ]
    label = f"{what} {act}" if act else what
    return f"{label} ({' '.join(words)})" if words else label


def _a_name(word: str) -> bool:
    """A capitalised first word that is a name ("Putin was told"), not a sentence opener."""
    return word.lower() not in stop_words("function_words") and word.lower() not in {
        w.lower() for w in data("words.json")["sentence_starters"]
    }


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


def internal_clashes(quantities: Sequence[Quantity], docs: Sequence[Doc]) -> list[Inconsistency]:
    """A value that changes for the same statement inside one article: two sentences of one
    article that say the same thing (stricter than between articles: more shared words,
    closer sentences) with values that cannot both hold ("at least six injured" in the lead,
    "three injured" further down)."""
    cfg = _cfg()
    texts = {d.id: d.texts for d in docs}
    qs = [
        q
        for q in quantities
        if q.converts is None
        and q.family not in ("date", "weekday", "time")
        and not q.family.startswith("place:")
    ]  # days and hours change within a story as it unfolds; places are many
    toks, ctx, vectors, common, rivals = _statements(quantities, qs, docs)
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, q in enumerate(qs):
        groups[(q.article, q.family)].append(i)
    out: list[Inconsistency] = []
    least = int(cfg["internal_shared_words"])
    ahead = int(cfg["internal_values_ahead"])
    for members in groups.values():
        # a value with a rival of its kind in its own sentence is never compared: leave those out
        # before pairing (a long text with numbers everywhere would otherwise pair them all)
        members = [i for i in members if rivals[(qs[i].article, qs[i].sentence, qs[i].family)] <= 1]
        for x, i in enumerate(members):
            for j in members[x + 1 : x + 1 + ahead]:
                a, b = qs[i], qs[j]
                if a.sentence == b.sentence or not _comparable(a, b) or _agree(a, b):
                    continue
                shared = (set(ctx[i]) & set(ctx[j])) - common
                if len(shared) < least:
                    continue
                va = vectors.get(a.article)
                if va is None or float(va[a.sentence] @ va[b.sentence]) < float(
                    cfg["internal_cosine"]
                ):
                    continue
                if overlap(ctx[i], ctx[j]) < float(cfg["internal_overlap"]):
                    continue
                out.append(
                    Inconsistency(
                        a.article,
                        f"{texts[a.article][a.sentence]} … {texts[b.article][b.sentence]}",
                        f"the article gives {a.text!r} and later {b.text!r} for what reads as "
                        f"the same {_about(a, [ctx[i], ctx[j]], toks)}",
                        a.sentence,
                    )
                )
    return out
