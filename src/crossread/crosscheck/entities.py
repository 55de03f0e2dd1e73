"""People, places and organisations found by rules, with spelling variants merged.

No statistical model: capitalised word sequences, titles and honorifics ("Defense Minister
Sergey Shoigu"), a gazetteer, organisation and place head words ("... Center", "... Airbase")
and the lowercase word after a name ("the state-run TASS news agency"). Variants of one name
are merged when they fold to the same key ("al-Assad" = "Assad"), when a single name is the
last name of exactly one longer person name ("Assad" -> "Bashar al-Assad"), or when their
consonant skeletons and letters agree (transliterations: "Khmeimim" / "Hmeymim" / "Hmeimim").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from crossread.crosscheck.context import Doc
from crossread.crosscheck.wording import data, fold, sort_ids, wordset
from crossread.text.shapes import title_case
from crossread.text.words import stop_words

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-zÀ-ÿ][\w’'\-]*(?:\.(?=\s[A-Z]))?|\S")
_PREFIX = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at|az)-", re.I)
_PARTICLES = {"al", "el", "bin", "ibn", "de", "da", "van", "von", "der", "la", "le", "du", "dos"}
_CONNECTORS = {"of", "for"}
_AMBIGUOUS_TITLES = {
    "General",
    "Major",
    "Justice",
    "Defense",
    "Defence",
    "Foreign",
    "Chief",
    "Former",
    "Leader",
    "Acting",
    "Deputy",
    "Interior",
    "Finance",
    "Father",
    "Sister",
    "Brother",
    "Officer",
    "Agent",
    "Speaker",
    "Chair",
    "Crown",
    "Vice",
}


@dataclass(frozen=True)
class Mention:
    article: str
    sentence: int
    text: str  # the name as written (title and possessive removed)
    kind: str  # person | place | org | other
    roles: tuple[str, ...] = ()  # lowercased title words seen before a person's name


@dataclass(frozen=True)
class Variant:
    text: str
    articles: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"text": self.text, "articles": list(self.articles)}


@dataclass(frozen=True)
class Entity:
    name: str
    kind: str
    variants: tuple[Variant, ...]
    articles: tuple[str, ...]
    mentions: int = 0

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "variants": [v.to_dict() for v in self.variants],
            "articles": list(self.articles),
            "mentions": self.mentions,
        }


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, str]:
    g = data("gazetteer.json")
    table: dict[str, str] = {}
    for kind, key in (("place", "countries"), ("place", "cities"), ("place", "regions")):
        for name in g[key]:
            table.setdefault(key_of(name), kind)
    for name in g["orgs"]:
        table[key_of(name)] = "org"
    return table


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    return {key_of(k): v for k, v in data("gazetteer.json")["aliases"].items()}


@lru_cache(maxsize=1)
def _not_entity_keys() -> frozenset[str]:
    return frozenset(key_of(x) for x in data("words.json")["not_entities"])


def _junk(run: Sequence[str]) -> bool:
    """Not a name: pronouns and function words only ("I", "Am I"), or one capitalised
    common word set in capitals for emphasis ("DRUGS", "SOURCE"): a run of five or more
    capitals is an acronym only when the gazetteer knows it."""
    stop = wordset("stopwords") | wordset("pronouns") | {"i", "am", "im", "i'm"}
    acronym = any(re.fullmatch(r"[A-Z]{2,}|(?:[A-Z]\.){2,}", t) for t in run)
    if not acronym and all(t.lower().strip(".") in stop for t in run):
        return True
    if len(run) == 1 and re.fullmatch(r"[A-Z]{5,}", run[0]) and key_of(run[0]) not in _gazetteer():
        return key_of(run[0]) not in _aliases()
    return False


def key_of(name: str) -> str:
    """Folded key of a name: accents, 'the', 'al-'/'el-' prefixes and possessives removed."""
    name = fold(name).replace("'s ", " ")
    name = re.sub(r"'s$", "", name)
    tokens = [t for t in re.split(r"[\s]+", name) if t]
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    tokens = [_PREFIX.sub("", t) for t in tokens if t not in ("al", "el")]
    return " ".join(tokens).replace(".", "")


def skeleton(key: str) -> str:
    """Consonant skeleton of a folded key, for transliteration variants."""
    s = key.replace("kh", "h").replace("ph", "f").replace("ck", "k").replace("q", "k")
    s = re.sub(r"[^a-z]", "", s)
    s = re.sub(r"(.)\1+", r"\1", s)
    return re.sub(r"[aeiouyw]", "", s)


def _is_cap(token: str) -> bool:
    if _PREFIX.match(token) and len(token) > 3:
        return token[3:4].isupper() or token[4:5].isupper()
    return token[:1].isupper()


def _headline(tokens: list[str]) -> bool:
    """Title Case lines (headlines, captions): capitalised words say little there."""
    return title_case(tokens, "caption")


def _sequences(text: str) -> list[tuple[list[str], int, int]]:
    """Capitalised token runs: (tokens, start token index, end token index)."""
    tokens = _TOKEN.findall(text)
    runs: list[tuple[list[str], int, int]] = []
    i = 0
    org_heads = set(data("words.json")["org_heads"]) | set(data("words.json")["place_heads"])
    while i < len(tokens):
        if not (_is_cap(tokens[i]) and tokens[i][:1].isalpha()):
            i += 1
            continue
        j = i + 1
        while j < len(tokens):
            t = tokens[j]
            if _is_cap(t) and t[:1].isalpha():
                j += 1
            elif (
                t.lower() in _PARTICLES
                and j + 1 < len(tokens)
                and _is_cap(tokens[j + 1])
                and t.islower()
            ) or (
                t in _CONNECTORS
                and j + 1 < len(tokens)
                and _is_cap(tokens[j + 1])
                and any(x in org_heads for x in tokens[i:j])
            ):
                j += 2
            else:
                break
        runs.append((tokens[i:j], i, j))
        i = j
    return runs


def _strip_possessive(token: str) -> str:
    return re.sub(r"[’']s$", "", token)


def _mentions_in(text: str, article: str, index: int) -> list[Mention]:
    words = data("words.json")
    starters = set(words["sentence_starters"]) | {
        w.capitalize() for w in stop_words("function_words")
    }
    honorifics = set(words["honorifics"])
    demonyms = set(words["demonyms"])
    not_entities = set(words["not_entities"])
    org_heads = set(words["org_heads"])
    place_heads = set(words["place_heads"])
    org_trailing = words["org_trailing"]
    place_trailing = words["place_trailing"]
    place_preps = wordset("place_prepositions")
    gaz, aliases = _gazetteer(), _aliases()

    tokens = _TOKEN.findall(text)
    headline = _headline(tokens)
    out: list[Mention] = []
    for run, start, end in _sequences(text):
        run = list(run)
        # sentence-initial function words ("The", "However") and the like
        first_pos = start == 0 or (start > 0 and tokens[start - 1] in "“\"‘'(")
        while run and (run[0] in starters and (first_pos or run[0] == "The")):
            if run[0] in demonyms and len(run) > 1 and run[1] not in honorifics:
                break
            run.pop(0)
            start += 1
        if not run:
            continue
        for cut, t in enumerate(run[:-1]):  # "Russia's Prosecutor General's Office"
            if re.search(r"[’']s$", t) and key_of(t) in gaz:
                out.append(Mention(article, index, _strip_possessive(t), gaz[key_of(t)]))
                run = run[cut + 1 :]
                start += cut + 1
                break
        possessive = bool(re.search(r"[’']s$", run[-1]))
        run[-1] = _strip_possessive(run[-1])
        run = [t.rstrip(".") if not re.fullmatch(r"(?:[A-Za-z]\.){2,}", t) else t for t in run]
        name = " ".join(run)
        after = " ".join(t.lower() for t in tokens[end : end + 2]) if not possessive else ""
        before = tokens[start - 1].lower() if start > 0 else ""
        k = key_of(name)
        if not k or name in not_entities or k in _not_entity_keys() or _junk(run):
            continue
        # a known name (gazetteer or alias) as a whole
        if k in aliases or k in gaz:
            kind = gaz.get(key_of(aliases.get(k, name)), gaz.get(k, "org"))
            out.append(Mention(article, index, name, kind))
            continue
        # titles before a person's name: "Russian Defense Minister Sergey Shoigu"
        last_title = max((i for i, t in enumerate(run) if t in honorifics), default=-1)
        if 0 <= last_title < len(run) - 1 and not any(t in org_heads for t in run):
            rest = run[last_title + 1 :]
            if rest[0] in demonyms:
                continue
            if last_title == 0 and run[0] in _AMBIGUOUS_TITLES and len(rest) == 1:
                continue  # "General Staff", "Foreign Affairs"
            roles = tuple(
                t.lower() for t in run[: last_title + 1] if t not in demonyms and t in honorifics
            )
            title = " ".join(run[: last_title + 1])
            for pre in run[: last_title + 1]:
                if key_of(pre) in aliases or key_of(pre) in gaz:
                    out.append(Mention(article, index, pre, "place"))
            if len(rest) <= 4 and not headline:
                out.append(Mention(article, index, " ".join(rest), "person", roles + (title,)))
            continue
        if all(t in honorifics or t in demonyms for t in run):
            continue
        # leading demonyms before a plain name are not part of it ("Russian Vladimir Putin")
        kind = "other"
        if run[-1] in org_heads or any(t in org_heads for t in run[1:]):
            kind = "org"
        elif run[-1] in place_heads or (len(run) > 1 and " ".join(run[-2:]) in place_heads):
            kind = "place"
            cut = 2 if len(run) > 2 and " ".join(run[-2:]) in place_heads else 1
            if len(run) > cut:
                name = " ".join(run[:-cut])
        elif any(after.startswith(w) for w in org_trailing):
            kind = "org"
        elif any(
            after.split(" ")[:1] == [w] or after.startswith(w + " ") or after == w
            for w in place_trailing
        ):
            kind = "place"
        elif run[0] in demonyms:
            if len(run) == 1:
                continue
            run = run[1:]
            name = " ".join(run)
        elif len(run) == 1 and re.fullmatch(r"[A-Z]{2,6}", run[0]):
            kind = "org"
        elif len(run) == 1 and before in place_preps and not headline:
            kind = "place?"
        if (
            kind == "other"
            and 2 <= len(run) <= 4
            and not headline
            and all(t[:1].isupper() or _PREFIX.match(t) or t in _PARTICLES for t in run)
        ):
            kind = "person"
        if headline and kind in ("other", "place?"):
            kind = "other"
        out.append(Mention(article, index, name, kind))
    return out


def find_mentions(docs: Sequence[Doc]) -> list[Mention]:
    out = []
    for d in docs:
        for i, text in enumerate(d.texts):
            out.extend(_mentions_in(text, d.id, i))
    return out


class _Groups:
    """Union-find over mention keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _canonical_key(name: str) -> str:
    k = key_of(name)
    alias = _aliases().get(k)
    return key_of(alias) if alias else k


