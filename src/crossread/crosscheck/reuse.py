"""Who copied whom: sentence alignment between articles, with direction and evidence.

Candidate article pairs come from MinHash LSH over content words (so a big pile is not
compared pair by pair); each candidate pair is aligned sentence by sentence with lexical
overlap and embeddings. A pair of sentences whose shared words are mostly inside quotation
marks is not evidence of reuse (two outlets quoting one speech), unless the words around the
quote match too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import combinations

import numpy as np

from crossread.crosscheck.context import Doc, ensure_vectors
from crossread.crosscheck.similarity import overlap
from crossread.crosscheck.wording import data
from crossread.text.dates import parse_datetime


@dataclass(frozen=True)
class AlignedPair:
    article_sentence: int  # index of the sentence in the derived article
    source_sentence: int  # index of the sentence in the source
    similarity: float
    text: str
    source_text: str

    def to_dict(self) -> dict:
        return {
            "article_sentence": self.article_sentence,
            "source_sentence": self.source_sentence,
            "similarity": round(self.similarity, 3),
            "text": self.text,
            "source_text": self.source_text,
        }


@dataclass(frozen=True)
class Reuse:
    article: str  # the derived article
    source: str  # the article it takes from
    share: float  # share of the derived article's content words in aligned sentences
    kind: str  # "wholly" | "partially" | "not"
    direction: str  # how the source was chosen: "dates" | "subset" | "unclear"
    source_share: float  # the same share measured on the source
    pairs: tuple[AlignedPair, ...]

    def to_dict(self) -> dict:
        return {
            "article": self.article,
            "source": self.source,
            "share": round(self.share, 3),
            "kind": self.kind,
            "direction": self.direction,
            "source_share": round(self.source_share, 3),
            "pairs": [p.to_dict() for p in self.pairs],
        }


def _cfg() -> dict:
    return data("thresholds.json")["reuse"]


def candidate_pairs(docs: Sequence[Doc], all_pairs_up_to: int = 20) -> list[tuple[int, int]]:
    """Index pairs worth aligning: all of them for a small story, else MinHash LSH candidates."""
    n = len(docs)
    if n <= all_pairs_up_to:
        return list(combinations(range(n), 2))
    from datasketch import MinHash, MinHashLSH

    cfg = _cfg()
    perm = int(cfg["minhash_perm"])
    lsh = MinHashLSH(threshold=float(cfg["lsh_threshold"]), num_perm=perm)
    sets = [{w for ws in d.words for w in ws} for d in docs]
    hashes = MinHash.bulk([[w.encode() for w in s] for s in sets], num_perm=perm)
    for i, mh in enumerate(hashes):
        if sets[i]:
            lsh.insert(str(i), mh)
    pairs: set[tuple[int, int]] = set()
    for i, mh in enumerate(hashes):
        if not sets[i]:
            continue
        for key in lsh.query(mh):
            j = int(key)
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return sorted(pairs | _sentence_candidates(docs, perm, int(cfg["min_pairs"])))


def _sentence_candidates(docs: Sequence[Doc], perm: int, min_hits: int) -> set[tuple[int, int]]:
    """Article pairs with at least ``min_hits`` near-duplicate sentences (partial reuse)."""
    from datasketch import MinHash, MinHashLSH

    cfg = _cfg()
    min_words = int(cfg["pair_min_words"])
    keys, sets = [], []
    for i, d in enumerate(docs):
        for k, ws in enumerate(d.outside):
            if len(set(ws)) >= min_words:
                keys.append((i, k))
                sets.append({w.encode() for w in ws})
    if not sets:
        return set()
    lsh = MinHashLSH(threshold=float(cfg["sentence_lsh_threshold"]), num_perm=perm)
    hashes = MinHash.bulk([list(s) for s in sets], num_perm=perm)
    for n, mh in enumerate(hashes):
        lsh.insert(n, mh)
    hits: dict[tuple[int, int], int] = {}
    for n, mh in enumerate(hashes):
        i = keys[n][0]
        for m in lsh.query(mh):
            j = keys[m][0]
            if i < j:
                hits[(i, j)] = hits.get((i, j), 0) + 1
    return {p for p, count in hits.items() if count >= min_hits}


def _quote_only(a: Doc, i: int, b: Doc, j: int, lexical: float) -> bool:
    """True when what the two sentences share is mostly quoted words."""
    shared = set(a.words[i]) & set(b.words[j])
    if not shared:
        return True
    shared_out = set(a.outside[i]) & set(b.outside[j])
    if len(shared_out) >= (1 - float(_cfg()["quote_share_max"])) * len(shared):
        return False
    # the words around the quote match too ("..., Putin said, speaking to a crowd of soldiers")
    out_a, out_b = a.outside[i], b.outside[j]
    return not (min(len(set(out_a)), len(set(out_b))) >= 4 and overlap(out_a, out_b) >= lexical)


def align(a: Doc, b: Doc) -> list[AlignedPair]:
    """One-to-one aligned sentence pairs between two articles (a's sentence first)."""
    if not a.texts or not b.texts:
        return []
    cfg = _cfg()
    cos_min, lex_min = float(cfg["pair_cosine"]), float(cfg["pair_lexical"])
    min_words = int(cfg["pair_min_words"])
    assert a.vectors is not None and b.vectors is not None
    cos = a.vectors @ b.vectors.T
    scored: list[tuple[float, int, int]] = []
    for i, j in zip(*np.nonzero(cos >= float(cfg["sentence_candidate_cosine"])), strict=True):
        if len(set(a.words[i])) < min_words or len(set(b.words[j])) < min_words:
            continue
        lex = overlap(a.words[i], b.words[j])
        c = float(cos[i, j])
        if lex >= lex_min or (c >= cos_min and lex >= float(cfg["pair_lexical_with_cosine"])):
            if _quote_only(a, int(i), b, int(j), lex_min):
                continue
            scored.append(((lex + c) / 2, int(i), int(j)))
    scored.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for score, i, j in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append(AlignedPair(i, j, score, a.texts[i], b.texts[j]))
    pairs.sort(key=lambda p: p.article_sentence)
    return pairs


def _share(doc: Doc, indices: set[int]) -> float:
    total = sum(len(w) for w in doc.words)
    if not total:
        return 0.0
    return sum(len(doc.words[i]) for i in indices) / total


def _when(published: str) -> datetime | date | None:
    """A publication date as a datetime (when it has a time and a zone) or a date."""
    moment = parse_datetime(published)
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.date()


def _later(pa: str | None, pb: str | None) -> bool | None:
    """Whether the first article was published after the second: None when either date
    is unknown or they cannot be told apart (same day, without times to compare)."""
    if not pa or not pb:
        return None
    a, b = _when(pa), _when(pb)
    if a is None or b is None:
        return None
    if isinstance(a, datetime) and isinstance(b, datetime):
        return None if a == b else a > b
    da = a.date() if isinstance(a, datetime) else a
    db = b.date() if isinstance(b, datetime) else b
    return None if da == db else da > db


def classify(a: Doc, b: Doc, pairs: list[AlignedPair]) -> Reuse:
    cfg = _cfg()
    share_a = _share(a, {p.article_sentence for p in pairs})
    share_b = _share(b, {p.source_sentence for p in pairs})
    later = _later(a.article.published, b.article.published)
    if later is not None:  # the earlier article is the source
        derived_is_a, direction = later, "dates"
    elif abs(share_a - share_b) >= float(cfg["direction_share_gap"]):
        derived_is_a, direction = share_a > share_b, "subset"
    else:  # about the same share both ways: take the shorter one as the rewrite
        size_a, size_b = sum(map(len, a.words)), sum(map(len, b.words))
        derived_is_a, direction = size_a <= size_b, "unclear"
    if derived_is_a:
        derived, source, share, source_share = a, b, share_a, share_b
        out = tuple(pairs)
    else:
        derived, source, share, source_share = b, a, share_b, share_a
        out = tuple(
            sorted(
                (
                    AlignedPair(
                        p.source_sentence, p.article_sentence, p.similarity, p.source_text, p.text
                    )
                    for p in pairs
                ),
                key=lambda p: p.article_sentence,
            )
        )
    if share >= float(cfg["wholly"]) and len(pairs) >= int(cfg["min_pairs"]):
        kind = "wholly"
    elif share >= float(cfg["partially"]) and len(pairs) >= int(cfg["min_pairs"]):
        kind = "partially"
    else:
        kind = "not"
    return Reuse(derived.id, source.id, share, kind, direction, source_share, out)


def find_reuse(docs: Sequence[Doc], encoder: str = "static") -> tuple[list[Reuse], int]:
    """Reuse between every candidate pair; returns (results, number of pairs aligned).

    Small stories list every pair (also "not" derived ones); big piles only derived pairs.
    """
    pairs = candidate_pairs(docs)
    involved = sorted({i for p in pairs for i in p})
    ensure_vectors([docs[i] for i in involved], encoder)
    list_all = len(docs) <= int(_cfg()["list_all_pairs_up_to"])
    results = []
    for i, j in pairs:
        r = classify(docs[i], docs[j], align(docs[i], docs[j]))
        if r.kind != "not" or list_all:
            results.append(r)
    order = {"wholly": 0, "partially": 1, "not": 2}
    results.sort(key=lambda r: (order[r.kind], -r.share))
    return results, len(pairs)
