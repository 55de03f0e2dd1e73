"""The order a summary reads in, and people introduced before they are named short.

1. The opening (a lead that stands alone, ``crossread.summary.lead``) comes first.
2. Then the other sentences by article block, never back and forth: the opening's article
   first, then each article in the order of its earliest chosen sentence; inside a block, the
   article's own order (so "He said ..." follows the sentence that names him).
3. A person is introduced by full name before a surname-only mention: when "Putin" comes before
   the sentence that says "Vladimir Putin", that sentence moves up to just before it (sentences
   are only reordered, never rewritten).
4. Runs stay together: a sentence whose predecessor in its article is chosen comes right after
   it (a quotation over two sentences, "…, he said" after the sentence that names him).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from crossread.model import Sentence
from crossread.summary.features import words
from crossread.text.words import stop_words

_FULL = re.compile(r"\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?([A-Z][a-z][A-Za-z'’\-]+)\b")
_FIRST = re.compile(r"[A-Z][a-z]+|[A-Z]\.")
_CAPITALISED = re.compile(r"\b[A-Z][a-z][A-Za-z'’\-]+\b")


def _not_a_first_name(word: str) -> bool:
    low = word.lower()
    lists = words()
    return low in stop_words("summary") or low in lists["name_titles"]


@lru_cache(maxsize=8192)
def full_names(text: str) -> frozenset[str]:
    """Surnames that ``text`` gives with a first name ("Vladimir Putin" -> "Putin")."""
    return frozenset(m.group(2) for m in _FULL.finditer(text) if not _not_a_first_name(m.group(1)))


def short_mentions(text: str, surnames: set[str]) -> set[str]:
    """Surnames of ``surnames`` that ``text`` uses without a first name."""
    out = set()
    for m in _CAPITALISED.finditer(text):
        name = m.group()
        if name not in surnames:
            continue
        head = text[max(0, m.start() - 40) : m.start()]
        prev = head.split()[-1] if head[-1:].isspace() and head.split() else ""
        if not _FIRST.fullmatch(prev) or _not_a_first_name(prev):
            out.add(name)
    return out


def story_order(
    sentences: Sequence[Sentence],
    chosen: Sequence[int],
    opening: int | None,
    article_of: Sequence[int],
    texts: dict[int, str],
) -> list[int]:
    """The chosen rows in reading order (see the module's docstring)."""
    rest = [i for i in chosen if i != opening]
    first_pos: dict[int, tuple[int, int]] = {}
    for i in rest:
        a = int(article_of[i])
        key = (sentences[i].index, a)
        first_pos[a] = min(first_pos.get(a, key), key)
    if opening is not None:
        first_pos[int(article_of[opening])] = (-1, -1)
    rest.sort(key=lambda i: (first_pos[int(article_of[i])], sentences[i].index))
    out = ([opening] if opening is not None else []) + rest
    return keep_runs(introduce(out, texts), sentences)


def keep_runs(order: list[int], sentences: Sequence[Sentence]) -> list[int]:
    """A sentence whose predecessor in its article is also chosen reads right after it: "He
    said …", the end of a quotation whose start is the sentence before, “…,” she added."""
    row_of = {sentences[i].key: i for i in order}
    follower: dict[int, int] = {}
    for i in order:
        p = row_of.get((sentences[i].article_id, sentences[i].index - 1))
        if p is not None:
            follower[p] = i
    out: list[int] = []
    for i in order:
        if (sentences[i].article_id, sentences[i].index - 1) in row_of:
            continue  # placed with its predecessor
        while i is not None:
            out.append(i)
            i = follower.get(i)
    return out


def introduce(order: list[int], texts: dict[int, str]) -> list[int]:
    """Move the sentence that first gives a person's full name before any earlier surname-only
    mention (not before the opening)."""
    order = list(order)
    for _ in range(len(order)):
        moved = False
        seen_full: set[str] = set()
        for pos, i in enumerate(order):
            surnames = {s for j in order[pos + 1 :] for s in full_names(texts[j])} - seen_full
            short = short_mentions(texts[i], surnames) - full_names(texts[i])
            if short and pos > 0:
                target = next(j for j in order[pos + 1 :] if full_names(texts[j]) & short)
                order.remove(target)
                order.insert(pos, target)
                moved = True
                break
            seen_full |= full_names(texts[i])
        if not moved:
            break
    return order