def _kinds_compatible(a: str, b: str) -> bool:
    loose = {"other", "place?"}
    return a == b or a in loose or b in loose


def merge(mentions: Sequence[Mention], order: dict[str, int]) -> list[Entity]:
    cfg = data("thresholds.json")["entities"]
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[_canonical_key(m.text)].append(m)
    kind_of = {k: _vote(ms) for k, ms in by_key.items()}
    groups = _Groups()
    keys = sorted(by_key, key=lambda k: (-len(k.split()), k))
    for k in keys:
        groups.find(k)
    # transliterations: same consonant skeleton, similar letters (keys bucketed by skeleton:
    # only keys in one bucket can merge, so this is linear in the keys, not quadratic)
    buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
    for k in keys:
        sk = skeleton(k)
        if len(sk) >= int(cfg["skeleton_min"]):
            buckets[(sk, len(k.split()))].append(k)
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if _spellings_of_one_name(a, b, kind_of, float(cfg["edit_similarity"])):
                    groups.union(a, b)
    # a single name that is the last name of exactly one longer person name
    by_last: dict[str, list[str]] = defaultdict(list)
    for p in keys:
        if kind_of[p] == "person" and len(p.split()) >= 2 and p.split()[0] not in _NOT_FIRST:
            by_last[skeleton(p.split()[-1])].append(p)
    for k in keys:
        if len(k.split()) != 1 or k in _gazetteer() or k in _aliases():
            continue
        owners = {groups.find(p) for p in by_last.get(skeleton(k), ())}
        owners = {o for o in owners if _last_similar(o, k)}
        if len(owners) == 1:
            groups.union(owners.pop(), k)
    clusters: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        clusters[groups.find(k)].append(k)
    entities = []
    for members in clusters.values():
        ms = [m for k in members for m in by_key[k]]
        kind = _vote(ms)
        if kind == "place?":
            kind = "place"
        if kind not in ("person", "place", "org"):
            continue
        entities.append(_entity(ms, kind, order))
    entities.sort(key=lambda e: (-len(e.articles), -e.mentions, e.name))
    return entities


