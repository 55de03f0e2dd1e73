"""Who is cited as the source of what: "according to Russia Today", "the Pentagon said",
"the state-run TASS news agency cited Assad as saying"."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from crossread.crosscheck.context import Doc
from crossread.crosscheck.entities import Entity, NameIndex, key_of
from crossread.crosscheck.wording import data, outside_quotes, quote_spans, sort_ids

_NAME = (
    r"(?:(?:the|a|an)\s+)?(?:state-run\s+|state\s+|official\s+|local\s+)?"
    r"(?:[A-Z][\w’'\-\.]*|al-[A-Z][\w\-]*)(?:\s+(?:[A-Z][\w’'\-\.]*|al-[A-Z][\w\-]*|of|for))*"
)
_DESCRIPTION = r"(?:the|a|an)\s+(?:[a-z][\w\-]*\s+){0,3}(?:official|officials|spokesman|spokeswoman|spokesperson|source|sources|diplomat|statement|report|ministry|agency|commander|police|witnesses|analysts|experts|researchers|study|survey)"


@dataclass(frozen=True)
class Statement:
    article: str
    sentence: int
    text: str  # the sentence that cites the source
    cue: str  # the words that do the citing ("according to Russia Today")

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "sentence": self.sentence,
            "text": self.text,
            "cue": self.cue,
        }


@dataclass(frozen=True)
class Attribution:
    source: str
    kind: str  # person | org | place | other
    statements: tuple[Statement, ...]
    articles: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "kind": self.kind,
            "articles": list(self.articles),
            "statements": [s.to_dict() for s in self.statements],
        }


@lru_cache(maxsize=1)
def _patterns() -> list[re.Pattern[str]]:
    name = rf"(?:{_NAME}|{_DESCRIPTION})"
    return [
        re.compile(p.replace("{NAME}", name)) for p in data("words.json")["attribution_patterns"]
    ]


def _resolve(
    phrase: str, names: list[tuple[str, str, str]], index: NameIndex | None = None
) -> tuple[str, str] | None:
    index = index or NameIndex([key for key, _, _ in names])
    found = index.first(key_of(phrase))
    if found >= 0:
        _, name, kind = names[found]
        return name, kind
    p = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip())
    if re.match(_DESCRIPTION, phrase.strip()) or (p[:1].islower() and len(p.split()) <= 5):
        return (
            (p, "other") if len(p.split()) >= 1 and p.lower() not in {"he", "she", "it"} else None
        )
    return None


def find_attributions(
    docs: Sequence[Doc], entities: Sequence[Entity], order: dict[str, int]
) -> list[Attribution]:
    names = sorted(
        (
            (key_of(v.text), e.name, e.kind)
            for e in entities
            if e.kind in ("person", "org")
            for v in e.variants
        ),
        key=lambda t: -len(t[0]),
    )
    index = NameIndex([key for key, _, _ in names])
    # the org that reports beats a person it quotes, within one cue ("TASS cited Assad")
    by_source: dict[str, list[Statement]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for d in docs:
        for i, text in enumerate(d.texts):
            bare = outside_quotes(text)
            has_quote = bool(quote_spans(text)) or "”" in text or "“" in text
            seen: set[str] = set()
            for pattern in _patterns():
                for m in pattern.finditer(bare):
                    found = _resolve(m.group("src"), names, index)
                    if not found:
                        continue
                    source, kind = found
                    if kind == "person" and has_quote:
                        continue  # a quote's speaker: listed under quotes
                    if kind == "other" and not re.search(_DESCRIPTION, m.group("src")):
                        continue
                    if source in seen:
                        continue
                    seen.add(source)
                    kinds[source] = kind
                    by_source[source].append(Statement(d.id, i, text, m.group(0).strip()))
    out = [
        Attribution(src, kinds[src], tuple(sts), tuple(sort_ids({s.article for s in sts}, order)))
        for src, sts in by_source.items()
    ]
    out.sort(key=lambda a: (-len(a.articles), -len(a.statements), a.source))
    return out
