"""Quotes across outlets: the renderings of one statement by one speaker (translations and
trims included) aligned as one quote with its variants.

Each article's quotations, speakers and cues come from ``crossread.attribution``; this part
only aligns them. Two quotations are one statement when they come from different articles,
their speakers do not differ (one may be unknown), and their words match: word overlap, a
trimmed rendering contained in a longer one, or the static encoder's cosine with some shared
words (translations). Grouping is greedy on the best-matching pairs first, and a group never
holds two quotations of one article, so neighbouring sentences of one quotation are never
variants of each other. Deterministic: ties are broken by article order and position.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crossread.attribution import Quotation, Speaker, quotations
from crossread.crosscheck.context import Doc
from crossread.crosscheck.similarity import containment, embed, overlap
from crossread.crosscheck.wording import content, data, sort_ids


@dataclass(frozen=True)
class QuoteMention:
    article: str
    sentence: int  # position of the sentence that opens it in its article
    text: str
    speaker: str  # the speaker's name, "" when the text does not say
    quotation: Quotation | None = None

    @property
    def who(self) -> Speaker | None:
        return self.quotation.speaker if self.quotation else None


@dataclass(frozen=True)
class QuoteVariant:
    text: str
    articles: tuple[str, ...]
    sentences: tuple[tuple[str, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "articles": list(self.articles),
            "sentences": [{"article": a, "sentence": s} for a, s in self.sentences],
        }


@dataclass(frozen=True)
class Quote:
    speaker: str  # "" when no source names who said it
    variants: tuple[QuoteVariant, ...]
    role: str | None = None
    kind: str | None = None  # person | org
    cues: tuple[str, ...] = ()

    @property
    def articles(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for v in self.variants:
            for a in v.articles:
                seen.setdefault(a, None)
        return tuple(seen)

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "role": self.role,
            "kind": self.kind,
            "cues": list(self.cues),
            "variants": [v.to_dict() for v in self.variants],
        }


def find_quote_mentions(
    docs: Sequence[Doc], found: dict[str, tuple[Quotation, ...]] | None = None
) -> list[QuoteMention]:
    """Every quotation of at least ``thresholds.quotes.min_words`` words, per article
    (``found``: the articles' quotations when already computed, by article id)."""
    min_words = int(data("thresholds.json")["quotes"]["min_words"])
    out: list[QuoteMention] = []
    for d in docs:
        position = {s.index: k for k, s in enumerate(d.sentences)}
        quotes = found[d.id] if found and d.id in found else quotations(d.article, d.sentences)
        for q in quotes:
            if q.words < min_words or _title(q.text):
                continue
            name = q.speaker.name if q.speaker else ""
            out.append(QuoteMention(d.id, position.get(q.opener, q.opener), q.text, name, q))
    return out


def _same(a: str, b: str, ca: list[str], cb: list[str], cos: float) -> float:
    """How surely two renderings are one statement (0 when they are not)."""
    cfg = data("thresholds.json")["quotes"]
    lex = overlap(ca, cb)
    shared = len(set(ca) & set(cb))
    if lex >= float(cfg["lexical"]) and shared >= int(cfg["min_shared"]):
        return 2.0 + lex
    if shared >= int(cfg["min_shared"]) and containment(ca, cb) >= float(cfg["containment"]):
        return 1.5 + containment(ca, cb)  # a trimmed rendering
    if cos >= float(cfg["cosine"]) and lex >= float(cfg["cosine_lexical"]):
        return 1.0 + cos  # a translation: other words, same meaning, some names and numbers
    return 0.0


def _tokens(name: str) -> frozenset[str]:
    return frozenset(t for t in re.findall(r"[a-z0-9]+", name.lower()) if len(t) > 1)


def _compatible(a: set[frozenset[str]], b: set[frozenset[str]]) -> bool:
    """Every named speaker of one group shares a word of name with every one of the other."""
    return all(x & y for x in a for y in b)


def align_quotes(
    mentions: Sequence[QuoteMention], order: dict[str, int], encoder: str = "static"
) -> list[Quote]:
    if not mentions:
        return []
    words = [content(m.text) for m in mentions]
    vectors = embed([m.text for m in mentions], encoder)
    cos = vectors @ vectors.T
    pairs: list[tuple[float, int, int]] = []
    for i in range(len(mentions)):
        for j in range(i + 1, len(mentions)):
            a, b = mentions[i], mentions[j]
            if a.article == b.article:
                continue
            if a.speaker and b.speaker and not (_tokens(a.speaker) & _tokens(b.speaker)):
                continue
            s = _same(a.text, b.text, words[i], words[j], float(cos[i, j]))
            if s > 0:
                pairs.append((s, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    group = list(range(len(mentions)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(mentions))}
    arts: dict[int, set[str]] = {i: {m.article} for i, m in enumerate(mentions)}
    names: dict[int, set[frozenset[str]]] = {
        i: ({_tokens(m.speaker)} if m.speaker else set()) for i, m in enumerate(mentions)
    }
    for _, i, j in pairs:
        gi, gj = group[i], group[j]
        if gi == gj or arts[gi] & arts[gj] or not _compatible(names[gi], names[gj]):
            continue
        for k in members[gj]:
            group[k] = gi
        members[gi].extend(members.pop(gj))
        arts[gi] |= arts.pop(gj)
        names[gi] |= names.pop(gj)
    quotes = [_quote([mentions[k] for k in sorted(ms)], order) for ms in members.values()]
    quotes.sort(key=lambda q: (-len(q.articles), -len(q.variants), q.speaker == ""))
    return quotes


def _quote(group: list[QuoteMention], order: dict[str, int]) -> Quote:
    named = [m.who for m in group if m.who is not None]
    speaker: Speaker | None = None
    if named:
        # the name most sources use (by its last word), in its longest form; then article order
        counts = Counter(s.name.split()[-1] for s in named)
        top = max(counts.values())
        last = next(s.name.split()[-1] for s in named if counts[s.name.split()[-1]] == top)
        same = [s for s in named if s.name.split()[-1] == last]
        speaker = max(same, key=lambda s: (len(s.name), s.role is not None))
        role = next((s.role for s in same if s.role), None)
        speaker = Speaker(speaker.name, role, speaker.kind)
    by_text: dict[str, list[QuoteMention]] = defaultdict(list)
    for m in sorted(group, key=lambda m: (order.get(m.article, 1 << 30), m.sentence)):
        by_text[_norm(m.text)].append(m)
    variants = []
    for ms in by_text.values():
        variants.append(
            QuoteVariant(
                ms[0].text,
                tuple(sort_ids({m.article for m in ms}, order)),
                tuple((m.article, m.sentence) for m in ms),
            )
        )
    variants.sort(key=lambda v: (-len(v.articles), order.get(v.articles[0], 0)))
    cues = tuple(dict.fromkeys(m.quotation.cue for m in group if m.quotation and m.quotation.cue))
    return Quote(
        speaker.name if speaker else "",
        tuple(variants),
        role=speaker.role if speaker else None,
        kind=speaker.kind if speaker else None,
        cues=cues,
    )


def _title(quote: str) -> bool:
    """A title of a work ("The Valley of Gwangi"), not speech."""
    words = [w for w in quote.split() if w[:1].isalpha()]
    small = {"of", "the", "a", "an", "and", "in", "on", "to", "for", "at"}
    return bool(words) and all(w[:1].isupper() or w in small for w in words) and len(words) <= 8


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower().replace("’", "'")).strip()