_NOT_FIRST = {
    "st",
    "saint",
    "san",
    "santa",
    "fort",
    "mount",
    "mt",
    "lake",
    "port",
    "cape",
    "new",
    "east",
    "west",
    "north",
    "south",
    "upper",
    "lower",
    "greater",
    "central",
}  # place names, not first names


def _spellings_of_one_name(a: str, b: str, kind_of: dict[str, str], similarity: float) -> bool:
    """Two keys with one consonant skeleton are spellings of one name (Khmeimim / Hmeymim)
    unless they look alike by chance: a known name and another word (China / "Chun",
    Oregon / Reagan), one the start of the other (Christ / Christie), kinds that differ,
    or letters too different."""
    if not _kinds_compatible(kind_of[a], kind_of[b]):
        return False
    gaz = _gazetteer()
    if (a in gaz) != (b in gaz) or (a in gaz and b in gaz):
        return False
    if a.startswith(b) or b.startswith(a) or abs(len(a) - len(b)) > 2:
        return False
    if a.split()[0][:1] != b.split()[0][:1] and not {a[:1], b[:1]} <= {"k", "h", "c", "q"}:
        return False
    return SequenceMatcher(None, a, b).ratio() >= similarity


def _last_similar(owner_key: str, single: str) -> bool:
    last = owner_key.split()[-1]
    limit = float(data("thresholds.json")["entities"]["surname_similarity"])
    return SequenceMatcher(None, last, single).ratio() >= limit


