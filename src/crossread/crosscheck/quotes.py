"""Direct quotes with their speaker; one statement rendered differently by several sources
(translations, trims) is aligned as one quote with its variants."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crossread.crosscheck.context import Doc
from crossread.crosscheck.entities import Entity, NameIndex, key_of
from crossread.crosscheck.similarity import containment, embed, overlap
from crossread.crosscheck.wording import content, data, sort_ids, wordset

_PAIR = re.compile(
    r"“([^”“\"]+?)(?:[”\"]|$)|\"([^\"“”]+?)[\"”]|(?<![A-Za-z])‘([^’‘]{12,}?)’(?![a-z])"
)
_NAME = r"(?:[A-Z][\w’'\-\.]*|al-[A-Z][\w\-]*|el-[A-Z][\w\-]*)(?:\s+(?:[A-Z][\w’'\-\.]*|al-[A-Z][\w\-]*|el-[A-Z][\w\-]*|of|the|for))*"


@dataclass(frozen=True)
class QuoteMention:
    article: str
    sentence: int
    text: str
    speaker: str  # resolved name, or the phrase as written, or "" when unknown


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
    speaker: str
    variants: tuple[QuoteVariant, ...]

    @property
    def articles(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for v in self.variants:
            for a in v.articles:
                seen.setdefault(a, None)
        return tuple(seen)

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "variants": [v.to_dict() for v in self.variants]}


def _verbs() -> str:
    return "|".join(sorted(data("words.json")["speech_verbs"], key=len, reverse=True))


def _speaker_after(after: str) -> str | None:
    v = _verbs()
    after = after.lstrip(" ,.;:!?")
    patterns = [
        rf"^(?:{v})\s+(?P<who>(?:the\s+|a\s+|an\s+)?[^,.;“\"]{{1,60}}?)(?=[,.;“\"]|\s+(?:as|in|on|at|who|that|to)\b|$)",
        rf"\bcited\s+(?P<who>{_NAME})\s+as\s+saying",
        r"^(?P<who>[^,;“\"]{1,60}?)\s+(?:was|were)\s+(?:cited|quoted)\b",
        rf"^(?P<who>[^;“\"]{{1,80}}?),?\s+(?:{v})\b",
    ]
    for p in patterns:
        m = re.search(p, after)
        if m:
            return m.group("who").strip()
    return None


def _roles() -> str:
    return "|".join(data("words.json")["person_roles"])


def _speaker_before(before: str) -> str | None:
    v = _verbs()
    matches = list(
        re.finditer(
            rf"(?P<who>{_NAME}|\b[Hh]e|\b[Ss]he|\b[Tt]hey|\b[Tt]he\s+(?:[\w\-]+\s+){{0,2}}(?:{_roles()}))\s+(?:also\s+|then\s+|later\s+)?(?:{v}|mentioned|warned)\b",
            before,
        )
    )
    return matches[-1].group("who").strip() if matches else None


class _Resolver:
    def __init__(self, entities: Sequence[Entity], roles: dict[tuple[str, str], str]) -> None:
        self.names: dict[str, str] = {}
        ranked = sorted(
            (e for e in entities if e.kind in ("person", "org")),
            key=lambda e: e.kind != "person",
        )
        for e in ranked:
            for variant in e.variants:
                self.names.setdefault(key_of(variant.text), e.name)
        # people first, then longer names first
        self.order = sorted(
            self.names.items(),
            key=lambda kv: (
                kv[1] not in {e.name for e in ranked if e.kind == "person"},
                -len(kv[0]),
            ),
        )
        self.roles = roles
        self.index = NameIndex([k for k, _ in self.order])
        self.last: dict[str, str] = {}

    def resolve(self, article: str, phrase: str | None) -> str:
        if not phrase:
            return ""
        p = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.I)
        low = p.lower()
        if low in wordset("pronouns"):
            return self.last.get(article, "")
        found = self.index.first(key_of(p))
        if found >= 0:
            name = self.order[found][1]
            self.last[article] = name
            return name
        role_words = set(data("words.json")["person_roles"])
        tokens = low.split()
        if tokens and tokens[-1] in role_words:
            name = self.roles.get((article, tokens[-1]))
            if name:
                resolved = self.names.get(key_of(name), name)
                self.last[article] = resolved
                return resolved
            if article in self.last:
                return self.last[article]
        words = p.split()
        return " ".join(words[:5]) if words else ""


def find_quote_mentions(
    docs: Sequence[Doc], entities: Sequence[Entity], roles: dict[tuple[str, str], str]
) -> list[QuoteMention]:
    min_words = int(data("thresholds.json")["quotes"]["min_words"])
    resolver = _Resolver(entities, roles)
    out: list[QuoteMention] = []
    for d in docs:
        by_par: dict[int, list[int]] = defaultdict(list)
        for i, s in enumerate(d.sentences):
            by_par[s.paragraph].append(i)
        previous_colon, previous_text = False, ""
        for par in sorted(by_par):
            idxs = by_par[par]
            # paragraph text with sentence offsets, so a quote spanning sentences stays whole
            text, starts = "", []
            for i in idxs:
                starts.append(len(text))
                text += d.texts[i] + " "
            spans = [
                (m.start(g), m.end(g), m.group(g))
                for m in _PAIR.finditer(text)
                for g in (1, 2, 3)
                if m.group(g) is not None
            ]
            par_speaker = ""
            for n, (qs, qe, quote) in enumerate(spans):
                quote = quote.strip(" ,.‘’'")
                if len(quote.split()) < min_words or _title(quote):
                    continue
                nxt = spans[n + 1][0] - 1 if n + 1 < len(spans) else len(text)
                prev = spans[n - 1][1] + 1 if n > 0 else 0
                sent_pos = max(k for k, st in enumerate(starts) if st <= qs)
                sent_start = starts[sent_pos]
                after = text[qe + 1 : min(nxt, qe + 160)]
                before = text[max(prev, sent_start) : max(qs - 1, 0)]
                phrase = _speaker_after(after) or _speaker_before(before)
                speaker = resolver.resolve(d.id, phrase)
                if not speaker and par_speaker:
                    speaker = par_speaker  # “...,” Mattis said. “...”
                elif not speaker and n == 0 and previous_colon and qs <= 1:
                    # "Mattis told reporters ...:" ¶ “...”
                    speaker = resolver.resolve(d.id, _speaker_before(previous_text))
                par_speaker = speaker or par_speaker
                if speaker and speaker in resolver.names.values():
                    resolver.last[d.id] = speaker
                out.append(QuoteMention(d.id, idxs[sent_pos], quote, speaker))
            previous_colon = text.rstrip().endswith(":")
            previous_text = text
    return out


def _same(a: str, b: str, ca: list[str], cb: list[str], cos: float) -> bool:
    cfg = data("thresholds.json")["quotes"]
    lex = overlap(ca, cb)
    if lex >= float(cfg["lexical"]):
        return True
    if min(len(set(ca)), len(set(cb))) >= 3 and containment(ca, cb) >= float(cfg["containment"]):
        return True  # a trimmed rendering
    return cos >= float(cfg["cosine"]) and lex >= float(cfg["min_lexical"])


def align_quotes(
    mentions: Sequence[QuoteMention], order: dict[str, int], encoder: str = "static"
) -> list[Quote]:
    if not mentions:
        return []
    words = [content(m.text) for m in mentions]
    vectors = embed([m.text for m in mentions], encoder)
    cos = vectors @ vectors.T
    parent = list(range(len(mentions)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i in range(len(mentions)):
        for j in range(i + 1, len(mentions)):
            a, b = mentions[i], mentions[j]
            if a.speaker and b.speaker and a.speaker != b.speaker:
                continue
            if not (a.speaker or b.speaker) and a.article == b.article:
                continue
            if _same(a.text, b.text, words[i], words[j], float(cos[i, j])):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(mentions)):
        groups[find(i)].append(i)
    quotes = []
    for members in groups.values():
        speakers = [mentions[i].speaker for i in members if mentions[i].speaker]
        speaker = (
            max(dict.fromkeys(speakers), key=speakers.count) if speakers else ""
        )  # ties: first
        by_text: dict[str, list[int]] = defaultdict(list)
        for i in members:
            by_text[_norm(mentions[i].text)].append(i)
        variants = []
        for idx in by_text.values():
            arts = sort_ids({mentions[i].article for i in idx}, order)
            sents = tuple((mentions[i].article, mentions[i].sentence) for i in idx)
            variants.append(QuoteVariant(mentions[idx[0]].text, tuple(arts), sents))
        variants.sort(key=lambda v: (-len(v.articles), order.get(v.articles[0], 0)))
        quotes.append(Quote(speaker, tuple(variants)))
    quotes.sort(key=lambda q: (-len(q.articles), -len(q.variants), q.speaker == ""))
    return quotes


def _title(quote: str) -> bool:
    """A title of a work ("The Valley of Gwangi"), not speech."""
    words = [w for w in quote.split() if w[:1].isalpha()]
    small = {"of", "the", "a", "an", "and", "in", "on", "to", "for", "at"}
    return bool(words) and all(w[:1].isupper() or w in small for w in words) and len(words) <= 8


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower().replace("’", "'")).strip()
