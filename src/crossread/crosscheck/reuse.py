"""Who copied whom: sentence alignment between articles, with direction and evidence.

Candidate article pairs come from MinHash LSH over content words (so a big pile is not
compared pair by pair); each candidate pair is aligned sentence by sentence with lexical
overlap and embeddings. A pair of sentences whose shared words are mostly inside quotation
marks is not evidence of reuse (two outlets quoting one speech), unless the words around the
quote match too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from itertools import combinations
from typing import Any

import numpy as np

from crossread.attribution import quotations
from crossread.crosscheck.context import Doc, ensure_vectors
from crossread.crosscheck.similarity import overlap
from crossread.crosscheck.wording import data, outside_quotes, quote_spans, stem
from crossread.ingest.clean import boilerplate
from crossread.ingest.metadata import _outlets, known_outlet
from crossread.text.dates import parse_datetime
from crossread.text.words import stop_words, tokens


@dataclass(frozen=True)
class AlignedPair:
    article_sentence: int  # index of the sentence in the derived article
    source_sentence: int  # index of the sentence in the source
    similarity: float
    text: str
    source_text: str
    paraphrase: bool = False  # said in other words (a credited rewrite), not copied

    def to_dict(self) -> dict:
        return {
            "article_sentence": self.article_sentence,
            "source_sentence": self.source_sentence,
            "similarity": round(self.similarity, 3),
            "text": self.text,
            "source_text": self.source_text,
            "paraphrase": self.paraphrase,
        }


@dataclass(frozen=True)
class Reuse:
    article: str  # the derived article
    source: str  # the article it takes from
    share: float  # share of the derived article's content words in aligned sentences
    kind: str  # "wholly" | "partially" | "not"
    direction: str  # how the source was chosen: "dates" | "cue" | "dateline" | "subset" | "unclear"
    source_share: float  # the same share measured on the source
    pairs: tuple[AlignedPair, ...]
    relation: str = "copy"  # "copy" | "common" (both reproduce a third text)
    copied: int = 0  # sentences of the article copied nearly word for word
    cue: str = ""  # the words that told the direction ("KCTV reported", "(AP)")
    changes: tuple[Any, ...] = ()  # crosscheck.changes.Change: what the rewrite changed
    # the sentences of each side that carry the evidence (aligned or copied), for common sources
    evidence: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())

    def to_dict(self) -> dict:
        return {
            "article": self.article,
            "source": self.source,
            "share": round(self.share, 3),
            "kind": self.kind,
            "relation": self.relation,
            "direction": self.direction,
            **({"cue": self.cue} if self.cue else {}),
            "copied_sentences": self.copied,
            "source_share": round(self.source_share, 3),
            "pairs": [p.to_dict() for p in self.pairs],
            "changes": [c.to_dict() for c in self.changes],
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


_GRAM = 5
_NAME_WORD = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+")
_EMBED = re.compile(r"—\s*[^—]{0,80}\(@\w+\)|pic\.twitter\.com/|\(@\w+\)\s*\w+ \d{1,2}, \d{4}")


@dataclass(frozen=True)
class Material:
    """What each sentence says in its own words: the tokens left when every run of words
    that any article of the story prints as a quotation (inside quotation marks, or an
    embedded post) is taken out. A block quote printed without marks in one article is
    still a quotation when another article quotes it; an article that IS the quoted
    statement has no words of its own to copy or be copied from."""

    free: dict[str, list[list[str]]]  # doc id -> per sentence, the words outside quotations
    content: dict[str, list[list[str]]]  # the same, stemmed, function words dropped
    names: frozenset[str] = frozenset()  # words written capitalised inside a sentence
    stock: frozenset[tuple[str, int]] = frozenset()  # (doc id, sentence): page furniture


def quoted_material(docs: Sequence[Doc]) -> Material:
    grams: set[tuple[str, ...]] = set()
    names: set[str] = set()
    for d in docs:
        for t in d.texts:
            if _EMBED.search(t):
                ws = tokens(t, "crosscheck")
                grams.update(tuple(ws[k : k + _GRAM]) for k in range(len(ws) - _GRAM + 1))
            names.update(w.lower() for w in _NAME_WORD.findall(t))
        # every quotation (over sentences and paragraphs, block quotes, embedded posts)
        for q in quotations(d.article, d.sentences):
            ws = tokens(q.text, "crosscheck")
            grams.update(tuple(ws[k : k + _GRAM]) for k in range(len(ws) - _GRAM + 1))
        for paragraph in d.article.text.split("\n"):  # marks the reader may not pair
            for a, b in quote_spans(paragraph):
                ws = tokens(paragraph[a:b], "crosscheck")
                grams.update(tuple(ws[k : k + _GRAM]) for k in range(len(ws) - _GRAM + 1))
    grams.update(_block_quotes(docs))
    stop = stop_words("function_words")
    free: dict[str, list[list[str]]] = {}
    content: dict[str, list[list[str]]] = {}
    for d in docs:
        fs, cs = [], []
        for t in d.texts:
            ws = tokens(t, "crosscheck")
            quoted = [False] * len(ws)
            for k in range(len(ws) - _GRAM + 1):
                if tuple(ws[k : k + _GRAM]) in grams:
                    for x in range(k, k + _GRAM):
                        quoted[x] = True
            kept = [w for w, q in zip(ws, quoted, strict=True) if not q]
            fs.append(kept)
            cs.append([stem(w) for w in kept if w not in stop and len(w) > 1])
        free[d.id] = fs
        content[d.id] = cs
    return Material(free, content, frozenset(names), _stock(docs, free))


_POST = re.compile(
    r"\b(?:A\s+(?:post|photo|video)\s+shared\s+by\b[^\n]{0,80}?\(@\w+\)"
    r"|[—–-]\s*[^\n()@—–]{2,60}?\s*\(@\w{1,30}\)\s*(?:[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4})?\s*$)"
)
_STATEMENT = re.compile(
    r"\b(?:statement|release|post|blog|letter|e-?mail|message|memo|note|tweet|caption|"
    r"reads?|wrote|writes|posted|tweeted|said|says|added|announced|stated|explained)\b",
    re.IGNORECASE,
)


def _block_quotes(docs: Sequence[Doc]) -> set[tuple[str, ...]]:
    """The word runs of block quotes printed without quotation marks: after a paragraph that
    ends with a colon and names a statement or a speech ("The company wrote in a blog
    post:"), every following paragraph that another article of the story prints too is part
    of the quotation (the statement itself, or another outlet quoting it), up to the first
    paragraph that is the article's own. So an article quoting a post at length is not its
    source, and the post is never its copy."""
    per_doc = []
    printed: dict[tuple[str, ...], set[int]] = {}  # word run -> the articles printing it
    for k, d in enumerate(docs):
        paras = [p.strip() for p in d.article.text.split("\n") if p.strip()]
        per_doc.append([tokens(p, "crosscheck") for p in paras])
        for ws in per_doc[-1]:
            for i in range(len(ws) - _GRAM + 1):
                printed.setdefault(tuple(ws[i : i + _GRAM]), set()).add(k)
    out: set[tuple[str, ...]] = set()
    for k, d in enumerate(docs):
        paras = [p.strip() for p in d.article.text.split("\n") if p.strip()]
        inside = False
        for n, (text, ws) in enumerate(zip(paras, per_doc[k], strict=True)):
            grams = [tuple(ws[i : i + _GRAM]) for i in range(len(ws) - _GRAM + 1)]
            post = _POST.search(text)
            if post:  # an embedded post: its paragraph, or the one above a bare signature
                body = per_doc[k][n - 1] if post.start() < 15 and n else ws
                out.update(tuple(body[i : i + _GRAM]) for i in range(len(body) - _GRAM + 1))
            shared = sum(1 for g in grams if len(printed[g]) > 1 or k not in printed[g])
            if inside and grams and shared * 2 >= len(grams) and not quote_spans(text):
                out.update(grams)
                continue
            inside = text.endswith(":") and bool(_STATEMENT.search(text))
    return out


def _stock(docs: Sequence[Doc], free: dict[str, list[list[str]]]) -> frozenset[tuple[str, int]]:
    """Sentences printed word for word by three or more articles, at the top or the foot of
    every one of them ("Breaking News Emails Get breaking news alerts..."): a site's
    furniture, not evidence that one article copied another. A release's sentence that
    rewrites print in their body is not furniture."""
    where: dict[tuple[str, ...], set[str]] = {}
    edge: dict[tuple[str, ...], bool] = {}
    for d in docs:
        n = len(free[d.id])
        for k, ws in enumerate(free[d.id]):
            if len(ws) >= 4:
                key = tuple(ws)
                where.setdefault(key, set()).add(d.id)
                edge[key] = edge.get(key, True) and (k < 2 or k >= n - 3)
    out = set()
    for d in docs:
        for k, ws in enumerate(free[d.id]):
            printed_by_many = len(where.get(tuple(ws), ())) >= 3 and edge[tuple(ws)]
            if printed_by_many or boilerplate(d.texts[k]):  # or a line the cleaner drops
                out.add((d.id, k))
    return frozenset(out)


def _longest_run(a: list[str], b: list[str]) -> list[str]:
    """The longest run of words the two sentences share, in order."""
    if not a or not b:
        return []
    where: dict[str, list[int]] = {}
    for j, w in enumerate(b):
        where.setdefault(w, []).append(j)
    best, best_end = 0, 0
    prev: dict[int, int] = {}
    for i, w in enumerate(a):
        cur: dict[int, int] = {}
        for j in where.get(w, ()):
            n = prev.get(j - 1, 0) + 1
            cur[j] = n
            if n > best:
                best, best_end = n, i + 1
        prev = cur
    return a[best_end - best : best_end]


def _copied(run: list[str], min_run: int, names: frozenset[str] = frozenset()) -> bool:
    """A run long enough, and not just a name or a stock phrase: it has at least three
    words of content that are not names or numbers."""
    if len(run) < min_run:
        return False
    stop = stop_words("function_words")
    return sum(1 for w in run if w not in stop and w not in names and not w[:1].isdigit()) >= 3


def align(a: Doc, b: Doc, material: Material | None = None) -> list[AlignedPair]:
    """One-to-one aligned sentence pairs between two articles (a's sentence first), on
    the words each prints outside quotations."""
    if not a.texts or not b.texts:
        return []
    material = material or quoted_material([a, b])
    cfg = _cfg()
    cos_min, lex_min = float(cfg["pair_cosine"]), float(cfg["pair_lexical"])
    min_words = int(cfg["pair_min_words"])
    wa, wb = material.content[a.id], material.content[b.id]
    assert a.vectors is not None and b.vectors is not None
    cos = a.vectors @ b.vectors.T
    scored: list[tuple[float, int, int]] = []
    for i, j in zip(*np.nonzero(cos >= float(cfg["sentence_candidate_cosine"])), strict=True):
        if len(set(wa[i])) < min_words or len(set(wb[j])) < min_words:
            continue
        lex = overlap(wa[i], wb[j])
        c = float(cos[i, j])
        if lex >= lex_min or (c >= cos_min and lex >= float(cfg["pair_lexical_with_cosine"])):
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


def copied_sentences(a: Doc, b: Doc, material: Material) -> tuple[set[int], set[int]]:
    """Sentences of a, and of b, that print a long run of the other's own words (a sentence
    printed twice counts twice: it was copied twice)."""
    min_run = int(_cfg()["copy_run"])
    fa, fb = material.free[a.id], material.free[b.id]
    grams_b: dict[tuple[str, ...], list[int]] = {}
    for j, ws in enumerate(fb):
        for k in range(len(ws) - 2):
            grams_b.setdefault(tuple(ws[k : k + 3]), []).append(j)
    out_a: set[int] = set()
    out_b: set[int] = set()
    for i, ws in enumerate(fa):
        if (a.id, i) in material.stock:
            continue  # page furniture both sites print is no evidence
        cands = {j for k in range(len(ws) - 2) for j in grams_b.get(tuple(ws[k : k + 3]), ())}
        for j in sorted(cands):
            if _copied(_longest_run(ws, fb[j]), min_run, material.names):
                out_a.add(i)
                out_b.add(j)
    return out_a, out_b


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


def _outlet_names(doc: Doc) -> list[str]:
    """The names an article's own outlet goes by (from its metadata or wire tag)."""
    from crossread.ingest.metadata import _WIRE_TAG, _outlets

    found = [doc.article.outlet] if doc.article.outlet else []
    m = _WIRE_TAG.match(doc.article.text[:120]) or _DATELINE.search(doc.article.text[:600])
    if m:
        found.append(m.group(1))
    for line in (*doc.article.removed, *doc.article.text.splitlines()[-5:]):
        c = _COPYRIGHT.search(line)
        if c:
            found.append(c.group(1))
    names: set[str] = set()
    for outlet in found:
        canonical = known_outlet(outlet) or outlet
        names.update((outlet, canonical))
        names.update(alias for alias, name in _outlets()[2].items() if name == canonical)
    return sorted((n for n in names if len(n) >= 2), key=len, reverse=True)


_DATELINE = re.compile(
    r"(?:^|\n)[A-Z][A-Z .,'-]{2,40}(?:,\s+[A-Z][a-z.]+)?\s*\(([A-Z][A-Za-z.&-]{1,20})\)\s*(?:--|—|–|-)"
)
_COPYRIGHT = re.compile(
    r"(?:Copyright|©)\s*(?:\(c\)\s*)?(?:\d{4}\s+)?([A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3})"
)


_CREDIT = (
    r"(?:according\s+to|reported\s+by|cited\s+by|via|as\s+per)\s+(?:the\s+)?{name}"
    r"|{name}(?:\.com)?\s+(?:reported|reports|said|says|first\s+reported)"
)
_WIRE = {"Associated Press", "Reuters", "AFP"}
_RELEASE = re.compile(
    r"\b(?:(?:in|according\s+to|from)\s+(?:a|the)\s+(?:news\s+|press\s+)?release"
    r"|(?:news|press)\s+release|in\s+a\s+(?:written\s+)?statement)\b",
    re.IGNORECASE,
)


@cache
def _release_markers() -> re.Pattern[str]:
    patterns = data("words.json")["release_markers"]["patterns"]
    return re.compile(r"^\s*(?:" + "|".join(patterns) + ")", re.IGNORECASE | re.MULTILINE)


def _release_shape(doc: Doc) -> str:
    """The line that marks the article as a press release or an organisation's own
    statement ("Media contact:", "###", "Notes for journalists"), or ""."""
    m = _release_markers().search("\n".join((doc.article.text, *doc.article.removed)))
    return m.group(0).strip() if m else ""


_TOLD = re.compile(
    r"\b(?:told|telling|said\s+to)\s+(?:the\s+)?([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})"
)


def _told(a: Doc, b: Doc) -> tuple[bool, str] | None:
    """(a is the derived one, the cue) when both print that someone "told The Associated
    Press": that outlet did the reporting, so the article known to come from another outlet
    took it from the one that does not say it is someone else's (or is that outlet)."""

    def outlets(doc: Doc) -> dict[str, str]:
        found = {}
        for m in _TOLD.finditer(" ".join(doc.texts)):
            name = known_outlet(m.group(1))
            if name:
                found.setdefault(name, m.group(0))
        return found

    def owned(doc: Doc, name: str) -> bool | None:
        """Whether the article is the outlet's own; None when its outlet is unknown."""
        names, labels = _outlet_names(doc), _own_domains(doc)
        if not names and not labels:
            return None
        aliases = [n for n, c in _outlets()[2].items() if c == name] + [name]
        return any(known_outlet(n) == name for n in names) or any(
            _abbreviates(label, alias) for label in labels for alias in aliases
        )

    told_a, told_b = outlets(a), outlets(b)
    for name in sorted(told_a.keys() & told_b.keys()):
        own_a, own_b = owned(a, name), owned(b, name)
        if own_a is False and own_b is not False:
            return True, told_a[name]
        if own_b is False and own_a is not False:
            return False, told_b[name]
    return None


def _wire_tag(doc: Doc) -> str:
    """The wire service's tag opening the story ("JOHANNESBURG (AP) —"), or ""."""
    from crossread.ingest.metadata import _WIRE_TAG

    m = _WIRE_TAG.match(doc.article.text[:120])
    if m and (known_outlet(m.group(1)) or "") in _WIRE:
        return f"({m.group(1)})"
    return ""


def _credits(doc: Doc, other: Doc) -> str:
    """The words in which ``doc`` credits the outlet of ``other`` ("KCTV reported",
    "according to Russia Today"), or "". The other's outlet is known by name (metadata,
    wire tag, copyright line) or by the web domain of its own address or its reporters'
    e-mail ("the Kansas City Star reported" credits the article signed "...@kcstar.com")."""
    text = " ".join(doc.texts)
    for name in _outlet_names(other):
        pattern = _CREDIT.format(name=re.escape(name))
        m = re.search(pattern, text)
        if m:
            return m.group(0)
    labels = _own_domains(other)
    if labels:
        for m in re.finditer(_CREDIT.format(name=_CREDITED_NAME), text):
            name = re.sub(r"\.com$", "", next(g for g in m.groups() if g))
            if any(_abbreviates(label, name) for label in labels):
                return m.group(0)
    return ""


_CREDITED_NAME = r"([A-Z][\w&'.-]*(?:\s+(?:of\s+)?[A-Z][\w&'.-]*){0,4})"
_EMAIL = re.compile(r"\b[\w.+-]+@((?:[\w-]+\.)+[A-Za-z]{2,})\b")
_SUFFIX = frozenset({"com", "org", "net", "gov", "edu", "info", "news", "co", "ac"})


def _own_domains(doc: Doc) -> list[str]:
    """The name part of the article's own web domains ("kcstar" of kcstar.com): its URL's
    host and the e-mail domains in its foot and in the lines the cleaner removed (a
    reporter's address, "send email to trizzo@kcstar.com")."""
    hosts = []
    if doc.article.url:
        hosts.append(re.sub(r"^[a-z]+://", "", doc.article.url.lower()).split("/")[0])
    for line in (*doc.article.removed, *doc.article.text.splitlines()[-5:]):
        hosts.extend(m.group(1).lower() for m in _EMAIL.finditer(line))
    labels: list[str] = []
    for host in hosts:
        parts = [p for p in host.split(":")[0].split(".") if p and p != "www"]
        while len(parts) > 1 and (parts[-1] in _SUFFIX or len(parts[-1]) == 2):
            parts.pop()
        if parts and len(parts[-1]) >= 3 and parts[-1] not in labels:
            labels.append(parts[-1])
    return labels


def _abbreviates(label: str, name: str) -> bool:
    """Whether a domain label spells the name, each word whole or by its initial, in
    order ("kcstar": Kansas City Star; "nytimes": New York Times; "wsvn": WSVN)."""
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", name)]
    if words[:1] == ["the"]:
        words = words[1:]
    words = [w for w in words if w != "of"]
    if not words:
        return False

    def spells(at: int, k: int) -> bool:
        if k == len(words):
            return at == len(label)
        w = words[k]
        if label.startswith(w, at) and spells(at + len(w), k + 1):
            return True
        return len(w) > 1 and label.startswith(w[0], at) and spells(at + 1, k + 1)

    return spells(0, 0)


def _direction(a: Doc, b: Doc, share_a: float, share_b: float) -> tuple[bool, str, str]:
    """(a is the derived one, how that was decided, the cue). Dates first; then who
    credits whom ("told The Associated Press" in the AP story itself; "KCTV reported"
    in the rewrite); a wire story's tag; a copy quoting "a news release"; containment."""
    later = _later(a.article.published, b.article.published)
    if later is not None:  # the earlier article is the source
        return later, "dates", ""
    shape_a, shape_b = _release_shape(a), _release_shape(b)
    if bool(shape_a) != bool(shape_b):  # the press release is the original
        return bool(shape_b), "release", shape_a or shape_b
    cue_a, cue_b = _credits(a, b), _credits(b, a)
    if cue_a and not cue_b:
        return True, "cue", cue_a
    if cue_b and not cue_a:
        return False, "cue", cue_b
    told = _told(a, b)
    if told:
        return told[0], "cue", told[1]
    wire_a, wire_b = _wire_tag(a), _wire_tag(b)
    if bool(wire_a) != bool(wire_b):
        return bool(wire_b), "dateline", wire_a or wire_b
    rel_a = _RELEASE.search(" ".join(a.texts))
    rel_b = _RELEASE.search(" ".join(b.texts))
    if bool(rel_a) != bool(rel_b):
        hit = rel_a or rel_b
        assert hit is not None
        return bool(rel_a), "release", hit.group(0)
    if abs(share_a - share_b) >= float(_cfg()["direction_share_gap"]):
        return share_a > share_b, "subset", ""
    # about the same share both ways: take the shorter one as the rewrite
    size_a, size_b = sum(map(len, a.words)), sum(map(len, b.words))
    return size_a <= size_b, "unclear", ""


def _paraphrased(
    a: Doc, b: Doc, material: Material, taken: Sequence[AlignedPair] = ()
) -> list[AlignedPair]:
    """Sentence pairs in which the rewrite ``a`` says in its own words (outside quotations)
    what its credited source ``b`` says, the source's quoted speech included (a rewrite may
    tell as narrative what the source quoted); looser than ``align``: used only where ``a``
    credits ``b``. One to one, not reusing a sentence already aligned in ``taken``."""
    if a.vectors is None or b.vectors is None or not len(a.texts) or not len(b.texts):
        return []
    cfg = _cfg()
    cos = a.vectors @ b.vectors.T
    wa, wb = material.content[a.id], b.words
    scored = []
    for i, j in zip(*np.nonzero(cos >= float(cfg["credited_cosine"])), strict=True):
        lex = overlap(wa[i], wb[j])
        if lex >= float(cfg["credited_lexical"]):
            scored.append((float(cos[i, j]), lex, int(i), int(j)))
    scored.sort(key=lambda x: (-x[0], -x[1], x[2], x[3]))
    used_a = {p.article_sentence for p in taken}
    used_b = {p.source_sentence for p in taken}
    out = []
    for c, lex, i, j in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append(AlignedPair(i, j, (c + lex) / 2, a.texts[i], b.texts[j], paraphrase=True))
    return out


def _own_share(material: Material, doc: Doc, indices: set[int]) -> float:
    """Share of the article's own words (outside quotations) in the given sentences."""
    ws = material.content[doc.id]
    total = sum(len(w) for w in ws)
    if not total:
        return 0.0
    return sum(len(ws[i]) for i in indices) / total


def classify(a: Doc, b: Doc, pairs: list[AlignedPair], material: Material | None = None) -> Reuse:
    cfg = _cfg()
    material = material or quoted_material([a, b])
    copied_a, copied_b = copied_sentences(a, b, material)
    share_a = _own_share(material, a, {p.article_sentence for p in pairs} | copied_a)
    share_b = _own_share(material, b, {p.source_sentence for p in pairs} | copied_b)
    derived_is_a, direction, cue = _direction(a, b, share_a, share_b)
    # a rewrite that credits the other ("KCTV reported") and says what it says in other words
    credit = _credits(a, b) if derived_is_a else _credits(b, a)
    credited = False
    if credit:
        para = (
            _paraphrased(a, b, material, pairs)
            if derived_is_a
            else _flipped(_paraphrased(b, a, material, _flipped(pairs)))
        )
        merged = sorted([*pairs, *para], key=lambda p: p.article_sentence)
        said = _own_share(
            material,
            a if derived_is_a else b,
            {p.article_sentence if derived_is_a else p.source_sentence for p in merged},
        )
        # at least two sentences (the protocol's minimum) holding a fair share of its words:
        # a credit to a wire service does not make loose look-alikes from another story a copy
        credited = len(merged) >= int(cfg["credited_min_pairs"]) and said >= float(cfg["partially"])
        if credited:
            pairs = merged
            share_a = _own_share(material, a, {p.article_sentence for p in pairs} | copied_a)
            share_b = _own_share(material, b, {p.source_sentence for p in pairs} | copied_b)
            cue = cue or credit
    seen_a = frozenset({p.article_sentence for p in pairs} | copied_a)
    seen_b = frozenset({p.source_sentence for p in pairs} | copied_b)
    relation = "copy"
    if direction in ("dates", "subset", "unclear") and _attributed(a, seen_a, b, seen_b):
        relation, direction = "common", "unclear"  # both pass on the same third party's words
    if derived_is_a:
        derived, source, share, source_share, copied = a, b, share_a, share_b, copied_a
        out = tuple(pairs)
        evidence = (seen_a, seen_b)
    else:
        derived, source, share, source_share, copied = b, a, share_b, share_a, copied_b
        out = tuple(_flipped(pairs))
        evidence = (seen_b, seen_a)
    if len(copied) >= int(cfg["min_copied"]) or credited:
        kind = "wholly" if share >= float(cfg["wholly"]) else "partially"
    else:
        kind = "not"
    return Reuse(
        derived.id, source.id, share, kind, direction, source_share, out,
        relation=relation, copied=len(copied), cue=cue, evidence=evidence,
    )  # fmt: skip


_ATTRIBUTED = re.compile(
    r"\b(?:according\s+to|said|says|stated|announced|reported|in\s+a\s+(?:news\s+|press\s+)?"
    r"(?:release|statement))\b",
    re.IGNORECASE,
)


def _attributed(a: Doc, seen_a: frozenset[int], b: Doc, seen_b: frozenset[int]) -> bool:
    """Whether what the two articles share is, in both, told as a third party's account
    ("police said", "according to a news release"): two rewrites of one statement, not one
    article copying the other (at least two such sentences, and most of the shared ones)."""

    def count(doc: Doc, seen: frozenset[int]) -> int:
        return sum(1 for i in seen if _ATTRIBUTED.search(outside_quotes(doc.texts[i])))

    need = int(_cfg()["min_copied"])
    hits_a, hits_b = count(a, seen_a), count(b, seen_b)
    return (
        hits_a >= need
        and hits_b >= need
        and 2 * hits_a >= len(seen_a)
        and 2 * hits_b >= len(seen_b)
    )


def _flipped(pairs: Sequence[AlignedPair]) -> list[AlignedPair]:
    """The same aligned pairs seen from the other article, in its sentence order."""
    return sorted(
        (
            AlignedPair(
                p.source_sentence,
                p.article_sentence,
                p.similarity,
                p.source_text,
                p.text,
                p.paraphrase,
            )
            for p in pairs
        ),
        key=lambda p: p.article_sentence,
    )


def _common_sources(results: list[Reuse]) -> list[Reuse]:
    """Two articles that both reproduce a third are rewrites of a common source, not copies
    of each other: when what they share is (nearly all) what each took from the third, or
    when nothing but containment said which one copied. A credit ("KCTV reported") still
    says one took from the other."""
    derived = {(r.article, r.source): r for r in results if r.kind != "not"}
    covered = float(_cfg()["common_covered"])

    def through(doc: str, own: frozenset[int], third: str) -> bool:
        via = derived.get((doc, third))
        return via is not None and len(own & via.evidence[0]) >= covered * len(own)

    out = []
    for r in results:
        if r.kind != "not" and r.direction != "cue":
            thirds = sorted(
                {s for (a, s) in derived if a == r.article}
                & {s for (a, s) in derived if a == r.source} - {r.article, r.source}
            )
            loose = r.direction in ("subset", "unclear")
            for z in thirds:
                if loose or (
                    through(r.article, r.evidence[0], z) and through(r.source, r.evidence[1], z)
                ):
                    r = replace(r, relation="common", direction="unclear")
                    break
        out.append(r)
    return out


def find_reuse(docs: Sequence[Doc], encoder: str = "static") -> tuple[list[Reuse], int]:
    """Reuse between every candidate pair; returns (results, number of pairs aligned).

    Small stories list every pair (also "not" derived ones); big piles only derived pairs.
    """
    pairs = candidate_pairs(docs)
    involved = sorted({i for p in pairs for i in p})
    ensure_vectors([docs[i] for i in involved], encoder)
    material = quoted_material([docs[i] for i in involved])
    list_all = len(docs) <= int(_cfg()["list_all_pairs_up_to"])
    results = []
    for i, j in pairs:
        r = classify(docs[i], docs[j], align(docs[i], docs[j], material), material)
        if r.kind != "not" or list_all:
            results.append(r)
    results = _common_sources(results)
    order = {"wholly": 0, "partially": 1, "not": 2}
    results.sort(key=lambda r: (order[r.kind], -r.share))
    return results, len(pairs)