def _vote(ms: Sequence[Mention]) -> str:
    counts = Counter(m.kind for m in ms)
    for strong in ("person", "org", "place"):
        if counts[strong]:
            best = max(("person", "org", "place"), key=lambda k: counts[k])
            return best
    if counts["place?"]:
        return "place?"
    return "other"


def _entity(ms: Sequence[Mention], kind: str, order: dict[str, int]) -> Entity:
    by_text: dict[str, set[str]] = defaultdict(set)
    for m in ms:
        by_text[m.text].add(m.article)
    variants = tuple(
        Variant(text, tuple(sort_ids(arts, order)))
        for text, arts in sorted(by_text.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    )
    counts = Counter(m.text for m in ms)
    name = max(by_text, key=lambda t: (len(t.split()), len(by_text[t]), counts[t], -len(t)))
    alias = _aliases().get(key_of(name))
    if alias:
        name = alias
    articles = tuple(sort_ids({m.article for m in ms}, order))
    return Entity(name, kind, variants, articles, len(ms))


def resolver(entities: Sequence[Entity]) -> dict[str, str]:
    """Folded key of every variant -> the entity's name (to name speakers and sources)."""
    table: dict[str, str] = {}
    for e in entities:
        for v in e.variants:
            table.setdefault(_canonical_key(v.text), e.name)
        table.setdefault(_canonical_key(e.name), e.name)
    return table


def roles(mentions: Sequence[Mention]) -> dict[tuple[str, str], str]:
    """(article, title word) -> the person introduced with that title in that article."""
    table: dict[tuple[str, str], str] = {}
    for m in mentions:
        if m.kind == "person":
            for r in m.roles:
                table.setdefault((m.article, r.lower()), m.text)
    return table
